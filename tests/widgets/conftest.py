"""Fixtures for the shared widgets' tests: a context on the test trajectory, in English."""
from __future__ import annotations

import pytest

from app.services.settings import Settings


@pytest.fixture
def ctx(qtbot, db, trajectory):
    from app.services.i18n import set_language
    from app.views.context import AppContext

    set_language("en")
    context = AppContext(db, Settings(language="en"))
    context.set_trajectory(trajectory.id)
    return context


@pytest.fixture
def demo_ctx(qtbot, demo_db):
    from app.models.core import Trajectory
    from app.views.context import AppContext

    context = AppContext(demo_db, Settings(language="nl"))
    with demo_db.session() as s:
        context.set_trajectory(s.query(Trajectory).one().id)
    return context
