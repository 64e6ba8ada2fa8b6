"""Step 4: needs in order of priority, with the figures and stories behind each. A need with
neither is a gut feeling that still has to be checked."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.groundwork import AreaFigure, AreaNeed, AreaStory
from app.services import records
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_


class UnknownEvidenceError(AppError):
    msgid = N_("A linked figure or story no longer exists. Reopen the need and choose again.")


@dataclass(frozen=True)
class NeedSummary:
    id: str
    title: str
    priority: int
    figures: list[str]  # "indicator: value unit (year)" texts
    stories: list[str]  # story titles

    @property
    def gut_feeling(self) -> bool:
        return not self.figures and not self.stories


def has_reference(value: float | None, label: str) -> bool:
    """A figure typed by hand has 0 as reference when none was given; 0 with no name for
    what it is compared with counts as 'no reference'."""
    return value is not None and (value != 0 or bool(label.strip()))


def figure_text(fig: AreaFigure) -> str:
    from app.services.i18n import format_decimal

    text = f"{fig.indicator}: {format_decimal(fig.value)}"
    if fig.unit:
        text += f" {fig.unit}"
    if fig.year:
        text += f" ({fig.year})"
    return text


def need_summaries(session: Session, trajectory_id: str) -> list[NeedSummary]:
    figures = {f.id: f for f in session.scalars(select(AreaFigure).where(
        AreaFigure.trajectory_id == trajectory_id))}
    stories = {s.id: s for s in session.scalars(select(AreaStory).where(
        AreaStory.trajectory_id == trajectory_id))}
    needs = session.scalars(select(AreaNeed).where(AreaNeed.trajectory_id == trajectory_id)
                            .order_by(AreaNeed.priority, AreaNeed.title))
    return [NeedSummary(n.id, n.title, n.priority,
                        [figure_text(figures[i]) for i in n.figure_ids if i in figures],
                        [stories[i].title for i in n.story_ids if i in stories])
            for n in needs]


def check_links(session: Session, trajectory_id: str, figure_ids, story_ids) -> None:
    """Refuse links to figures or stories that are not (or no longer) in this trajectory."""
    for model, ids in ((AreaFigure, figure_ids), (AreaStory, story_ids)):
        ids = set(ids or ())
        if not ids:
            continue
        found = set(session.scalars(select(model.id).where(
            model.trajectory_id == trajectory_id, model.id.in_(ids))))
        if found != ids:
            raise UnknownEvidenceError()


NEED_FIELDS = ("title", "priority", "focus_area_id", "description", "figure_ids", "story_ids")


def create_need(session: Session, trajectory_id: str,
                values: dict[str, Any]) -> tuple[AreaNeed, Changes]:
    """A need from its form; it may only lean on this trajectory's figures and stories."""
    fields = {k: values[k] for k in NEED_FIELDS if k in values}
    check_links(session, trajectory_id, fields.get("figure_ids"), fields.get("story_ids"))
    return records.create(session, AreaNeed, trajectory_id=trajectory_id, **fields)


def update_need(session: Session, need_id: str, values: dict[str, Any]) -> Changes:
    """An edited need; links it gains are checked like a new need's (links it already had
    to evidence deleted since may stay: they simply no longer count)."""
    need = session.get(AreaNeed, need_id)
    if need is None:
        return Changes()
    fields = {k: values[k] for k in NEED_FIELDS if k in values}
    check_links(session, need.trajectory_id,
                set(fields.get("figure_ids") or ()) - set(need.figure_ids),
                set(fields.get("story_ids") or ()) - set(need.story_ids))
    return records.update(session, need, **fields)


def reorder(session: Session, trajectory_id: str, ordered_ids: list[str]) -> Changes:
    """Give the needs priorities 1..n in the given order (others keep theirs after them)."""
    needs = {n.id: n for n in session.scalars(select(AreaNeed).where(
        AreaNeed.trajectory_id == trajectory_id))}
    changed = False
    for rank, nid in enumerate([i for i in ordered_ids if i in needs], start=1):
        if needs[nid].priority != rank:
            needs[nid].priority = rank
            changed = True
    session.flush()
    return Changes.of("area_need") if changed else Changes()
