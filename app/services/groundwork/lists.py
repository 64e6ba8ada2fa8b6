"""What the groundwork pages (steps 1-4) ask the database: the choices of their forms, the
SQL behind computed list columns, and the lookups their pages show beside the lists.

Qt-free; the views call these instead of building queries themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Text, select, type_coerce
from sqlalchemy.orm import Session

from app.models.core import FocusArea, Partner, Trajectory
from app.models.groundwork import (
    AreaFigure,
    AreaNeed,
    AreaStory,
    InterestedPerson,
    TrainingSession,
)
from app.services.groundwork.needs import figure_text, has_reference
from app.services.list_query import in_trajectory

# the focus-area filter of step 4: every area, or the records without one
ALL_AREAS = "__all__"
NO_AREA = "__none__"


# --- choices of the forms: (session, trajectory_id) -> [(value, label)] ----------------------
def partner_options(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(pid, name) for pid, name in session.execute(
        select(Partner.id, Partner.name).where(Partner.trajectory_id == trajectory_id)
        .order_by(Partner.name))]


def area_options(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(fid, name) for fid, name in session.execute(
        select(FocusArea.id, FocusArea.name).where(FocusArea.trajectory_id == trajectory_id)
        .order_by(FocusArea.name))]


def figure_options(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(f.id, figure_text(f)) for f in session.scalars(
        select(AreaFigure).where(AreaFigure.trajectory_id == trajectory_id)
        .order_by(AreaFigure.indicator))]


def story_options(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(sid, title) for sid, title in session.execute(
        select(AreaStory.id, AreaStory.title).where(AreaStory.trajectory_id == trajectory_id)
        .order_by(AreaStory.title))]


# --- computed list columns ------------------------------------------------------------------
def training_total() -> Any:
    """Everyone a training reached, as one sortable column."""
    return (TrainingSession.professionals + TrainingSession.volunteers
            + TrainingSession.residents + TrainingSession.lived_experience)


def need_support() -> Any:
    """A need's linked figure ids and story ids as "<json>|<json>" (see `support_counts`)."""
    return (type_coerce(AreaNeed.figure_ids, Text) + "|"
            + type_coerce(AreaNeed.story_ids, Text))


# --- scopes of the lists ----------------------------------------------------------------------
def interested_not_erased(stmt: Select, trajectory_id: str) -> Select:
    """The people who want to stay involved, without those erased for good."""
    return in_trajectory(stmt, InterestedPerson, trajectory_id).where(
        InterestedPerson.erased_at.is_(None))


# --- lookups of the pages -------------------------------------------------------------------
@dataclass(frozen=True)
class Network:
    """Step 1's network: partner names, the lead organisations, the network director."""

    partner_names: dict[str, str]
    leads: list[str]  # names, sorted
    director: str | None  # None: no trajectory


def network(session: Session, trajectory_id: str) -> Network:
    rows = session.execute(select(Partner.id, Partner.name, Partner.involvement)
                           .where(Partner.trajectory_id == trajectory_id)).all()
    traj = session.get(Trajectory, trajectory_id) if trajectory_id else None
    return Network({pid: name for pid, name, _inv in rows},
                   sorted(name for _pid, name, inv in rows if inv == "lead"),
                   (traj.network_director or "") if traj is not None else None)


def partner_names(session: Session, trajectory_id: str) -> dict[str, str]:
    return dict(partner_options(session, trajectory_id)) if trajectory_id else {}


def area_names(session: Session, trajectory_id: str) -> dict[str, str]:
    return dict(area_options(session, trajectory_id))


def live_evidence(session: Session, trajectory_id: str) -> tuple[set[str], set[str]]:
    """The ids of the trajectory's figures and of its stories (a need may still point at a
    deleted one: that one no longer counts)."""
    figures = set(session.scalars(select(AreaFigure.id).where(
        AreaFigure.trajectory_id == trajectory_id)))
    stories = set(session.scalars(select(AreaStory.id).where(
        AreaStory.trajectory_id == trajectory_id)))
    return figures, stories


def unchecked_needs(session: Session, trajectory_id: str) -> int:
    """How many needs rest on a gut feeling: no live figure and no live story behind them."""
    figures, stories = live_evidence(session, trajectory_id)
    needs = session.scalars(select(AreaNeed).where(AreaNeed.trajectory_id == trajectory_id))
    return sum(1 for n in needs
               if not (set(n.figure_ids) & figures) and not (set(n.story_ids) & stories))


def needs_in_order(session: Session, trajectory_id: str) -> list[str]:
    return list(session.scalars(select(AreaNeed.id).where(
        AreaNeed.trajectory_id == trajectory_id).order_by(AreaNeed.priority, AreaNeed.title)))


def area_clauses(model: Any, area: str) -> list[Any]:
    """The filter of step 4's lists: `ALL_AREAS`, `NO_AREA` or a focus area's id."""
    if area == ALL_AREAS:
        return []
    if area == NO_AREA:
        return [model.focus_area_id.is_(None)]
    return [model.focus_area_id == area]


def chart_figures(session: Session, trajectory_id: str,
                  area: str) -> list[tuple[str, float, float | None, str, str]]:
    """(indicator, value, reference, unit, reference name) of the figures that have a
    reference to compare with, in the area filter's scope, by indicator."""
    stmt = select(AreaFigure).where(AreaFigure.trajectory_id == trajectory_id,
                                    AreaFigure.reference_value.is_not(None),
                                    *area_clauses(AreaFigure, area))
    return [(f.indicator, f.value, f.reference_value, f.unit, f.reference_label)
            for f in session.scalars(stmt.order_by(AreaFigure.indicator))
            if has_reference(f.reference_value, f.reference_label)]
