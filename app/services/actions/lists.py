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


def action_review(session: Session, action_id: str) -> tuple[list, list] | None:
    """Step 6's panel beside the list: the checks of one action and the practices that fit
    it best; None when it is gone."""
    from app.models.core import Action
    from app.services.actions import practices, service

    action = session.get(Action, action_id) if action_id else None
    if action is None:
        return None
    return service.check(session, action), practices.suggestions_for_action(action)


def action_form(session: Session,
                action_id: str | None) -> tuple[dict, list[tuple[str, str]], bool] | None:
    """What the action editor starts from: the action's values, its partners (id, role)
    and whether a signal to policy points at it; None for a new or a deleted action."""
    from app.models.core import Action
    from app.services.actions import service

    action = session.get(Action, action_id) if action_id else None
    if action is None:
        return None
    return (service.action_values(action),
            [(p.id, role) for p, role in service.action_partners(session, action.id)],
            service.has_policy_signal(session, action.id))


def respondent_code(session: Session, measurement_id: str) -> str | None:
    found = session.get(Measurement, measurement_id)
    return found.respondent_code if found is not None else None
