"""One save-PDF flow for every printable: a warning when something is missing, the folder
remembered, names in the user's language, rendering off the GUI thread, "Saved in … — Open"."""
from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import select

from app.models.outreach import OutreachCampaign
from app.services import i18n, printables, records
from tests.helpers import with_dialog

DAY = date(2026, 11, 30)


def test_default_names_are_in_the_users_language_and_safe():
    assert printables.default_file_name("persona_cards", "Heidebeek", DAY) == \
        "Personakaarten Heidebeek 2026-11-30.pdf"
    i18n.set_language("fr")
    assert printables.default_file_name("christmas", "Noël 2026", DAY) == \
        "Cartes de Noël Noël 2026 2026-11-30.pdf"
    i18n.set_language("en")
    # a campaign name with slashes, quotes and a newline cannot escape the folder
    name = printables.default_file_name("walk_street", 'a/b\\c:"d"\n../x', DAY)
    assert "/" not in name and "\\" not in name and "\n" not in name and ":" not in name
    assert name.startswith("Walking list per street a-b-c-d-") and name.endswith(".pdf")
    i18n.set_language("nl")
    for key in printables.PRINTABLES:  # no English key or folder name in a Dutch file name
        name = printables.default_file_name(key, "", DAY)
        assert "_" not in name and "/" not in name, name


@pytest.fixture
def outreach(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    page = window.current_page()
    with app_window.ctx.session() as s:
        cid = s.scalars(select(OutreachCampaign.id).where(
            OutreachCampaign.kind == "christmas")).one()
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(cid))
    return app_window, page, cid


def test_cards_without_a_contact_line_warn_first_then_save_and_offer_open(
        outreach, qtbot, tmp_path, monkeypatch):
    controller, page, cid = outreach
    ctx, window = controller.ctx, controller.window
    with ctx.write() as s:
        records.update(s, s.get(OutreachCampaign, cid), centre_contact="")
    asked, threads, opened = [], [], []

    def fake_save(parent, caption, start, _filter):
        asked.append(start)
        return str(tmp_path / "kaarten" / "Kerst.pdf"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    (tmp_path / "kaarten").mkdir()

    # 1. the warning says what is missing and how to fill it in; Cancel stops everything
    def cancel(box):
        assert isinstance(box, QMessageBox)
        assert "Contactgegevens op de kaartjes" in box.informativeText()
        assert "Instellingen campagne" in box.informativeText()
        box.button(QMessageBox.StandardButton.Cancel).click()

    with_dialog(lambda: page.print_("christmas"), cancel)
    assert not asked

    # 2. print anyway: the name in Dutch, rendered on a worker thread, then "Saved in — Open"
    from app.services.outreach import printing

    real = printing.christmas_cards

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(printing, "christmas_cards", spy)

    def anyway(box):
        next(b for b in box.buttons() if b.text() == "Toch afdrukken").click()

    with_dialog(lambda: page.print_("christmas"), anyway)
    assert Path(asked[0]).name.startswith("Kerstkaarten ")
    assert Path(asked[0]).name.endswith(f"{date.today().isoformat()}.pdf")
    assert threads == [False]
    pdf = tmp_path / "kaarten" / "Kerst.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    notice = window.saved_notice
    assert notice.isVisible()
    assert notice.text.text() == f"Bewaard in {tmp_path / 'kaarten'}"
    monkeypatch.setattr("app.views.util.open_file", opened.append)
    notice.open_button.click()
    assert opened == [pdf]

    # 3. the folder is remembered: the next save dialog opens there, also after a restart
    assert ctx.settings.print_folder == str(tmp_path / "kaarten")
    with ctx.write() as s:
        records.update(s, s.get(OutreachCampaign, cid), centre_contact="LDC De Linde, 014 12 34 56")
    page.print_("walk_street")  # nothing missing: no warning, straight to the dialog
    assert Path(asked[1]).parent == tmp_path / "kaarten"
    assert Path(asked[1]).name.startswith("Wandellijst per straat ")


def test_every_print_button_of_the_window_goes_through_the_flow(app_window, qtbot, tmp_path,
                                                                monkeypatch):
    """Step reports and the plan report: same dialog, same notice; a refusal is calm."""
    window = app_window.window
    asked = []

    def fake_save(parent, caption, start, _filter):
        asked.append(Path(start).name)
        return str(tmp_path / f"out{len(asked)}"), ""  # no .pdf: it is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    window.tabs.setCurrentIndex(5)  # step 4
    window.act_print.trigger()
    assert asked[-1].startswith("Stapverslag 4 Noden ")
    assert (tmp_path / "out1.pdf").read_bytes().startswith(b"%PDF")
    window.act_plan.trigger()
    assert asked[-1].startswith("Planrapport ")
    assert (tmp_path / "out2.pdf").exists()
    assert window.saved_notice.path == tmp_path / "out2.pdf"
    # a folder that cannot be written: a calm message, no crash, no notice for it
    (tmp_path / "a-file").write_text("not a folder")
    bad = tmp_path / "a-file" / "x.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(bad), ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    window.act_plan.trigger()
    assert shown and "pdf" in shown[0].lower()
    assert window.saved_notice.path == tmp_path / "out2.pdf"
    QApplication.processEvents()


def test_the_cli_warns_about_cards_without_a_contact_line(tmp_path, capsys):
    from app.cli import main
    from app.services.database import open_database

    db_path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(db_path)]) == 0
    db = open_database(db_path)
    with db.transaction() as s:
        camp = s.scalars(select(OutreachCampaign).where(
            OutreachCampaign.kind == "christmas")).one()
        name = camp.name
        records.update(s, camp, centre_contact="")
    db.close()
    capsys.readouterr()
    pdf = tmp_path / "k.pdf"
    assert main(["print", "outreach-cards", "--db", str(db_path), "--campaign", name,
                 "--kind", "christmas", "--out", str(pdf)]) == 0
    err = capsys.readouterr().err
    assert "geen contactregel" in err and "Instellingen campagne" in err
    assert pdf.read_bytes().startswith(b"%PDF")  # it still prints: the user decides


def test_the_outreach_print_menu_and_bulk_cards_are_the_registrys(outreach, qtbot, tmp_path,
                                                                  monkeypatch):
    """One list of outreach printables: the Print menu, the bulk dialog's cards and the
    cards for chosen people all come from the registry and print through its writers."""
    from pypdf import PdfReader

    from app.models.outreach import OutreachPerson
    from app.views.outreach.dialogs import BulkWhat

    controller, page, cid = outreach
    assert list(page.print_actions) == printables.of_feature("outreach")
    texts = [a.text() for a in page.print_actions.values()]
    assert "Wandellijsten per straat…" in texts and all(t.endswith("…") for t in texts)
    choices = BulkWhat([])
    choices.retranslate_ui()
    kinds = [choices.cards.itemData(i) for i in range(choices.cards.count())]
    assert kinds == printables.of_feature("outreach", for_chosen=True) == ["missed", "christmas"]
    labels = [choices.cards.itemText(i) for i in range(choices.cards.count())]
    assert all(label and not label.endswith("…") for label in labels), labels
    with controller.ctx.session() as s:
        people = s.scalars(select(OutreachPerson).where(
            OutreachPerson.campaign_id == cid, OutreachPerson.on_visit_list.is_(True),
            OutreachPerson.status.not_in(("moved", "deceased")))).all()
        chosen, other = people[0], people[1]
        chosen_name, other_name = chosen.last_name, other.last_name
    out = tmp_path / "gekozen.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)  # no contact line: print
    page.print_cards_for("christmas", [chosen.id])
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert chosen_name in text and other_name not in text
