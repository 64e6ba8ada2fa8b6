"""Qt-free tests: preconditions and readiness, keep-warm, stakeholder layout, coverage matrix,
needs with their evidence, step counters and the demo data."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from app.models.core import FocusArea, Partner, Trajectory
from app.models.groundwork import (
    AreaFigure,
    AreaNeed,
    AreaStory,
    ContactMoment,
    ExistingActivity,
)
from app.services import method, records
from app.services.groundwork import coverage, needs, network, readiness
from app.services.i18n import set_language


def _all_in_place(s, tid):
    for code in ("mandate", "time_budget", "cooperation", "intervision"):
        readiness.set_precondition(s, tid, code, "in_place")


def test_services_do_not_import_qt():
    code = ("import sys, app.models, app.services.groundwork.report_sections, "
            "app.services.groundwork.demo, app.services.groundwork.figure_import; "
            "print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_preconditions_default_to_not_yet_and_update(db, trajectory):
    tid = trajectory.id
    with db.session() as s:
        states = readiness.preconditions(s, tid)
    assert [p.code for p in states] == ["mandate", "time_budget", "cooperation", "intervision"]
    assert {p.status for p in states} == {"not_yet"}
    with db.transaction() as s:
        changes = readiness.set_precondition(s, tid, "mandate", "partly", "Raad beslist in mei")
    assert changes.touches("precondition")
    with db.transaction() as s:
        assert not readiness.set_precondition(s, tid, "mandate", "partly").kinds  # no change
        readiness.set_precondition(s, tid, "mandate", "in_place")
    with db.session() as s:
        state = readiness.preconditions(s, tid)[0]
    assert (state.status, state.note) == ("in_place", "Raad beslist in mei")


def test_bad_precondition_input_is_refused_without_writing(db, trajectory):
    with pytest.raises(readiness.UnknownPreconditionError) as err:
        with db.transaction() as s:
            readiness.set_precondition(s, trajectory.id, "money", "in_place")
    assert "money" in err.value.user_message()
    with pytest.raises(readiness.UnknownStatusError):
        with db.transaction() as s:
            readiness.set_precondition(s, trajectory.id, "mandate", "done")
    with db.session() as s:
        assert {p.status for p in readiness.preconditions(s, trajectory.id)} == {"not_yet"}


def _setup_ready(db, tid, start, end):
    with db.transaction() as s:
        traj = s.get(Trajectory, tid)
        traj.network_director = "An"
        traj.start_date, traj.planned_end_date = start, end
        s.add(FocusArea(trajectory_id=tid, name="Dorp"))
        s.add(Partner(trajectory_id=tid, name="LDC", involvement="lead"))
        _all_in_place(s, tid)


def test_readiness_says_ready_when_everything_is_in_place(db, trajectory):
    set_language("en")
    _setup_ready(db, trajectory.id, date(2025, 1, 1), date(2026, 12, 31))
    with db.session() as s:
        result = readiness.readiness(s, trajectory.id)
    assert result.ready and not result.missing and not result.warnings
    assert result.sentence().startswith("Ready to start")


def test_readiness_lists_what_is_missing(db, trajectory):
    set_language("en")
    with db.transaction() as s:
        readiness.set_precondition(s, trajectory.id, "mandate", "partly")
    with db.session() as s:
        result = readiness.readiness(s, trajectory.id)
    assert not result.ready
    text = result.sentence()
    assert text.startswith("Not ready to start yet")
    for part in ("focus area", "lead organisation", "network director",
                 "Board or management is behind it", "(partly)"):
        assert part in text
    assert any("start and a planned end" in w for w in result.warnings)


@pytest.mark.parametrize("start,end,months", [
    (date(2025, 9, 1), date(2026, 6, 30), 9),
    (date(2025, 1, 15), date(2026, 7, 14), 17),
])
def test_readiness_warns_for_a_period_under_18_months(db, trajectory, start, end, months):
    set_language("en")
    _setup_ready(db, trajectory.id, start, end)
    with db.session() as s:
        result = readiness.readiness(s, trajectory.id)
    assert result.ready
    assert f"only {months} months" in result.warnings[0]
    assert "mind this" in result.sentence()


def test_exactly_18_months_is_enough_and_end_before_start_is_flagged(db, trajectory):
    assert readiness.months_between(date(2025, 1, 15), date(2026, 7, 15)) == 18
    _setup_ready(db, trajectory.id, date(2025, 1, 15), date(2026, 7, 15))
    with db.session() as s:
        assert readiness.readiness(s, trajectory.id).warnings == []
    with db.transaction() as s:
        s.get(Trajectory, trajectory.id).planned_end_date = date(2024, 1, 1)
    set_language("en")
    with db.session() as s:
        assert "before the start" in readiness.readiness(s, trajectory.id).warnings[0]


def test_keep_warm_lists_partners_not_contacted_for_n_months(db, trajectory):
    tid = trajectory.id
    with db.transaction() as s:
        a = Partner(trajectory_id=tid, name="Recent")
        b = Partner(trajectory_id=tid, name="Oud")
        c = Partner(trajectory_id=tid, name="Nooit")
        s.add_all([a, b, c])
        s.flush()
        s.add(ContactMoment(trajectory_id=tid, held_on=date(2026, 5, 1), partner_ids=[a.id]))
        s.add(ContactMoment(trajectory_id=tid, held_on=date(2025, 10, 1),
                            partner_ids=[a.id, b.id]))
        # a future (planned) meeting does not count as contact
        s.add(ContactMoment(trajectory_id=tid, held_on=date(2026, 12, 1), partner_ids=[b.id]))
    today = date(2026, 6, 1)
    with db.session() as s:
        stale = network.keep_warm(s, tid, 6, today)
        assert [c.name for c in stale] == ["Nooit", "Oud"]
        assert stale[1].months == 8 and stale[0].last is None
        assert [c.name for c in network.keep_warm(s, tid, 12, today)] == ["Nooit"]


def test_stakeholder_layout_puts_partners_on_rings(db, trajectory):
    tid = trajectory.id
    with db.transaction() as s:
        s.add(Partner(trajectory_id=tid, name="Trekker", involvement="lead"))
        for i in range(3):
            s.add(Partner(trajectory_id=tid, name=f"Kern {i}", involvement="core"))
        s.add(Partner(trajectory_id=tid, name="Info", involvement="informed"))
    with db.session() as s:
        nodes = {n.name: n for n in network.stakeholder_layout(s, tid)}
    assert nodes["Trekker"].ring == 0 and (nodes["Trekker"].x, nodes["Trekker"].y) == (0, 0)
    for i in range(3):
        n = nodes[f"Kern {i}"]
        assert n.ring == 1
        assert (n.x ** 2 + n.y ** 2) ** 0.5 == pytest.approx(network.ring_radius(1))
        assert network.ring_bound(0) < network.ring_radius(1) < network.ring_bound(1)
    assert nodes["Info"].ring == 2


def test_coverage_matrix_shows_unreached_groups_first(db, trajectory):
    tid = trajectory.id
    with db.transaction() as s:
        org = Partner(trajectory_id=tid, name="LDC")
        s.add(org)
        s.flush()
        s.add(ExistingActivity(trajectory_id=tid, name="Soep", organiser_id=org.id,
                               risk_group_codes=["older_75", "living_alone"]))
        s.add(ExistingActivity(trajectory_id=tid, name="Wandelen",
                               risk_group_codes=["older_75"]))
        gone = ExistingActivity(trajectory_id=tid, name="Weg", risk_group_codes=["farmers"])
        s.add(gone)
        s.flush()
        records.soft_delete(s, ExistingActivity, gone.id)
    with db.session() as s:
        m = coverage.coverage_matrix(s, tid)
    assert [a.name for a in m.activities] == ["Soep", "Wandelen"]
    assert m.activities[0].organiser == "LDC"
    n_unreached = len(m.unreached)
    assert n_unreached == 13 - 2 and "farmers" in m.unreached  # the tombstone reaches nobody
    assert all(r.unreached for r in m.rows[:n_unreached])
    assert [r.code for r in m.rows[n_unreached:]] == ["living_alone", "older_75"]
    assert m.cell(n_unreached + 1, 1) and not m.cell(n_unreached, 1)


def test_coverage_with_every_group_reached(db, trajectory):
    from app.services import reference

    with db.transaction() as s:
        s.add(ExistingActivity(trajectory_id=trajectory.id, name="Alles",
                               risk_group_codes=reference.codes("risk_group")))
    with db.session() as s:
        assert coverage.coverage_matrix(s, trajectory.id).unreached == []


def test_need_without_live_evidence_is_a_gut_feeling(db, trajectory):
    tid = trajectory.id
    with db.transaction() as s:
        fig = AreaFigure(trajectory_id=tid, indicator="Alleenwonend", value=18.4, unit="%",
                         year=2025)
        story = AreaStory(trajectory_id=tid, title="Geen bakker")
        s.add_all([fig, story])
        s.flush()
        s.add(AreaNeed(trajectory_id=tid, title="Ontmoetingsplek", priority=2,
                       figure_ids=[fig.id], story_ids=[story.id]))
        s.add(AreaNeed(trajectory_id=tid, title="Jongeren", priority=1))
        s.add(AreaNeed(trajectory_id=tid, title="Vervoer", priority=3, figure_ids=[fig.id]))
    with db.session() as s:
        result = needs.need_summaries(s, tid)
    assert [(n.title, n.gut_feeling) for n in result] == [
        ("Jongeren", True), ("Ontmoetingsplek", False), ("Vervoer", False)]
    assert result[1].figures == ["Alleenwonend: 18,4 % (2025)"]
    with db.transaction() as s:
        records.soft_delete(s, AreaFigure, fig.id)
    with db.session() as s:
        flags = {n.title: n.gut_feeling for n in needs.need_summaries(s, tid)}
    assert flags == {"Jongeren": True, "Ontmoetingsplek": False, "Vervoer": True}


def test_check_links_refuses_foreign_or_deleted_evidence(db, trajectory):
    with db.transaction() as s:
        other = Trajectory(name="Ander")
        s.add(other)
        s.flush()
        fig = AreaFigure(trajectory_id=other.id, indicator="x", value=1)
        s.add(fig)
        s.flush()
        fid = fig.id
    with db.session() as s:
        with pytest.raises(needs.UnknownEvidenceError):
            needs.check_links(s, trajectory.id, [fid], [])
        needs.check_links(s, other.id, [fid], [])


def test_reorder_sets_priorities(db, trajectory):
    with db.transaction() as s:
        a = AreaNeed(trajectory_id=trajectory.id, title="A", priority=1)
        b = AreaNeed(trajectory_id=trajectory.id, title="B", priority=2)
        s.add_all([a, b])
        s.flush()
        ids = [b.id, a.id]
    with db.transaction() as s:
        assert needs.reorder(s, trajectory.id, ids).touches("area_need")
    with db.session() as s:
        assert [n.title for n in needs.need_summaries(s, trajectory.id)] == ["B", "A"]


def test_demo_fills_every_groundwork_step(demo_db):
    from app.cli.commands.status import collect

    with demo_db.session() as s:
        data = collect(s)
        traj = data[0]
        tid = traj["id"]
        counts = {st["step"]: st["counts"] for st in traj["steps"]}
        assert counts[0]["focus_area"] == 3 and counts[0]["precondition_in_place"] == 2
        assert counts[1]["partner"] >= 3 and counts[1]["contact_moment"] == 3
        assert counts[2] == {"training_session": 2, "interested_person": 4}
        assert counts[3]["existing_activity"] == 6
        assert counts[4] == {"area_figure": 7, "area_story": 5, "area_need": 5}
        unreached = coverage.coverage_matrix(s, tid).unreached
        assert {"farmers", "youth"} <= set(unreached)
        assert sum(n.gut_feeling for n in needs.need_summaries(s, tid)) == 1
        assert not readiness.readiness(s, tid).ready


def test_progress_moves_as_records_are_added(db, trajectory):
    tid = trajectory.id
    with db.session() as s:
        before = method.step_status(s, tid)[3].progress
    with db.transaction() as s:
        for i in range(3):
            s.add(ExistingActivity(trajectory_id=tid, name=f"A{i}"))
    with db.session() as s:
        after = method.step_status(s, tid)[3]
    assert after.counts["existing_activity"] == 3
    assert after.progress > before


def test_people_to_invite_and_erasing_for_good(db, trajectory):
    from app.models.groundwork import InterestedPerson
    from app.services.groundwork import people

    tid = trajectory.id
    with db.transaction() as s:
        yes = InterestedPerson(trajectory_id=tid, name="Marleen", contact="0478",
                               consent=True, consent_date=date(2026, 3, 1))
        s.add(yes)
        s.add(InterestedPerson(trajectory_id=tid, name="Tom", consent=False))
        s.add(InterestedPerson(trajectory_id=tid, name="Zonder datum", consent=True))
        s.flush()
        pid = yes.id
    with db.session() as s:
        assert [p.name for p in people.people_to_invite(s, tid)] == ["Marleen"]
    with db.transaction() as s:
        assert people.erase_person(s, tid, pid).touches("interested_person")
    with db.session() as s:
        assert people.people_to_invite(s, tid) == []
        gone = records.get_any(s, InterestedPerson, pid)
        assert (gone.name, gone.contact, gone.consent) == ("", "", False)
        assert gone.erased_at is not None and gone.deleted_at is not None
    with pytest.raises(people.PersonNotFoundError):
        with db.transaction() as s:
            people.erase_person(s, tid, pid)


def test_a_zero_reference_without_a_name_is_no_reference():
    assert not needs.has_reference(None, "")
    assert not needs.has_reference(0.0, "")
    assert needs.has_reference(0.0, "Vlaanderen")
    assert needs.has_reference(14.1, "")


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL
