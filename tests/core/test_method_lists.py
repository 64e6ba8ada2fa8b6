"""The method's lists are the toolkit's (Switsers & Wouters, Thomas More): their number and
codes are pinned, the same six elements carry the ★, and what the app adds to a list is kept
apart from the toolkit's own entries and says so on screen."""
from __future__ import annotations

import pytest

from app.services import credits, i18n, reference

TOOLKIT_LISTS = {
    "risk_group": ["youth", "health_disability", "social_isolation", "older_75", "single_75",
                   "single_parent", "living_alone", "frail_older", "poverty", "newcomers",
                   "farmers", "grief_loss", "carers"],
    "element": ["social_cognitive_training", "social_support", "psychological",
                "social_activities", "social_networks", "mindfulness", "psychoeducation",
                "social_skills", "skill_development", "occupation", "meeting",
                "practical_support", "meaningful_contact", "realistic_expectations",
                "meaningful_role", "digital", "buddy", "animals", "leisure",
                "health_welfare_care"],
    "action_level": ["primary", "secondary", "tertiary"],
    "age_group": ["children", "youth", "young_adults", "adults", "older", "all_ages"],
    "precondition": ["mandate", "time_budget", "cooperation", "intervision"],
    "partner_type": ["elz", "caw", "library", "welfare_care_org", "gp",
                     "neighbourhood_committee", "wzc", "mutuality", "samenlevingsopbouw",
                     "leisure_department", "youth_actors", "education"],
}
COUNTS = {"risk_group": 13, "element": 20, "action_level": 3, "age_group": 6,
          "precondition": 4, "partner_type": 12}
PROVEN = ["social_cognitive_training", "social_support", "psychological", "social_activities",
          "social_networks", "mindfulness"]
APP_PARTNER_TYPES = ["social_service", "ldc", "local_government", "association", "other"]
PRACTICES = ["samen_lezen", "christmas_cards", "nieuwejaarekezoete", "zorgzame_buren",
             "zilvermobiel", "olen_search", "koffie_contact", "kleine_grote_wensen",
             "bouwel_house", "benches", "kortenaken"]


@pytest.mark.parametrize("kind", sorted(TOOLKIT_LISTS))
def test_each_list_is_the_toolkits_in_number_codes_and_order(kind):
    assert reference.toolkit_codes(kind) == TOOLKIT_LISTS[kind]
    assert len(reference.toolkit_codes(kind)) == COUNTS[kind]


def test_the_same_six_elements_are_proven_with_the_toolkits_sources():
    assert reference.proven_elements() == PROVEN
    assert credits.PROVEN_SOURCES == ("Eccles & Qualter, 2021", "Gardiner et al., 2018",
                                      "Masi et al., 2011", "Beckers et al., 2022",
                                      "Veronese et al., 2021")
    cited = {e.code: e.source for e in reference.EFFECTIVE_ELEMENTS}
    assert cited["mindfulness"] == "Kabat-Zinn, 2003; Brown et al., 2007"
    assert cited["buddy"] == "Gardiner et al., 2018"
    # the toolkit cites nothing for these two
    assert cited["social_support"] == cited["skill_development"] == ""


def test_the_toolkits_eleven_practices_are_in_the_library():
    from app.services.actions.practices import PRACTICES as LIBRARY

    assert [p.code for p in LIBRARY] == PRACTICES


def test_the_apps_own_partner_types_are_kept_apart_and_marked_on_screen():
    assert reference.added_codes("partner_type") == APP_PARTNER_TYPES
    assert reference.codes("partner_type") == TOOLKIT_LISTS["partner_type"] + APP_PARTNER_TYPES
    for kind in TOOLKIT_LISTS:
        if kind != "partner_type":
            assert reference.added_codes(kind) == [], kind
    for lang, mark in (("nl", "toegevoegd in deze app"), ("fr", "ajouté dans cette application"),
                       ("en", "added in this app")):
        i18n.set_language(lang)
        shown = dict(reference.choices("partner_type"))
        for code in APP_PARTNER_TYPES:
            assert mark in shown[code], (lang, code)
            assert reference.label("partner_type", code) in shown[code]
        for code in TOOLKIT_LISTS["partner_type"]:
            assert mark not in shown[code] and shown[code] == reference.label("partner_type",
                                                                              code)


def test_single_people_over_75_and_people_living_alone_stay_two_groups_in_every_language():
    for lang in ("nl", "fr", "en"):
        i18n.set_language(lang)
        single = reference.label("risk_group", "single_75")
        alone = reference.label("risk_group", "living_alone")
        assert single != alone
        assert "75" in single and "75" not in alone
    i18n.set_language("en")
    assert "living alone" not in reference.label("risk_group", "single_75")


def test_the_example_personas_are_tagged_with_groups_that_fit_their_age():
    from app.services.participation.examples import EXAMPLES

    for example in EXAMPLES:
        if "youth" in example.risk_groups:
            assert example.age < 25, example.key
        if "single_75" in example.risk_groups:
            assert example.age >= 75, example.key
        if {"older_75", "frail_older"} & set(example.risk_groups):
            assert example.age >= 60, example.key


def test_an_elements_meaning_names_the_study_the_toolkit_cites():
    i18n.set_language("fr")
    text = reference.description("element", "mindfulness")
    assert "Kabat-Zinn, 2003; Brown et al., 2007" in text and "boîte à outils" in text
    assert "(" not in reference.description("element", "social_support")  # nothing cited
