"""The groundwork pages' shared fixture: a context on the test trajectory, in Dutch."""
from __future__ import annotations

import pytest

from app.services.settings import Settings


@pytest.fixture
def ctx(qtbot, db, trajectory):
    from app.views.context import AppContext

    context = AppContext(db, Settings(language="nl"))
    context.set_trajectory(trajectory.id)
    return context
