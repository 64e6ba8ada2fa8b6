"""Erasing a campaign's personal data for good after its retention period.

Names, addresses, phone numbers, birth dates and all free text are blanked; people are
tombstoned with `erased_at` set (an older copy arriving later must not bring them back);
visits, consents and referrals keep only their anonymous facts (dates, outcomes, signals,
partner). The campaign keeps the counts as an anonymous summary for reports.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.outreach import (
    OutreachCampaign,
    OutreachConsent,
    OutreachPerson,
    OutreachReferral,
    OutreachVisit,
)
from app.services import erasure
from app.services.changes import Changes
from app.services.outreach import dashboard
from app.services.outreach.campaigns import erase_after, get_campaign
from app.services.outreach.errors import NoEndDateError, RetentionNotReachedError

BLANK_PERSON = {"first_name": "", "last_name": "", "street": "", "house_number": "", "box": "",
                "phone": "", "birth_date": None, "birth_year": None, "widowed_since": None,
                "notes": "", "name_key": "", "address_sort": "", "postcode": "", "place": "",
                "warnings": ""}
BLANK_VISIT = {"notes": "", "wish": "", "follow_up": ""}
BLANK_CONSENT = {"notes": ""}
BLANK_REFERRAL = {"reason": "", "notes": ""}


@dataclass
class ErasurePreview:
    campaign_name: str
    erase_after: date | None
    allowed: bool
    people: int
    visits_with_text: int
    visits: int
    consents: int
    referrals: int


def preview(session: Session, campaign_id: str, today: date) -> ErasurePreview:
    campaign = get_campaign(session, campaign_id)
    due = erase_after(campaign)
    P, V = OutreachPerson, OutreachVisit
    person_ids = select(P.id).where(P.campaign_id == campaign_id).scalar_subquery()
    count = lambda stmt: session.scalar(stmt) or 0  # noqa: E731
    return ErasurePreview(
        campaign_name=campaign.name, erase_after=due,
        allowed=due is not None and today >= due,
        people=count(select(func.count(P.id)).where(P.campaign_id == campaign_id)),
        visits=count(select(func.count(V.id)).where(V.campaign_id == campaign_id)),
        visits_with_text=count(select(func.count(V.id)).where(
            V.campaign_id == campaign_id, (V.notes != "") | (V.wish != "") |
            (V.follow_up != ""))),
        consents=count(select(func.count(OutreachConsent.id)).where(
            OutreachConsent.person_id.in_(person_ids))),
        referrals=count(select(func.count(OutreachReferral.id)).where(
            OutreachReferral.person_id.in_(person_ids))),
    )


def erase_campaign(session: Session, campaign_id: str, today: date, *,
                   check_retention: bool = True, found: set[str] | None = None
                   ) -> tuple[dict, Changes]:
    """Erase for good; refused before the retention period has run out. Returns the
    anonymous summary that stays (for the printed erasure report).

    The exchange bookkeeping of every blanked record is purged too (app.services.erasure);
    the erased values are added to `found`, for the logs. After the commit call
    `erasure.after_commit()` and `erase_in_backups()`.

    `check_retention=False` is for the backup copies of a campaign already erased in the
    live file (their copy of the dates may be older)."""
    campaign = get_campaign(session, campaign_id)
    due = erase_after(campaign)
    if due is None and check_retention:
        raise NoEndDateError()
    if check_retention and due is not None and today < due:
        from app.services.i18n import format_date

        raise RetentionNotReachedError(date=format_date(due, "long"))
    summary = dashboard.to_summary(dashboard.compute(session, campaign_id))
    _blank_campaign(session, campaign_id, found)
    summary["erased_on"] = today.isoformat()
    campaign.erasure_summary = json.dumps(summary, ensure_ascii=False, sort_keys=True)
    campaign.erased_at = utcnow()
    session.flush()
    return summary, Changes.of("outreach_campaign", "outreach_person", "outreach_visit",
                               "outreach_consent", "outreach_referral")


def _blank_campaign(session: Session, campaign_id: str, found: set[str] | None) -> None:
    """Blank every person, visit, consent and referral of the campaign and purge their
    exchange bookkeeping. Changes nothing more in a campaign blanked before."""
    # overwrite the old text inside the file's pages too, not only in the rows
    erasure.secure(session)
    now = utcnow()
    inc = {"include_deleted": True}
    people = session.scalars(select(OutreachPerson).where(
        OutreachPerson.campaign_id == campaign_id).execution_options(**inc)).all()
    ids = [p.id for p in people]
    for person in people:
        erasure.note_values(found, person, BLANK_PERSON)
        _blank(person, BLANK_PERSON, now)
        person.deleted_at = person.deleted_at or now
    erasure.purge(session, OutreachPerson, ids, BLANK_PERSON)
    linked: tuple[tuple[type[Any], dict[str, str]], ...] = (
        (OutreachVisit, BLANK_VISIT), (OutreachConsent, BLANK_CONSENT),
        (OutreachReferral, BLANK_REFERRAL))
    for model, blank in linked:
        column = model.campaign_id if model is OutreachVisit else model.person_id
        where = column == campaign_id if model is OutreachVisit else column.in_(ids)
        done = []
        for rec in session.scalars(select(model).where(where).execution_options(**inc)):
            erasure.note_values(found, rec, blank)
            _blank(rec, blank, now)
            done.append(rec.id)
        erasure.purge(session, model, done, blank)


def scrub_file(engine) -> None:
    """After the erasure is committed: rewrite the file without its free pages and empty the
    write-ahead log, so the old text is in neither (call after commit)."""
    erasure.compact(engine)


def _blank(record, blank: dict, now) -> None:
    for key, value in blank.items():
        if getattr(record, key) != value:
            setattr(record, key, value)
    record.erased_at = record.erased_at or now


def due_campaigns(session: Session, trajectory_id: str, today: date) -> list[OutreachCampaign]:
    """Campaigns whose retention period is over but whose data is still there."""
    rows = session.scalars(select(OutreachCampaign).where(
        OutreachCampaign.trajectory_id == trajectory_id,
        OutreachCampaign.erased_at.is_(None), OutreachCampaign.end_date.is_not(None))).all()
    return [c for c in rows if (due := erase_after(c)) is not None and due <= today]


def backup_eraser(campaign_id: str, today: date) -> Callable[[Session], None]:
    """What erasing the campaign means in one backup copy (for `erasure.clean_backups`)."""
    from app.services.outreach.errors import CampaignErasedError, CampaignNotFoundError

    def apply(session: Session) -> None:
        try:
            erase_campaign(session, campaign_id, today, check_retention=False)
        except CampaignNotFoundError:
            pass  # the copy predates the campaign
        except CampaignErasedError:
            _erase_again(session, campaign_id)

    return apply


def erase_in_backups(db_path, campaign_id: str, today: date, progress=None) -> tuple[int, int]:
    """Erase the same campaign's personal data in every backup copy of `db_path`, so an old
    copy cannot bring it back. A copy of another schema version, or one that cannot be
    opened, cannot be cleaned and is deleted. Returns (cleaned, deleted)."""
    return erasure.clean_backups(db_path, backup_eraser(campaign_id, today), progress)


def _erase_again(session: Session, campaign_id: str) -> None:
    """A copy made after the erasure: its rows are blank, but its exchange state may not be
    (a copy made before erasure reached the exchange state): purge that."""
    if session.get(OutreachCampaign, campaign_id) is not None:
        _blank_campaign(session, campaign_id, None)


def erase_now(db, campaign_id: str, today: date, progress=None) -> dict:
    """The whole erasure of a campaign, as the window and the command line do it: the rows
    and their exchange state (one transaction), the file's free pages and log, the logs and
    every backup copy. Returns the anonymous summary, with the backup counts."""
    found: set[str] = set()
    with db.transaction() as session:
        summary, _changes = erase_campaign(session, campaign_id, today, found=found)
    erasure.after_commit(db.engine, found)
    cleaned, deleted = erase_in_backups(db.path, campaign_id, today, progress)
    return {**summary, "backups_cleaned": cleaned, "backups_deleted": deleted}
