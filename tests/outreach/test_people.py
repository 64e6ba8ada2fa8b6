from datetime import date

import pytest

from app.models.outreach import OutreachPerson
from app.services.outreach import people
from app.services.outreach.errors import InvalidBirthYearError, PersonNameRequiredError
from tests.outreach.conftest import add


def test_add_person_splits_box_and_stamps_keys(db, campaign):
    p = add(db, campaign.id, first_name=" Maria ", last_name="Van den Broeck",
            street="Kerkstraat", house_number="7 bus 2", birth_date=date(1941, 3, 5))
    assert (p.first_name, p.house_number, p.box, p.birth_year) == ("Maria", "7", "2", 1941)
    assert p.name_key == "vandenbroeck maria"


def test_person_needs_a_name_and_a_plausible_year(db, campaign):
    with db.transaction() as s, pytest.raises(PersonNameRequiredError):
        people.add_person(s, campaign.id, street="Kerkstraat")
    with db.transaction() as s, pytest.raises(InvalidBirthYearError):
        people.add_person(s, campaign.id, last_name="Peeters", birth_year=1850)
    with db.session() as s:
        assert s.query(OutreachPerson).count() == 0


@pytest.mark.parametrize("first,last,year,street,number", [
    ("Jef", "Vandenbroeck", 1944, "", ""),
    ("Jef", "Van Den Broeck", None, "", ""),
    ("Jéf", "van den broeck", 1944, "Dorpsstraat", "3"),
    ("Jozef", "Van den Broek", 1944, "Kerkstraat", "12A"),
])
def test_duplicates_with_flemish_names(db, campaign, first, last, year, street, number):
    add(db, campaign.id, first_name="Jef", last_name="Van den Broeck", birth_year=1944,
        street="Kerkstraat", house_number="12A")
    with db.session() as s:
        found = people.find_duplicates(s, campaign.id, dict(
            first_name=first, last_name=last, birth_year=year, street=street,
            house_number=number))
    assert len(found) == 1 and found[0].label == "Jef Van den Broeck"


@pytest.mark.parametrize("first,last,year", [
    ("Jef", "Van den Broeck", 1961),  # same name, other generation
    ("Mariette", "Peeters", 1944),
])
def test_not_duplicates(db, campaign, first, last, year):
    add(db, campaign.id, first_name="Jef", last_name="Van den Broeck", birth_year=1944,
        street="Kerkstraat", house_number="12A")
    with db.session() as s:
        assert people.find_duplicates(s, campaign.id, dict(
            first_name=first, last_name=last, birth_year=year, street="Molenweg",
            house_number="1")) == []


def test_merge_keeps_one_and_moves_visits(db, campaign):
    from app.services.outreach.visits import log_visit

    a = add(db, campaign.id, first_name="Rita", last_name="D'Hondt", birth_year=1940)
    b = add(db, campaign.id, first_name="Rita", last_name="Dhondt", street="Molenweg",
            house_number="4", phone="014 12 34 56")
    with db.transaction() as s:
        log_visit(s, campaign.id, person_id=b.id, outcome="inside", visited_on=date(2026, 1, 5))
        people.merge_people(s, a.id, b.id)
    with db.session() as s:
        kept = s.get(OutreachPerson, a.id)
        assert (kept.street, kept.phone, kept.status) == ("Molenweg", "014 12 34 56", "reached")
        assert s.get(OutreachPerson, b.id) is None  # tombstoned


def test_selection_rule_christmas_round(db, campaign):
    ref = date(2026, 12, 1)
    add(db, campaign.id, last_name="A", birth_date=date(1945, 1, 1), place="Sint-Maria-Heide")
    add(db, campaign.id, last_name="B", birth_date=date(1954, 6, 1), living_alone=True,
        place="Sint-Maria-Heide")
    add(db, campaign.id, last_name="C", birth_date=date(1954, 6, 1), place="Sint-Maria-Heide")
    add(db, campaign.id, last_name="D", birth_date=date(1930, 1, 1), place="Loonbeek")
    add(db, campaign.id, last_name="E", birth_date=date(1956, 12, 2), living_alone=True,
        place="sint-maria-heide")  # 69 on the reference date
    rule = people.Rule(reference_date=ref, min_age=80, alone_min_age=70,
                       village="Sint-Maria-Heide")
    with db.transaction() as s:
        n, _c = people.select_by_rule(s, campaign.id, rule)
    with db.session() as s:
        chosen = sorted(p.last_name for p in s.query(OutreachPerson).filter_by(
            on_visit_list=True))
    assert n == 2 and chosen == ["A", "B"]


def test_selection_rule_widowed_for_months(db, campaign):
    add(db, campaign.id, last_name="Recent", birth_year=1940,
        widowed_since=date(2026, 10, 1))
    add(db, campaign.id, last_name="Longer", birth_year=1940, widowed_since=date(2025, 1, 1))
    add(db, campaign.id, last_name="Unknown", birth_year=1940, widowed=True)
    with db.session() as s:
        p = {x.last_name: x for x in s.query(OutreachPerson)}
        rule = people.Rule(reference_date=date(2026, 11, 20), min_age=70, widowed_months=6)
        assert [n for n in p if people.matches(p[n], rule)] == ["Longer"]
        rule = people.Rule(reference_date=date(2026, 11, 20), min_age=70,
                           require_widowed=True)
        assert sorted(n for n in p if people.matches(p[n], rule)) == [
            "Longer", "Recent", "Unknown"]


def test_assign_visitor_to_street(db, campaign, trajectory):
    from app.models.outreach import OutreachVisitor

    with db.transaction() as s:
        v = OutreachVisitor(trajectory_id=trajectory.id, name="Lieve")
        s.add(v)
    add(db, campaign.id, last_name="A", street="Kerkstraat")
    add(db, campaign.id, last_name="B", street="kerkstraat ")
    add(db, campaign.id, last_name="C", street="Molenweg")
    with db.transaction() as s:
        people.assign_visitor(s, campaign.id, v.id, street="Kerkstraat")
    with db.session() as s:
        got = {p.last_name: p.visitor_id for p in s.query(OutreachPerson)}
    assert got == {"A": v.id, "B": v.id, "C": None}


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL
