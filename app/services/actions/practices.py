"""The good-practice library: the toolkit's pilot practices as inspiration cards, in our own
words, with suggestions and a way to copy a practice into the trajectory as a new action.

Names of practices and places are proper names and stay as they are; the texts are msgids.
No contact details of people are kept here.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.models.core import Action, Trajectory
from app.services.actions.errors import NoTrajectoryError
from app.services.changes import Changes
from app.services.i18n import N_, _


@dataclass(frozen=True)
class Practice:
    code: str
    name: str  # proper name, not translated
    municipality: str
    target: str  # msgid
    setup: str  # msgid
    element_codes: tuple[str, ...]
    risk_group_codes: tuple[str, ...]
    age_group_codes: tuple[str, ...]
    level: str


PRACTICES: tuple[Practice, ...] = (
    Practice(
        "samen_lezen", "Samen Lezen en lotgenotencontact", "Herentals (Noorderwijk)",
        N_("People with dementia and the family members who care for them."),
        N_("A small group reads a story aloud together and talks about what it brings up. "
           "Alongside, carers get a listening ear, information and, when needed, a referral."),
        ("meaningful_contact", "meeting", "social_support", "practical_support"),
        ("health_disability", "carers"), ("adults", "older"), "secondary"),
    Practice(
        "christmas_cards", "Kerstkaartactie", "Herentals (Morkhoven)",
        N_("Older people living alone (from about 60 or 70) and everyone over 80."),
        N_("Professionals bring a Christmas greeting to the door. The short visit is used to "
           "tell about the local service centre, to notice care needs and to invite people to "
           "meeting moments afterwards."),
        ("meeting", "practical_support", "health_welfare_care"),
        ("single_75", "older_75", "living_alone"), ("older",), "secondary"),
    Practice(
        "nieuwejaarekezoete", "Nieuwejaarekezoete", "Vorselaar",
        N_("People aged about 65 to 75 who are single or never married."),
        N_("A New Year event with music as the shared thread. Visitors hear what the "
           "municipality offers, and the warm welcome makes it easier to come back to the "
           "welfare campus later."),
        ("meeting", "social_activities", "practical_support"),
        ("living_alone",), ("older",), "secondary"),
    Practice(
        "zorgzame_buren", "Zorgzame Buren", "Vorselaar",
        N_("The neighbourhood committees and the residents of their streets."),
        N_("The local government visits every neighbourhood committee to find go-betweens "
           "who notice loneliness, dare to make a link to the municipality, and help "
           "neighbours support one another."),
        ("meaningful_contact", "practical_support", "social_support", "meaningful_role"),
        ("social_isolation",), ("all_ages",), "primary"),
    Practice(
        "zilvermobiel", "De Zilvermobiel", "Olen",
        N_("Visitors of the local service centre who could no longer come because long "
           "roadworks cut off the way."),
        N_("A small transport service takes people who are not mobile to the social restaurant "
           "and other activities, so they keep their place in the group."),
        ("practical_support", "meeting", "social_activities"),
        ("health_disability", "older_75"), ("older",), "secondary"),
    Practice(
        "olen_search", "Participatieve zoektocht", "Olen (Sint-Jozef-Olen)",
        N_("Everyone in the neighbourhood who wants to join."),
        N_("Where services and activities had become scarce, residents worked out together "
           "what their neighbourhood needs. It created links between residents and "
           "associations and a list of ideas to start from."),
        ("meeting", "social_networks", "meaningful_role"),
        (), ("all_ages",), "primary"),
    Practice(
        "koffie_contact", "Koffie & Contact", "Herenthout",
        N_("People who rarely go out and find new things daunting: people in isolation or "
           "poverty, people with mental vulnerability, the long-term ill, the bereaved and "
           "people living alone."),
        N_("A monthly, informal coffee moment, each time at another place in the "
           "municipality. People are invited personally, get a phone call beforehand and can "
           "be picked up by a familiar driver."),
        ("practical_support", "meeting", "meaningful_contact", "social_activities"),
        ("social_isolation", "poverty", "health_disability", "grief_loss", "living_alone"),
        ("adults", "older"), "tertiary"),
    Practice(
        "kleine_grote_wensen", "Kleine Grote Wensen", "Herenthout",
        N_("Widows and widowers aged 70 and over, and older people living alone after a "
           "loss."),
        N_("A warm home visit without forms: time for memories and a small wish that the "
           "visitor helps to come true. Needs are noticed discreetly and help is offered only "
           "when wanted; a card with the visitor's number stays behind."),
        ("meaningful_contact", "social_support", "meaningful_role", "health_welfare_care",
         "practical_support"),
        ("grief_loss", "single_75", "living_alone"), ("older",), "tertiary"),
    Practice(
        "bouwel_house", "Buurthuis Bouwel", "Grobbendonk (Bouwel)",
        N_("Everyone in the village, residents and associations."),
        N_("Residents shape the new neighbourhood house from start to finish, so it answers "
           "their own (care) needs and the local government stays close to every resident."),
        ("meeting", "social_networks", "meaningful_contact", "meaningful_role"),
        (), ("all_ages",), "primary"),
    Practice(
        "benches", "Buurtbanken", "Grobbendonk",
        N_("All residents of the municipality, starting in one village."),
        N_("Residents can ask for a bench in their street, where neighbours meet informally. "
           "Existing benches get an announced visit of the chat bus, which also brings needs "
           "and questions to light."),
        ("social_networks", "meeting", "meaningful_contact"),
        (), ("all_ages",), "primary"),
    Practice(
        "kortenaken", "Je staat niet alleen", "Kortenaken",
        N_("Everyone who has lost someone close."),
        N_("The local government visits every resident who recently lost a family member. "
           "Once a year the bereaved are brought together, and a peer group meets monthly."),
        ("meeting", "social_support", "social_networks", "health_welfare_care"),
        ("grief_loss",), ("all_ages",), "secondary"),
)
_BY_CODE = {p.code: p for p in PRACTICES}


def get(code: str) -> Practice:
    return _BY_CODE[code]


def fit_score(practice: Practice, risk_groups, age_groups, elements) -> int:
    """How well a practice fits an action's groups and elements (0 = not at all)."""
    score = 3 * len(set(risk_groups) & set(practice.risk_group_codes))
    ages = set(age_groups)
    if ages & set(practice.age_group_codes):
        score += 1
    score += len(set(elements) & set(practice.element_codes))
    return score


