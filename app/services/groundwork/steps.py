"""Step definitions for 'before you start' and steps 1–4."""
from __future__ import annotations

from app.services.i18n import N_
from app.services.stepdefs import ChecklistItem, DataGoal, Guidance, StepDef, count_rows

STEP0 = StepDef(
    number=0,
    key="start",
    tab_title=N_("Before you start"),
    title=N_("Before you start: where and under which conditions"),
    guidance=Guidance(
        purpose=N_("Decide where you will work and check that the conditions for a long, "
                   "shared effort are there. Often a signal already points somewhere: "
                   "from policy, residents, figures or professionals."),
        questions=(
            N_("Which villages or neighbourhoods do you focus on, and why those?"),
            N_("Where did the signal come from?"),
            N_("Is the board behind it, with time, room and budget for at least 18 months?"),
        ),
        tip=N_("Ask colleagues, associations and residents where they feel needs and "
               "chances are. Your own experience counts too."),
        advice=(
            N_("Loneliness is a feeling of missing closeness or contact. It is not the same "
               "as social isolation, having few contacts: people with many contacts can "
               "feel lonely, and people with few may not."),
            N_("The place matters. Poor buses, shops and services that close, little green "
               "space and no place to meet can feed loneliness; a good physical and social "
               "environment helps to prevent it."),
        ),
    ),
    checklist=(
        ChecklistItem("areas_chosen", N_("Focus areas chosen and explained")),
        ChecklistItem("signals_checked", N_("Signals gathered from colleagues and residents")),
        ChecklistItem("preconditions_checked", N_("The four preconditions reviewed")),
        ChecklistItem("mandate_given", N_("The lead has a mandate from the board")),
    ),
    goals=(
        DataGoal("focus_area", 1, N_("Add at least one focus area")),
        DataGoal("precondition_in_place", 4, N_("Put all four preconditions in place")),
    ),
    counters=(count_rows("focus_area"),
              count_rows("precondition", "precondition_in_place", status="in_place")),
)

STEP1 = StepDef(
    number=1,
    key="support",
    tab_title=N_("1 Support"),
    title=N_("Step 1: Build support with partners"),
    guidance=Guidance(
        purpose=N_("Bring partners together early: each area has its own needs and chances, "
                   "and a shared approach fits them best. Name one lead organisation that "
                   "keeps the overview, and a network director who connects people."),
        questions=(
            N_("Which partners want to plan and work with you, and which only want to be kept "
               "informed?"),
            N_("Who is essential for this challenge?"),
            N_("Are everyone's role and expectations said out loud?"),
        ),
        tip=N_("A training for everyone interested (step 2) is a good first way to bring "
               "partners together. Keep contacts warm with regular feedback."),
        advice=(
            N_("Look for a way of working in which every partner gains something: that is "
               "what keeps partners on board."),
            N_("Value small contributions too. Not every partner can give much time, and "
               "a little help still counts."),
            N_("Rather than always holding new meetings, put loneliness on the agenda of "
               "network meetings that already exist, and keep it there."),
        ),
    ),
    checklist=(
        ChecklistItem("lead_named", N_("Lead organisation and network director named")),
        ChecklistItem("partners_listed", N_("All possible partners listed")),
        ChecklistItem("roles_agreed", N_("Roles and expectations agreed with core partners")),
        ChecklistItem("network_meeting", N_("A network meeting planned or held")),
    ),
    goals=(
        DataGoal("partner", 3, N_("Register at least three partners")),
        DataGoal("contact_moment", 1, N_("Log at least one contact moment")),
    ),
    counters=(count_rows("partner"), count_rows("contact_moment")),
)

STEP2 = StepDef(
    number=2,
    key="expertise",
    tab_title=N_("2 Expertise"),
    title=N_("Step 2: Training and intervision"),
    guidance=Guidance(
        purpose=N_("Grow knowledge about loneliness: intervision with close partners to "
                   "share experience and tackle common challenges, and an open local "
                   "training for professionals, volunteers and residents."),
        questions=(
            N_("Why do so many people feel lonely, and how do you recognise it?"),
            N_("How do you start the conversation, and what is better avoided?"),
            N_("Who wants to stay involved after the training?"),
        ),
        tip=N_("An open training also reaches people with lived experience. Note who wants "
               "to help later, with their consent, so you can invite them in step 5."),
    ),
    checklist=(
        ChecklistItem("intervision_planned", N_("Intervision with partners planned")),
        ChecklistItem("training_held", N_("An open training held")),
        ChecklistItem("interested_noted", N_("People who want to stay involved noted")),
    ),
    goals=(DataGoal("training_session", 1, N_("Record at least one session")),),
    counters=(count_rows("training_session"), count_rows("interested_person")),
)

STEP3 = StepDef(
    number=3,
    key="inventory",
    tab_title=N_("3 What runs"),
    title=N_("Step 3: What is already happening?"),
    guidance=Guidance(
        purpose=N_("Map what already runs in the area against loneliness, by you and by "
                   "others, and which risk groups it reaches. Then you see where to widen "
                   "or deepen."),
        questions=(
            N_("What happens in the area already, and who organises it?"),
            N_("Which risk groups are reached, and which are not?"),
            N_("Is it structural or one-off, and what do we know of its impact?"),
        ),
        tip=N_("Much more happens than you know: look beyond your own organisation and use "
               "your network. "
               "Write it down and share it to start the conversation."),
    ),
    checklist=(
        ChecklistItem("actions_mapped", N_("Running actions mapped with partners")),
        ChecklistItem("gaps_seen", N_("Unreached risk groups identified")),
        ChecklistItem("shared", N_("The inventory shared with the network")),
    ),
    goals=(DataGoal("existing_activity", 3, N_("Map at least three running actions")),),
    counters=(count_rows("existing_activity"),),
)

STEP4 = StepDef(
    number=4,
    key="needs",
    tab_title=N_("4 Needs"),
    title=N_("Step 4: What does the area need?"),
    guidance=Guidance(
        purpose=N_("Find out what the area needs, from figures and from stories. The "
                   "stories give meaning to the figures; together with step 3 they show "
                   "where to go."),
        questions=(
            N_("What do the figures say about the area?"),
            N_("What do residents and partners tell?"),
            N_("Which needs are supported by both?"),
        ),
        tip=N_("A gut feeling is not always right: check it against the figures with an "
               "open mind."),
        advice=(
            N_("The local service centre (LDC) makes a neighbourhood analysis at regular "
               "times: build on it instead of starting from nothing."),
            N_("Thomas More's support package for caring neighbourhoods ('Ondersteuningspakket "
               "zorgzame buurten') helps to set up a neighbourhood analysis with both figures "
               "and stories."),
        ),
    ),
    checklist=(
        ChecklistItem("figures_gathered", N_("Figures gathered for the focus areas")),
        ChecklistItem("stories_heard", N_("Stories heard from residents and partners")),
        ChecklistItem("needs_ranked", N_("Needs put in order of priority")),
    ),
    goals=(
        DataGoal("area_figure", 3, N_("Gather at least three figures")),
        DataGoal("area_story", 3, N_("Write down at least three stories")),
        DataGoal("area_need", 1, N_("Name at least one need")),
    ),
    counters=(count_rows("area_figure"), count_rows("area_story"),
              count_rows("area_need")),
)

STEPS = (STEP0, STEP1, STEP2, STEP3, STEP4)
