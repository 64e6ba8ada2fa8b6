"""The method's steps (0 = before you start, 1–7): guidance, checklist, counters and progress.

Each feature defines its steps in `app/services/<feature>/steps.py` as `StepDef`s; this module
collects them. Progress of a step = (ticked checklist items + data goals met) / (items + goals).

Progress is counted in plain, portable SQL through a `Reader`, so the same code serves a
SQLAlchemy session and a read-only sqlite3 connection: the window shows the Overview's figures
at its first paint, before SQLAlchemy and the models are loaded (`app.services.glance`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.services.changes import Changes

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

        return self.session.scalar(text(sql), params)

    def rows(self, sql: str, **params) -> list[tuple]:
        from sqlalchemy import text

        return [tuple(row) for row in self.session.execute(text(sql), params)]


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

    counter.table = table  # type: ignore[attr-defined]  # checked against the models in tests
    counter.columns = tuple(filters)  # type: ignore[attr-defined]
    return counter


def all_steps() -> list[StepDef]:
    from app.services.actions import steps as actions
    from app.services.groundwork import steps as groundwork
    from app.services.participation import steps as participation

    steps = sorted([*groundwork.STEPS, *participation.STEPS, *actions.STEPS],
                   key=lambda s: s.number)
    assert [s.number for s in steps] == list(range(8)), "steps 0..7 must each be defined once"
    return steps


def step(number: int) -> StepDef:
    return all_steps()[number]


@dataclass(frozen=True)
class StepStatus:
    step: int
    progress: float
    counts: dict[str, int]
    ticked: frozenset[str]
    next_item: str | None  # msgid of the first open checklist item or unmet goal


def ticked_items(source, trajectory_id: str) -> dict[int, set[str]]:
    rows = reader(source).rows(
        "SELECT step, item_code FROM checklist_tick WHERE trajectory_id = :trajectory_id "
        "AND done = :done AND deleted_at IS NULL", trajectory_id=trajectory_id, done=True)
    result: dict[int, set[str]] = {}
    for number, code in rows:
        result.setdefault(number, set()).add(code)
    return result


def step_status(source, trajectory_id: str) -> list[StepStatus]:
    """How far each step is; `source` is a session, a sqlite3 connection or a Reader."""
    source = reader(source)
    ticks = ticked_items(source, trajectory_id)
    statuses = []
    for sd in all_steps():
        counts: dict[str, int] = {}
        for counter in sd.counters:
            counts.update(counter(source, trajectory_id))
        done = ticks.get(sd.number, set()) & {i.code for i in sd.checklist}
        met = [g for g in sd.goals if counts.get(g.kind, 0) >= g.minimum]
        total = len(sd.checklist) + len(sd.goals)
        progress = (len(done) + len(met)) / total if total else 0.0
        open_items = [i.label for i in sd.checklist if i.code not in done]
        open_goals = [g.label for g in sd.goals if g not in met]
        nxt = next(iter(open_goals + open_items), None)
        statuses.append(StepStatus(sd.number, progress, counts, frozenset(done), nxt))
    return statuses


def set_tick(session: Session, trajectory_id: str, number: int, code: str, done: bool) -> Changes:
    from sqlalchemy import select

    from app.models.core import ChecklistTick

    tick = session.scalar(
        select(ChecklistTick).where(
            ChecklistTick.trajectory_id == trajectory_id,
            ChecklistTick.step == number,
            ChecklistTick.item_code == code,
        )
    )
    if tick is None:
        session.add(ChecklistTick(trajectory_id=trajectory_id, step=number, item_code=code,
                                  done=done))
    elif tick.done != done:
        tick.done = done
    session.flush()
    return Changes.of("checklist_tick")


def _note(session: Session, trajectory_id: str, number: int):
    from sqlalchemy import select

    from app.models.core import StepNote

    return session.scalar(
        select(StepNote).where(StepNote.trajectory_id == trajectory_id, StepNote.step == number)
    )


def get_note(session: Session, trajectory_id: str, number: int) -> str:
    note = _note(session, trajectory_id, number)
    return note.text if note else ""


def set_note(session: Session, trajectory_id: str, number: int, text: str) -> Changes:
    from app.models.core import StepNote

    note = _note(session, trajectory_id, number)
    if note is None:
        if not text:
            return Changes()
        session.add(StepNote(trajectory_id=trajectory_id, step=number, text=text))
    elif note.text != text:
        note.text = text
    else:
        return Changes()
    session.flush()
    return Changes.of("step_note")
