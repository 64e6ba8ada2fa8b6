"""The visit log: logging visits (and what follows from them for the person's place on the
list), consent, referrals with consent only, and the worklist."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import Session

from app.models.core import Partner
from app.models.outreach import (
    OutreachConsent,
    OutreachPerson,
    OutreachReferral,
    OutreachVisit,
)
from app.services.changes import Changes
from app.services.outreach import refs
from app.services.outreach.campaigns import get_campaign
from app.services.outreach.errors import (
    ConsentRequiredError,
    ConsentWithdrawnError,
    DetailsNeedATalkError,
    InvalidOutcomeError,
    InvalidReferralStatusError,
    PartnerRequiredError,
    PersonRequiredError,
    RecordedFieldLockedError,
    VisitDateInFutureError,
    WishDateWithoutWishError,
    WithdrawnBeforeGivenError,
)

VISIT_FIELDS = ("person_id", "visitor_id", "visited_on", "visited_time", "outcome",
                "card_left", "notes", "signals", "wish", "wish_fulfilled_on", "follow_up",
                "follow_up_due", "follow_up_done")
VISIT_CHANGES = Changes.of("outreach_visit", "outreach_person")


def _check_visit(values: dict, today: date) -> dict:
    data = {k: v for k, v in values.items() if k in VISIT_FIELDS}
    if data.get("outcome") not in {r.code for r in refs.OUTCOMES}:
        raise InvalidOutcomeError()
    if data.get("visited_on") is None:
        data["visited_on"] = today
    if data["visited_on"] > today:
        raise VisitDateInFutureError()
    for key in ("notes", "wish", "follow_up", "visited_time"):
        data[key] = str(data.get(key) or "").strip()
    if data.get("wish_fulfilled_on") and not data["wish"]:
        raise WishDateWithoutWishError()
    known = {r.code for r in refs.SIGNALS}
    data["signals"] = [s for s in (data.get("signals") or []) if s in known]
    if data["outcome"] == "not_home" and "card_left" not in values:
        data["card_left"] = True
    if data["outcome"] not in refs.TALKS and (
            data["signals"] or data["wish"] or data["follow_up"] or data.get("follow_up_due")):
        raise DetailsNeedATalkError()
    return data


def refresh_status(session: Session, person: OutreachPerson) -> None:
    """Recompute a person's status, attempts and next attempt from their visits.

    Reached, declined, moved... is final; each not-at-home is an attempt: the person comes
    back on the list after the campaign's retry days, until the maximum of attempts."""
    campaign = get_campaign(session, person.campaign_id, writable=False)
    visits = session.scalars(
        select(OutreachVisit).where(OutreachVisit.person_id == person.id)
        .order_by(OutreachVisit.visited_on, OutreachVisit.visited_time,
                  OutreachVisit.created_at)).all()
    status, attempts, next_on = "todo", 0, None
    for v in visits:
        if v.outcome == "not_home":
            attempts += 1
            if attempts >= campaign.max_attempts:
                status, next_on = "not_reached", None
            else:
                status = "retry"
                next_on = v.visited_on + timedelta(days=campaign.retry_days)
        else:
            attempts += 1
            status, next_on = refs.FINAL_STATUS.get(v.outcome, "other"), None
    person.status, person.attempts, person.next_attempt_on = status, attempts, next_on
    session.flush()


def log_visit(session: Session, campaign_id: str, *, today: date | None = None,
              **values) -> tuple[OutreachVisit, Changes]:
    today = today or date.today()
    get_campaign(session, campaign_id)
    data = _check_visit(values, today)
    person = session.get(OutreachPerson, data.get("person_id"))
    if person is None or person.campaign_id != campaign_id:
        raise PersonRequiredError()
    if data.get("visitor_id") is None:
        data["visitor_id"] = person.visitor_id
    visit = OutreachVisit(campaign_id=campaign_id, **data)
    session.add(visit)
    session.flush()
    refresh_status(session, person)
    return visit, VISIT_CHANGES


