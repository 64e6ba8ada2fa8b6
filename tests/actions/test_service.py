"""Services of steps 6 and 7: actions with partners, log, signals, measurements, practices."""
from __future__ import annotations

import sys
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models.actions import ActionLog, ActionPartner, Measurement
from app.models.core import Action, Partner
from app.services.actions import errors, measuring, practices, service


@pytest.fixture
def partners(db, trajectory):
    with db.transaction() as s:
        made = [Partner(trajectory_id=trajectory.id, name=n) for n in ("LDC", "OCMW", "CAW")]
        s.add_all(made)
    return [p.id for p in made]


def make_action(db, trajectory, **values):
    with db.transaction() as s:
        action, _changes = service.create_action(s, trajectory.id, {"name": "Buurtbabbel",
                                                                     **values})
        return action.id


def test_create_action_validates_before_writing(db, trajectory):
    with pytest.raises(errors.ActionNameMissingError):
        with db.transaction() as s:
            service.create_action(s, trajectory.id, {"name": "  "})
    with pytest.raises(errors.UnknownCodeError):
        with db.transaction() as s:
            service.create_action(s, trajectory.id, {"name": "X", "element_codes": ["hugs"]})
    with db.session() as s:
        assert s.scalars(select(Action)).all() == []


def test_create_and_update_action_with_partners_and_roles(db, trajectory, partners):
    with db.transaction() as s:
        action, changes = service.create_action(
            s, trajectory.id, {"name": "Koffie", "element_codes": ["meeting"],
                               "status": "planned"}, [(partners[0], "trekker")])
        aid = action.id
    assert changes.touches("action", "action_partner")
    with db.transaction() as s:
        changes = service.update_action(s, aid, {"name": "Koffie & Contact"},
                                        [(partners[1], "vervoer"), (partners[0], "trekker")])
    with db.session() as s:
        got = [(p.name, role) for p, role in service.action_partners(s, aid)]
        assert got == [("LDC", "trekker"), ("OCMW", "vervoer")]
        assert s.get(Action, aid).name == "Koffie & Contact"
    with db.transaction() as s:  # removing tombstones, re-adding restores the same row
        service.set_action_partners(s, aid, [(partners[1], "vervoer")])
    with db.transaction() as s:
        service.set_action_partners(s, aid, [(partners[0], "opnieuw"), (partners[1], "vervoer")])
    with db.session() as s:
        rows = s.scalars(select(ActionPartner).execution_options(include_deleted=True)).all()
        assert len(rows) == 2 and all(r.deleted_at is None for r in rows)
        assert {r.role for r in rows} == {"opnieuw", "vervoer"}


def test_partner_of_another_trajectory_is_refused(db, trajectory):
    from app.models.core import Trajectory

    with db.transaction() as s:
        other = Trajectory(name="Ander")
        s.add(other)
        s.flush()
        stranger = Partner(trajectory_id=other.id, name="Vreemd")
        s.add(stranger)
    with pytest.raises(errors.PartnerNotInTrajectoryError):
        with db.transaction() as s:
            service.create_action(s, trajectory.id, {"name": "X"}, [(stranger.id, "")])
    with db.session() as s:
        assert s.scalars(select(Action)).all() == []


def test_check_uses_partners_and_signals_from_the_database(db, trajectory, partners):
    aid = make_action(db, trajectory, element_codes=["meeting", "practical_support"],
                      age_group_codes=["all_ages"], impact_evidence="tellen",
                      description="Geen bus meer naar het dorpshuis")
    with db.session() as s:
        assert {f.code for f in service.check(s, s.get(Action, aid))} == {"no_partner",
                                                                           "structural"}
    with db.transaction() as s:
        service.set_action_partners(s, aid, [(partners[0], "")])
        service.add_signal(s, trajectory.id, {"what": "Belbus vragen", "action_id": aid,
                                              "to_whom": "Schepen"})
    with db.session() as s:
        assert service.check(s, s.get(Action, aid)) == []


