"""Undo and redo for every add, edit and delete, driven with real key presses.

Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y from a list, the action named in user words in Edit › Undo in
nl, fr and en, a status-bar hint after a delete, tombstones (never hard deletes), an undone
edit as a new revision, and an undo history that cannot reach across a trajectory change, an
import, or a record that someone changed since.
"""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit
from sqlalchemy import select

from app.models.core import Partner, Trajectory
from app.services import records
from app.services.changes import Changes
from tests.helpers import with_dialog


@pytest.fixture
def step1(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(2)  # step 1: partners
    panel = window.current_page().partners
    panel.view.setFocus()
    qtbot.wait(50)
    return app_window, panel


def key(qtbot, widget, k, mod=Qt.KeyboardModifier.NoModifier):
    widget.window().activateWindow()
    QApplication.processEvents()
    qtbot.keyClick(widget, k, mod)
    QApplication.processEvents()


def fill(qtbot, name, clear=False):
    def handle(dialog):
        edit = dialog.findChild(QLineEdit, "field_name")
        if clear:
            edit.clear()
        else:  # the dialog selects the first field's text: go to its end, as a user would
            edit.end(False)
        if name.isascii():
            qtbot.keyClicks(edit, name)
        else:  # QTest cannot type accents offscreen: paste them as a user could
            edit.insert(name)
        for combo in dialog.findChildren(QComboBox):
            if combo.objectName().startswith("field_") and combo.currentIndex() < 1:
                combo.setCurrentIndex(combo.count() - 1)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    return handle


def names(ctx, include_deleted=False):
    with ctx.session() as s:
        stmt = select(Partner.name)
        if include_deleted:
            stmt = stmt.execution_options(include_deleted=True)
        return set(s.scalars(stmt))


def partner(ctx, name):
    with ctx.session() as s:
        return s.scalars(select(Partner).where(Partner.name == name)
                         .execution_options(include_deleted=True)).one()


def test_add_edit_delete_undo_and_redo_with_the_keyboard(step1, qtbot):
    controller, panel = step1
    ctx, window = controller.ctx, controller.window
    start = panel.model.rowCount()

    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Insert), fill(qtbot, "Vzw Samen Sterk"))
    assert "Vzw Samen Sterk" in names(ctx)
    assert window.act_undo.text() == "Toevoegen van partner “Vzw Samen Sterk” &ongedaan maken"

    # undo the add: the new partner is tombstoned, not removed
    key(qtbot, panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Vzw Samen Sterk" not in names(ctx)
    gone = partner(ctx, "Vzw Samen Sterk")
    assert gone.deleted_at is not None
    assert panel.model.rowCount() == start
    assert window.act_redo.text() == "Toevoegen van partner “Vzw Samen Sterk” opnieuw &doen"
    # Ctrl+Y brings it back (redo)
    key(qtbot, panel.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert "Vzw Samen Sterk" in names(ctx)
    assert panel.model.rowCount() == start + 1

    # edit: rename with Enter
    panel.select_id(gone.id)
    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Return),
                fill(qtbot, " Geel", clear=False))
    edited = partner(ctx, "Vzw Samen Sterk Geel")
    assert window.act_undo.text() == \
        "Wijziging van partner “Vzw Samen Sterk Geel” &ongedaan maken"
    key(qtbot, panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = partner(ctx, "Vzw Samen Sterk")
    # the old value is written back as a new revision, so exchange sees a normal change
    assert back.revision == edited.revision + 1
    assert back.base_revision == edited.revision
    key(qtbot, panel.view, Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert partner(ctx, "Vzw Samen Sterk Geel").revision == back.revision + 1

    # delete with Del: a tombstone, a calm hint in the status bar, Ctrl+Z restores it
    panel.select_id(gone.id)
    key(qtbot, panel.view, Qt.Key.Key_Delete)
    assert "Vzw Samen Sterk Geel" not in names(ctx)
    assert "Vzw Samen Sterk Geel" in names(ctx, include_deleted=True)
    assert window.statusBar().currentMessage() == \
        "Verwijderd: partner “Vzw Samen Sterk Geel”. Ctrl+Z zet het terug."
    assert window.act_undo.text() == \
        "Verwijderen van partner “Vzw Samen Sterk Geel” &ongedaan maken"
    key(qtbot, panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Vzw Samen Sterk Geel" in names(ctx)
    assert panel.model.rowCount() == start + 1


def test_the_menu_names_the_action_in_french_and_english(step1, qtbot):
    controller, panel = step1
    ctx, window = controller.ctx, controller.window
    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Insert), fill(qtbot, "Mutualité & co"))
    window.language_actions["fr"].trigger()
    assert window.act_undo.text() == \
        "&Annuler l’ajout : partenaire « Mutualité && co »"
    window.language_actions["en"].trigger()
    # '&' in a name is shown, not taken for an Alt key
    assert window.act_undo.text() == "&Undo adding partner “Mutualité && co”"
    assert ctx.undo_stack.undoText() == "Undo adding partner “Mutualité & co”"
    window.act_undo.trigger()
    assert window.act_redo.text() == "&Redo adding partner “Mutualité && co”"
    assert not window.act_undo.isEnabled()
    window.language_actions["nl"].trigger()
    assert window.act_undo.text() == "&Ongedaan maken"


def test_history_is_cleared_on_a_trajectory_change_and_after_an_import(step1, qtbot):
    controller, panel = step1
    ctx = controller.ctx
    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Insert), fill(qtbot, "OCMW Kasterlee"))
    assert ctx.undo_stack.canUndo()
    ctx.notify(Changes.from_import("partner"))
    assert not ctx.undo_stack.canUndo()

    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Insert), fill(qtbot, "LDC Ter Heide"))
    assert ctx.undo_stack.canUndo()
    with ctx.write() as s:
        other = Trajectory(name="Ander dorp")
        s.add(other)
        s.flush()
        other_id = other.id
    ctx.set_trajectory(other_id)
    assert not ctx.undo_stack.canUndo()
    assert "LDC Ter Heide" in names(ctx)  # the add itself stays


