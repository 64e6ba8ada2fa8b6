"""Step definitions for steps 6 and 7."""
from __future__ import annotations

from app.services.i18n import N_
from app.services.stepdefs import (
    ChecklistItem,
    DataGoal,
    Guidance,
    Reader,
    StepDef,
    count_rows,
)


def count_logs(source: Reader, trajectory_id: str) -> dict[str, int]:
    """Log entries of the trajectory's actions (the log has no trajectory column itself)."""
    n = source.scalar(
        "SELECT count(*) FROM action_log JOIN action ON action.id = action_log.action_id "
        "WHERE action.trajectory_id = :trajectory_id AND action.deleted_at IS NULL "
        "AND action_log.deleted_at IS NULL", trajectory_id=trajectory_id)
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
        advice=(
            N_("Work from strengths: start from what people like doing, are good at and get "
               "energy from. It gives them a good feeling and more say over their lives."),
            N_("Work person-centred: even within one target group, everyone's needs and "
               "wishes around loneliness differ."),
            N_("Talk about loneliness openly and without judgement: it helps to take it out "
               "of the taboo sphere."),
            N_("Places to be alone for a while and to find comfort, such as a quiet bench, "
               "green space or a place of consolation, can help against loneliness too."),
            N_("The toolkit's list of target groups ends with 'others?': ask which groups in "
               "your area are missing from it."),
        ),
    ),
    checklist=(
        ChecklistItem("elements_chosen", N_("Effective elements chosen per action")),
        ChecklistItem("groups_chosen", N_("Target groups chosen per action")),
        ChecklistItem("impact_done", N_("Impact analysis done per action")),
        ChecklistItem("signals_passed", N_("Structural causes passed on to policy")),
    ),
    goals=(DataGoal("action", 1, N_("Add at least one action")),),
    counters=(count_rows("action"), count_rows("policy_signal")),
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
        tip=N_("Personal contact works: someone who goes along to an activity makes it much "
               "easier for people who would not walk in alone."),
    ),
    checklist=(
        ChecklistItem("started", N_("At least one action started")),
        ChecklistItem("logged", N_("What was done is logged")),
        ChecklistItem("evaluated", N_("An action evaluated and adjusted")),
    ),
    goals=(DataGoal("action_log", 1, N_("Log at least one round of an action")),),
    counters=(count_rows("action", kind="action_running", status="running"), count_logs),
)

STEPS = (STEP6, STEP7)