def test_log_rules_and_people_reached_over_time(db, trajectory):
    aid = make_action(db, trajectory)
    today = date(2026, 5, 1)
    for bad, exc in (({"done": ""}, errors.LogEmptyError),
                     ({"done": "x", "people_reached": -1}, errors.PeopleReachedError),
                     ({"done": "x", "log_date": today + timedelta(days=1)},
                      errors.FutureDateError),
                     ({"done": "x", "phase": "dream"}, errors.UnknownCodeError)):
        with pytest.raises(exc):
            with db.transaction() as s:
                service.add_log(s, aid, bad, today=today)
    with db.transaction() as s:
        service.add_log(s, aid, {"done": "a", "log_date": date(2026, 3, 1),
                                 "people_reached": 5}, today=today)
        service.add_log(s, aid, {"tried": "b", "log_date": date(2026, 4, 1), "phase": "check",
                                 "people_reached": 7}, today=today)
        service.add_log(s, aid, {"adjusted": "c", "log_date": date(2026, 4, 1),
                                 "people_reached": 1}, today=today)
    with db.session() as s:
        assert s.scalar(select(ActionLog.phase).where(ActionLog.tried == "b")) == "check"
        assert service.people_reached(s, aid) == 13
        assert service.people_reached_over_time(s, trajectory.id) == [
            (date(2026, 3, 1), 5), (date(2026, 4, 1), 13)]


def test_signal_needs_a_text(db, trajectory):
    with pytest.raises(errors.SignalEmptyError):
        with db.transaction() as s:
            service.add_signal(s, trajectory.id, {"what": " "})


def test_coverage_counts_ideas_and_active_actions_but_not_stopped(db, trajectory):
    make_action(db, trajectory, risk_group_codes=["youth", "carers"], status="idea")
    make_action(db, trajectory, risk_group_codes=["poverty"], status="stopped")
    with db.session() as s:
        cov = service.coverage(s, trajectory.id)
        assert cov["youth"] == 1 and cov["carers"] == 1 and cov["poverty"] == 0
        assert "poverty" in service.unreached_risk_groups(s, trajectory.id)
        assert "youth" not in service.unreached_risk_groups(s, trajectory.id)


def test_checklist_matrix_lists_every_action(db, trajectory, partners):
    aid = make_action(db, trajectory, element_codes=["buddy"], level="tertiary")
    with db.transaction() as s:
        service.set_action_partners(s, aid, [(partners[2], "")])
    with db.session() as s:
        (row,) = service.checklist_matrix(s, trajectory.id)
        assert row.elements == {"buddy"} and row.level == "tertiary"
        assert row.partners == ("CAW",)


def new_measurement(aid, **kw):
    values = dict(action_id=aid, respondent_code="R-01", instrument="djg6",
                  answers=["yes", "no", "no", "yes", "yes", "yes"], consent=True,
                  measured_on=date(2026, 1, 5))
    values.update(kw)
    return measuring.NewMeasurement(**values)


def test_measurement_only_with_consent_and_a_code(db, trajectory):
    aid = make_action(db, trajectory)
    today = date(2026, 2, 1)
    for kw, exc in (({"consent": False}, errors.ConsentMissingError),
                    ({"respondent_code": "Maria Peeters"}, errors.RespondentCodeError),
                    ({"answers": ["yes"]}, errors.InvalidAnswersError),
                    ({"moment": "during"}, errors.UnknownCodeError),
                    ({"measured_on": date(2026, 3, 1)}, errors.FutureDateError)):
        with pytest.raises(exc):
            with db.transaction() as s:
                measuring.add_measurement(s, new_measurement(aid, **kw), today=today)
    with db.session() as s:
        assert s.scalars(select(Measurement)).all() == []


def test_measurement_stores_raw_answers_and_group_change(db, trajectory):
    aid = make_action(db, trajectory)
    today = date(2026, 6, 1)
    before = ["yes", "yes", "more_or_less", "no", "no", "yes"]
    after = ["no", "no", "no", "yes", "yes", "yes"]
    with db.transaction() as s:
        row, _c = measuring.add_measurement(s, new_measurement(aid, answers=before),
                                            today=today)
        measuring.add_measurement(s, new_measurement(aid, answers=after, moment="after",
                                                     measured_on=date(2026, 5, 1)),
                                  today=today)
        measuring.add_measurement(s, new_measurement(aid, respondent_code="R-02"),
                                  today=today)
    with db.session() as s:
        stored = s.get(Measurement, row.id)
        assert measuring.answers_of(stored) == before
        assert stored.consent_recorded and stored.version == "1"
        (change,) = measuring.group_results(s, aid)
    assert change.pairs == 1 and change.improved == 1 and change.small_group
    text = " ".join(measuring.describe_change(change))
    assert "Let op" in text and "De Jong Gierveld & Van Tilburg (2006)" in text


