"""A trajectory at a glance, for the Overview: where, when, who leads it.

Read in plain SQL through a `stepdefs.Reader`, like the step progress, so that the window can
show it before the database layer is loaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.services.method import reader
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


def _as_date(value) -> date | None:
    """A DATE column as SQLite ("2026-05-01") or PostgreSQL (a date) returns it."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def trajectories(source) -> list[tuple[str, str]]:
    """(id, name) of every trajectory in the file, by name."""
    return reader(source).rows(
        "SELECT id, name FROM trajectory WHERE deleted_at IS NULL ORDER BY name, id")


def trajectory_summary(source, trajectory_id: str,
                       today: date | None = None) -> TrajectorySummary | None:
    """`source`: a session, a sqlite3 connection or a stepdefs.Reader."""
    source = reader(source)
    row = source.rows(
        "SELECT name, municipality, start_date, planned_end_date, network_director "
        "FROM trajectory WHERE id = :id AND deleted_at IS NULL", id=trajectory_id)
    if not row:
        return None
    name, municipality, start, end, director = row[0]
    start, end = _as_date(start), _as_date(end)
    today = today or date.today()
    lead = source.scalar(
        "SELECT name FROM partner WHERE trajectory_id = :id AND involvement = 'lead' "
        "AND deleted_at IS NULL ORDER BY name LIMIT 1", id=trajectory_id) or ""
    months_left = months_between(today, end) if end else None
    too_short = bool(start and end and months_between(start, end) < MIN_TRAJECTORY_MONTHS)
    return TrajectorySummary(name, municipality or "", start, end, lead, director or "",
                             months_left, too_short)