def suggestions_for_action(action: Action, limit: int = 3) -> list[Practice]:
    """The practices that fit an action best: shared risk groups count most."""
    scored = [(fit_score(p, action.risk_group_codes, action.age_group_codes,
                         action.element_codes), p) for p in PRACTICES]
    scored = [(s, p) for s, p in scored if s > 0]
    scored.sort(key=lambda sp: (-sp[0], sp[1].name))
    return [p for _s, p in scored[:limit]]


def suggestions_for_risk_group(code: str) -> list[Practice]:
    """Practices aimed at one risk group; when none is, the ones meant for everyone."""
    direct = [p for p in PRACTICES if code in p.risk_group_codes]
    if direct:
        return direct
    return [p for p in PRACTICES if p.level == "primary"]


def copy_to_trajectory(session: Session, trajectory_id: str, code: str) -> tuple[Action,
                                                                                 Changes]:
    """Make a new action (an idea) from a practice, in the current language."""
    if session.get(Trajectory, trajectory_id) is None:
        raise NoTrajectoryError(name=trajectory_id)
    p = get(code)
    action = Action(
        trajectory_id=trajectory_id, name=p.name[:200], status="idea", origin="practice",
        description=_("Inspired by the good practice from {place}.").format(
            place=p.municipality) + "\n\n" + _(p.setup),
        level=p.level, element_codes=list(p.element_codes),
        risk_group_codes=list(p.risk_group_codes), age_group_codes=list(p.age_group_codes),
    )
    session.add(action)
    session.flush()
    return action, Changes.of("action")