def test_an_undo_never_overwrites_a_later_change(step1, qtbot):
    controller, panel = step1
    ctx, window = controller.ctx, controller.window
    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Insert), fill(qtbot, "Buurtcomité Noord"))
    pid = partner(ctx, "Buurtcomité Noord").id
    panel.select_id(pid)
    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Return), fill(qtbot, " 2"))
    # someone (a package, another window) changes the partner after the edit
    with ctx.write() as s:
        records.update(s, s.get(Partner, pid), contact_person="Els")
    key(qtbot, panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    later = partner(ctx, "Buurtcomité Noord 2")
    assert later.contact_person == "Els"  # nothing overwritten
    assert "niet meer ongedaan" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: ctx.undo_stack.count() == 0, timeout=1000)
    assert not window.act_undo.isEnabled()


def test_an_erased_record_is_never_brought_back_and_stale_steps_are_refused(db, trajectory):
    from app.models.groundwork import InterestedPerson

    with db.transaction() as s:
        obj, _c = records.create(s, InterestedPerson, trajectory_id=trajectory.id, name="Jan")
        rev = obj.revision
        records.soft_delete(s, InterestedPerson, obj.id)
        deleted_rev = obj.revision
    assert deleted_rev == rev + 1
    with db.transaction() as s, pytest.raises(records.UndoError):
        records.undo_step(s, InterestedPerson, obj.id, rev, "restore")  # stale revision
    with db.transaction() as s:
        person = records.get_any(s, InterestedPerson, obj.id)
        person.name, person.erased_at = "", records.utcnow()
        s.flush()
        erased_rev = person.revision
    with db.transaction() as s, pytest.raises(records.RecordErasedError):
        records.undo_step(s, InterestedPerson, obj.id, erased_rev, "restore")
    with db.session() as s:
        assert records.get_any(s, InterestedPerson, obj.id).deleted_at is not None


