"""Checks that teach: what the toolkit advises to look at before an action starts.

Each check looks at one action (and what surrounds it) and, when it applies, returns a
`Finding` with a short title and an explanation of *why* it matters. Qt-free.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.services.i18n import N_

CONTACT_ELEMENTS = frozenset({"meeting", "social_activities"})
OLDER_AGE_GROUPS = frozenset({"older"})
OLDER_RISK_GROUPS = frozenset({"older_75", "single_75", "frail_older"})

# Words that point to a structural cause, in nl, fr and en (lower case, word starts).
STRUCTURAL_WORDS = (
    # nl
    "vervoer", "openbaar vervoer", "bus", "belbus", "mobiliteit", "verkeer",
    "verkeersveiligheid", "verkeersonveilig",
    "oversteek", "voetpad", "fietspad", "wegenwerk", "zitbank", "buurtbank", "bankje", "banken",
    "groen",
    "park", "speelplein", "straatverlichting", "trottoir",
    # fr
    "transport", "mobilité", "circulation", "trafic", "sécurité routière", "banc",
    "espace vert", "verdure", "éclairage", "travaux",
    # en
    "traffic", "road safety", "bench", "green space", "pavement", "mobility", "roadworks",
    "street light",
)
_STRUCTURAL = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(w) for w in sorted(STRUCTURAL_WORDS, key=len,
                                                            reverse=True))
    + r")(?:s|e|en|es|je|jes|sen|x)?(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    code: str
    title: str  # msgid
    explanation: str  # msgid
    params: dict = field(default_factory=dict)
    severity: str = "warning"  # "warning" or "tip"


@dataclass(frozen=True)
class ActionFacts:
    """What the checks need to know about one action, from the form or the database."""

    name: str = ""
    description: str = ""
    level: str = ""
    element_codes: tuple[str, ...] = ()
    age_group_codes: tuple[str, ...] = ()
    risk_group_codes: tuple[str, ...] = ()
    impact_texts: tuple[str, ...] = ()
    impact_evidence: str = ""
    partner_count: int = 0
    has_policy_signal: bool = False


@dataclass(frozen=True)
class TrajectoryFacts:
    # The toolkit: young people often feel lonely too, so by default they count as a large
    # risk group; a trajectory can say otherwise.
    youth_large_risk_group: bool = True


def structural_words(texts: Iterable[str]) -> list[str]:
    """The structural-cause words found in the texts, lower case, each once, in order."""
    found: list[str] = []
    for text in texts:
        for match in _STRUCTURAL.finditer(text or ""):
            word = match.group(1).lower()
            if word not in found:
                found.append(word)
    return found


def check_action(facts: ActionFacts, context: TrajectoryFacts | None = None) -> list[Finding]:
    context = context or TrajectoryFacts()
    elements = set(facts.element_codes)
    out: list[Finding] = []
    if not elements:
        out.append(Finding(
            "no_elements", N_("No effective element chosen yet"),
            N_("Say which effective elements the action builds on. It helps you see whether "
               "it can really make a difference, and for whom.")))
    elif elements <= CONTACT_ELEMENTS:
        out.append(Finding(
            "only_meeting", N_("The action relies on meeting people alone"),
            N_("Contact does not cure loneliness by itself. Combine meeting with other "
               "elements, such as practical support, a meaningful role or meaningful "
               "contact.")))
    if len(elements) == 1:
        out.append(Finding(
            "single_element", N_("Only one effective element"),
            N_("Actions that combine several effective elements have the most impact. Which "
               "second element fits this action?")))
    if not facts.age_group_codes and not facts.risk_group_codes and facts.level != "primary":
        out.append(Finding(
            "no_target", N_("No target group chosen"),
            N_("Say for whom the action is meant: which age groups and risk groups.")))
    if _only_older(facts) and context.youth_large_risk_group:
        out.append(Finding(
            "only_older", N_("Only older people as target group"),
            N_("Most initiatives aim at older people, while young people also feel lonely "
               "often. Could the action, or a second one, reach young people too?")))
    if not facts.impact_evidence.strip():
        out.append(Finding(
            "no_evidence", N_("No way yet to know the change"),
            N_("Describe how you will know and show that something changed: people reached, "
               "what participants say, a short questionnaire before and after.")))
    if facts.partner_count == 0:
        out.append(Finding(
            "no_partner", N_("No partner yet"),
            N_("Loneliness is not tackled alone. Which partner helps carry the action, and "
               "what is its role?")))
    words = structural_words([facts.name, facts.description, *facts.impact_texts])
    if words and not facts.has_policy_signal:
        out.append(Finding(
            "structural", N_("A structural cause: pass a signal to policy"),
            N_("This action mentions {words}. Causes such as transport, traffic safety, "
               "benches or green space often deserve a signal to the local board rather than "
               "an action alone. Record the signal and to whom it went."),
            {"words": ", ".join(words)}, severity="tip"))
    return out


def _only_older(facts: ActionFacts) -> bool:
    ages = set(facts.age_group_codes)
    risks = set(facts.risk_group_codes)
    if "youth" in risks or ages - OLDER_AGE_GROUPS:
        return False
    if ages:
        return ages <= OLDER_AGE_GROUPS
    return bool(risks) and risks <= OLDER_RISK_GROUPS
