"""A trajectory at a glance, for the Overview: where, when, who leads it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import Partner, Trajectory
from app.services.reference import MIN_TRAJECTORY_MONTHS


@dataclass(frozen=True)
class TrajectorySummary:
    name: str
    municipality: str
    start: date | None
    end: date | None
    lead: str  # the partner whose involvement is "lead"
    director: str
    months_left: int | None  # whole months until the planned end (None without an end)
    too_short: bool  # planned period under the toolkit's advised minimum


def months_between(a: date, b: date) -> int:
    """Whole months from a to b (negative when b is earlier)."""
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        months -= 1 if months > 0 else 0
    return months


def trajectory_summary(session: Session, trajectory_id: str,
                       today: date | None = None) -> TrajectorySummary | None:
    traj = session.get(Trajectory, trajectory_id)
    if traj is None:
        return None
    today = today or date.today()
    lead = session.scalar(select(Partner.name).where(
        Partner.trajectory_id == trajectory_id, Partner.involvement == "lead")
        .order_by(Partner.name).limit(1)) or ""
    months_left = months_between(today, traj.planned_end_date) if traj.planned_end_date \
        else None
    too_short = bool(traj.start_date and traj.planned_end_date and months_between(
        traj.start_date, traj.planned_end_date) < MIN_TRAJECTORY_MONTHS)
    return TrajectorySummary(traj.name, traj.municipality, traj.start_date,
                             traj.planned_end_date, lead, traj.network_director, months_left,
                             too_short)
