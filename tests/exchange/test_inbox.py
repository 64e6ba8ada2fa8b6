"""The conflict inbox as a social worker reads it: one unit everywhere ("2 velden bij 1
partner"), the record side by side, "Keep mine" / "Take <name>'s", no developer words."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from app.models.core import Partner, Trajectory
from app.services import i18n
from app.services.exchange import conflicts, inbox
from app.services.settings import Settings


@pytest.fixture
def pair(laptops):
    anna, bert = laptops("Els Peeters", "OCMW Geel"), laptops("Bert")
    with anna.db.transaction() as s:
        traj = Trajectory(name="Dorp", municipality="Gemeente")
        s.add(traj)
        s.flush()
        s.add(Partner(trajectory_id=traj.id, name="CAW De Kempen", partner_type="caw",
                      involvement="informed", contact_person="Jan", phone="014 11 22 33"))
    bert.import_(anna.export("full", to=bert))
    return anna, bert


def _two_fields_of_one_partner(anna, bert):
    with anna.db.transaction() as s:
        p = s.scalars(select(Partner)).one()
        p.contact_person, p.phone = "Mieke", "014 99 88 77"
    with bert.db.transaction() as s:
        p = s.scalars(select(Partner)).one()
        p.contact_person, p.phone = "Joke", "014 55 44 33"
    bert.import_(anna.export("full", to=bert))


def _dialog(bert, qtbot):
    from app.views.context import AppContext
    from app.views.exchange.conflicts_dialog import ConflictsDialog

    ctx = AppContext(bert.db, Settings())
    dialog = ConflictsDialog(ctx)
    qtbot.addWidget(dialog)
    return ctx, dialog


DEVELOPER_WORDS = ("Bij ons", "Bij hen", "Van:", "ours", "theirs", "partner_type", "_")


def visible_texts(dialog):
    texts = [dialog.windowTitle(), dialog.intro.text(), dialog.hint.text(),
             dialog.keep_button.text(), dialog.take_button.text()]
    for model in (dialog.records_model, dialog.fields_model):
        texts += [model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation
                                   .Horizontal) for c in range(model.columnCount())]
        texts += [model.item(r, c).text() for r in range(model.rowCount())
                  for c in range(model.columnCount())]
    return texts


def test_one_unit_everywhere_in_three_languages(pair, qtbot):
    anna, bert = pair
    _two_fields_of_one_partner(anna, bert)
    ctx, dialog = _dialog(bert, qtbot)
    assert "2 velden bij 1 partner" in dialog.intro.text()
    assert dialog.records_model.rowCount() == 1
    assert dialog.records_model.item(0, 0).text() == "partner “CAW De Kempen”"
    assert dialog.records_model.item(0, 1).text() == "2 velden"
    # the menu counts in the same unit
    from app.views.exchange.menu import install_menu

    window = QMainWindow()
    qtbot.addWidget(window)
    menu = install_menu(window, ctx)
    assert "2 velden bij 1 partner" in menu.act_conflicts.text()
    for lang, phrase in (("fr", "2 champs pour 1 partenaire"), ("en", "2 fields of 1 partner")):
        i18n.set_language(lang)
        ctx.language_changed.emit(lang)
        assert phrase in dialog.intro.text()
        assert phrase in menu.act_conflicts.text()
    i18n.set_language("nl")


def test_the_record_side_by_side_and_the_other_persons_name_on_the_button(pair, qtbot):
    anna, bert = pair
    _two_fields_of_one_partner(anna, bert)
    _ctx, dialog = _dialog(bert, qtbot)
    fields = dialog.fields_model
    rows = {fields.item(r, 0).text(): (fields.item(r, 1).text(), fields.item(r, 2).text())
            for r in range(fields.rowCount())}
    assert rows["Contactpersoon"] == ("Joke", "Mieke")
    assert rows["Telefoon"] == ("014 55 44 33", "014 99 88 77")
    # the rest of the record is shown for context, the same on both sides, codes as words
    assert rows["Naam"] == ("CAW De Kempen", "CAW De Kempen")
    assert "caw" not in {v for pair_ in rows.values() for v in pair_}
    assert fields.headerData(1, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) \
        == "Mijn versie (deze computer)"
    assert dialog.keep_button.text() == "&Mijn versie houden"
    assert dialog.take_button.text() == "Versie van Els Peeters &nemen"
    for text in visible_texts(dialog):
        for word in DEVELOPER_WORDS:
            assert word not in text, (word, text)
    # a context row cannot be chosen: the buttons work on a field in conflict only
    dialog.fields.selectRow(fields.rowCount() - 1)
    assert not dialog.take_button.isEnabled() or dialog.current_id() is not None
    dialog.fields.setCurrentIndex(fields.index(fields.rowCount() - 1, 0))
    assert dialog.current_id() is None and not dialog.take_button.isEnabled()
    dialog.fields.selectRow(0)
    chosen = fields.item(0, 0).text()
    dialog.take_button.click()
    assert "1 veld bij 1 partner" in dialog.intro.text()
    assert chosen not in [fields.item(r, 0).text() for r in range(fields.rowCount())
                          if fields.item(r, 0).isSelectable()]
    dialog.keep_button.click()
    assert dialog.intro.text() == "Er wachten geen conflicten."
    with bert.db.session() as s:
        p = s.scalars(select(Partner)).one()
        assert conflicts.count_pending(s) == 0
        assert {p.contact_person, p.phone} & {"Mieke", "014 99 88 77"}


def test_summary_joins_several_kinds_and_a_name_with_an_ampersand():
    triples = [("partner", "a", "name"), ("partner", "a", "phone"),
               ("outreach_visit", "v1", "notes"), ("outreach_visit", "v2", "notes")]
    assert inbox.summary(triples) == "4 velden bij 1 partner en 2 bezoeken"
    assert inbox.summary([]) == ""
    assert inbox.other_side("Tom & Els") == "Versie van Tom && Els &nemen"
    assert inbox.other_side("  ") == "&Andere versie nemen"
    # a name from a hostile package: one line, short, no Alt-letter of its own
    long = inbox.other_side("Els\n" + "x" * 500 + "&y")
    assert "\n" not in long and len(long) < 80 and long.count("&") == 1


def test_importing_a_package_clears_the_undo_history(pair, qtbot):
    """An undo after an import must not overwrite what arrived: the history is cleared."""
    from PySide6.QtWidgets import QDialogButtonBox

    from app.views.context import AppContext
    from app.views.exchange.import_dialog import ImportDialog, open_package

    anna, bert = pair
    ctx = AppContext(bert.db, Settings())
    with bert.db.session() as s:
        pid = s.scalars(select(Partner.id)).one()
    ctx.edit_record(Partner, pid, {"notes": "Bert's note"})
    assert ctx.undo_stack.canUndo()
    with anna.db.transaction() as s:
        s.scalars(select(Partner)).one().email = "nieuw@caw.be"
    dialog = ImportDialog(ctx, open_package(None, ctx, anna.export("full", to=bert)))
    qtbot.addWidget(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.import_result is not None
    assert not ctx.undo_stack.canUndo()
    with bert.db.session() as s:
        partner = s.get(Partner, pid)
        assert (partner.notes, partner.email) == ("Bert's note", "nieuw@caw.be")
