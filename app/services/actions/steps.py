"""Step definitions for steps 6 and 7."""
from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.i18n import N_
from app.services.method import ChecklistItem, DataGoal, Guidance, StepDef, count_rows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Models are named as strings: step definitions load before the database layer.
ACTION, SIGNAL = "app.models.core:Action", "app.models.actions:PolicySignal"


def count_logs(session: Session, trajectory_id: str) -> dict[str, int]:
    """Log entries of the trajectory's actions (the log has no trajectory column itself)."""
    from sqlalchemy import func, select

    from app.models.actions import ActionLog
    from app.models.core import Action

    n = session.scalar(select(func.count()).select_from(ActionLog)
                       .join(Action, Action.id == ActionLog.action_id)
                       .where(Action.trajectory_id == trajectory_id,
                              Action.deleted_at.is_(None), ActionLog.deleted_at.is_(None)))
    return {"action_log": n or 0}

STEP6 = StepDef(
    number=6,
    key="ground",
    tab_title=N_("6 Ground"),
    title=N_("Step 6: Ground every action"),
    guidance=Guidance(
        purpose=N_("Think each action through before you start: which effective elements it "
                   "combines, for whom, with which partners, and what change you expect and "
                   "how you will see it."),
        questions=(
            N_("Does the action combine several effective elements, not only meeting?"),
            N_("Which risk and age groups does it aim at, beyond older people?"),
            N_("What change should follow, and how will you know?"),
        ),
        tip=N_("Some causes are structural, like transport or traffic safety: pass those on "
               "as a signal to policy rather than forcing an action."),
    ),
    checklist=(
        ChecklistItem("elements_chosen", N_("Effective elements chosen per action")),
        ChecklistItem("groups_chosen", N_("Target groups chosen per action")),
        ChecklistItem("impact_done", N_("Impact analysis done per action")),
        ChecklistItem("signals_passed", N_("Structural causes passed on to policy")),
    ),
    goals=(DataGoal("action", 1, N_("Add at least one action")),),
    counters=(count_rows(ACTION), count_rows(SIGNAL)),
)

STEP7 = StepDef(
    number=7,
    key="act",
    tab_title=N_("7 Act"),
    title=N_("Step 7: Act, test and adjust"),
    guidance=Guidance(
        purpose=N_("Start, try, learn and adjust. Not every action works at once: some need "
                   "time, others show results quickly. Keep a log so you can learn from it."),
        questions=(
            N_("What did we do, and whom did we reach?"),
            N_("What worked, what did not, and what do we change?"),
            N_("Do we measure loneliness, with consent, before and after?"),
        ),
        tip=N_("Personal contact works: someone who walks along to an activity lowers the "
               "step for people who would not go in alone."),
    ),
    checklist=(
        ChecklistItem("started", N_("At least one action started")),
        ChecklistItem("logged", N_("What was done is logged")),
        ChecklistItem("evaluated", N_("An action evaluated and adjusted")),
    ),
    goals=(DataGoal("action_log", 1, N_("Log at least one round of an action")),),
    counters=(count_rows(ACTION, kind="action_running", status="running"), count_logs),
)

STEPS = (STEP6, STEP7)