def update_visit(session: Session, visit_id: str, *, today: date | None = None,
                 **values) -> Changes:
    visit = session.get(OutreachVisit, visit_id)
    if visit is None:
        return Changes()
    get_campaign(session, visit.campaign_id)
    merged = {**{k: getattr(visit, k) for k in VISIT_FIELDS}, **values}
    data = _check_visit(merged, today or date.today())
    old_person = visit.person_id
    for key, value in data.items():
        if getattr(visit, key) != value:
            setattr(visit, key, value)
    session.flush()
    for pid in {old_person, visit.person_id}:
        person = session.get(OutreachPerson, pid)
        if person is not None:
            refresh_status(session, person)
    return VISIT_CHANGES


def delete_visit(session: Session, visit_id: str) -> Changes:
    from app.services import records

    visit = session.get(OutreachVisit, visit_id)
    if visit is None:
        return Changes()
    person_id = visit.person_id
    records.soft_delete(session, OutreachVisit, visit_id)
    person = session.get(OutreachPerson, person_id)
    if person is not None:
        refresh_status(session, person)
    return VISIT_CHANGES


def restore_visit(session: Session, visit_id: str) -> Changes:
    from app.services import records

    records.restore(session, OutreachVisit, visit_id)
    return refresh_person_of(session, visit_id)


def refresh_person_of(session: Session, visit_id: str) -> Changes:
    """After an undo or redo of a visit: its person's status follows the visits again."""
    from app.services import records

    visit = records.get_any(session, OutreachVisit, visit_id)
    person = session.get(OutreachPerson, visit.person_id) if visit is not None else None
    if person is not None:
        refresh_status(session, person)
    return VISIT_CHANGES


# --- consent and referrals -----------------------------------------------------------------------

def record_consent(session: Session, person_id: str, *, given_on: date,
                   purpose: str = "referral", partner_id: str | None = None,
                   notes: str = "", withdrawn_on: date | None = None
                   ) -> tuple[OutreachConsent, Changes]:
    """A consent as given (and, when it is recorded afterwards, as withdrawn since)."""
    person = session.get(OutreachPerson, person_id)
    if person is None:
        raise PersonRequiredError()
    get_campaign(session, person.campaign_id)
    if withdrawn_on is not None and withdrawn_on < given_on:
        raise WithdrawnBeforeGivenError()
    consent = OutreachConsent(person_id=person_id, given_on=given_on, purpose=purpose,
                              partner_id=partner_id, notes=notes.strip(),
                              withdrawn_on=withdrawn_on)
    session.add(consent)
    session.flush()
    return consent, Changes.of("outreach_consent")


def consent_from_form(session: Session, values: dict) -> tuple[OutreachConsent, Changes]:
    """The consent form's values (an empty date: today)."""
    return record_consent(
        session, values.get("person_id") or "", given_on=values.get("given_on") or date.today(),
        purpose=values.get("purpose") or "referral", partner_id=values.get("partner_id"),
        notes=values.get("notes") or "", withdrawn_on=values.get("withdrawn_on"))


def referral_from_form(session: Session, values: dict) -> tuple[OutreachReferral, Changes]:
    """The referral form's values (an empty date: today); refused without a consent that
    covers it, as `record_referral`."""
    return record_referral(
        session, values.get("person_id") or "", values.get("partner_id") or "",
        referred_on=values.get("referred_on") or date.today(),
        reason=values.get("reason") or "", notes=values.get("notes") or "",
        status=values.get("status") or "sent")


def withdraw_consent(session: Session, consent_id: str, on: date) -> Changes:
    consent = session.get(OutreachConsent, consent_id)
    if consent is None or consent.withdrawn_on is not None:
        return Changes()
    consent.withdrawn_on = on
    session.flush()
    return Changes.of("outreach_consent")


