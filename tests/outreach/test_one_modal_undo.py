"""One modal per task on the outreach page, and undo for what it changes.

"New campaign" asks the kind once, in the form (no input box first), and the kind's defaults
follow the choice; a visitor for a street is one dialog; both, and a deleted visit, come back
with Ctrl+Z.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QInputDialog,
)
from sqlalchemy import select

from app.models.core import Action
from app.models.outreach import OutreachCampaign, OutreachPerson, OutreachVisit
from tests.helpers import with_dialog


@pytest.fixture
def page(qtbot, demo_db):
    from app.models.core import Trajectory
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    ctx = AppContext(demo_db, Settings(language="nl"))
    with demo_db.session() as s:
        ctx.set_trajectory(s.query(Trajectory).one().id)
    w = OutreachPage(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    return w


def ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_new_campaign_is_one_dialog_with_the_kind_in_the_form(qtbot, page, monkeypatch):
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: asked.append(a) or ("", False))
    seen = {}

    def fill(dialog):
        form = dialog.form
        qtbot.keyClicks(form.editors["name"], "Kerst Heikant")
        kind = form.editors["kind"]
        kind.setCurrentIndex(kind.findData("christmas"))
        seen["retry"] = form.editors["retry_days"].value()
        # a value the user typed stays when the kind changes again
        greeting = form.editors["greeting"]
        greeting.setPlainText("Zalige kerst van het buurtcomité")
        kind.setCurrentIndex(kind.findData("kgw"))
        seen["retry_kgw"] = form.editors["retry_days"].value()
        seen["greeting"] = greeting.toPlainText()
        ok(dialog)

    dialog = with_dialog(page.new_button.click, fill)
    assert not asked, "no input box before the form"
    assert dialog.windowTitle() == "Nieuwe campagne"
    assert seen["retry"] == 3 and seen["retry_kgw"] == 7
    assert seen["greeting"] == "Zalige kerst van het buurtcomité"
    with page.ctx.session() as s:
        camp = s.scalars(select(OutreachCampaign).where(
            OutreachCampaign.name == "Kerst Heikant")).one()
        assert camp.kind == "kgw"
        action_id = camp.action_id
    # undo: the campaign and the action made for it are tombstoned together; redo: back
    page.ctx.undo_stack.undo()
    with page.ctx.session() as s:
        assert s.get(OutreachCampaign, camp.id) is None
        assert s.get(Action, action_id) is None
    page.ctx.undo_stack.redo()
    with page.ctx.session() as s:
        assert s.get(OutreachCampaign, camp.id) is not None
        assert s.get(Action, action_id) is not None


def _choose_campaign(page, kind):
    with page.ctx.session() as s:
        cid = s.query(OutreachCampaign).filter_by(kind=kind).one().id
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(cid))
    return cid


def test_a_street_gets_a_visitor_in_one_dialog_and_ctrl_z_undoes_it(qtbot, page, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *a, **k: pytest.fail("an input box was opened"))
    cid = _choose_campaign(page, "christmas")
    with page.ctx.session() as s:
        persons = s.scalars(select(OutreachPerson).where(
            OutreachPerson.campaign_id == cid, OutreachPerson.street != "")).all()
        street = persons[0].street
        before = {p.id: p.visitor_id for p in persons if p.street == street}
    chosen = {}

    def fill(dialog):
        assert dialog.objectName() == "assignStreetDialog"
        streets = dialog.findChild(QComboBox, "street")
        streets.setCurrentIndex(streets.findText(street))
        visitors = dialog.findChild(QComboBox, "visitor")
        # a visitor who does not have this street yet
        for i in range(visitors.count()):
            if visitors.itemData(i) not in set(before.values()):
                visitors.setCurrentIndex(i)
                break
        chosen["vid"] = visitors.currentData()
        ok(dialog)

    with_dialog(page.assign_button.click, fill)
    with page.ctx.session() as s:
        now = {p.id: p.visitor_id for p in s.scalars(select(OutreachPerson).where(
            OutreachPerson.id.in_(before)))}
    assert set(now.values()) == {chosen["vid"]}
    undo_text = page.ctx.undo_stack.undoText()
    assert undo_text.startswith("Wijziging van ") and str(len(before)) in undo_text
    page.window().activateWindow()
    QApplication.processEvents()
    page.ctx.undo_stack.undo()
    with page.ctx.session() as s:
        back = {p.id: p.visitor_id for p in s.scalars(select(OutreachPerson).where(
            OutreachPerson.id.in_(before)))}
    assert back == before
    page.ctx.undo_stack.redo()
    with page.ctx.session() as s:
        again = {p.visitor_id for p in s.scalars(select(OutreachPerson).where(
            OutreachPerson.id.in_(before)))}
    assert again == {chosen["vid"]}


def test_deleting_a_visit_and_undoing_it_puts_the_person_status_back(qtbot, page):
    _choose_campaign(page, "christmas")
    page.tabs.setCurrentWidget(page.visits)
    panel = page.visits
    panel.select_id(panel.model.id_at(0))
    vid = panel.current_id()
    with page.ctx.session() as s:
        person_id = s.get(OutreachVisit, vid).person_id
        status = s.get(OutreachPerson, person_id).status
    panel.view.setFocus()
    page.window().activateWindow()
    QApplication.processEvents()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    with page.ctx.session() as s:
        assert s.get(OutreachVisit, vid) is None
    assert page.ctx.undo_stack.undoText().startswith("Verwijderen van bezoek “")
    page.ctx.undo_stack.undo()
    with page.ctx.session() as s:
        assert s.get(OutreachVisit, vid) is not None
        assert s.get(OutreachPerson, person_id).status == status
