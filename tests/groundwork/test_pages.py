"""The groundwork tabs before step 4 driven as a user would: keyboard add, edit and delete
with undo, search and filter, preconditions, the keep-warm list, the stakeholder map and the
coverage matrix (step 4 is in test_step4_page.py)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from app.models.core import FocusArea, Partner, Trajectory
from app.models.groundwork import (
    ContactMoment,
    ExistingActivity,
    InterestedPerson,
    Precondition,
    TrainingSession,
)
from app.services.i18n import set_language
from tests.groundwork.ui import check, choose, key, press_enter, rows, show, type_into
from tests.helpers import with_dialog

# --- before you start ---------------------------------------------------------------------------

def test_start_page_focus_areas_preconditions_and_readiness(qtbot, ctx, db):
    from app.views.groundwork.start_page import StartPage

    set_language("en")
    page = StartPage(ctx)
    show(qtbot, page)
    panel = page.focus_areas
    panel.view.setFocus()

    def fill(dialog):
        type_into(qtbot, dialog, "name", "Kapelhoek")
        choose(qtbot, dialog, "kind")
        check(dialog, "signal_sources", "residents", "figures")
        press_enter(qtbot, dialog)

    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Insert), fill)
    [area] = rows(db, FocusArea)
    assert (area.name, area.signal_sources) == ("Kapelhoek", ["figures", "residents"])
    assert panel.model.rowCount() == 1

    readiness_label = page.preconditions.summary
    assert "focus area" not in readiness_label.text()  # an area now exists
    assert "Not ready" in readiness_label.text()
    combo = page.preconditions.statuses["mandate"]
    combo.setCurrentIndex(combo.findData("in_place"))
    note = page.preconditions.notes["mandate"]
    note.setFocus()
    qtbot.keyClicks(note, "Collegebesluit")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    [pre] = rows(db, Precondition, code="mandate")
    assert (pre.status, pre.note) == ("in_place", "Collegebesluit")
    assert "Board or management" not in readiness_label.text()
    # the note was one undo step: undo it and the status stays, redo it back (issue 14)
    ctx.undo_stack.undo()
    [pre] = rows(db, Precondition, code="mandate")
    assert (pre.status, pre.note) == ("in_place", "")
    assert note.text() == ""
    ctx.undo_stack.redo()
    [pre] = rows(db, Precondition, code="mandate")
    assert pre.note == "Collegebesluit" and note.text() == "Collegebesluit"

    # edit with Enter, then delete with Delete and undo
    panel.view.setFocus()
    panel.select_id(area.id)

    def rename(dialog):
        editor = dialog.form.editors["name"]
        editor.selectAll()
        qtbot.keyClicks(editor, "Kapelhoek-Noord")
        press_enter(qtbot, dialog)

    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_Return), rename)
    assert rows(db, FocusArea)[0].name == "Kapelhoek-Noord"
    key(qtbot, panel.view, Qt.Key.Key_Delete)
    assert rows(db, FocusArea) == [] and panel.model.rowCount() == 0
    assert "focus area" in readiness_label.text()
    ctx.undo_stack.undo()
    assert len(rows(db, FocusArea)) == 1 and panel.model.rowCount() == 1


# --- step 1 -----------------------------------------------------------------------------------

def test_step1_director_contacts_keep_warm_and_map(qtbot, ctx, db, trajectory):
    from app.views.groundwork.step1_page import Step1Page

    set_language("en")
    with db.transaction() as s:
        s.add(Partner(trajectory_id=trajectory.id, name="LDC De Linde", involvement="lead",
                      partner_type="ldc", essential=True))
        s.add(Partner(trajectory_id=trajectory.id, name="CAW", involvement="core",
                      partner_type="caw"))
    page = Step1Page(ctx)
    show(qtbot, page)
    assert page.lead_value.text() == "LDC De Linde"
    page.director.setFocus()
    qtbot.keyClicks(page.director, "An Verbiest")
    qtbot.keyClick(page.director, Qt.Key.Key_Return)
    with db.session() as s:
        assert s.get(Trajectory, trajectory.id).network_director == "An Verbiest"

    assert page.warm_list.count() == 2  # nobody contacted yet
    assert "never" in page.warm_list.item(0).text()
    page.tabs.setCurrentIndex(1)
    panel = page.contacts
    panel.view.setFocus()
    caw = rows(db, Partner, name="CAW")[0]

    def fill(dialog):
        dialog.form.editors["held_on"].setDate(QDate.currentDate())
        choose(qtbot, dialog, "kind", "network_meeting")
        type_into(qtbot, dialog, "title", "Netwerkmoment")
        check(dialog, "partner_ids", caw.id)
        press_enter(qtbot, dialog)

    with_dialog(lambda: key(qtbot, panel.view, Qt.Key.Key_N,
                                       Qt.KeyboardModifier.ControlModifier), fill)
    [moment] = rows(db, ContactMoment)
    assert moment.partner_ids == [caw.id] and moment.held_on == date.today()
    texts = [page.warm_list.item(i).text() for i in range(page.warm_list.count())]
    assert len(texts) == 1 and texts[0].startswith("LDC De Linde")
    assert "CAW" in panel.model.data(panel.model.index(0, 3))

    page.tabs.setCurrentIndex(2)
    assert len(page.map.nodes) == 2
    assert not page.map.grab().isNull()

    # search narrows the partner list
    page.tabs.setCurrentIndex(0)
    qtbot.keyClicks(page.partners.search, "caw")
    qtbot.waitUntil(lambda: page.partners.model.rowCount() == 1)


# --- step 2 -----------------------------------------------------------------------------------

def test_step2_sessions_and_interested_people_with_consent(qtbot, ctx, db, monkeypatch):
    from app.views.groundwork.step2_page import Step2Page

    set_language("en")
    page = Step2Page(ctx)
    show(qtbot, page)

    def session_fill(dialog):
        combo = dialog.form.editors["kind"]
        combo.setCurrentIndex(combo.findData("open_training"))
        type_into(qtbot, dialog, "place", "Zaal Ons Huis")
        dialog.form.editors["volunteers"].setValue(12)
        dialog.form.editors["residents"].setValue(5)
        dialog.form.editors["evaluation"].setValue(4)
        press_enter(qtbot, dialog)

    page.sessions.view.setFocus()
    with_dialog(lambda: key(qtbot, page.sessions.view, Qt.Key.Key_Insert), session_fill)
    [ts] = rows(db, TrainingSession)
    assert (ts.kind, ts.volunteers, ts.residents, ts.evaluation) == ("open_training", 12, 5, 4)
    assert page.sessions.model.data(page.sessions.model.index(0, 4)) == "17"

    def person_fill(dialog):
        type_into(qtbot, dialog, "name", "Marleen")
        choose(qtbot, dialog, "role", "resident")
        dialog.form.editors["consent"].setChecked(True)
        press_enter(qtbot, dialog)
        assert dialog.isVisible()  # refused: consent without a date
        assert "date" in dialog.problems.text()
        dialog.form.editors["consent_date"].setDate(QDate(2026, 3, 1))
        press_enter(qtbot, dialog)

    page.people.view.setFocus()
    with_dialog(lambda: key(qtbot, page.people.view, Qt.Key.Key_Insert), person_fill)
    [person] = rows(db, InterestedPerson)
    assert person.consent and person.consent_date == date(2026, 3, 1)
    page.people.select_id(person.id)
    key(qtbot, page.people.view, Qt.Key.Key_Delete)
    assert rows(db, InterestedPerson) == []
    ctx.undo_stack.undo()
    assert len(rows(db, InterestedPerson)) == 1

    # erase for good after confirming: gone from the list, details blanked
    page.people.select_id(person.id)
    assert page.erase_button.isEnabled()
    monkeypatch.setattr("app.views.groundwork.step2_page.QMessageBox.question",
                        lambda *a: QMessageBox.StandardButton.Yes)
    assert page.erase_current()
    assert rows(db, InterestedPerson) == [] and page.people.model.rowCount() == 0


# --- step 3 -----------------------------------------------------------------------------------

def test_step3_inventory_updates_the_coverage_matrix(qtbot, ctx, db, trajectory):
    from app.views.groundwork.step3_page import Step3Page

    set_language("en")
    with db.transaction() as s:
        s.add(Partner(trajectory_id=trajectory.id, name="Landelijke Gilde"))
    page = Step3Page(ctx)
    show(qtbot, page)
    assert page.coverage.rowCount() == 13
    assert "Farmers" in page.unreached.text() or "No actions" in page.unreached.text()
    gilde = rows(db, Partner)[0]

    def fill(dialog):
        type_into(qtbot, dialog, "name", "Boerenontbijt")
        choose(qtbot, dialog, "continuity", "structural")
        combo = dialog.form.editors["organiser_id"]
        combo.setCurrentIndex(combo.findData(gilde.id))
        check(dialog, "risk_group_codes", "farmers", "living_alone")
        check(dialog, "element_codes", "meeting")
        press_enter(qtbot, dialog)

    page.activities.view.setFocus()
    with_dialog(lambda: key(qtbot, page.activities.view, Qt.Key.Key_Insert), fill)
    [act] = rows(db, ExistingActivity)
    assert act.organiser_id == gilde.id and act.risk_group_codes == ["farmers", "living_alone"]
    m = page.coverage
    assert m.columnCount() == 2
    first_reached = 11
    assert m.data(m.index(0, 0)).startswith("⚠")
    assert "not reached" in m.data(m.index(first_reached - 1, 0))
    assert m.data(m.index(first_reached, 1)) == "●"
    assert "Farmers" not in page.unreached.text()
    assert "1 = Boerenontbijt" in page.legend.text()
    assert page.activities.model.data(page.activities.model.index(0, 1)) == "Landelijke Gilde"


def test_coverage_model_passes_the_model_tester(qtmodeltester, qtbot, ctx, db, trajectory):
    from app.services.groundwork.coverage import coverage_matrix
    from app.views.groundwork.widgets import CoverageModel

    with db.transaction() as s:
        s.add(ExistingActivity(trajectory_id=trajectory.id, name="Soep",
                               risk_group_codes=["older_75"]))
    model = CoverageModel()
    with db.session() as s:
        model.set_matrix(coverage_matrix(s, trajectory.id))
    qtmodeltester.check(model)
    # an unreached group's row is marked light: its text must be dark in every theme
    from PySide6.QtCore import Qt

    row = next(r for r in range(model.rowCount()) if "⚠" in model.index(r, 0).data())
    background = model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color()
    text = model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color()
    assert background.lightness() - text.lightness() > 180


def test_pages_retranslate(qtbot, ctx):
    from app.views.groundwork.step1_page import Step1Page
    from app.views.groundwork.step4_page import Step4Page

    step1, step4 = Step1Page(ctx), Step4Page(ctx)
    for page in (step1, step4):
        qtbot.addWidget(page)
    assert step1.tabs.tabText(1) == "Contactenlogboek"
    set_language("fr")
    for page in (step1, step4):
        page.retranslate_ui()
    assert step1.tabs.tabText(1) == "Journal des contacts"
    assert step4.tabs.tabText(2) == "Besoins"
    assert step4.import_button.text() == "Imp&orter…"
    assert step4.area_filter.itemText(0) == "Toutes les zones prioritaires"


def test_stakeholder_map_stays_readable_in_the_dark_theme(qtbot, db, trajectory):
    """The map is drawn like paper: dark names and legend on white, whatever the theme."""
    from PySide6.QtGui import QColor, QPalette

    from app.services.groundwork import network
    from app.views.groundwork.widgets import StakeholderMap
    from app.views.theme import palette_for

    with db.transaction() as s:
        s.add(Partner(trajectory_id=trajectory.id, name="OCMW", partner_type="social_service",
                      involvement="lead"))
        for i in range(6):
            s.add(Partner(trajectory_id=trajectory.id, name=f"Vereniging {i}",
                          partner_type="association", involvement="informed"))
    widget = StakeholderMap()
    qtbot.addWidget(widget)
    widget.setPalette(palette_for("dark"))
    assert widget.palette().color(QPalette.ColorRole.Base).lightness() < 80
    with db.session() as s:
        widget.set_nodes(network.stakeholder_layout(s, trajectory.id))
    widget.resize(900, 500)
    image = widget.grab().toImage()
    assert QColor(image.pixel(2, 2)).lightness() > 240  # a white sheet
    legend = [QColor(image.pixel(x, y)).lightness()
              for x in range(image.width() - 250, image.width() - 20) for y in range(8, 30)]
    assert min(legend) < 60  # the legend's title is drawn in dark ink
