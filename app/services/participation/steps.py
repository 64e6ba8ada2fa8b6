"""Step definition for step 5."""
from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.i18n import N_
from app.services.method import ChecklistItem, DataGoal, Guidance, StepDef, count_rows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Models are named as strings: step definitions load before the database layer.
PERSONA = "app.models.participation:Persona"
SESSION = "app.models.participation:ParticipatorySession"
IDEA = "app.models.participation:Idea"


def _participation_counts(session: Session, trajectory_id: str) -> dict[str, int]:
    from app.services.participation import ideas, sessions

    return {"session_participant": sessions.count_participants(session, trajectory_id),
            "idea_signup": ideas.count_signups(session, trajectory_id)}


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
            N_("What should happen so that this person feels less alone?"),
            N_("Who wants to help work out which idea?"),
        ),
        tip=N_("Turn every problem into a challenge: not 'nobody greets anymore' but 'we "
               "work towards a street where people know and greet each other'."),
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
        count_rows(PERSONA),
        count_rows(SESSION),
        count_rows(IDEA),
        count_rows(IDEA, "idea_action", status="action"),
        _participation_counts,
    ),
)

STEPS = (STEP5,)
