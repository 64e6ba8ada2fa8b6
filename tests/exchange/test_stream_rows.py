"""The rows a package of one trajectory carries (`tables.stream_rows`): exactly the
trajectory's, down its foreign keys, with statements whose size does not grow with the
number of rows chosen (a list of chosen ids in the SQL failed at about a million visits:
SQLite takes at most 250 000 parameters, PostgreSQL 65 535)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import event

from app.models.core import Trajectory
from app.models.outreach import OutreachCampaign, OutreachPerson, OutreachVisit
from app.services.exchange import tables

BOTH_ENGINES = True


def _fill(db, name: str, people: int) -> str:
    with db.transaction() as s:
        traj = Trajectory(name=name, municipality=name)
        s.add(traj)
        s.flush()
        camp = OutreachCampaign(trajectory_id=traj.id, name=f"Ronde {name}", kind="general",
                                start_date=date(2026, 1, 1), end_date=date(2026, 3, 31))
        s.add(camp)
        s.flush()
        for i in range(people):
            person = OutreachPerson(campaign_id=camp.id, last_name=f"{name} {i}")
            s.add(person)
            s.flush()
            s.add(OutreachVisit(campaign_id=camp.id, person_id=person.id,
                                visited_on=date(2026, 2, 1), outcome="door"))
        return traj.id


def _chosen(db, trajectory_id: str) -> tuple[dict[str, set[str]], int]:
    """The ids chosen per table, and the most parameters any statement took."""
    most = [0]

    def count(_conn, _cursor, _statement, parameters, _context, _many):
        most[0] = max(most[0], len(parameters or ()))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.session() as s:
            found: dict[str, set[str]] = {}
            for plan, chunks in tables.stream_rows(s, tables.scope_plan("lead"),
                                                   [trajectory_id]):
                found[plan.kind] = {row.id for chunk in chunks for row in chunk}
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return found, most[0]


def test_a_trajectory_s_rows_and_no_other_s_with_statements_of_one_size(db):
    small = _fill(db, "Heide", 2)
    large = _fill(db, "Beek", 40)
    few, few_params = _chosen(db, small)
    many, many_params = _chosen(db, large)
    assert len(few["outreach_person"]) == len(few["outreach_visit"]) == 2
    assert len(many["outreach_person"]) == len(many["outreach_visit"]) == 40
    assert few["trajectory"] == {small} and many["trajectory"] == {large}
    for kind in few:  # nothing of the other trajectory
        assert not few[kind] & many.get(kind, set()), kind
    assert few_params == many_params  # the chosen ids stay in the database
