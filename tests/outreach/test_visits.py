from datetime import date

import pytest

from app.models.outreach import OutreachPerson, OutreachReferral
from app.services.outreach import visits
from app.services.outreach.errors import (
    ConsentRequiredError,
    ConsentWithdrawnError,
    InvalidOutcomeError,
    VisitDateInFutureError,
)
from tests.outreach.conftest import TODAY, add


def _log(db, campaign, person, outcome, day, **kw):
    with db.transaction() as s:
        visit, _c = visits.log_visit(s, campaign.id, person_id=person.id, outcome=outcome,
                                     visited_on=day, today=TODAY, **kw)
    return visit


def _status(db, person):
    with db.session() as s:
        p = s.get(OutreachPerson, person.id)
        return p.status, p.attempts, p.next_attempt_on


def test_not_at_home_comes_back_after_retry_days_until_max(db, campaign):
    # christmas defaults: retry after 3 days, 2 attempts
    p = add(db, campaign.id, last_name="Peeters", on_visit_list=True)
    v = _log(db, campaign, p, "not_home", date(2026, 11, 10))
    assert v.card_left is True
    assert _status(db, p) == ("retry", 1, date(2026, 11, 13))
    with db.session() as s:
        assert [i.person_id for i in visits.worklist(s, campaign.id, date(2026, 11, 12))
                ["visit"]] == []
        assert [i.person_id for i in visits.worklist(s, campaign.id, date(2026, 11, 13))
                ["visit"]] == [p.id]
    _log(db, campaign, p, "not_home", date(2026, 11, 13))
    assert _status(db, p) == ("not_reached", 2, None)
    with db.session() as s:
        assert visits.worklist(s, campaign.id, TODAY)["visit"] == []


def test_reached_after_a_miss_and_deleting_the_visit_undoes_it(db, campaign):
    p = add(db, campaign.id, last_name="Peeters", on_visit_list=True)
    _log(db, campaign, p, "not_home", date(2026, 11, 10))
    v = _log(db, campaign, p, "door", date(2026, 11, 14))
    assert _status(db, p) == ("reached", 2, None)
    with db.transaction() as s:
        visits.delete_visit(s, v.id)
    assert _status(db, p)[0] == "retry"
    with db.transaction() as s:
        visits.restore_visit(s, v.id)
    assert _status(db, p)[0] == "reached"


def test_visit_checks(db, campaign):
    p = add(db, campaign.id, last_name="Peeters")
    with db.transaction() as s, pytest.raises(InvalidOutcomeError):
        visits.log_visit(s, campaign.id, person_id=p.id, outcome="", today=TODAY)
    with db.transaction() as s, pytest.raises(VisitDateInFutureError):
        visits.log_visit(s, campaign.id, person_id=p.id, outcome="door",
                         visited_on=date(2026, 11, 21), today=TODAY)


def test_worklist_follow_ups_and_wishes(db, campaign):
    p = add(db, campaign.id, last_name="Peeters", street="Kerkstraat", house_number="3")
    v = _log(db, campaign, p, "inside", date(2026, 11, 2), wish="Nog eens naar zee",
             follow_up="Bellen over de dienstencentra", follow_up_due=date(2026, 11, 15))
    with db.session() as s:
        w = visits.worklist(s, campaign.id, TODAY)
    assert [i.record_id for i in w["follow_up"]] == [v.id]
    assert w["wish"][0].detail == "Nog eens naar zee"
    assert w["wish"][0].address == "Kerkstraat 3"
    with db.transaction() as s:
        visits.mark_follow_up_done(s, v.id)
        visits.mark_wish_fulfilled(s, v.id, TODAY)
    with db.session() as s:
        w = visits.worklist(s, campaign.id, TODAY)
    assert w["follow_up"] == [] and w["wish"] == []


def test_referral_refused_without_consent(db, campaign, partner):
    p = add(db, campaign.id, last_name="Peeters")
    with db.transaction() as s, pytest.raises(ConsentRequiredError):
        visits.record_referral(s, p.id, partner.id, referred_on=TODAY)
    with db.session() as s:
        assert s.query(OutreachReferral).count() == 0


def test_referral_with_consent_and_after_withdrawal(db, campaign, partner, trajectory):
    from app.models.core import Partner

    p = add(db, campaign.id, last_name="Peeters")
    with db.transaction() as s:
        other = Partner(trajectory_id=trajectory.id, name="CAW")
        s.add(other)
        consent, _c = visits.record_consent(s, p.id, given_on=date(2026, 11, 10),
                                            partner_id=partner.id)
    with db.transaction() as s, pytest.raises(ConsentRequiredError):
        visits.record_referral(s, p.id, other.id, referred_on=TODAY)  # other partner
    with db.transaction() as s, pytest.raises(ConsentRequiredError):
        visits.record_referral(s, p.id, partner.id, referred_on=date(2026, 11, 9))
    with db.transaction() as s:
        ref, _c = visits.record_referral(s, p.id, partner.id, referred_on=TODAY,
                                         reason="Hulp bij premie")
        assert ref.consent_id == consent.id
        visits.withdraw_consent(s, consent.id, date(2026, 11, 21))
    with db.transaction() as s, pytest.raises(ConsentWithdrawnError):
        visits.record_referral(s, p.id, partner.id, referred_on=date(2026, 11, 22),
                               consent_id=consent.id)
    with db.transaction() as s, pytest.raises(ConsentRequiredError):
        visits.record_referral(s, p.id, partner.id, referred_on=date(2026, 11, 22))


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL
