"""Step 5 screens driven as a user would: the persona editor with its live card and warnings,
the example library, planning a session, capturing ideas and turning one into an action."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models.core import Action
from app.models.participation import Idea, IdeaSignup, Persona, SessionSeat
from app.services import i18n
from app.services.participation import cards
from app.services.settings import Settings
from tests.helpers import with_dialog


@pytest.fixture
def ctx(qtbot, db, trajectory):
    from app.views.context import AppContext

    context = AppContext(db, Settings(language="nl"))
    context.set_trajectory(trajectory.id)
    return context


@pytest.fixture
def page(qtbot, ctx):
    from app.views.participation.step5_page import Step5Page

    widget = Step5Page(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


def ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def rows(db, model):
    with db.session() as s:
        return s.scalars(select(model)).all()


def test_persona_editor_creates_a_persona_with_live_card_and_warning(qtbot, page, db):
    tab = page.personas

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "Noor")
        dialog.age.setValue(52)
        dialog.risk_groups.set_value(["carers", "poverty"])
        qtbot.keyClicks(dialog.texts["living_situation"], "Woont in de Kerkstraat 12.")
        qtbot.keyClicks(dialog.texts["quote"], "Ik sta er alleen voor.")
        qtbot.waitUntil(lambda: dialog.warnings.isVisible())
        assert "Kerkstraat 12" in dialog.warnings.text()
        assert dialog.front.ops() is not None
        texts = [op[3] for op in dialog.front.ops() if op[0] == "text"]
        assert "Noor" in texts and "52 jaar" in texts
        ok(dialog)

    with_dialog(tab.list.add_record, fill)
    (persona,) = rows(db, Persona)
    assert (persona.name, persona.age, persona.risk_group_codes) == (
        "Noor", 52, ["carers", "poverty"])
    assert tab.list.current_id() == persona.id
    assert tab.front.card is not None and tab.front.card.name == "Noor"


def test_persona_editor_refuses_an_empty_name(qtbot, page, db):
    def try_empty(dialog):
        ok(dialog)
        assert dialog.isVisible() and dialog.problems.isVisible()
        assert "voornaam" in dialog.problems.text()

    with_dialog(page.personas.list.add_record, try_empty)
    assert rows(db, Persona) == []


def test_persona_editor_counts_characters_and_refuses_text_too_long_for_the_card(
        qtbot, page, db):
    limit = cards.FIELD_LIMITS["social_needs"]

    def type_too_much(dialog):
        counter = dialog.counters["social_needs"]
        assert counter.text() == f"0 van {limit} tekens"
        qtbot.keyClicks(dialog.name, "N" * 60)  # the name field stops at its limit
        assert len(dialog.name.text()) == cards.FIELD_LIMITS["name"]
        qtbot.keyClicks(dialog.texts["social_needs"], "Iemand om mee te praten. ")
        assert counter.text() == f"24 van {limit} tekens"  # live, trailing space not counted
        dialog.texts["social_needs"].setPlainText("x" * (limit + 5))
        assert "5 tekens te veel" in counter.text()
        ok(dialog)
        assert dialog.isVisible() and "Sociale noden" in dialog.problems.text()
        assert dialog.texts["social_needs"].hasFocus() or not dialog.isActiveWindow()
        dialog.texts["social_needs"].setPlainText("x" * limit)
        assert "te veel" not in counter.text()
        ok(dialog)

    with_dialog(page.personas.list.add_record, type_too_much)
    (persona,) = rows(db, Persona)
    assert persona.social_needs == "x" * limit


def test_photo_is_scaled_and_kept(qtbot, page, db):
    def add_photo(dialog):
        qtbot.keyClicks(dialog.name, "Foto")
        image = QImage(1600, 1200, QImage.Format.Format_RGB32)
        image.fill(QColor("#3366aa"))
        dialog.set_photo_image(image)
        assert dialog.remove_photo_button.isEnabled() and not dialog.picture.isEnabled()
        ok(dialog)

    with_dialog(page.personas.list.add_record, add_photo)
    (persona,) = rows(db, Persona)
    from app.services.participation.personas import photo_bytes

    stored = QImage.fromData(photo_bytes(persona.photo))
    assert max(stored.width(), stored.height()) == 800


def test_examples_are_copied_and_previewed(qtbot, page, db):
    def pick(dialog):
        dialog.list.item(0).setSelected(True)
        dialog.list.item(2).setSelected(True)
        assert "2 voorbeelden" in dialog.buttons.button(
            QDialogButtonBox.StandardButton.Ok).text()
        ok(dialog)

    with_dialog(page.personas.copy_examples, pick)
    assert sorted(p.name for p in rows(db, Persona)) == ["Jozef", "Zoë"]
    assert page.personas.list.model.rowCount() == 2
    assert page.personas.front.card is not None


def test_card_preview_draws_the_printed_layout(qtbot):
    from app.views.participation.card_preview import CardPreview

    preview = CardPreview()
    qtbot.addWidget(preview)
    preview.resize(300, 420)
    preview.set_card(cards.CardData(name="Zoë", age=17, picture="teen", quote="Hallo"))
    image = preview.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 300, 7) for y in range(0, 420, 7)}
    assert len(colours) > 5  # picture, text and quote box, not a blank card
    assert [op[0] for op in preview.ops()].count("text") >= 3


def test_print_cards_dialog_writes_the_selection(qtbot, page, db, tmp_path):
    page.personas.copy(["ayse", "zoe", "jozef"])
    out = tmp_path / "cards.pdf"
    page.personas.write_cards(out, [p.id for p in rows(db, Persona)][:2], "a5", backs=False)
    from pypdf import PdfReader

    assert len(PdfReader(str(out)).pages) == 2  # one A5 card per A4, with its cut marks
    from app.views.participation.persona_dialog import PrintCardsDialog

    dlg = PrintCardsDialog([("a", "Ayşe"), ("b", "Zoë")], "a")
    qtbot.addWidget(dlg)
    assert dlg.persona_ids() == ["a"] and dlg.layout_code() == "a6"
    dlg.all_button.click()
    assert dlg.persona_ids() == ["a", "b"]
    dlg.none_button.click()
    assert not dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_plan_a_session_for_thirty_people(qtbot, page, ctx, db):
    from app.services.participation import sessions

    page.personas.copy(["ayse", "zoe", "jozef", "mariette"])
    tab = page.sessions
    page.tabs.setCurrentWidget(tab)

    def new_session(dialog):
        qtbot.keyClicks(dialog.form.editors["title"], "Droomavond")
        phase = dialog.form.editors["phase"]
        assert phase.currentData() is None  # the phase is the user's choice
        phase.setCurrentIndex(1)
        ok(dialog)

    with_dialog(tab.list.add_record, new_session)
    sid = tab.current_session()
    assert sid
    for i in range(30):
        with ctx.write() as s:
            sessions.add_participant(s, sid, name=f"Bewoner {i:02d}")
    ctx.notify(sessions.Changes.of("session_participant"))
    assert tab.participants.model.rowCount() == 30
    tab.plan_view.plan_button.click()
    assert len(rows(db, SessionSeat)) == 60
    tree = tab.plan_view.tree
    assert tree.topLevelItemCount() == 2 and tree.topLevelItem(0).childCount() == 4
    # assign personas through the tables editor
    tab.detail.setCurrentWidget(tab.tables)
    grid = tab.tables.grid
    assert grid.rowCount() == 4
    for r in range(4):
        combo = grid.cellWidget(r, 1)
        combo.setCurrentIndex(r + 1)
    with db.session() as s:
        assert all(t.persona_id for t in sessions.tables(s, sid))
    assert "persona" not in tab.plan_view.warnings.text().lower()
    assert "gespreksleider" in tab.plan_view.warnings.text()


def test_ideas_signups_and_make_action(qtbot, page, ctx, db):
    page.personas.copy(["luc"])
    tab = page.ideas

    def new_idea(dialog):
        dialog.form.editors["title"].setText("Mantelzorgcafé")
        persona_box = dialog.form.editors["persona_id"]
        persona_box.setCurrentIndex(1)
        qtbot.keyClicks(dialog.form.editors["problem"], "Niemand kan oppassen")
        qtbot.keyClicks(dialog.form.editors["challenge"], "Mantelzorgers kunnen even weg")
        ok(dialog)

    with_dialog(tab.list.add_record, new_idea)
    (idea,) = rows(db, Idea)
    assert idea.risk_group_codes == ["carers", "older_75"]  # from the persona
    assert "Mantelzorgers kunnen even weg" in tab.reframe.text()

    def refuse_contact_without_consent(dialog):
        qtbot.keyClicks(dialog.form.editors["name"], "Wim")
        qtbot.keyClicks(dialog.form.editors["contact"], "0470 00 00 12")
        ok(dialog)
        assert dialog.isVisible() and "toestemming" in dialog.problems.text()
        dialog.form.editors["consent"].setChecked(True)
        ok(dialog)

    with_dialog(tab.signups.add_record, refuse_contact_without_consent)
    (signup,) = rows(db, IdeaSignup)
    assert signup.consent and signup.idea_id == idea.id
    assert tab.action_button.isEnabled()
    action_id = tab.make_action()
    assert not tab.action_button.isEnabled()
    (action,) = rows(db, Action)
    assert action.id == action_id and action.origin == "idea"
    assert "actie" in tab.reframe.text()
    # undo: the action goes and the idea is an idea again; redo: both come back
    ctx.undo_stack.undo()
    assert rows(db, Action) == []
    with db.session() as s:
        assert s.get(Idea, idea.id).action_id is None
        assert s.get(Idea, idea.id).status != "action"
    ctx.undo_stack.redo()
    with db.session() as s:
        assert s.get(Idea, idea.id).action_id == action_id
    assert [a.id for a in rows(db, Action)] == [action_id]


def test_language_switch_retranslates(qtbot, page):
    i18n.set_language("fr")
    page.retranslate_ui()
    assert page.tabs.tabText(0) == "1. Personas"
    assert page.tabs.tabText(1) == "2. Séances et tables"
    assert page.sessions.plan_view.plan_button.text() == "&Proposer les tables"
    assert page.personas.faces.tabText(1) == "Verso"


def test_pick_people_from_step_2_and_change_table_count(qtbot, page, ctx, db, trajectory):
    from app.models.groundwork import InterestedPerson
    from app.models.participation import SessionParticipant
    from app.services.participation import sessions

    with ctx.write() as s:
        s.add_all([InterestedPerson(trajectory_id=trajectory.id, name="Fatma", consent=True,
                                    contact="fatma@voorbeeld.be", role="volunteer"),
                   InterestedPerson(trajectory_id=trajectory.id, name="Tom", contact="t@x.be")])
        sessions.create_session(s, trajectory.id, title="Carrousel", phase="carousel",
                                tables=2)
    ctx.notify(sessions.Changes.all())
    tab = page.sessions
    page.refresh(sessions.Changes.all())
    assert tab.current_session() and tab.pick_button.isEnabled()

    def pick(dialog):
        assert dialog.list.count() == 2
        assert "toestemming" in dialog.list.item(1).text()
        dialog.list.set_value([dialog.list.item(i).data(0x0100) for i in range(2)])
        ok(dialog)

    with_dialog(tab.pick_people, pick)
    people = {p.name: p.contact for p in rows(db, SessionParticipant)}
    assert people == {"Fatma": "fatma@voorbeeld.be", "Tom": ""}
    assert tab.participants.model.rowCount() == 2
    tab.tables.count.setValue(3)
    tab.tables.apply_count.click()
    assert tab.tables.grid.rowCount() == 3
    facilitator = tab.tables.grid.cellWidget(0, 2)
    facilitator.setText("An")
    facilitator.editingFinished.emit()
    with db.session() as s:
        assert sessions.tables(s, tab.current_session())[0].facilitator == "An"


def test_persona_add_and_edit_through_the_editor_are_undone_and_redone(qtbot, page, db, ctx):
    """The feature dialogs go through the undo stack too (issue 14): an undone add tombstones
    the persona, an undone edit writes the old text back as a new revision."""
    panel = page.personas.list
    new_id = panel.save_new({"name": "Noor", "age": 52})
    assert ctx.undo_stack.undoText() == "Toevoegen van persona “Noor” ongedaan maken"
    panel.save_edit(new_id, {"name": "Noor Peeters", "age": 53})
    with db.session() as s:
        edited = s.get(Persona, new_id)
        rev, name = edited.revision, edited.name
    assert name == "Noor Peeters"
    ctx.undo_stack.undo()
    with db.session() as s:
        back = s.get(Persona, new_id)
        assert (back.name, back.age, back.revision) == ("Noor", 52, rev + 1)
    ctx.undo_stack.undo()
    assert all(p.id != new_id for p in rows(db, Persona))
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    with db.session() as s:
        assert s.get(Persona, new_id).name == "Noor Peeters"


def test_copying_examples_is_one_undo_step(qtbot, page, db, ctx):
    made = page.personas.copy(["ayse", "zoe", "jozef"])
    assert len(made) == 3
    assert ctx.undo_stack.undoText() == "Toevoegen van 3 persona’s ongedaan maken"
    ctx.undo_stack.undo()
    assert not {p.id for p in rows(db, Persona)} & set(made)
    ctx.undo_stack.redo()
    assert set(made) <= {p.id for p in rows(db, Persona)}
