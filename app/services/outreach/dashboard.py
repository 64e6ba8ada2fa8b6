"""A campaign's figures for the dashboard and reports: progress overall and per street or
visitor, outcomes, signals and referrals per partner. All counting runs in SQL, and the
counts survive erasure (erased people are tombstoned but still counted)."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from app.models.core import Partner
from app.models.outreach import (
    OutreachCampaign,
    OutreachPerson,
    OutreachReferral,
    OutreachVisit,
    OutreachVisitor,
)

REACHED_STATUSES = ("reached",)
ATTEMPTED_STATUSES = ("retry", "not_reached", "declined", "moved", "deceased", "other")


@dataclass
class Progress3:
    reached: int = 0
    attempted: int = 0
    todo: int = 0

    @property
    def total(self) -> int:
        return self.reached + self.attempted + self.todo


@dataclass
class Dashboard:
    people: int = 0
    on_list: int = 0
    visits: int = 0
    progress: Progress3 = field(default_factory=Progress3)
    by_street: dict[str, Progress3] = field(default_factory=dict)
    by_visitor: dict[str, Progress3] = field(default_factory=dict)  # visitor name ("" none)
    outcomes: dict[str, int] = field(default_factory=dict)
    signals: dict[str, int] = field(default_factory=dict)
    referrals: dict[str, int] = field(default_factory=dict)  # partner name → count
    wishes: int = 0
    wishes_fulfilled: int = 0
    erased: bool = False


def _people_scope(campaign_id: str):
    P = OutreachPerson
    # erased people stay counted: they are tombstoned with erased_at set
    return (P.campaign_id == campaign_id,
            or_(P.deleted_at.is_(None), P.erased_at.is_not(None)))


def _progress_rows(session: Session, group_expr, campaign_id: str) -> dict:
    P = OutreachPerson
    stmt = (select(group_expr,
                   func.sum(case((P.status.in_(REACHED_STATUSES), 1), else_=0)),
                   func.sum(case((P.status.in_(ATTEMPTED_STATUSES), 1), else_=0)),
                   func.sum(case((P.status == "todo", 1), else_=0)))
            .where(*_people_scope(campaign_id), P.on_visit_list.is_(True))
            .group_by(group_expr))
    out = {}
    for key, reached, attempted, todo in session.execute(
            stmt.execution_options(include_deleted=True)):
        out[key or ""] = Progress3(int(reached or 0), int(attempted or 0), int(todo or 0))
    return out


def compute(session: Session, campaign_id: str) -> Dashboard:
    campaign = session.get(OutreachCampaign, campaign_id)
    d = Dashboard()
    if campaign is None:
        return d
    if campaign.erased_at is not None and campaign.erasure_summary:
        return from_summary(json.loads(campaign.erasure_summary))
    P, V = OutreachPerson, OutreachVisit
    inc = {"include_deleted": True}
    d.people = session.scalar(select(func.count(P.id)).where(*_people_scope(campaign_id))
                              .execution_options(**inc)) or 0
    overall = _progress_rows(session, P.campaign_id, campaign_id)
    d.progress = overall.get(campaign_id, Progress3())
    d.on_list = d.progress.total
    d.by_street = _progress_rows(session, P.street, campaign_id)
    by_vid = _progress_rows(session, P.visitor_id, campaign_id)
    names = dict(session.execute(select(OutreachVisitor.id, OutreachVisitor.name)
                                 .execution_options(**inc)).all())
    d.by_visitor = {names.get(k, "") if k else "": v for k, v in by_vid.items()}
    live = (V.campaign_id == campaign_id, V.deleted_at.is_(None))
    d.visits = session.scalar(select(func.count(V.id)).where(*live)) or 0
    d.outcomes = dict(session.execute(select(V.outcome, func.count(V.id)).where(*live)
                                      .group_by(V.outcome)).all())
    counter: Counter[str] = Counter()
    for (codes,) in session.execute(select(V.signals).where(*live, V.signals != "[]")):
        counter.update(codes)
    d.signals = dict(counter)
    d.wishes = session.scalar(select(func.count(V.id)).where(*live, V.wish != "")) or 0
    d.wishes_fulfilled = session.scalar(select(func.count(V.id)).where(
        *live, V.wish_fulfilled_on.is_not(None))) or 0
    R = OutreachReferral
    stmt = (select(Partner.name, func.count(R.id)).join(Partner, Partner.id == R.partner_id)
            .join(P, P.id == R.person_id).where(*_people_scope(campaign_id),
                                                R.deleted_at.is_(None))
            .group_by(Partner.name))
    d.referrals = dict(session.execute(stmt.execution_options(**inc)).all())
    return d


def to_summary(d: Dashboard) -> dict:
    """The anonymous counts kept after erasure (streets and visitors are left out)."""
    p = d.progress
    return {"people": d.people, "visits": d.visits,
            "progress": [p.reached, p.attempted, p.todo], "outcomes": d.outcomes,
            "signals": d.signals, "referrals": d.referrals, "wishes": d.wishes,
            "wishes_fulfilled": d.wishes_fulfilled}


def from_summary(data: dict) -> Dashboard:
    d = Dashboard(people=data.get("people", 0), visits=data.get("visits", 0),
                  progress=Progress3(*data.get("progress", [0, 0, 0])),
                  outcomes=data.get("outcomes", {}), signals=data.get("signals", {}),
                  referrals=data.get("referrals", {}), wishes=data.get("wishes", 0),
                  wishes_fulfilled=data.get("wishes_fulfilled", 0), erased=True)
    d.on_list = d.progress.total
    return d
