"""One write path (issue 20): a list's form is saved by the feature's service through the
context's runner, so the rules hold however a record is edited, and `Changes` names the new
record."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models.core import Trajectory
from app.models.groundwork import AreaFigure, AreaNeed
from app.models.participation import Idea, IdeaSignup
from app.services import records
from app.services.changes import Changes
from app.services.groundwork import needs
from app.services.participation import ideas
from app.services.settings import Settings


@pytest.fixture
def ctx(db, trajectory, qtbot):
    from app.views.context import AppContext

    context = AppContext(db, Settings())
    context.set_trajectory(trajectory.id)
    return context


@pytest.fixture
def idea_id(db, trajectory):
    with db.transaction() as s:
        idea = Idea(trajectory_id=trajectory.id, title="Buurtsoep")
        s.add(idea)
        s.flush()
        return idea.id


def test_changes_carry_the_new_id():
    made = Changes.made("partner", "abc", "focus_area")
    assert made.new_id == "abc" and made.touches("focus_area")
    assert (Changes.of("x") | made).new_id == "abc" and (made | Changes.of("y")).new_id == "abc"
    assert Changes.of("x").new_id == ""


def test_a_service_that_returns_changes_is_undoable(ctx, db):
    from app.services import trajectories

    new_id = ctx.add_with(Trajectory, trajectories.create_trajectory,
                          {"name": "  Heidebeek  ", "municipality": "Kasterlee"})
    with db.session() as s:
        assert s.get(Trajectory, new_id).name == "Heidebeek"  # the service cleans it
    ctx.undo_stack.undo()
    with db.session() as s:
        assert s.scalars(select(Trajectory).where(Trajectory.id == new_id)).first() is None


def test_a_signup_edit_keeps_the_consent_rule(ctx, db, idea_id):
    """The rule used to live only in the form: an edit could keep a phone number of someone
    who had not agreed."""
    from app.views.participation.lists import signup_spec

    spec = signup_spec(lambda: idea_id)
    sid = ctx.add_with(IdeaSignup, spec.save_new, ctx.trajectory_id,
                       {"name": "Jef", "contact": "0470 12 34 56", "consent": True,
                        "consent_date": date(2026, 11, 2), "help_offer": ""})
    with pytest.raises(ideas.SignupConsentMissingError):
        ctx.edit_with(IdeaSignup, sid, spec.save_edit, sid, {"consent": False})
    ctx.edit_with(IdeaSignup, sid, spec.save_edit, sid, {"consent": False, "contact": " "})
    with db.session() as s:
        row = s.get(IdeaSignup, sid)
        assert (row.consent, row.contact, row.name) == (False, "", "Jef")
    with pytest.raises(ideas.SignupNameMissingError):
        ctx.edit_with(IdeaSignup, sid, spec.save_edit, sid, {"name": "   "})
    ctx.undo_stack.undo()  # the consent comes back with the number
    with db.session() as s:
        assert s.get(IdeaSignup, sid).contact == "0470 12 34 56"


def test_a_child_list_adds_nothing_without_its_parent(ctx, qtbot, idea_id):
    from app.views.participation.lists import signup_spec
    from app.views.widgets.record_list import RecordListPanel

    chosen = {"id": ""}
    panel = RecordListPanel(ctx, signup_spec(lambda: chosen["id"]))
    qtbot.addWidget(panel)
    assert not panel.can_add() and panel.add_record() is None
    assert not panel.add_button.isEnabled()
    chosen["id"] = idea_id
    panel.reload()
    assert panel.can_add() and panel.add_button.isEnabled()
    new_id = panel.save_new({"name": "Mia", "contact": "", "consent": False})
    assert new_id and panel.model.row_of(new_id) >= 0


def test_a_refused_save_is_told_and_writes_nothing(ctx, qtbot, db, idea_id, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.views.participation.lists import signup_spec
    from app.views.widgets.record_list import RecordListPanel

    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _title, text: told.append(text)))
    panel = RecordListPanel(ctx, signup_spec(lambda: idea_id))
    qtbot.addWidget(panel)
    assert panel.save_new({"name": "Mia", "contact": "mia@example.be"}) is None
    assert told == [ideas.SignupConsentMissingError().user_message()]
    with db.session() as s:
        assert s.scalars(select(IdeaSignup)).all() == []
    assert not ctx.undo_stack.canUndo()


def test_a_need_only_gains_links_to_this_trajectorys_evidence(db, trajectory):
    with db.transaction() as s:
        other = Trajectory(name="Elders")
        s.add(other)
        s.flush()
        mine = AreaFigure(trajectory_id=trajectory.id, indicator="80+", value=1.0)
        theirs = AreaFigure(trajectory_id=other.id, indicator="80+", value=2.0)
        s.add_all([mine, theirs])
        s.flush()
        mine_id, theirs_id = mine.id, theirs.id
    with db.transaction() as s:
        with pytest.raises(needs.UnknownEvidenceError):
            needs.create_need(s, trajectory.id, {"title": "Vervoer", "priority": 1,
                                                 "figure_ids": [theirs_id]})
    with db.transaction() as s:
        need, _c = needs.create_need(s, trajectory.id, {"title": "Vervoer", "priority": 1,
                                                        "figure_ids": [mine_id]})
        need_id = need.id
        records.soft_delete(s, AreaFigure, mine_id)
    with db.transaction() as s:  # a link to evidence deleted since may stay
        needs.update_need(s, need_id, {"title": "Vervoer naar de markt",
                                       "figure_ids": [mine_id]})
        with pytest.raises(needs.UnknownEvidenceError):
            needs.update_need(s, need_id, {"figure_ids": [mine_id, theirs_id]})
    with db.session() as s:
        assert s.get(AreaNeed, need_id).title == "Vervoer naar de markt"


def test_undoing_make_action_gives_the_idea_back_its_status(ctx, db, idea_id):
    """The idea ↔ action rule of an undo lives in the service, not in the tab."""
    from app.models.core import Action

    with db.session() as s:
        before = ideas.idea_of(s, idea_id).status
    action_id = ctx.add_with(Action, ideas.make_action, idea_id,
                             after_undo=lambda s, aid: ideas.follow_action(s, idea_id, before,
                                                                           aid))
    with db.session() as s:
        assert (ideas.idea_of(s, idea_id).action_id, ideas.idea_of(s, idea_id).status) == (
            action_id, "action")
    ctx.undo_stack.undo()
    with db.session() as s:
        idea = ideas.idea_of(s, idea_id)
        assert (idea.action_id, idea.status) == (None, before)
    ctx.undo_stack.redo()
    with db.session() as s:
        assert ideas.idea_of(s, idea_id).action_id == action_id
        assert ideas.idea_of(s, "") is None
