"""A round of home visits (issue 17): the printed walking list's code and row numbers open the
same rows, and a round is saved whole or not at all."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from app.models.outreach import OutreachPerson, OutreachVisit, OutreachVisitor
from app.services.outreach import printing, rounds, visits
from app.services.outreach.errors import (
    FollowUpBeforeVisitError,
    RoundAlreadyLoggedError,
    RoundNotFoundError,
    RoundPersonUnknownError,
)
from tests.outreach.conftest import add

CODE = re.compile(r"\b([0-9A-Z]{4}-\d{4})\b")


def _walk(db, campaign, trajectory, n=6):
    with db.transaction() as s:
        v = OutreachVisitor(trajectory_id=trajectory.id, name="Lieve Janssens")
        s.add(v)
    people = [add(db, campaign.id, first_name=f"P{i}", last_name=f"Nr{i}", street="Kerkstraat",
                  house_number=str(i), on_visit_list=True, visitor_id=v.id)
              for i in range(n, 0, -1)]  # added out of walking order on purpose
    return v, people


def _printed(db, campaign, tmp_path, **kw):
    """The round codes and the (number, name) rows of each section of the printed list."""
    out = tmp_path / "walk.pdf"
    with db.session() as s:
        printing.walking_list(s, campaign.id, out, **kw)
    sections = []
    for page in PdfReader(out).pages:
        text = page.extract_text()
        code = CODE.search(text)
        if code:
            rows = re.findall(r"^(\d+)\s*\n?Kerkstraat (\d+)\s*\n?(P\d+ Nr\d+)", text, re.M)
            sections.append((code[1], [(int(n), name) for n, _h, name in rows]))
    return sections


def test_the_printed_code_opens_the_same_rows_with_the_same_numbers(db, campaign, trajectory,
                                                                  tmp_path):
    _walk(db, campaign, trajectory)
    for order in ("number", "sides"):
        ((code, paper),) = _printed(db, campaign, tmp_path, order=order)
        assert len(paper) == 6
        with db.session() as s:
            key = rounds.find_round(s, trajectory.id, code.lower().replace("0", "o"))
            grid = rounds.load_round(s, key)
        assert grid.code == code and grid.title == "Lieve Janssens"
        assert [(r.number, r.name) for r in grid.rows] == paper
    assert paper[:3] == [(1, "P1 Nr1"), (2, "P3 Nr3"), (3, "P5 Nr5")]  # up the odd side


def test_a_street_list_is_a_round_too(db, campaign, trajectory, tmp_path):
    _walk(db, campaign, trajectory, 3)
    ((code, paper),) = _printed(db, campaign, tmp_path, group_by="street")
    with db.session() as s:
        grid = rounds.load_round(s, rounds.find_round(s, trajectory.id, code))
    assert grid.title == "Kerkstraat" and grid.visitor_id is None
    assert [(r.number, r.name) for r in grid.rows] == paper


@pytest.mark.parametrize("typed", ["", "0000-0101", "ABCD", "zzzz-3102", "12345-0101"])
def test_a_wrong_code_is_refused_calmly(db, campaign, trajectory, typed):
    _walk(db, campaign, trajectory, 2)
    with db.session() as s, pytest.raises(RoundNotFoundError) as err:
        rounds.find_round(s, trajectory.id, typed)
    assert "round code" in err.value.user_message() or "rondecode" in err.value.user_message()


def _entries(grid, outcomes):
    return [rounds.Entry(row.person_id, outcome, notes=f"note {row.number}",
                         signals=["loneliness"], wish="wish", follow_up="call back",
                         follow_up_due=date.today() + timedelta(days=3))
            for row, outcome in zip(grid.rows, outcomes, strict=False)]


def test_saving_a_round_logs_each_visit_and_only_talks_keep_details(db, campaign, trajectory):
    v, _people = _walk(db, campaign, trajectory, 5)
    today = date.today()
    with db.session() as s:
        grid = rounds.load_round(s, rounds.visitor_round(campaign.id, v.id, today))
    outcomes = ["not_home", "card_left", "door", "inside", "declined"]
    with db.transaction() as s:
        made, changes = rounds.save_round(s, grid.key, _entries(grid, outcomes),
                                          visited_on=today, visitor_id=v.id)
    assert len(made) == 5 and changes.touches("outreach_visit", "outreach_person")
    with db.session() as s:
        for row, outcome in zip(grid.rows, outcomes, strict=True):
            (visit,) = s.query(OutreachVisit).filter_by(person_id=row.person_id).all()
            talk = outcome in ("door", "inside")
            assert visit.outcome == ("not_home" if outcome == "card_left" else outcome)
            assert visit.card_left == (outcome == "card_left")
            assert visit.visitor_id == v.id and visit.visited_on == today
            assert (visit.notes, visit.wish, visit.follow_up) == (
                (f"note {row.number}", "wish", "call back") if talk else ("", "", ""))
            assert visit.signals == (["loneliness"] if talk else [])
            status = s.get(OutreachPerson, row.person_id).status
            assert status == {"not_home": "retry", "card_left": "retry", "door": "reached",
                              "inside": "reached", "declined": "declined"}[outcome]
        again = rounds.load_round(s, grid.key)
    # reopened, the round keeps every address and number, with what was logged
    assert [(r.number, r.logged) for r in again.rows] == [
        (1, "not_home"), (2, "not_home"), (3, "door"), (4, "inside"), (5, "declined")]


def test_a_round_is_saved_whole_or_not_at_all(db, campaign, trajectory):
    v, _people = _walk(db, campaign, trajectory, 3)
    other = add(db, campaign.id, last_name="Elders", street="Veldstraat", on_visit_list=True)
    today = date.today()
    with db.session() as s:
        grid = rounds.load_round(s, rounds.visitor_round(campaign.id, v.id, today))
    good = _entries(grid, ["door", "not_home"])
    bad_cases = [
        ([*good, rounds.Entry(other.id, "door")], RoundPersonUnknownError),
        ([*good, rounds.Entry(good[0].person_id, "inside")], RoundAlreadyLoggedError),
        ([*good[:1], rounds.Entry(grid.rows[2].person_id, "inside",
                                  follow_up_due=today - timedelta(days=1))],
         FollowUpBeforeVisitError),
    ]
    for entries, error in bad_cases:
        with pytest.raises(error), db.transaction() as s:
            rounds.save_round(s, grid.key, entries, visited_on=today)
        with db.session() as s:
            assert s.query(OutreachVisit).count() == 0  # nothing half-written
    with db.transaction() as s:
        rounds.save_round(s, grid.key, good, visited_on=today)
    with pytest.raises(RoundAlreadyLoggedError), db.transaction() as s:  # saved twice
        rounds.save_round(s, grid.key, good, visited_on=today)
    with db.session() as s:
        assert s.query(OutreachVisit).count() == 2


def test_a_list_printed_earlier_keeps_its_rows_after_visits_and_additions(db, campaign,
                                                                         trajectory):
    v, people = _walk(db, campaign, trajectory, 3)
    printed = date.today() - timedelta(days=2)
    with db.transaction() as s:  # made before the list was printed
        for p in people:
            s.get(OutreachPerson, p.id).created_at -= timedelta(days=5)
    key = rounds.RoundKey(campaign.id, "visitor", v.id, printed)
    with db.transaction() as s:
        visits.log_visit(s, campaign.id, person_id=people[0].id, outcome="inside",
                         visited_on=date.today() - timedelta(days=1))
    add(db, campaign.id, last_name="Later", street="Kerkstraat", house_number="0",
        on_visit_list=True, visitor_id=v.id)  # added after the list was printed
    with db.session() as s:
        grid = rounds.load_round(s, key)
    assert [(r.number, r.name, r.logged) for r in grid.rows] == [
        (1, "P1 Nr1", ""), (2, "P2 Nr2", ""), (3, "P3 Nr3", "inside")]
