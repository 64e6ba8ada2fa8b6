from datetime import date

from app.models.core import Partner, Trajectory
from app.services.summary import months_between, trajectory_summary


def test_months_between():
    assert months_between(date(2025, 1, 15), date(2026, 7, 15)) == 18
    assert months_between(date(2025, 1, 15), date(2026, 7, 14)) == 17
    assert months_between(date(2026, 3, 1), date(2026, 3, 31)) == 0


def test_summary_names_lead_period_and_warns_for_a_short_plan(db):
    with db.transaction() as s:
        t = Trajectory(name="Kort", municipality="Dorp", network_director="Els",
                       start_date=date(2026, 1, 1), planned_end_date=date(2026, 12, 31))
        s.add(t)
        s.flush()
        s.add(Partner(trajectory_id=t.id, name="LDC Zon", involvement="lead"))
        s.add(Partner(trajectory_id=t.id, name="Bib", involvement="core"))
    with db.session() as s:
        summary = trajectory_summary(s, t.id, today=date(2026, 6, 30))
    assert summary.lead == "LDC Zon" and summary.director == "Els"
    assert summary.months_left == 6
    assert summary.too_short is True


def test_summary_without_dates(db, trajectory):
    with db.session() as s:
        summary = trajectory_summary(s, trajectory.id)
    assert summary.months_left is None and summary.too_short is False and summary.lead == ""
