"""Outreach (part of step 7): campaigns of home visits, their target lists, visitors, the
visit log, consent and referrals to partners.

This feature holds the most sensitive data of the app. Every personal field is declared in
`PERSONAL_FIELDS`; records that can be erased for good carry `erased_at` (see
app/services/outreach/retention.py): an erased record is never brought back by an older copy.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import GUID, Base, CodeList, SyncMixin, UTCDateTime

CAMPAIGN_KINDS = ("kgw", "christmas", "general")
OUTCOMES = ("door", "inside", "not_home", "declined", "moved", "deceased", "other")
# what a person's place on the visit list is, kept in step with the visits (services.visits)
STATUSES = ("todo", "retry", "reached", "not_reached", "declined", "moved", "deceased", "other")


class OutreachCampaign(SyncMixin, Base):
    """A round of home visits or doorstep contacts, belonging to an action of step 7."""

    __tablename__ = "outreach_campaign"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("centre_contact", "greeting", "notes")
    SAFE_FIELDS = ("name", "kind", "village", "erasure_summary")
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    action_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("action.id", ondelete="SET NULL"), nullable=True, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), default="general", nullable=False)
    village: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    retention_months: Mapped[int] = mapped_column(Integer, default=12, nullable=False)
    retry_days: Mapped[int] = mapped_column(Integer, default=7, nullable=False)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3, nullable=False)
    # printed on the cards: how to reach the service centre / the organisers
    centre_contact: Mapped[str] = mapped_column(Text, default="", nullable=False)
    greeting: Mapped[str] = mapped_column(Text, default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # anonymous counts kept when the personal data was erased (JSON)
    erasure_summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"kind": "outreach_kind"}
    FIELD_RANGES: ClassVar[dict[str, tuple[int, int]]] = {
        "retention_months": (0, 120), "retry_days": (1, 90), "max_attempts": (1, 10),
    }


class OutreachVisitor(SyncMixin, Base):
    """A staff member or volunteer who makes visits."""

    __tablename__ = "outreach_visitor"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("name", "phone", "email", "notes")
    FREE_TEXT_FIELDS = ("notes",)
    SAFE_FIELDS = ("role",)
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), default="volunteer", nullable=False)
    phone: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    email: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"role": "visitor_role"}


class OutreachPerson(SyncMixin, Base):
    """A person or household on a campaign's target list."""

    __tablename__ = "outreach_person"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = (
        "first_name", "last_name", "street", "house_number", "box", "phone", "birth_date",
        "birth_year", "widowed_since", "notes", "name_key", "address_sort", "warnings",
        "postcode", "place", "living_alone", "widowed",
    )
    FREE_TEXT_FIELDS = ("notes",)
    SAFE_FIELDS = ("language", "status")
    # the lead organisation gets an age band, and no "deceased" per person
    LEAD_COARSEN: ClassVar[dict[str, str]] = {
        "birth_year": "age_band", "status": "no_life_events", "next_attempt_on": "month",
    }
    __table_args__ = (
        Index("ix_outreach_person_campaign_address", "campaign_id", "address_sort"),
        Index("ix_outreach_person_campaign_status", "campaign_id", "status",
              "next_attempt_on"),
        Index("ix_outreach_person_last_name", "last_name"),
    )
    campaign_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("outreach_campaign.id", ondelete="CASCADE"), nullable=False,
        index=True,
    )
    first_name: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    last_name: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    street: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    house_number: Mapped[str] = mapped_column(String(16), default="", nullable=False)
    box: Mapped[str] = mapped_column(String(16), default="", nullable=False)
    postcode: Mapped[str] = mapped_column(String(8), default="", nullable=False)
    place: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # None: the list did not say (or said something the import could not read)
    living_alone: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    widowed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    widowed_since: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    language: Mapped[str] = mapped_column(String(8), default="nl", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # selected for this round of visits (by rule or by hand)
    on_visit_list: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    visitor_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("outreach_visitor.id", ondelete="SET NULL"), nullable=True,
        index=True,
    )
    status: Mapped[str] = mapped_column(String(16), default="todo", nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_attempt_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # derived keys, kept by services.people: accent- and particle-free name, walking order
    name_key: Mapped[str] = mapped_column(String(250), default="", nullable=False)
    address_sort: Mapped[str] = mapped_column(String(260), default="", nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # "needs checking": what the import could not take over as it was, as a JSON list of
    # {"code", "field", "value", "line"} (services.outreach.checks); cleared when fixed
    warnings: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "language": "person_language", "status": "outreach_status",
    }
    FIELD_RANGES: ClassVar[dict[str, tuple[int, int]]] = {"birth_year": (1850, 2200)}


_LIVE = text("deleted_at IS NULL")  # the partial indexes' conditions, on both engines
_OPEN_WISH = text("wish != '' AND wish_fulfilled_on IS NULL AND erased_at IS NULL "
                  "AND deleted_at IS NULL")


class OutreachVisit(SyncMixin, Base):
    """One visit or attempt at a person's door."""

    __tablename__ = "outreach_visit"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("notes", "wish", "follow_up", "visited_time", "signals")
    FREE_TEXT_FIELDS = ("notes", "wish", "follow_up")
    SAFE_FIELDS = ("outcome",)
    LEAD_COARSEN: ClassVar[dict[str, str]] = {
        "outcome": "no_life_events", "visited_on": "month", "wish_fulfilled_on": "month",
        "follow_up_due": "month",
    }
    __table_args__ = (
        # partial indexes over the live visits only (outreach_0004): the visit log reads its
        # rowids by date, and decides a search on the campaign, visitor and person, without
        # touching the rows; the worklist finds the wishes still open without reading every
        # visit of the campaign
        Index("ix_outreach_visit_log", "campaign_id", "visited_on", "id", "deleted_at",
              sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index("ix_outreach_visit_log_who", "campaign_id", "visitor_id", "person_id",
              "deleted_at", sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index("ix_outreach_visit_open_wish", "campaign_id", "visited_on",
              sqlite_where=_OPEN_WISH, postgresql_where=_OPEN_WISH),
        Index("ix_outreach_visit_follow_up", "campaign_id", "follow_up_done",
              "follow_up_due"),
    )
    campaign_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("outreach_campaign.id", ondelete="CASCADE"), nullable=False,
        index=True,
    )
    person_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("outreach_person.id", ondelete="CASCADE"), nullable=False, index=True
    )
    visitor_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("outreach_visitor.id", ondelete="SET NULL"), nullable=True,
        index=True,
    )
    visited_on: Mapped[date] = mapped_column(Date, nullable=False)
    visited_time: Mapped[str] = mapped_column(String(5), default="", nullable=False)  # HH:MM
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    card_left: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    signals: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    wish: Mapped[str] = mapped_column(Text, default="", nullable=False)
    wish_fulfilled_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_up: Mapped[str] = mapped_column(Text, default="", nullable=False)
    follow_up_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    follow_up_done: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"outcome": "visit_outcome", "signals": "visit_signal"}


