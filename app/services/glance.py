"""A first look at the data file, for the window's first paint.

Loading SQLAlchemy and mapping the models takes about a second on a slow laptop. So the window
first shows what the Overview needs — the trajectories, how far each step is, the trajectory's
summary and the last backup — read here with Python's own sqlite3 on a read-only connection,
through the same SQL as the real Overview (`method.step_status`, `summary`). The database is
then opened properly (checked, upgraded when needed, backed up) off the GUI thread, and the
window switches to it.

This never writes to the file. Anything unexpected — no file, not ours, damaged, locked, an
older or newer layout — simply means no first look: the window says it is opening the data,
and `open_database` gives the calm message.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.services.database import SQLITE_HEADER
from app.services.method import StepStatus, reader, step_status
from app.services.summary import TrajectorySummary, trajectories, trajectory_summary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Glance:
    trajectories: list[tuple[str, str]]  # (id, name), by name
    trajectory_id: str  # the one to show: the last one used, else the first; "" when none
    statuses: list[StepStatus]
    summary: TrajectorySummary | None
    last_backup: datetime | None  # UTC


def read_glance(path: Path | str, wanted_trajectory_id: str = "") -> Glance | None:
    """The Overview's data from the file at `path`, or None when it cannot be read as is.

    Best effort, before the window exists: whatever goes wrong here is logged and means no
    first look; the real opening of the file reports problems properly."""
    try:
        return _read(Path(path), wanted_trajectory_id)
    except Exception:  # a first look must never stop the app from starting
        log.warning("no first look at %s", path, exc_info=True)
        return None


def _read(path: Path, wanted_trajectory_id: str) -> Glance | None:
    import sqlite3

    try:
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                return None
    except OSError:
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        con.execute("PRAGMA query_only = ON")
        source = reader(con)
        rows = trajectories(source)
        ids = [tid for tid, _name in rows]
        chosen = wanted_trajectory_id if wanted_trajectory_id in ids else (ids[0] if ids else "")
        statuses = step_status(source, chosen) if chosen else []
        summary = trajectory_summary(source, chosen) if chosen else None
    except (sqlite3.Error, ValueError) as exc:  # ValueError: a date that is not a date
        log.info("no first look at %s: %s", path, exc)
        return None
    finally:
        con.close()
    from app.services.backup import last_backup

    backup = last_backup(path)
    return Glance(rows, chosen, statuses, summary, backup.created if backup else None)
