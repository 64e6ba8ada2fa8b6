from datetime import date

import pytest

from app.models.outreach import (
    OutreachCampaign,
    OutreachConsent,
    OutreachPerson,
    OutreachReferral,
    OutreachVisit,
)
from app.services.outreach import dashboard, lookup, retention, visits
from app.services.outreach.errors import CampaignErasedError, RetentionNotReachedError
from tests.outreach.conftest import TODAY, add


def _fill(db, campaign, partner):
    p = add(db, campaign.id, first_name="Maria", last_name="Peeters", street="Kerkstraat",
            house_number="3", phone="014 00 00 00", birth_date=date(1940, 1, 2),
            notes="Dochter woont in Gent", on_visit_list=True)
    q = add(db, campaign.id, first_name="Jef", last_name="D'Hondt", on_visit_list=True)
    with db.transaction() as s:
        v, _c = visits.log_visit(s, campaign.id, person_id=p.id, outcome="inside",
                                 visited_on=date(2026, 11, 3), today=TODAY,
                                 notes="Mist haar man", wish="Naar de markt",
                                 signals=["grief", "mobility"], follow_up="Bellen")
        visits.log_visit(s, campaign.id, person_id=q.id, outcome="declined",
                         visited_on=date(2026, 11, 3), today=TODAY)
        visits.record_consent(s, p.id, given_on=date(2026, 11, 3), notes="mondeling")
        visits.record_referral(s, p.id, partner.id, referred_on=date(2026, 11, 4),
                               reason="Vervoer naar het LDC", visit_id=v.id)
    return p, q


def test_erasure_refused_before_the_retention_period(db, campaign, partner):
    _fill(db, campaign, partner)
    # christmas: end 31/12/2026 + 6 months
    with db.transaction() as s:
        assert retention.preview(s, campaign.id, TODAY).erase_after == date(2027, 6, 30)
        with pytest.raises(RetentionNotReachedError):
            retention.erase_campaign(s, campaign.id, date(2027, 6, 29))


def test_erasure_leaves_nothing_that_identifies_a_person(db, campaign, partner):
    p, _q = _fill(db, campaign, partner)
    day = date(2027, 7, 1)
    with db.transaction() as s:
        pv = retention.preview(s, campaign.id, day)
        assert (pv.allowed, pv.people, pv.visits, pv.visits_with_text, pv.consents,
                pv.referrals) == (True, 2, 2, 1, 1, 1)
        before = dashboard.compute(s, campaign.id)
        summary, _c = retention.erase_campaign(s, campaign.id, day)
    assert summary["people"] == 2 and summary["outcomes"] == {"inside": 1, "declined": 1}
    secrets = ["Maria", "Peeters", "Kerkstraat", "014 00", "1940", "Gent", "Mist haar man",
               "markt", "Bellen", "mondeling", "Vervoer", "hondt"]
    with db.session() as s:
        inc = {"include_deleted": True}
        for model in (OutreachPerson, OutreachVisit, OutreachConsent, OutreachReferral):
            for rec in s.query(model).execution_options(**inc):
                assert rec.erased_at is not None
                # ids and time stamps are random: they could contain "1940" by chance
                text = " ".join(str(getattr(rec, c.key)) for c in model.__table__.columns
                                if not c.key.endswith("id") and c.key not in (
                                    "created_at", "updated_at", "deleted_at", "erased_at"))
                assert not [x for x in secrets if x.lower() in text.lower()], text
        assert s.query(OutreachPerson).count() == 0  # tombstoned
        for person in s.query(OutreachPerson).execution_options(**inc):
            assert person.birth_date is None and person.birth_year is None
        after = dashboard.compute(s, campaign.id)
        assert after.erased and after.people == before.people == 2
        assert after.signals == {"grief": 1, "mobility": 1}
        assert after.referrals == {"OCMW Testgem": 1}
        assert s.get(OutreachCampaign, campaign.id).erased_at is not None
        with pytest.raises(CampaignErasedError):
            visits.log_visit(s, campaign.id, person_id=p.id, outcome="door", today=day)


def test_matching_names(db, campaign, partner):
    _fill(db, campaign, partner)
    text = "Persona: maria PEETERS (82) woont alleen; ze kent jef d'hondt van de fanfare."
    with db.session() as s:
        assert lookup.matching_names(s, text) == ["Maria Peeters", "Jef D'Hondt"]
        assert lookup.matching_names(s, "Maria woont in de Peetersstraat") == []
        assert lookup.matching_names(s, "") == []
    with db.transaction() as s:
        retention.erase_campaign(s, campaign.id, date(2027, 7, 1))
    with db.session() as s:
        assert lookup.matching_names(s, text) == []


def test_dashboard_counts(db, campaign, partner):
    _fill(db, campaign, partner)
    add(db, campaign.id, last_name="Claes", street="Molenweg", on_visit_list=True)
    with db.session() as s:
        d = dashboard.compute(s, campaign.id)
    assert (d.progress.reached, d.progress.attempted, d.progress.todo) == (1, 1, 1)
    assert d.by_street["Kerkstraat"].reached == 1 and d.by_street["Molenweg"].todo == 1
    assert d.wishes == 1 and d.wishes_fulfilled == 0 and d.visits == 2


def test_erased_text_is_gone_from_the_file_itself(db, db_path, campaign, partner):
    _fill(db, campaign, partner)
    with db.transaction() as s:
        retention.erase_campaign(s, campaign.id, date(2027, 7, 1))
    retention.scrub_file(db.engine)
    raw = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    for secret in ("Peeters", "Kerkstraat", "Mist haar man", "Naar de markt", "mondeling",
                   "Vervoer naar het LDC", "Dochter woont"):
        assert secret.encode() not in raw, secret
