"""The checks that teach."""
from __future__ import annotations

from app.services.actions.checks import ActionFacts, TrajectoryFacts, check_action, structural_words


def codes(facts, context=None):
    return {f.code for f in check_action(facts, context)}


GOOD = ActionFacts(name="Buurtbabbel", element_codes=("meeting", "practical_support"),
                   age_group_codes=("all_ages",), risk_group_codes=("youth",),
                   impact_evidence="Aanwezigheden tellen", partner_count=1)


def test_a_well_grounded_action_gets_no_finding():
    assert codes(GOOD) == set()


def test_only_meeting_is_flagged_with_its_explanation():
    facts = ActionFacts(**{**GOOD.__dict__, "element_codes": ("meeting", "social_activities")})
    findings = check_action(facts)
    assert [f.code for f in findings] == ["only_meeting"]
    assert "Contact does not cure loneliness" in findings[0].explanation


def test_single_element():
    facts = ActionFacts(**{**GOOD.__dict__, "element_codes": ("buddy",)})
    assert codes(facts) == {"single_element"}


def test_no_elements():
    facts = ActionFacts(**{**GOOD.__dict__, "element_codes": ()})
    assert codes(facts) == {"no_elements"}


def test_only_older_age_group_when_youth_is_a_large_risk_group():
    facts = ActionFacts(**{**GOOD.__dict__, "age_group_codes": ("older",),
                           "risk_group_codes": ("single_75",)})
    assert codes(facts) == {"only_older"}
    assert codes(facts, TrajectoryFacts(youth_large_risk_group=False)) == set()


def test_only_older_risk_groups_without_age_groups():
    facts = ActionFacts(**{**GOOD.__dict__, "age_group_codes": (),
                           "risk_group_codes": ("older_75", "frail_older")})
    assert "only_older" in codes(facts)


def test_older_with_youth_is_fine():
    facts = ActionFacts(**{**GOOD.__dict__, "age_group_codes": ("older", "youth")})
    assert "only_older" not in codes(facts)


def test_no_evidence_and_no_partner():
    facts = ActionFacts(**{**GOOD.__dict__, "impact_evidence": "  ", "partner_count": 0})
    assert codes(facts) == {"no_evidence", "no_partner"}


def test_no_target_unless_primary():
    facts = ActionFacts(**{**GOOD.__dict__, "age_group_codes": (), "risk_group_codes": ()})
    assert codes(facts) == {"no_target"}
    primary = ActionFacts(**{**facts.__dict__, "level": "primary"})
    assert codes(primary) == set()


def test_structural_cause_suggests_a_signal_until_one_is_recorded():
    facts = ActionFacts(**{**GOOD.__dict__,
                           "description": "Er rijdt geen bus meer en de oversteek is gevaarlijk"})
    findings = [f for f in check_action(facts) if f.code == "structural"]
    assert findings and findings[0].params["words"] == "bus, oversteek"
    assert findings[0].severity == "tip"
    signalled = ActionFacts(**{**facts.__dict__, "has_policy_signal": True})
    assert "structural" not in codes(signalled)


def test_structural_words_in_three_languages_and_not_inside_other_words():
    assert structural_words(["Zitbanken in het park"]) == ["zitbank", "park"]
    assert structural_words(["Pas de bancs ni d'espace vert"]) == ["banc", "espace vert"]
    assert structural_words(["Traffic and benches"]) == ["traffic", "bench"]
    assert structural_words(["groentesoep en business"]) == []
