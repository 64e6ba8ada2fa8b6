"""A trajectory's own fields: made, read and changed from the window's Trajectory menu and
step 1 (the network director). Qt-free; the views call these."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models.core import Trajectory
from app.services import records
from app.services.changes import Changes

FIELDS = ("name", "municipality", "organisation", "network_director", "start_date",
          "planned_end_date", "description")
TEXTS = ("name", "municipality", "organisation", "network_director", "description")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: values[k] for k in FIELDS if k in values}
    for key in TEXTS:
        if key in out:
            out[key] = (out[key] or "").strip()
    return out


def create_trajectory(session: Session, values: dict[str, Any]) -> Changes:
    traj, _changes = records.create(session, Trajectory, **_clean(values))
    return Changes.made("trajectory", traj.id)


def update_trajectory(session: Session, trajectory_id: str, values: dict[str, Any]) -> Changes:
    traj = session.get(Trajectory, trajectory_id)
    if traj is None:
        return Changes()
    return records.update(session, traj, **_clean(values))


def print_context(session: Session, trajectory_id: str) -> str:
    """What a trajectory's printables are about, for their file names: its municipality,
    else its name ("" without one)."""
    traj = session.get(Trajectory, trajectory_id) if trajectory_id else None
    return (traj.municipality or traj.name) if traj is not None else ""


def trajectory_values(session: Session, trajectory_id: str) -> dict[str, Any] | None:
    """The trajectory's fields for its edit form; None when there is none."""
    traj = session.get(Trajectory, trajectory_id) if trajectory_id else None
    return None if traj is None else {k: getattr(traj, k) for k in FIELDS}
