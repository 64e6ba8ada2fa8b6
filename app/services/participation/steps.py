"""Step definition for step 5."""
from __future__ import annotations

from app.services.i18n import N_
from app.services.method import ChecklistItem, Guidance, StepDef

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
)

STEPS = (STEP5,)
