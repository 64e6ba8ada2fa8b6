"""The method's steps (0 = before you start, 1–7): guidance, checklist, counters and progress.

Each feature defines its steps in `app/services/<feature>/steps.py` as `StepDef`s; this module
collects them. Progress of a step = (ticked checklist items + data goals met) / (items + goals).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from app.services.changes import Changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Step definitions are read when the window first paints, before the database layer is
# loaded: this module and the features' steps.py import SQLAlchemy and the models only inside
# functions. Counters name their model as "module:Class".
Counter = Callable[["Session", str], dict[str, int]]


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


def resolve(model: type | str) -> type:
    """A model class, or "package.module:Class" imported now."""
    if isinstance(model, str):
        module, _sep, name = model.partition(":")
        return getattr(importlib.import_module(module), name)
    return model


def count_rows(model: type | str, kind: str | None = None, **filters) -> Counter:
    """A counter of `model` rows of a trajectory, reported as `kind` (default: table name).

    `model` may be "module:Class", resolved at the first count."""
    if kind is None:
        kind = resolve(model).__tablename__ if not isinstance(model, str) else None

    def counter(session: Session, trajectory_id: str) -> dict[str, int]:
        from sqlalchemy import func, select

        cls = resolve(model)
        name = kind or cls.__tablename__
        stmt = select(func.count()).select_from(cls).where(
            cls.trajectory_id == trajectory_id, cls.deleted_at.is_(None)
        )
        for key, value in filters.items():
            stmt = stmt.where(getattr(cls, key) == value)
        return {name: session.scalar(stmt) or 0}

    return counter


def all_steps() -> list[StepDef]:
    from app.services.actions.steps import STEPS as actions
    from app.services.groundwork.steps import STEPS as groundwork
    from app.services.participation.steps import STEPS as participation

    steps = sorted([*groundwork, *participation, *actions], key=lambda s: s.number)
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


def ticked_items(session: Session, trajectory_id: str) -> dict[int, set[str]]:
    from sqlalchemy import select

    from app.models.core import ChecklistTick

    rows = session.execute(
        select(ChecklistTick.step, ChecklistTick.item_code).where(
            ChecklistTick.trajectory_id == trajectory_id, ChecklistTick.done.is_(True)
        )
    )
    result: dict[int, set[str]] = {}
    for number, code in rows:
        result.setdefault(number, set()).add(code)
    return result


def step_status(session: Session, trajectory_id: str) -> list[StepStatus]:
    ticks = ticked_items(session, trajectory_id)
    statuses = []
    for sd in all_steps():
        counts: dict[str, int] = {}
        for counter in sd.counters:
            counts.update(counter(session, trajectory_id))
        done = ticks.get(sd.number, set()) & {i.code for i in sd.checklist}
        met = [g for g in sd.goals if counts.get(g.kind, 0) >= g.minimum]
        total = len(sd.checklist) + len(sd.goals)
        progress = (len(done) + len(met)) / total if total else 0.0
        open_items = [i.label for i in sd.checklist if i.code not in done]
        open_goals = [g.label for g in sd.goals if g not in met]
        nxt = (open_goals + open_items or [None])[0]
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
