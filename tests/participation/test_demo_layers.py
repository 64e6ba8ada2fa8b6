"""Demo data for step 5, the bundled pictures, and the Qt-free rule for services."""
from __future__ import annotations

import subprocess
import sys

from sqlalchemy import select

from app.models.core import Action, Trajectory
from app.models.participation import Idea, IdeaSignup, ParticipatorySession, Persona
from app.services import method, paths
from app.services.participation import pictures, sessions


def test_demo_has_a_full_step_5(demo_db):
    with demo_db.session() as s:
        tid = s.scalar(select(Trajectory.id))
        assert len(s.scalars(select(Persona)).all()) >= 6
        dream, carousel = sessions.sessions(s, tid)
        assert (dream.phase, carousel.phase) == ("dream", "carousel")
        assert len(sessions.participants(s, dream.id)) == 30
        assert len(sessions.tables(s, dream.id)) == 4
        assert sessions.session_warnings(s, dream.id) == []
        actions = s.scalars(select(Action).where(Action.origin == "idea")).all()
        assert len(actions) >= 2
        linked = s.scalars(select(Idea).where(Idea.action_id.is_not(None))).all()
        assert {i.action_id for i in linked} <= {a.id for a in actions} and len(linked) == 2
        assert s.scalars(select(IdeaSignup)).all()
        assert method.step_status(s, tid)[5].progress == 1.0
        # participants picked from step 2 keep that record's id
        assert any(p.source_id for p in sessions.participants(s, dream.id))
        assert s.scalars(select(ParticipatorySession)).all()


def test_demo_hands_its_idea_actions_to_the_actions_feature(db):
    from datetime import date

    from app.services.demo import DemoContext
    from app.services.participation import demo

    with db.transaction() as s:
        traj = Trajectory(name="Demo")
        s.add(traj)
        s.flush()
        ctx = DemoContext(trajectory=traj, today=date(2026, 5, 1))
        demo.fill(s, ctx)
        actions = ctx.extra["idea_actions"]
        assert [a.name for a in actions] == ["Vroemvrijwilligers", "Mantelzorgcafé met oppas"]
        assert all(isinstance(a, Action) and a.status == "idea" for a in actions)


def test_bundled_pictures_match_their_definitions():
    folder = paths.resources_dir() / "personas"
    for key in pictures.keys():
        assert (folder / f"{key}.svg").read_text(encoding="utf-8") == pictures.to_svg(key)
    assert all(pictures.get(e.picture) for e in __import__(
        "app.services.participation.examples", fromlist=["EXAMPLES"]).EXAMPLES)


def test_services_do_not_import_qt():
    code = ("import sys, app.models, app.services.participation.cards, "
            "app.services.participation.sheets, app.services.participation.demo, "
            "app.services.participation.report_sections, app.cli.printing.personas; "
            "assert 'PySide6' not in sys.modules, 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=paths.resource_root())