class OutreachConsent(SyncMixin, Base):
    """A person's agreement to something (a referral, sharing contact details), on its own."""

    __tablename__ = "outreach_consent"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("notes",)
    FREE_TEXT_FIELDS = ("notes",)
    SAFE_FIELDS = ("purpose",)
    LEAD_COARSEN: ClassVar[dict[str, str]] = {"given_on": "month", "withdrawn_on": "month"}
    person_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("outreach_person.id", ondelete="CASCADE"), nullable=False, index=True
    )
    purpose: Mapped[str] = mapped_column(String(24), default="referral", nullable=False)
    # to whom: a partner; empty means any partner named in the notes
    partner_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("partner.id", ondelete="SET NULL"), nullable=True, index=True
    )
    given_on: Mapped[date] = mapped_column(Date, nullable=False)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"purpose": "consent_purpose"}


class OutreachReferral(SyncMixin, Base):
    """A warm handover of a person to a partner, only with the person's consent."""

    __tablename__ = "outreach_referral"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("reason", "notes")
    FREE_TEXT_FIELDS = ("reason", "notes")
    SAFE_FIELDS = ("status",)
    LEAD_COARSEN: ClassVar[dict[str, str]] = {"referred_on": "month"}
    person_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("outreach_person.id", ondelete="CASCADE"), nullable=False, index=True
    )
    partner_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("partner.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    consent_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("outreach_consent.id", ondelete="RESTRICT"), nullable=False
    )
    visit_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("outreach_visit.id", ondelete="SET NULL"), nullable=True
    )
    referred_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="sent", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"status": "referral_status"}