def valid_consent(session: Session, person_id: str, partner_id: str, on: date
                  ) -> OutreachConsent | None:
    """A referral consent of this person that covers the partner on that day."""
    return session.scalars(
        select(OutreachConsent).where(
            OutreachConsent.person_id == person_id,
            OutreachConsent.purpose == "referral",
            OutreachConsent.erased_at.is_(None),
            OutreachConsent.given_on <= on,
            or_(OutreachConsent.withdrawn_on.is_(None), OutreachConsent.withdrawn_on > on),
            or_(OutreachConsent.partner_id.is_(None), OutreachConsent.partner_id == partner_id),
        ).order_by(OutreachConsent.given_on.desc())).first()


def record_referral(session: Session, person_id: str, partner_id: str, *, referred_on: date,
                    reason: str = "", visit_id: str | None = None,
                    consent_id: str | None = None, notes: str = "", status: str = "sent"
                    ) -> tuple[OutreachReferral, Changes]:
    """Refused (ConsentRequiredError) unless the person's consent covers this partner and day."""
    person = session.get(OutreachPerson, person_id)
    if person is None:
        raise PersonRequiredError()
    get_campaign(session, person.campaign_id)
    if session.get(Partner, partner_id) is None:
        raise PartnerRequiredError()
    if consent_id is not None:
        consent = session.get(OutreachConsent, consent_id)
        if consent is None or consent.person_id != person_id:
            raise ConsentRequiredError()
        if consent.withdrawn_on is not None and consent.withdrawn_on <= referred_on:
            raise ConsentWithdrawnError()
        if consent.purpose != "referral" or consent.given_on > referred_on or \
                consent.partner_id not in (None, partner_id):
            raise ConsentRequiredError()
    else:
        consent = valid_consent(session, person_id, partner_id, referred_on)
        if consent is None:
            raise ConsentRequiredError()
    if status not in {r.code for r in refs.REFERRAL_STATUSES}:
        raise InvalidReferralStatusError()
    referral = OutreachReferral(person_id=person_id, partner_id=partner_id,
                                consent_id=consent.id, visit_id=visit_id,
                                referred_on=referred_on, reason=reason.strip(),
                                notes=notes.strip(), status=status)
    session.add(referral)
    session.flush()
    return referral, Changes.of("outreach_referral")


# what may change once recorded: who, to whom and under which consent stay as they were
REFERRAL_EDITABLE = ("status", "reason", "notes")
CONSENT_EDITABLE = ("withdrawn_on", "notes")


def update_referral(session: Session, referral_id: str, **values) -> Changes:
    """Edit a referral's status, reason or notes; anything else is refused
    (RecordedFieldLockedError), so a referral never leaves the consent it was made under."""
    referral = session.get(OutreachReferral, referral_id)
    if referral is None:
        return Changes()
    if set(values) - set(REFERRAL_EDITABLE):
        raise RecordedFieldLockedError()
    person = session.get(OutreachPerson, referral.person_id)
    get_campaign(session, person.campaign_id if person is not None else "")
    status = values.get("status", referral.status) or "sent"
    if status not in {r.code for r in refs.REFERRAL_STATUSES}:
        raise InvalidReferralStatusError()
    referral.status = status
    for key in ("reason", "notes"):
        if key in values:
            setattr(referral, key, str(values[key] or "").strip())
    session.flush()
    return Changes.of("outreach_referral")


def update_consent(session: Session, consent_id: str, **values) -> Changes:
    """Withdraw a consent or edit its notes; who gave it, for what and to whom stay."""
    consent = session.get(OutreachConsent, consent_id)
    if consent is None:
        return Changes()
    if set(values) - set(CONSENT_EDITABLE):
        raise RecordedFieldLockedError()
    withdrawn = values.get("withdrawn_on", consent.withdrawn_on)
    if withdrawn is not None and withdrawn < consent.given_on:
        raise WithdrawnBeforeGivenError()
    consent.withdrawn_on = withdrawn
    if "notes" in values:
        consent.notes = str(values["notes"] or "").strip()
    session.flush()
    return Changes.of("outreach_consent")


