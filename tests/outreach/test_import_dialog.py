"""The window's import of a register extract, driven as a worker would: the mapping dialog
with every row in the preview, ⚠ on the problem cells, counts per kind of problem, the
national-number column that cannot be chosen, the two-digit-year choice, the skipped rows
saved as CSV, and one summary at the end. A screenshot is saved to look at."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from app.models.outreach import OutreachCampaign, OutreachPerson
from app.services import tabular
from tests.outreach.test_page import page  # noqa: F401  (the fixture)
from tests.tablefiles import write_text

SHOTS = Path(os.environ.get("BV_SHOTS", "")) if os.environ.get("BV_SHOTS") else None

EXTRACT = [
    ["Uittreksel bevolkingsregister Heide – 75+"], ["Toestand op 01/11/2026"], [],
    ["Rijksregisternummer", "Naam", "Voornaam", "Adres", "Postcode", "Deelgemeente",
     "Geboortedatum", "Gezinssituatie", "Burgerlijke staat", "Dossier"],
    ["25.02.03-123.45", "Peeters", "Maria", "Kerkstraat 7 bus 2", "2431", "Varendonk",
     "03/02/25", "alleenwonend", "weduwe", "=HYPERLINK(\"x\")"],
    ["37.01.01-222.18", "Claes", "Frans", "Dorp 2", "2431", "Veerle", "1937", "2 personen",
     "gehuwd", ""],
    [],
    ["40.02.29-333.61", "Janssens", "Jeanne", "Molenweg 4", "2431", "Veerle", "31/02/1940",
     "isolée", "veuve", ""],
    ["", "", "", "Molenweg 5", "2431", "Veerle", "01/01/1940", "1", "", "=1+1"],
    ["", "", "Josée", "Heidestraat 1", "2431", "Varendonk", "12.12.38", "samenwonend",
     "ongehuwd", ""],
    ["", "Maes", "Rik", "Heidestraat 3", "2431", "Varendonk", "15/06/45", "misschien",
     "onbekend", ""],
] + [["", last, first, f"Beukenlaan {i + 1}", "2431", "Veerle",
       f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/{30 + i % 20}", "1", "weduwnaar", ""]
      for i, (last, first) in enumerate(zip(
          ["Wouters", "Goossens", "Mertens", "Willems", "Jacobs", "Lambrechts", "Dubois",
           "Hermans", "Vermeulen", "Martens", "Aerts", "Wuyts", "Smolders", "Verstraeten",
           "Bogaerts", "Cools", "Vandenberghe", "Michiels", "Verhoeven", "Thys", "Segers",
           "Van Damme", "Leemans", "Stevens", "Coppens", "De Smet", "Verbeke", "Desmet",
           "Wauters", "Huybrechts", "Nijs", "Geerts", "Dierckx", "Laenen", "Vos", "Heylen",
           "Moens", "Baeten", "Schepers", "Dewit"],
          ["Anna", "Bert", "Cecile", "Dirk", "Elza", "Fons", "Gerda", "Herman", "Irma",
           "Jozef", "Karel", "Leona", "Marcel", "Nicole", "Omer", "Paula", "Roger", "Simonne",
           "Theo", "Urbain", "Vera", "Walter", "Yvonne", "Zulma", "Achiel", "Bertha",
           "Cyriel", "Denise", "Emiel", "Flor", "Gusta", "Hilda", "Ivo", "Jules", "Kamiel",
           "Lisette", "Maurice", "Noëlla", "Odiel", "Palmyre"], strict=True))]


def test_import_dialog_with_a_register_extract(qtbot, page, tmp_path, monkeypatch):  # noqa: F811
    from app.views.widgets import import_dialog

    with page.ctx.session() as s:
        cid = s.query(OutreachCampaign).filter_by(kind="christmas").one().id
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(cid))
    path = write_text(tmp_path / "uittreksel.csv", EXTRACT, "cp1252")
    skipped_csv = tmp_path / "overgeslagen.csv"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(skipped_csv), ""))
    seen: dict = {}

    def drive(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        model = dialog.model
        seen["rows"] = model.rowCount()
        # the national-number column is shown but cannot be chosen for any field
        combo = dialog.combos["notes"]
        nrn_item = combo.model().item(1)
        seen["nrn_text"], seen["nrn_enabled"] = nrn_item.text(), nrn_item.isEnabled()
        assert dialog.combos["last_name"].currentText() == "Naam"
        seen["info"] = dialog.info.text()
        seen["counts"] = dialog.counts.text()
        seen["summary"] = dialog.summary.text()
        # row 8 (Jeanne): the birth-date cell carries ⚠ and the reason as tooltip
        birth_col = 2 + [t.key for t in dialog.targets].index("birth_date")
        lines = [model.rows[r].line for r in range(model.rowCount())]
        r = lines.index(8)
        seen["jeanne_cell"] = model.data(model.index(r, birth_col))
        seen["jeanne_tip"] = model.data(model.index(r, birth_col), 0x03)  # ToolTipRole
        seen["lines"] = lines[:7]
        r = lines.index(9)
        seen["no_name_status"] = model.data(model.index(r, 1))
        # the two-digit choice changes the preview: always 20xx makes Maria a toddler
        year_combo = dialog.option_combos["two_digit"]
        year_combo.setCurrentIndex(year_combo.findData("2000"))
        seen["maria_2000"] = model.data(model.index(lines.index(5), birth_col))
        year_combo.setCurrentIndex(year_combo.findData("auto"))
        seen["maria_auto"] = model.data(model.index(lines.index(5), birth_col))
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SHOTS / "import-dialog.png"))
            dialog.view.scrollTo(model.index(lines.index(8), birth_col))
            dialog.grab().save(str(SHOTS / "import-dialog-scrolled.png"))
        dialog.save_skipped.click()
        seen["ok_text"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text()
        return import_dialog.ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(import_dialog.ImportDialog, "exec", drive)
    reports: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: reports.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: (_ for _ in ()).throw(
        AssertionError("no second modal")))
    page.import_button.click()

    assert seen["rows"] == 46  # every row of the file, not the first ones only
    assert seen["lines"] == [5, 6, 8, 9, 10, 11, 12]  # as LibreOffice numbers them
    assert seen["nrn_enabled"] is False and "rijksregisternummer" in seen["nrn_text"]
    assert "Rijksregisternummer" in seen["info"] and "rij 4" in seen["info"]
    assert seen["jeanne_cell"].startswith("⚠") and "31/02/1940" in seen["jeanne_tip"]
    assert seen["no_name_status"].startswith("✖")
    counts = seen["counts"]
    for kind in ("Geboortedatum: 1", "Alleenwonend: 1", "Burgerlijke staat: 1",
                 "Familienaam: 1", "Geen naam: 1"):
        assert kind in counts, counts
    assert "dubbel" not in counts
    assert seen["maria_2000"].endswith("2025") and seen["maria_auto"].endswith("1925")
    assert "45" in seen["ok_text"]  # all but the row without any name
    # the skipped rows, as they stood, without the national numbers, formula-safe
    text = skipped_csv.read_bytes().decode("utf-8-sig")
    assert "Molenweg 5" in text and "'=1+1" in text and "Rijksregister" not in text
    assert "25.02.03" not in text and "Peeters" not in text
    assert tabular.read_table(skipped_csv).rows[0][0] == "9"  # the file's line first
    # one summary, naming the people to check with their address and line
    [report] = reports
    assert "45 mensen toegevoegd" in report
    assert "rij 8: Jeanne Janssens, Molenweg 4, Veerle" in report
    assert "Niet geïmporteerd (rijksregisternummer)" in report
    with page.ctx.session() as s:
        people = s.query(OutreachPerson).filter_by(campaign_id=cid).all()
        blob = repr([(p.notes, p.warnings, p.phone) for p in people])
    assert "25.02.03" not in blob and "HYPERLINK" not in blob
