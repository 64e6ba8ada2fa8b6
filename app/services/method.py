"""The method's steps (0 = before you start, 1–7): the registry, progress, ticks and notes.

Each feature defines its steps in `app/services/<feature>/steps.py` with the vocabulary of
`app.services.stepdefs`; this module imports those three modules and collects them. Progress
of a step = (ticked checklist items + data goals met) / (items + goals).

Progress is counted in plain, portable SQL through a `Reader`, so the same code serves a
SQLAlchemy session and a read-only sqlite3 connection: the window shows the Overview's figures
at its first paint, before SQLAlchemy and the models are loaded (`app.services.glance`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.services.actions.steps import STEPS as ACTIONS_STEPS
from app.services.changes import Changes
from app.services.groundwork.steps import STEPS as GROUNDWORK_STEPS
from app.services.participation.steps import STEPS as PARTICIPATION_STEPS
from app.services.stepdefs import StepDef, reader

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


_STEPS = sorted([*GROUNDWORK_STEPS, *PARTICIPATION_STEPS, *ACTIONS_STEPS],
                key=lambda s: s.number)
assert [s.number for s in _STEPS] == list(range(8)), "steps 0..7 must each be defined once"


def all_steps() -> list[StepDef]:
    return list(_STEPS)


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
