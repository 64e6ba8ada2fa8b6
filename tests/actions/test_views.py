"""pytest-qt tests of the action editor, the checklist model and the step 6/7 pages."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models.actions import ActionPartner, Measurement
from app.models.core import Action, Partner, Trajectory
from tests.helpers import with_dialog


@pytest.fixture
def ctx(db, trajectory, qtbot):
    from app.services.settings import Settings
    from app.views.context import AppContext

    with db.transaction() as s:
        s.add_all([Partner(trajectory_id=trajectory.id, name="LDC De Linde"),
                   Partner(trajectory_id=trajectory.id, name="OCMW")])
    context = AppContext(db, Settings())
    context.set_trajectory(trajectory.id)
    return context


@pytest.fixture
def demo_ctx(demo_db, qtbot):
    from app.services.settings import Settings
    from app.views.context import AppContext

    context = AppContext(demo_db, Settings())
    with demo_db.session() as s:
        context.set_trajectory(s.scalar(select(Trajectory.id)))
    return context


def tick(code_list, code):
    for i in range(code_list.count()):
        item = code_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == code:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(code)


def test_editor_shows_checks_while_typing_and_the_list_saves_it(ctx, qtbot, db):
    from app.views.actions.editor import ActionEditor
    from app.views.actions.step6_page import ActionListPanel, action_spec

    panel = ActionListPanel(ctx, action_spec())
    qtbot.addWidget(panel)

    def fill(editor):
        assert isinstance(editor, ActionEditor)
        qtbot.keyClicks(editor.name, "Buurtbank aan de kerk")
        tick(editor.elements, "meeting")
        editor.update_checks()
        text = editor.checks_text.text()
        assert "alleen op ontmoeting" in text  # only meeting
        assert "Nog geen partner" in text
        tick(editor.elements, "practical_support")
        tick(editor.risk_groups, "youth")
        editor.impact["evidence"].setPlainText("We tellen wie er zit")
        box, role = next(iter(editor.partners.rows.values()))
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(role, "plaatst de bank")
        editor.update_checks()
        text = editor.checks_text.text()
        assert "alleen op ontmoeting" not in text and "Nog geen partner" not in text
        assert "structureel" in text.lower() or "structurele" in text  # 'bank' → signal tip
        editor.accept()
        assert editor.result() == ActionEditor.DialogCode.Accepted

    added = []
    with_dialog(lambda: added.append(panel.add_record()), fill)
    with db.session() as s:
        action = s.scalar(select(Action))
        assert added == [action.id] and panel.current_id() == action.id
        assert action.name == "Buurtbank aan de kerk"
        assert action.element_codes == ["meeting", "practical_support"]
        assert action.risk_group_codes == ["youth"]
        (link,) = s.scalars(select(ActionPartner)).all()
        assert link.role == "plaatst de bank"
    assert ctx.undo_stack.count() == 1  # one undo step, like every list

    def rename(editor):  # edit: the editor opens on the action, the list saves the change
        assert editor.name.text() == "Buurtbank aan de kerk"
        assert editor.partners.value() == [(link.partner_id, "plaatst de bank")]
        editor.name.setText("Buurtbank bij de bakker")
        editor.accept()

    with_dialog(panel.edit_current, rename)
    with db.session() as s:
        assert s.get(Action, action.id).name == "Buurtbank bij de bakker"
        assert len(s.scalars(select(ActionPartner)).all()) == 1  # partners kept
    ctx.undo_stack.undo()
    with db.session() as s:
        assert s.get(Action, action.id).name == "Buurtbank aan de kerk"


def test_editor_refuses_an_empty_name_calmly(ctx, qtbot, db):
    from app.views.actions.editor import ActionEditor

    editor = ActionEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    editor.accept()
    assert editor.problems.isVisible()
    assert editor.problems.text() == "Geef de actie een naam."
    with db.session() as s:
        assert s.scalars(select(Action)).all() == []


def test_element_meaning_is_one_click_away(ctx, qtbot):
    from app.services import reference
    from app.views.actions.editor import ActionEditor

    editor = ActionEditor(ctx)
    qtbot.addWidget(editor)
    editor.elements.setCurrentRow(0)
    assert reference.description("element", "social_cognitive_training") in \
        editor.element_help.text()
    assert "bewezen" in editor.element_help.text()


def test_checklist_model_passes_the_model_tester(demo_ctx, qtmodeltester):
    from app.views.actions.portfolio import ChecklistModel

    model = ChecklistModel()
    with demo_ctx.session() as s:
        model.load(s, demo_ctx.trajectory_id)
    qtmodeltester.check(model)
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert any(label.endswith("niet bereikt") for label in labels)
    marks = {model.data(model.index(r, c)) for r in range(model.rowCount())
             for c in range(1, model.columnCount())}
    assert "✓" in marks


def test_step6_page_lists_actions_and_copies_a_practice(demo_ctx, qtbot):
    from app.views.actions.step6_page import Step6Page

    page = Step6Page(demo_ctx)
    qtbot.addWidget(page)
    before = page.actions.model.rowCount()
    assert before >= 5
    assert "Jongeren" in page.unreached.text() or "Nog door geen" in page.unreached.text()
    assert "Let op" in page.checks_panel.text.text()
    page.find_practice.click()
    assert page.tabs.currentWidget() is page.library
    page.library.show_for_risk_group("grief_loss")
    assert page.library.current_code() in ("kleine_grote_wensen", "koffie_contact",
                                           "kortenaken")
    new_id = page.library.copy_current()
    assert new_id and page.actions.model.rowCount() == before + 1
    assert page.actions.current_id() == new_id


def test_measurement_dialog_needs_consent_and_the_list_saves_it(ctx, qtbot, db, trajectory):
    from app.views.actions.measure_dialog import MeasurementDialog
    from app.views.actions.step7_page import Step7Page

    with db.transaction() as s:
        action = Action(trajectory_id=trajectory.id, name="Huisbezoek")
        s.add(action)
    page = Step7Page(ctx)
    qtbot.addWidget(page)
    page.action_combo.setCurrentIndex(page.action_combo.findData(action.id))
    panel = page.measurements

    def fill(dialog):
        assert isinstance(dialog, MeasurementDialog) and dialog.action_id == action.id
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()
        dialog.setting.setCurrentIndex(dialog.setting.findData("home_visit"))
        assert not dialog.home_note.isHidden()
        qtbot.mouseClick(dialog.consent, Qt.MouseButton.LeftButton)
        assert ok.isEnabled()
        dialog.accept()  # no code yet: refused in the dialog, which stays open
        assert dialog.problems.isVisible() and dialog.result() != dialog.DialogCode.Accepted
        qtbot.keyClicks(dialog.code, "HB-01")
        for r, answer in enumerate(["yes", "yes", "no", "yes", "yes", "yes"]):
            dialog.grid.buttons[r][["yes", "more_or_less", "no"].index(answer)].setChecked(True)
        assert "Score: 2" in dialog.score_label.text()
        dialog.accept()

    added = []
    with_dialog(lambda: added.append(panel.add_record()), fill)
    with db.session() as s:
        (row,) = s.scalars(select(Measurement)).all()
        assert row.respondent_code == "HB-01" and row.setting == "home_visit"
        assert row.consent_recorded
    assert added == [row.id] and panel.model.rowCount() == 1
    page.action_combo.setCurrentIndex(-1)  # no action chosen: nothing can be added
    assert panel.add_record() is None


def test_step7_page_shows_log_and_group_results(demo_ctx, qtbot):
    from app.views.actions.step7_page import Step7Page

    page = Step7Page(demo_ctx)
    qtbot.addWidget(page)
    assert "Kleine Grote Wensen" in page.action_combo.currentText()  # the running action
    assert page.logs.model.rowCount() == 4
    assert "Let op" in page.results.text()
    assert page.measurements.model.rowCount() == 11


def test_plan_report_from_the_file_menu_and_the_button(demo_ctx, qtbot, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QMainWindow

    from app.views.actions.common import PlanReportAction, PlanReportButton

    window = QMainWindow()
    qtbot.addWidget(window)
    action = PlanReportAction(demo_ctx, window)
    assert action.isEnabled() and action.text() == "Plan&rapport afdrukken…"
    button = PlanReportButton(demo_ctx)
    qtbot.addWidget(button)
    out = button.print_to(tmp_path / "plan.pdf")
    assert out is not None
    assert "Plan tegen eenzaamheid" in PdfReader(str(out)).pages[0].extract_text()
    demo_ctx.set_trajectory("")
    assert not action.isEnabled() and not button.isEnabled()


def test_step7_erases_one_person_for_good(demo_ctx, qtbot):
    from app.views.actions.step7_page import Step7Page

    page = Step7Page(demo_ctx)
    qtbot.addWidget(page)
    page.measurements.select_id(page.measurements.model.id_at(0))
    assert page.measurements.erase_button.isEnabled()
    assert page.measurements.erase_current(confirm=False)
    assert page.measurements.model.rowCount() == 9  # KGW-01 before and after are gone
    with demo_ctx.session() as s:
        assert s.scalars(select(Measurement).where(Measurement.erased_at.is_not(None))
                         .execution_options(include_deleted=True)).all()


def test_step7_log_a_round_of_adjustments(demo_ctx, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.views.actions.step7_page import Step7Page
    from app.views.widgets.form import RecordDialog

    page = Step7Page(demo_ctx)
    qtbot.addWidget(page)
    before = page.logs.model.rowCount()

    def fill():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, RecordDialog) and w.isVisible())
        form = dialog.form
        assert form.values()["phase"] == "do" and form.values()["log_date"] is not None
        form.editors["phase"].setCurrentIndex(form.editors["phase"].findData("adjust"))
        form.editors["adjusted"].setPlainText("Vaste dag op dinsdag")
        form.editors["why"].setPlainText("Mensen vergaten de wisselende dagen")
        form.editors["people_reached"].setValue(12)
        dialog.accept()

    QTimer.singleShot(0, fill)
    new_id = page.logs.add_record()
    assert new_id and page.logs.model.rowCount() == before + 1
    assert "35 mensen" in page.summary.text()  # 23 before + 12


def test_step7_edits_the_action_through_the_lists_hook_and_refuses_calmly(ctx, qtbot, db,
                                                                          trajectory,
                                                                          monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.views.actions.step7_page import Step7Page

    with db.transaction() as s:
        action = Action(trajectory_id=trajectory.id, name="Soepbabbel", status="running")
        s.add(action)
    page = Step7Page(ctx)
    qtbot.addWidget(page)
    page.action_combo.setCurrentIndex(page.action_combo.findData(action.id))

    def evaluated(editor):
        editor.status.setCurrentIndex(editor.status.findData("evaluated"))
        editor.accept()

    with_dialog(page.edit_action_button.click, evaluated)
    with db.session() as s:
        assert s.get(Action, action.id).status == "evaluated"
    assert ctx.undo_stack.count() == 1

    def deleted_meanwhile(editor):  # another window deletes it while the editor is open
        from app.services import records

        with db.transaction() as s:
            records.soft_delete(s, Action, action.id)
        editor.name.setText("Soep op dinsdag")
        editor.accept()

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    with_dialog(page.edit_action_button.click, deleted_meanwhile)
    assert len(shown) == 1 and shown[0]  # a calm message, no crash
    with db.session() as s:
        from app.services import records

        gone = records.get_any(s, Action, action.id)
        assert gone.deleted_at is not None and gone.name == "Soepbabbel"  # not renamed
