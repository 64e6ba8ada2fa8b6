"""What the exchange dialogs (export, import) ask the database. Qt-free; the views call these
instead of building queries themselves."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import Trajectory


def trajectory_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every trajectory of this file, by name."""
    return [(tid, name) for tid, name in session.execute(
        select(Trajectory.id, Trajectory.name).order_by(Trajectory.name))]