def test_undo_never_brings_back_what_was_erased_for_good(step1, qtbot):
    """A careless sequence: add a person, edit her, erase her for good, press Ctrl+Z twice.
    The erasure stands, the message says why, and nothing of her comes back."""
    from app.models.groundwork import InterestedPerson
    from app.services.groundwork import people

    controller, panel = step1
    ctx, window = controller.ctx, controller.window
    pid = ctx.add_record(InterestedPerson, {"trajectory_id": ctx.trajectory_id,
                                            "name": "Maria Janssens", "contact": "0470 12 34 56"})
    ctx.edit_record(InterestedPerson, pid, {"notes": "Weduwe sinds maart"})
    ctx.run(people.erase_person, ctx.trajectory_id, pid)  # as another window could
    for _i in range(2):
        key(qtbot, panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with ctx.session() as s:
        person = records.get_any(s, InterestedPerson, pid)
        assert (person.name, person.contact, person.notes) == ("", "", "")
        assert person.deleted_at is not None and person.erased_at is not None
    assert "voorgoed gewist" in window.statusBar().currentMessage() or \
        "niet meer ongedaan" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not ctx.undo_stack.canUndo(), timeout=1000)


def test_a_very_long_name_is_shortened_in_the_menu(step1, qtbot):
    controller, _panel = step1
    ctx, window = controller.ctx, controller.window
    pid = ctx.add_record(Partner, {"trajectory_id": ctx.trajectory_id, "name": "X" * 5000,
                                   "partner_type": "other", "involvement": "informed"})
    text = window.act_undo.text()
    assert len(text) < 120 and text.endswith("…” &ongedaan maken")
    ctx.undo_stack.undo()
    assert partner(ctx, "X" * 5000).deleted_at is not None
    assert pid


def test_an_erasure_from_the_page_forgets_the_undo_history(step1, qtbot):
    """The undo steps hold the person's name and notes: erasing her clears them."""
    from app.models.groundwork import InterestedPerson
    from app.services.groundwork import people

    controller, _panel = step1
    ctx = controller.ctx
    pid = ctx.add_record(InterestedPerson, {"trajectory_id": ctx.trajectory_id,
                                            "name": "Maria Janssens"})
    ctx.edit_record(InterestedPerson, pid, {"notes": "Weduwe sinds maart"})
    ctx.run_erasure(people.erase_person, ctx.trajectory_id, pid)
    assert ctx.undo_stack.count() == 0 and not ctx.undo_revisions


def test_delete_and_ctrl_z_work_from_every_list_of_the_window(app_window, qtbot):
    """Every record list on every tab: Del deletes (a tombstone), Ctrl+Z brings it back,
    Ctrl+Y deletes it again — real key presses, whatever list has the focus."""
    from PySide6.QtWidgets import QTabWidget

    from app.views.widgets.record_list import RecordListPanel

    window, ctx = app_window.window, app_window.ctx
    tried = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.current_page()
        QApplication.processEvents()
        inner = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(window)]
        for sub_index in range(inner[0].count() if inner else 1):
            if inner:
                inner[0].setCurrentIndex(sub_index)
                QApplication.processEvents()
            for panel in page.findChildren(RecordListPanel):
                if not panel.isVisibleTo(window) or panel.model.rowCount() == 0 \
                        or panel.objectName() in tried:
                    continue
                tried.append(panel.objectName())
                rows = panel.model.rowCount()
                panel.select_id(panel.model.id_at(0))
                record_id = panel.current_id()
                panel.view.setFocus()
                key(qtbot, panel.view, Qt.Key.Key_Delete)
                assert panel.model.rowCount() == rows - 1, panel.objectName()
                with ctx.session() as s:
                    obj = records.get_any(s, panel.spec.model, record_id)
                    assert obj is not None and obj.deleted_at is not None
                assert window.statusBar().currentMessage().startswith("Verwijderd: ")
                key(qtbot, panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
                assert panel.model.rowCount() == rows, panel.objectName()
                key(qtbot, panel.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
                assert panel.model.rowCount() == rows - 1, panel.objectName()
                key(qtbot, panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
                assert panel.model.rowCount() == rows, panel.objectName()
    assert len(tried) >= 15, tried


def test_a_checklist_tick_by_mistake_is_undone_with_ctrl_z(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(4)  # step 3
    page = window.current_page()
    QApplication.processEvents()
    box = next(b for b in page.checks if not b.isChecked())
    box.click()  # a new tick record
    assert box.isChecked()
    assert window.act_undo.text() == "Wijziging van vinkje op de checklist &ongedaan maken"
    key(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not box.isChecked()
    key(qtbot, page, Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert box.isChecked()
    box.click()  # an existing tick changed
    assert not box.isChecked()
    key(qtbot, page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.isChecked()
