"""Reference data from the toolkit, with stable codes. The database and exports store codes;
labels are msgids translated at display time with `label()`.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.services.i18n import N_, _


@dataclass(frozen=True)
class Ref:
    code: str
    label: str  # English msgid
    description: str = ""  # English msgid, own words
    proven: bool = False  # effective elements: proven in several reviews (the toolkit's ★)
    source: str = ""  # effective elements: the study the toolkit cites for it (not translated)
    added: bool = False  # not in the toolkit's own list: added in this app


def _index(items: tuple[Ref, ...]) -> dict[str, Ref]:
    return {item.code: item for item in items}


RISK_GROUPS: tuple[Ref, ...] = (
    Ref("youth", N_("Young people")),
    Ref("health_disability", N_("People with poorer health or a physical or mental disability")),
    Ref("social_isolation", N_("People in social isolation")),
    Ref("older_75", N_("Older people, especially over 75")),
    Ref("single_75", N_("Single people over 75")),
    Ref("single_parent", N_("Single-parent families")),
    Ref("living_alone", N_("People living alone")),
    Ref("frail_older", N_("Frail older people")),
    Ref("poverty", N_("People in poverty")),
    Ref("newcomers", N_("Newcomers")),
    Ref("farmers", N_("Farmers")),
    Ref("grief_loss", N_("People dealing with grief or loss")),
    Ref("carers", N_("Informal carers")),
)

EFFECTIVE_ELEMENTS: tuple[Ref, ...] = (
    Ref("social_cognitive_training", N_("Social-cognitive training"),
        N_("Helps lonely people notice and change unhelpful thoughts about others, such as "
           "expecting rejection, so they dare to make and keep contacts."), True,
        source="Mann et al., 2017"),
    Ref("social_support", N_("More social support"),
        N_("Regular contact, care or company that gives emotional or practical backing."), True),
    Ref("psychological", N_("Psychological help"),
        N_("Therapy or counselling given by trained professionals."), True,
        source="Gardiner et al., 2018"),
    Ref("social_activities", N_("Encouraging social activities"),
        N_("Taking part in activities together with others, in a group."), True,
        source="Gardiner et al., 2018"),
    Ref("social_networks", N_("Building social networks"),
        N_("Helping people widen the circle of people they know."), True,
        source="Mann et al., 2017"),
    Ref("mindfulness", N_("Mindfulness"),
        N_("Paying attention to the present moment without judging it; it can improve "
           "empathy, communication and well-being."), True,
        source="Kabat-Zinn, 2003; Brown et al., 2007"),
    Ref("psychoeducation", N_("Psycho-education"),
        N_("Information about coping with mental health problems and why social support "
           "matters."),
        source="Mann et al., 2017"),
    Ref("social_skills", N_("Social skills"),
        N_("Practising how to start and keep a conversation, listen well and solve "
           "friction, which makes contact easier and gives confidence."),
        source="Bouwman & van Tilburg, 2020"),
    Ref("skill_development", N_("Developing skills"),
        N_("Learning or strengthening a skill, for example using a computer or smartphone.")),
    Ref("occupation", N_("Meaningful occupation"),
        N_("An activity that is useful or enjoyable in itself, alone or in a group; it "
           "eases the weight of loneliness without aiming at contact."),
        source="Bouwman & van Tilburg, 2020"),
    Ref("meeting", N_("Meeting people / social contact"),
        N_("Chances to meet people and make new contacts; some grow into lasting, "
           "personal ties."),
        source="Bouwman & van Tilburg, 2020"),
    Ref("practical_support", N_("Practical support"),
        N_("Help with practical matters, so people feel part of a caring circle and know "
           "they can ask; home visits that map what help is needed are an example."),
        source="Bouwman & van Tilburg, 2020"),
    Ref("meaningful_contact", N_("Meaningful contact"),
        N_("Regular, positive and lasting contact built on trust, such as a volunteer who "
           "visits as a buddy: someone is there for you."),
        source="Bouwman & van Tilburg, 2020"),
    Ref("realistic_expectations", N_("Realistic expectations"),
        N_("Adjusting expectations about how often or how fast contacts grow, so "
           "disappointment does not lead to withdrawal."),
        source="Bouwman & van Tilburg, 2020"),
    Ref("meaningful_role", N_("A meaningful role"),
        N_("Doing something for others, such as volunteering, so people feel they matter "
           "and belong."),
        source="Bouwman & van Tilburg, 2020"),
    Ref("digital", N_("Digital technology"),
        N_("Apps, online networks, sensors or robots that support contact; very different "
           "tools for very different users."),
        source="Beckers et al., 2022"),
    Ref("buddy", N_("Friendship or buddy schemes"),
        N_("One-to-one support of a lonely person, often by a volunteer."),
        source="Gardiner et al., 2018"),
    Ref("animals", N_("Animal-assisted activities"),
        N_("Contact with animals, sometimes as part of therapy."),
        source="Gardiner et al., 2018"),
    Ref("leisure", N_("Leisure"),
        N_("Discovering new leisure activities."),
        source="Gardiner et al., 2018"),
    Ref("health_welfare_care", N_("Health and welfare care"),
        N_("Care and support, often from professionals, such as supportive home visits."),
        source="Gardiner et al., 2018"),
)

ACTION_LEVELS: tuple[Ref, ...] = (
    Ref("primary", N_("Primary: everyone")),
    Ref("secondary", N_("Secondary: risk groups")),
    Ref("tertiary", N_("Tertiary: people who feel lonely")),
)

AGE_GROUPS: tuple[Ref, ...] = (
    Ref("children", N_("Children")),
    Ref("youth", N_("Young people")),
    Ref("young_adults", N_("Young adults")),
    Ref("adults", N_("Adults")),
    Ref("older", N_("Older people")),
    Ref("all_ages", N_("All ages")),
)

PARTNER_TYPES: tuple[Ref, ...] = (
    Ref("elz", N_("Primary care zone (ELZ)")),
    Ref("caw", N_("CAW (general welfare centre)")),
    Ref("library", N_("Library")),
    Ref("welfare_care_org", N_("Welfare or care organisation")),
    Ref("gp", N_("General practitioners")),
    Ref("neighbourhood_committee", N_("Neighbourhood committee")),
    Ref("wzc", N_("Residential care centre (WZC)")),
    Ref("mutuality", N_("Health insurance fund (mutualiteit)")),
    Ref("samenlevingsopbouw", N_("Samenlevingsopbouw")),
    Ref("leisure_department", N_("Leisure department")),
    Ref("youth_actors", N_("Youth organisations")),
    Ref("education", N_("Education")),
    Ref("social_service", N_("OCMW / social service"), added=True),
    Ref("ldc", N_("Local service centre (LDC)"), added=True),
    Ref("local_government", N_("Local government"), added=True),
    Ref("association", N_("Local association"), added=True),
    Ref("other", N_("Other"), added=True),
)

INVOLVEMENT_LEVELS: tuple[Ref, ...] = (
    Ref("lead", N_("Lead organisation")),
    Ref("core", N_("Core partner: plans and works with us")),
    Ref("informed", N_("Kept informed")),
)

PRECONDITIONS: tuple[Ref, ...] = (
    Ref("mandate", N_("Board or management is behind it"),
        N_("The board knows what the method asks and believes in it; the lead gets a "
           "mandate and room to act, now and later.")),
    Ref("time_budget", N_("Enough time, room and budget"),
        N_("The lead has time to guide the process and act as a bridge; there is some "
           "budget for actions. Plan at least 18 months.")),
    Ref("cooperation", N_("Good cooperation"),
        N_("Departments and organisations work together across their walls.")),
    Ref("intervision", N_("Intervision and coaching"),
        N_("There are moments to share doubts and learn with peers, a manager or a "
           "process coach.")),
)
PRECONDITION_STATUSES: tuple[Ref, ...] = (
    Ref("not_yet", N_("Not yet")),
    Ref("partly", N_("Partly")),
    Ref("in_place", N_("In place")),
)
MIN_TRAJECTORY_MONTHS = 18

IMPACT_QUESTIONS: tuple[Ref, ...] = (
    Ref("what", N_("What will happen?")),
    Ref("who_executes", N_("Who carries it out?")),
    Ref("who_involved", N_("Who is involved?")),
    Ref("results", N_("What results should it bring?")),
    Ref("change", N_("What change should follow?")),
    Ref("evidence", N_("How will we know it, and how can we show it?")),
    Ref("explanation", N_("What would explain the change?")),
)

ACTION_STATUSES: tuple[Ref, ...] = (
    Ref("idea", N_("Idea")),
    Ref("planned", N_("Planned")),
    Ref("running", N_("Running")),
    Ref("evaluated", N_("Evaluated")),
    Ref("stopped", N_("Stopped")),
)

PARTICIPATION_DEGREES: tuple[Ref, ...] = (
    Ref("consulting", N_("Consulting")),
    Ref("advising", N_("Advising")),
    Ref("coproducing", N_("Co-producing")),
)

FOCUS_AREA_KINDS: tuple[Ref, ...] = (
    Ref("village", N_("Village")),
    Ref("district", N_("District")),
    Ref("neighbourhood", N_("Neighbourhood")),
    Ref("municipality", N_("Whole municipality")),
    Ref("organisation", N_("Organisation")),
)

SIGNAL_SOURCES: tuple[Ref, ...] = (
    Ref("policy", N_("Policy")),
    Ref("residents", N_("Residents")),
    Ref("figures", N_("Figures")),
    Ref("analysis", N_("An earlier analysis")),
    Ref("professionals", N_("Professionals")),
)

# How a choice that the toolkit does not list is shown.
ADDED_LABEL = N_("{label} (added in this app)")

LISTS: dict[str, tuple[Ref, ...]] = {
    "risk_group": RISK_GROUPS,
    "element": EFFECTIVE_ELEMENTS,
    "action_level": ACTION_LEVELS,
    "age_group": AGE_GROUPS,
    "partner_type": PARTNER_TYPES,
    "involvement": INVOLVEMENT_LEVELS,
    "precondition": PRECONDITIONS,
    "precondition_status": PRECONDITION_STATUSES,
    "impact_question": IMPACT_QUESTIONS,
    "action_status": ACTION_STATUSES,
    "participation": PARTICIPATION_DEGREES,
    "focus_area_kind": FOCUS_AREA_KINDS,
    "signal_source": SIGNAL_SOURCES,
}
_INDEX = {kind: _index(items) for kind, items in LISTS.items()}


def get(kind: str, code: str) -> Ref:
    return _INDEX[kind][code]


def codes(kind: str) -> list[str]:
    return [item.code for item in LISTS[kind]]


def label(kind: str, code: str) -> str:
    """The translated label of a code; an unknown code is shown as it is."""
    ref = _INDEX[kind].get(code)
    return _(ref.label) if ref else code


def description(kind: str, code: str) -> str:
    """The translated meaning of a code, with the study the toolkit cites for it, if any."""
    ref = _INDEX[kind].get(code)
    text = _(ref.description) if ref and ref.description else ""
    if ref and ref.source:
        text += (" " if text else "") + _("(In the toolkit: {source}.)").format(source=ref.source)
    return text


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, translated label) pairs in the toolkit's order; what the app added to the
    toolkit's list says so."""
    return [(item.code, _(ADDED_LABEL).format(label=_(item.label)) if item.added
             else _(item.label)) for item in LISTS[kind]]


def toolkit_codes(kind: str) -> list[str]:
    """The codes of a list as the toolkit itself gives it (without the app's additions)."""
    return [item.code for item in LISTS[kind] if not item.added]


def added_codes(kind: str) -> list[str]:
    return [item.code for item in LISTS[kind] if item.added]


def proven_elements() -> list[str]:
    return [e.code for e in EFFECTIVE_ELEMENTS if e.proven]


def register_list(kind: str, items: tuple[Ref, ...]) -> None:
    """Let a feature add its own code list (e.g. visit outcomes) to `label()` and `choices()`."""
    LISTS[kind] = items
    _INDEX[kind] = _index(items)
