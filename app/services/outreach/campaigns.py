"""Campaigns: create one with its kind's defaults, tied to a step-7 action."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import Action
from app.models.outreach import OutreachCampaign
from app.services.changes import Changes
from app.services.i18n import _
from app.services.outreach import refs
from app.services.outreach.errors import (
    CampaignErasedError,
    CampaignNotFoundError,
    InvalidSettingsError,
)

EDITABLE = ("name", "kind", "village", "action_id", "start_date", "end_date",
            "retention_months", "retry_days", "max_attempts", "centre_contact", "greeting",
            "notes")


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CampaignSummary:
    """What the Home visits page says about a campaign above its tabs."""

    kind: str
    erased_at: datetime | None
    end_date: date | None
    retention_months: int


def erase_after(campaign: OutreachCampaign | CampaignSummary) -> date | None:
    """The first day the personal data may (and should) be erased."""
    if campaign.end_date is None:
        return None
    return add_months(campaign.end_date, campaign.retention_months)


def _check(values: dict) -> None:
    if not (values.get("name") or "").strip():
        raise InvalidSettingsError(problem=_("a name is needed"))
    if values.get("kind", "general") not in refs.KIND_DEFAULTS:
        raise InvalidSettingsError(problem=_("unknown kind"))
    if not 0 <= int(values.get("retention_months", 0)) <= 120:
        raise InvalidSettingsError(problem=_("keep data at most 120 months"))
    if not 1 <= int(values.get("max_attempts", 1)) <= 10:
        raise InvalidSettingsError(problem=_("between 1 and 10 attempts"))
    if not 1 <= int(values.get("retry_days", 1)) <= 90:
        raise InvalidSettingsError(problem=_("try again after 1 to 90 days"))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise InvalidSettingsError(problem=_("the end date lies before the start date"))


def kind_defaults(kind: str) -> dict:
    d = refs.KIND_DEFAULTS.get(kind, refs.KIND_DEFAULTS["general"])
    return {"retry_days": d["retry_days"], "max_attempts": d["max_attempts"],
            "retention_months": d["retention_months"], "greeting": _(d["greeting"])}


def create_campaign(session: Session, trajectory_id: str, name: str, kind: str = "general",
                    *, action_id: str | None = None, **fields) -> tuple[OutreachCampaign,
                                                                         Changes]:
    """A new campaign; without an action, a step-7 action of the same name is made."""
    values = {**kind_defaults(kind), **fields, "name": name.strip(), "kind": kind}
    _check(values)
    changes = Changes.of("outreach_campaign")
    if action_id is None:
        action = Action(trajectory_id=trajectory_id, name=values["name"], status="running",
                        element_codes=["meaningful_contact", "practical_support"],
                        risk_group_codes=["older_75", "living_alone"])
        session.add(action)
        session.flush()
        action_id = action.id
        changes |= Changes.of("action")
    campaign = OutreachCampaign(trajectory_id=trajectory_id, action_id=action_id, **values)
    session.add(campaign)
    session.flush()
    return campaign, changes


def update_campaign(session: Session, campaign_id: str, **fields) -> Changes:
    campaign = get_campaign(session, campaign_id)
    values = {k: getattr(campaign, k) for k in EDITABLE}
    values.update({k: v for k, v in fields.items() if k in EDITABLE})
    _check(values)
    for key, value in values.items():
        if getattr(campaign, key) != value:
            setattr(campaign, key, value)
    session.flush()
    return Changes.of("outreach_campaign")


def get_campaign(session: Session, campaign_id: str, *, writable: bool = True
                 ) -> OutreachCampaign:
    campaign = session.get(OutreachCampaign, campaign_id)
    if campaign is None:
        raise CampaignNotFoundError(name=campaign_id)
    if writable and campaign.erased_at is not None:
        raise CampaignErasedError()
    return campaign


def find_by_name(session: Session, name: str, trajectory_id: str | None = None
                 ) -> OutreachCampaign | None:
    stmt = select(OutreachCampaign).where(OutreachCampaign.name == name.strip())
    if trajectory_id:
        stmt = stmt.where(OutreachCampaign.trajectory_id == trajectory_id)
    return session.scalars(stmt.order_by(OutreachCampaign.created_at)).first()


def list_campaigns(session: Session, trajectory_id: str) -> list[OutreachCampaign]:
    return list(session.scalars(
        select(OutreachCampaign).where(OutreachCampaign.trajectory_id == trajectory_id)
        .order_by(OutreachCampaign.start_date.desc(), OutreachCampaign.name)))


# The Home visits page reads these when it opens: plain Core statements over the table
# (compiling the ORM's statements on their first use took twice as long, issue 16).
_T = OutreachCampaign.__table__


def campaign_choices(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    """(id, name) of the trajectory's campaigns in `list_campaigns`' order."""
    stmt = (select(_T.c.id, _T.c.name)
            .where(_T.c.trajectory_id == trajectory_id, _T.c.deleted_at.is_(None))
            .order_by(_T.c.start_date.desc(), _T.c.name))
    return [(cid, name) for cid, name in session.connection().execute(stmt)]


def campaign_summary(session: Session, campaign_id: str) -> CampaignSummary:
    row = session.connection().execute(
        select(_T.c.kind, _T.c.erased_at, _T.c.end_date, _T.c.retention_months)
        .where(_T.c.id == campaign_id, _T.c.deleted_at.is_(None))).first()
    if row is None:
        raise CampaignNotFoundError(name=campaign_id)
    return CampaignSummary(*row)


def mirror_action(session: Session, campaign_id: str) -> Changes:
    """Undo/redo of a new campaign: the step-7 action made for it goes and comes with it."""
    from app.services import records

    camp = records.get_any(session, OutreachCampaign, campaign_id)
    if camp is None or not camp.action_id:
        return Changes()
    if camp.deleted_at is not None:
        return records.soft_delete(session, Action, camp.action_id)
    return records.restore(session, Action, camp.action_id)
