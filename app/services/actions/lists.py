"""What step 7's lists ask the database: the log and the questionnaires of the chosen
action. Qt-free; the views call these."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from app.models.actions import ActionLog, Measurement
from app.services.list_query import Scope, in_parent


def logs_of(action_id: Callable[[], str]) -> Scope:
    return in_parent(ActionLog.action_id, action_id)


def measurements_of(action_id: Callable[[], str]) -> Scope:
    """The questionnaires of the chosen action, without the answers erased for good."""
    return in_parent(Measurement.action_id, action_id, Measurement.erased_at.is_(None))


def respondent_code(session: Session, measurement_id: str) -> str | None:
    found = session.get(Measurement, measurement_id)
    return found.respondent_code if found is not None else None
