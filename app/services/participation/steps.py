"""Step definition for step 5."""
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


def _participation_counts(source: Reader, trajectory_id: str) -> dict[str, int]:
    """People at the trajectory's sessions, and sign-ups for its ideas (erased ones left
    out)."""
    participants = source.scalar(
        "SELECT count(*) FROM session_participant JOIN participatory_session AS s "
        "ON s.id = session_participant.session_id WHERE s.trajectory_id = :trajectory_id "
        "AND s.deleted_at IS NULL AND session_participant.deleted_at IS NULL",
        trajectory_id=trajectory_id)
    signups = source.scalar(
        "SELECT count(*) FROM idea_signup JOIN idea ON idea.id = idea_signup.idea_id "
        "WHERE idea.trajectory_id = :trajectory_id AND idea.deleted_at IS NULL "
        "AND idea_signup.deleted_at IS NULL AND idea_signup.erased_at IS NULL",
        trajectory_id=trajectory_id)
    return {"session_participant": participants or 0, "idea_signup": signups or 0}


STEP5 = StepDef(
    number=5,
    key="involve",
    tab_title=N_("5 Involve"),
    title=N_("Step 5: Involve the people it is for and with"),
    guidance=Guidance(
        purpose=N_("Bring residents, volunteers, carers and professionals around tables to "
                   "think through fictional personas: first dream freely, then turn the "
                   "best ideas into plans that people sign up for."),
        questions=(
            N_("Which personas fit the risk groups you found?"),
            N_("What should happen so that this person feels less lonely?"),
            N_("Who wants to help work out which idea?"),
        ),
        tip=N_("Turn every problem into a challenge: not 'nobody greets anymore' but 'we "
               "work towards a street where people know and greet each other'."),
        advice=(
            N_("The conversations follow appreciative inquiry: start from what is strong and "
               "already works, let people describe the situation they wish for, then ask "
               "what already helps towards it."),
            N_("Open the idea carousel by saying what the session is for and by summing up "
               "what the dream session brought."),
            N_("Personas stay fictional: adapt an example to your area, but never describe a "
               "real resident."),
        ),
    ),
    checklist=(
        ChecklistItem("personas_chosen", N_("Personas chosen and adapted to the area")),
        ChecklistItem("dream_session", N_("A dream session held")),
        ChecklistItem("carousel_session", N_("An idea carousel held")),
        ChecklistItem("signups", N_("People signed up to work on ideas")),
    ),
    goals=(
        DataGoal("persona", 3, N_("Prepare at least three personas")),
        DataGoal("participatory_session", 1, N_("Plan at least one session")),
        DataGoal("idea", 3, N_("Write down at least three ideas")),
        DataGoal("idea_action", 1, N_("Turn at least one idea into an action")),
    ),
    counters=(
        count_rows("persona"),
        count_rows("participatory_session"),
        count_rows("idea"),
        count_rows("idea", "idea_action", status="action"),
        _participation_counts,
    ),
)

STEPS = (STEP5,)
