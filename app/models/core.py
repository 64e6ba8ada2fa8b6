"""Base entities every step uses: trajectory, focus area, partner, action, checklist, notes."""
from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import GUID, Base, CodeList, SyncMixin


class LocalMeta(Base):
    """Key/value facts about this installation's database (device id and name). Never shared."""

    __tablename__ = "local_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False, default="")


class Trajectory(SyncMixin, Base):
    """One municipality's or village's approach against loneliness ("traject")."""

    __tablename__ = "trajectory"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("network_director",)  # a person's name: not in the lead package
    FREE_TEXT_FIELDS = ("description",)
    SAFE_FIELDS = ("name", "municipality", "organisation")
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    municipality: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # The organisation keeping this file; the lead organisation is the partner whose
    # involvement is "lead" (step 1).
    organisation: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    network_director: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    planned_end_date: Mapped[date | None] = mapped_column(Date, nullable=True)


class FocusArea(SyncMixin, Base):
    """A village, district or neighbourhood the trajectory focuses on, and why."""

    __tablename__ = "focus_area"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("reason", "notes")
    SAFE_FIELDS = ("name", "kind")
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), default="village", nullable=False)
    reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    signal_sources: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "kind": "focus_area_kind", "signal_sources": "signal_source",
    }


class Partner(SyncMixin, Base):
    """A partner organisation in the trajectory's network (step 1)."""

    __tablename__ = "partner"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("contact_person", "email", "phone")
    FREE_TEXT_FIELDS = ("contributes", "expects", "notes")
    SAFE_FIELDS = ("name", "partner_type", "involvement")
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    partner_type: Mapped[str] = mapped_column(String(32), default="other", nullable=False)
    contact_person: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    email: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    phone: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    involvement: Mapped[str] = mapped_column(String(32), default="informed", nullable=False)
    contributes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    expects: Mapped[str] = mapped_column(Text, default="", nullable=False)
    roles_agreed: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    essential: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "partner_type": "partner_type", "involvement": "involvement",
    }


class Action(SyncMixin, Base):
    """An action of the trajectory (steps 5–7): from an idea to a grounded, running action."""

    __tablename__ = "action"
    EXCHANGE_SCOPES = ("full", "lead", "practices")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = (
        "description", "impact_what", "impact_who_executes", "impact_who_involved",
        "impact_results", "impact_change", "impact_evidence", "impact_explanation",
    )
    SAFE_FIELDS = ("name", "status", "origin", "level", "participation")
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="idea", nullable=False)
    origin: Mapped[str] = mapped_column(String(16), default="new", nullable=False)
    level: Mapped[str] = mapped_column(String(16), default="", nullable=False)
    participation: Mapped[str] = mapped_column(String(16), default="", nullable=False)
    element_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    risk_group_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    age_group_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    impact_what: Mapped[str] = mapped_column(Text, default="", nullable=False)
    impact_who_executes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    impact_who_involved: Mapped[str] = mapped_column(Text, default="", nullable=False)
    impact_results: Mapped[str] = mapped_column(Text, default="", nullable=False)
    impact_change: Mapped[str] = mapped_column(Text, default="", nullable=False)
    impact_evidence: Mapped[str] = mapped_column(Text, default="", nullable=False)
    impact_explanation: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "status": "action_status",
        "level": "action_level",
        "participation": "participation",
        "element_codes": "element",
        "risk_group_codes": "risk_group",
        "age_group_codes": "age_group",
    }


class ChecklistTick(SyncMixin, Base):
    """One ticked (or unticked) item of a step's checklist."""

    __tablename__ = "checklist_tick"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ()
    SAFE_FIELDS = ("item_code",)
    __table_args__ = (UniqueConstraint("trajectory_id", "step", "item_code"),)
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    step: Mapped[int] = mapped_column(Integer, nullable=False)
    item_code: Mapped[str] = mapped_column(String(64), nullable=False)
    done: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class StepNote(SyncMixin, Base):
    """The free notes field of one step of one trajectory."""

    __tablename__ = "step_note"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("text",)
    SAFE_FIELDS = ()
    __table_args__ = (UniqueConstraint("trajectory_id", "step"),)
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    step: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, default="", nullable=False)
