"""'Before you start': the four preconditions and a plain summary of whether the trajectory is
ready to start, and what is still missing."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.core import FocusArea, Partner, Trajectory
from app.models.groundwork import Precondition
from app.services import reference
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_, _, ngettext


class UnknownPreconditionError(AppError):
    msgid = N_("“{code}” is not one of the preconditions.")


class UnknownStatusError(AppError):
    msgid = N_("“{status}” is not a valid status for a precondition.")


@dataclass(frozen=True)
class PreconditionState:
    code: str
    status: str  # not_yet, partly, in_place
    note: str


def preconditions(session: Session, trajectory_id: str) -> list[PreconditionState]:
    """The four preconditions in the toolkit's order; unset ones are 'not yet'."""
    rows = {
        p.code: p for p in session.scalars(
            select(Precondition).where(Precondition.trajectory_id == trajectory_id))
    }
    return [
        PreconditionState(code, rows[code].status if code in rows else "not_yet",
                          rows[code].note if code in rows else "")
        for code in reference.codes("precondition")
    ]


def set_precondition(session: Session, trajectory_id: str, code: str, status: str,
                     note: str | None = None) -> Changes:
    if code not in reference.codes("precondition"):
        raise UnknownPreconditionError(code=code)
    if status not in reference.codes("precondition_status"):
        raise UnknownStatusError(status=status)
    row = session.scalar(select(Precondition).where(
        Precondition.trajectory_id == trajectory_id, Precondition.code == code)
        .execution_options(include_deleted=True))
    if row is None:
        session.add(Precondition(trajectory_id=trajectory_id, code=code, status=status,
                                 note=note or ""))
    else:
        if row.deleted_at is not None:
            row.deleted_at = None
        if row.status == status and (note is None or row.note == note):
            return Changes()
        row.status = status
        if note is not None:
            row.note = note
    session.flush()
    return Changes.of("precondition")


def months_between(start: date, end: date) -> int:
    """Whole months from start to end (1 Sep → 28 Feb is 5)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


@dataclass
class Readiness:
    ready: bool
    missing: list[str] = field(default_factory=list)  # translated, one problem each
    warnings: list[str] = field(default_factory=list)  # translated

    def sentence(self) -> str:
        """One plain sentence (or two) for the 'before you start' tab and its print."""
        if self.ready and not self.warnings:
            return _("Ready to start: the focus areas are chosen, a lead organisation is named "
                     "and all four preconditions are in place.")
        if self.ready:
            return _("Ready to start, but mind this: {warnings}").format(
                warnings=" ".join(self.warnings))
        text = _("Not ready to start yet. Still missing: {items}.").format(
            items="; ".join(self.missing))
        if self.warnings:
            text += " " + " ".join(self.warnings)
        return text


def readiness(session: Session, trajectory_id: str) -> Readiness:
    traj = session.get(Trajectory, trajectory_id)
    result = Readiness(ready=True)
    n_areas = session.scalar(select(func.count()).select_from(FocusArea).where(
        FocusArea.trajectory_id == trajectory_id)) or 0
    if not n_areas:
        result.missing.append(_("at least one focus area"))
    has_lead = session.scalar(select(func.count()).select_from(Partner).where(
        Partner.trajectory_id == trajectory_id, Partner.involvement == "lead")) or 0
    if not has_lead:
        result.missing.append(_("a lead organisation (a partner in step 1)"))
    if traj is not None and not traj.network_director.strip():
        result.missing.append(_("a network director"))
    for state in preconditions(session, trajectory_id):
        if state.status != "in_place":
            result.missing.append(_("“{condition}” ({status})").format(
                condition=reference.label("precondition", state.code),
                status=reference.label("precondition_status", state.status).lower()))
    result.warnings.extend(period_warnings(traj))
    result.ready = not result.missing
    return result


def period_warnings(traj: Trajectory | None) -> list[str]:
    minimum = reference.MIN_TRAJECTORY_MONTHS
    if traj is None or traj.start_date is None or traj.planned_end_date is None:
        return [_("Set a start and a planned end date: plan at least {n} months.").format(
            n=minimum)]
    months = months_between(traj.start_date, traj.planned_end_date)
    if months < 0:
        return [_("The planned end lies before the start date.")]
    if months < minimum:
        return [ngettext(
            "The planned period is only {n} month; the method advises at least {min} months.",
            "The planned period is only {n} months; the method advises at least {min} months.",
            months).format(n=months, min=minimum)]
    return []
