"""What has not reached the lead organisation yet (issue 17): counted since the last package
that carried it, per trajectory, in the service and in `status --json`."""
from __future__ import annotations

import json
from datetime import date

from app.models.core import Trajectory
from app.models.outreach import OutreachCampaign, OutreachPerson
from app.services.exchange import exporter
from app.services.exchange.not_shared import not_shared
from app.services.outreach import visits


def _tid(db):
    with db.session() as s:
        return s.query(Trajectory).one().id


def _count(db):
    with db.session() as s:
        return not_shared(s, _tid(db))


def _export(db, tmp_path, scope="lead", name="p.bvx"):
    exporter.export_package(db, tmp_path / name, scope, passphrase="lange zin 1234")


def _log(db, n):
    with db.session() as s:
        camp = s.query(OutreachCampaign).filter_by(kind="christmas").one()
        people = s.query(OutreachPerson).filter_by(campaign_id=camp.id).all()[:n]
    with db.transaction() as s:
        for p in people:
            visits.log_visit(s, camp.id, person_id=p.id, outcome="door",
                             visited_on=date.today())
    return camp.id


def test_the_count_drops_to_zero_with_a_lead_package_and_rises_with_new_visits(demo_db,
                                                                             tmp_path):
    before = _count(demo_db)
    assert before.visits == 9 and before.changes > 0  # the demo was never shared
    _export(demo_db, tmp_path)
    assert _count(demo_db).as_dict() == {"visits": 0, "changes": 0}
    _log(demo_db, 3)
    # three visits, and the three people whose status followed them
    assert _count(demo_db).as_dict() == {"visits": 3, "changes": 3}
    _export(demo_db, tmp_path, name="q.bvx")
    assert _count(demo_db).as_dict() == {"visits": 0, "changes": 0}


def test_a_practices_package_shares_nothing_with_the_lead(demo_db, tmp_path):
    before = _count(demo_db)
    exporter.export_package(demo_db, tmp_path / "x.bvx", "practices")
    assert _count(demo_db) == before


def test_a_round_undone_before_any_package_leaves_nothing_to_share(demo_db, tmp_path):
    from app.models.outreach import OutreachVisit
    from app.services import records

    _export(demo_db, tmp_path)
    _log(demo_db, 2)
    with demo_db.transaction() as s:
        for v in s.query(OutreachVisit).filter(OutreachVisit.visited_on == date.today()):
            if v.revision == 1:
                records.soft_delete(s, OutreachVisit, v.id)
    assert _count(demo_db).visits == 0


def test_status_json_gives_not_shared_per_trajectory(demo_db, db_path, tmp_path, capsys):
    from app.cli import main

    demo_db.close()
    assert main(["status", "--db", str(db_path), "--json"]) == 0
    (traj,) = json.loads(capsys.readouterr().out)
    assert set(traj) == {"id", "name", "steps", "not_shared"}
    assert traj["not_shared"]["visits"] == 9 and traj["not_shared"]["changes"] > 0
    assert main(["status", "--db", str(db_path)]) == 0
    assert "not_shared" not in capsys.readouterr().out  # the text output is as it was


def test_the_counter_that_remembers_agrees_with_a_fresh_count(demo_db, tmp_path):
    from app.services.exchange.not_shared import NotSharedCounter
    from app.services.outreach import people

    counter, tid = NotSharedCounter(), _tid(demo_db)

    def both():
        with demo_db.session() as s:
            return counter.count(s, tid), not_shared(s, tid)

    steps = [lambda: None, lambda: _export(demo_db, tmp_path), lambda: _log(demo_db, 2),
             lambda: _export(demo_db, tmp_path, name="q.bvx")]
    with demo_db.session() as s:
        pid = s.query(OutreachPerson).first().id
    steps.append(lambda: _rename(demo_db, people, pid))
    for step in steps:
        step()
        remembered, fresh = both()
        assert remembered == fresh
    assert both()[0].as_dict() == {"visits": 0, "changes": 1}  # the renamed person


def _rename(db, people, pid):
    with db.transaction() as s:
        people.update_person(s, pid, first_name="Hernoemd")