def test_home_visits_never_offer_the_questionnaire_by_default():
    assert measuring.offered_by_default("activity")
    assert not measuring.offered_by_default("home_visit")


def test_practices_are_eleven_cards_without_email_addresses():
    assert len(practices.PRACTICES) == 11
    for p in practices.PRACTICES:
        assert "@" not in p.target + p.setup + p.name
        assert p.element_codes


def test_practice_suggestions_for_action_and_unreached_group():
    action = Action(name="x", risk_group_codes=["grief_loss"], age_group_codes=[],
                    element_codes=["meeting"])
    names = [p.code for p in practices.suggestions_for_action(action)]
    assert names[0] in ("kortenaken", "kleine_grote_wensen")
    assert [p.code for p in practices.suggestions_for_risk_group("carers")] == ["samen_lezen"]
    # a group no practice aims at falls back to the practices meant for everyone
    fallback = practices.suggestions_for_risk_group("newcomers")
    assert fallback and all(p.level == "primary" for p in fallback)


def test_copy_practice_makes_an_idea_action(db, trajectory):
    with db.transaction() as s:
        action, _changes = practices.copy_to_trajectory(s, trajectory.id, "kortenaken")
        aid = action.id
    with db.session() as s:
        got = s.get(Action, aid)
        assert (got.origin, got.status, got.name) == ("practice", "idea", "Je staat niet alleen")
        assert got.risk_group_codes == ["grief_loss"]
        assert "Kortenaken" in got.description


def test_demo_has_every_status_and_the_keys_for_outreach(demo_db):
    from app.models.core import Trajectory
    from app.services.actions import demo
    from app.services.demo import DemoContext

    with demo_db.session() as s:
        statuses = {a.status for a in s.scalars(select(Action))}
        assert statuses >= {"idea", "planned", "running", "evaluated", "stopped"}
        assert s.scalars(select(Measurement)).all()
    with demo_db.transaction() as s:
        traj = Trajectory(name="Tweede")
        s.add(traj)
        s.flush()
        ctx = DemoContext(trajectory=traj, today=date(2026, 6, 1))
        demo.fill(s, ctx)
        assert {"kgw", "christmas"} <= set(ctx.extra["actions"])
        assert ctx.extra["actions"]["kgw"].name == "Kleine Grote Wensen"


def test_services_do_not_import_qt():
    import subprocess

    code = ("import sys, app.models, app.services.loneliness, app.services.actions.report, "
            "app.services.actions.report_sections, app.services.actions.demo, "
            "app.cli.printing.plan; print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_step_counters_follow_actions_logs_and_signals(demo_db):
    from app.services import method

    with demo_db.session() as s:
        tid = s.scalar(select(Action.trajectory_id))
        six, seven = method.step_status(s, tid)[6:8]
    assert six.counts["action"] >= 5 and six.counts["policy_signal"] == 1
    assert seven.counts["action_log"] == 10 and seven.counts["action_running"] == 1


def test_erasing_a_respondent_wipes_answers_for_good(db, trajectory):
    aid = make_action(db, trajectory)
    with db.transaction() as s:
        measuring.add_measurement(s, new_measurement(aid), today=date(2026, 2, 1))
        measuring.add_measurement(s, new_measurement(aid, moment="after"),
                                  today=date(2026, 2, 1))
        measuring.add_measurement(s, new_measurement(aid, respondent_code="R-02"),
                                  today=date(2026, 2, 1))
    with db.transaction() as s:
        changes = measuring.erase_respondent(s, aid, "R-01")
    assert changes.touches("measurement")
    with db.session() as s:
        assert [m.respondent_code for m in measuring.measurements(s, aid)] == ["R-02"]
        erased = s.scalars(select(Measurement).where(Measurement.erased_at.is_not(None))
                           .execution_options(include_deleted=True)).all()
        assert len(erased) == 2
        assert all(m.answers == "[]" and m.respondent_code == "-" for m in erased)


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL
