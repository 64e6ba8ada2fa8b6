"""The vocabulary of the method's steps: what a feature says about a step of its own.

A feature defines its steps in `app/services/<feature>/steps.py` with these classes;
`app.services.method` collects them and counts progress. Counters run plain, portable SQL
through a `Reader`, so the same code serves a SQLAlchemy session and a read-only sqlite3
connection (the first paint's look at the file, `app.services.glance`). This module imports
no feature: the features import it, and the registry imports the features.
"""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Reader:
    """Runs read-only SQL with :named parameters; `reader()` picks the implementation."""

    def scalar(self, sql: str, **params) -> Any:
        raise NotImplementedError

    def rows(self, sql: str, **params) -> list[tuple]:
        raise NotImplementedError


class SqliteReader(Reader):
    def __init__(self, connection):
        self.connection = connection

    def scalar(self, sql: str, **params) -> Any:
        row = self.connection.execute(sql, params).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, **params) -> list[tuple]:
        return self.connection.execute(sql, params).fetchall()


class SessionReader(Reader):
    def __init__(self, session: Session):
        self.session = session

    def scalar(self, sql: str, **params) -> Any:
        from sqlalchemy import text

        return _plain(self.session.scalar(text(sql), params))

    def rows(self, sql: str, **params) -> list[tuple]:
        from sqlalchemy import text

        return [tuple(_plain(v) for v in row)
                for row in self.session.execute(text(sql), params)]


def _plain(value: Any) -> Any:
    """PostgreSQL hands raw SQL's uuid columns back as UUID objects; the app's ids are the
    lowercase text SQLite gives (and the models' Uuid type), on both engines."""
    return str(value) if isinstance(value, uuid.UUID) else value


class EveryTrajectoryReader(Reader):
    """Counts of one trajectory, each answered from one query for all trajectories: a count's
    SQL runs once as a correlated subquery per trajectory (`:trajectory_id` becomes the outer
    row's id) and the answers are kept. For overviews of many trajectories (the lead
    organisation's consolidated overview): a few queries instead of one per trajectory and
    counter. Anything but a count goes to the reader underneath, as asked."""

    def __init__(self, inner: Reader):
        self.inner = inner
        self._answers: dict[tuple, dict[str, Any]] = {}

    def scalar(self, sql: str, **params) -> Any:
        trajectory_id = params.get("trajectory_id")
        if trajectory_id is None or not sql.lstrip().lower().startswith("select count("):
            return self.inner.scalar(sql, **params)
        others = {k: v for k, v in params.items() if k != "trajectory_id"}
        key = (sql, tuple(sorted(others.items())))
        if key not in self._answers:
            inner = re.sub(r":trajectory_id\b", "bv_every.id", sql)
            self._answers[key] = {str(t): n for t, n in self.inner.rows(
                f"SELECT bv_every.id, ({inner}) FROM trajectory bv_every", **others)}
        return self._answers[key].get(str(trajectory_id), 0)

    def rows(self, sql: str, **params) -> list[tuple]:
        return self.inner.rows(sql, **params)


def reader(source) -> Reader:
    """A Reader over a Reader, a sqlite3 connection or a SQLAlchemy session."""
    if isinstance(source, Reader):
        return source
    if type(source).__module__.startswith("sqlite3"):
        return SqliteReader(source)
    return SessionReader(source)


# A counter reports counts of one trajectory: counter(reader, trajectory_id) -> {kind: n}.
Counter = Callable[[Reader, str], dict[str, int]]


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str  # msgid


@dataclass(frozen=True)
class DataGoal:
    """A step is further along when it holds at least `minimum` records of `kind`."""

    kind: str
    minimum: int
    label: str  # msgid, e.g. "Register at least three partners"


@dataclass(frozen=True)
class Guidance:
    purpose: str  # msgid
    questions: tuple[str, ...]  # msgids
    tip: str  # msgid
    advice: tuple[str, ...] = ()  # msgids: the method's further advice, "good to know"


@dataclass(frozen=True)
class StepDef:
    number: int
    key: str
    tab_title: str  # msgid, short: "1 Support"
    title: str  # msgid, long
    guidance: Guidance
    checklist: tuple[ChecklistItem, ...]
    goals: tuple[DataGoal, ...] = ()
    counters: tuple[Counter, ...] = field(default=())


def count_rows(table: str, kind: str | None = None, **filters) -> Counter:
    """A counter of the live (not deleted) rows of `table` in a trajectory, reported as `kind`
    (default: the table name); `filters` are column = value conditions."""
    where = "".join(f" AND {column} = :{column}" for column in filters)
    sql = (f"SELECT count(*) FROM {table} "
           f"WHERE trajectory_id = :trajectory_id AND deleted_at IS NULL{where}")
    name = kind or table

    def counter(source: Reader, trajectory_id: str) -> dict[str, int]:
        return {name: source.scalar(sql, trajectory_id=trajectory_id, **filters) or 0}

    # what it counts, checked against the models in tests
    counter.table = table  # type: ignore[attr-defined]
    counter.columns = tuple(filters)  # type: ignore[attr-defined]
    return counter