# --- worklist ----------------------------------------------------------------------------------

@dataclass
class WorkItem:
    kind: str  # visit | follow_up | wish
    record_id: str  # person id for visits, visit id otherwise
    person_id: str
    name: str
    address: str
    due: date | None
    detail: str
    visitor_id: str | None


def worklist(session: Session, campaign_id: str, today: date,
             visitor_id: str | None = None, limit: int = 500,
             street: str | None = None) -> dict[str, list[WorkItem]]:
    """Who to visit now, who to try again from a later date (with that date), overdue
    follow-ups and wishes still to fulfil; for one visitor and one street when given."""
    P, V = OutreachPerson, OutreachVisit
    on_list = select(P).where(P.campaign_id == campaign_id, P.on_visit_list.is_(True),
                              P.erased_at.is_(None))
    if visitor_id:
        on_list = on_list.where(P.visitor_id == visitor_id)
    if street:
        on_list = on_list.where(P.street == street)
    due_people = on_list.where(or_(P.status == "todo",
                                   (P.status == "retry") & (P.next_attempt_on <= today)))
    later = on_list.where(P.status == "retry", P.next_attempt_on > today)
    visits = [WorkItem("visit", p.id, p.id, _name(p), _address(p), p.next_attempt_on,
                       p.status, p.visitor_id)
              for p in session.scalars(due_people.order_by(P.address_sort).limit(limit))]
    retry = [WorkItem("retry", p.id, p.id, _name(p), _address(p), p.next_attempt_on,
                      p.status, p.visitor_id)
             for p in session.scalars(later.order_by(P.next_attempt_on, P.address_sort)
                                      .limit(limit))]
    base = select(V, P).join(P, P.id == V.person_id).where(V.campaign_id == campaign_id,
                                                           V.erased_at.is_(None))
    if visitor_id:
        base = base.where(V.visitor_id == visitor_id)
    if street:
        base = base.where(P.street == street)
    follow = base.where(V.follow_up_done.is_(False), V.follow_up_due.is_not(None),
                        V.follow_up_due <= today).order_by(V.follow_up_due).limit(limit)
    follow_ups = [WorkItem("follow_up", v.id, p.id, _name(p), _address(p), v.follow_up_due,
                           v.follow_up, v.visitor_id) for v, p in session.execute(follow)]
    # the literal '' (not a bound parameter) lets SQLite use the partial index of open wishes
    # instead of reading every visit of the campaign
    wish = base.where(V.wish != literal_column("''"), V.wish_fulfilled_on.is_(None)).order_by(
        V.visited_on).limit(limit)
    wishes = [WorkItem("wish", v.id, p.id, _name(p), _address(p), v.visited_on, v.wish,
                       v.visitor_id) for v, p in session.execute(wish)]
    return {"visit": visits, "retry": retry, "follow_up": follow_ups, "wish": wishes}


def mark_follow_up_done(session: Session, visit_id: str) -> Changes:
    visit = session.get(OutreachVisit, visit_id)
    if visit is None or visit.follow_up_done:
        return Changes()
    visit.follow_up_done = True
    session.flush()
    return Changes.of("outreach_visit")


def mark_wish_fulfilled(session: Session, visit_id: str, on: date) -> Changes:
    visit = session.get(OutreachVisit, visit_id)
    if visit is None:
        return Changes()
    if not visit.wish:
        raise WishDateWithoutWishError()
    visit.wish_fulfilled_on = on
    session.flush()
    return Changes.of("outreach_visit")


def count_visits(session: Session, campaign_id: str) -> int:
    return session.scalar(select(func.count(OutreachVisit.id)).where(
        OutreachVisit.campaign_id == campaign_id)) or 0


def _name(p: OutreachPerson) -> str:
    from app.services.outreach.keys import full_name

    return full_name(p.first_name, p.last_name)


def _address(p: OutreachPerson) -> str:
    from app.services.outreach.keys import house_label

    return f"{p.street} {house_label(p.house_number, p.box)}".strip()
