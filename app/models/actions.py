"""Tables of steps 6 and 7: partners of an action, signals to policy, the action log and
loneliness measurements. The action itself is the core `Action` table."""
from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import GUID, Base, SyncMixin, UTCDateTime


class ActionPartner(SyncMixin, Base):
    """A partner that takes part in an action, and the role it plays there."""

    __tablename__ = "action_partner"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("role",)
    SAFE_FIELDS = ()
    action_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("action.id", ondelete="CASCADE"), nullable=False, index=True
    )
    partner_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("partner.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(Text, default="", nullable=False)


class PolicySignal(SyncMixin, Base):
    """A structural cause (transport, traffic, benches, green...) passed on to policy."""

    __tablename__ = "policy_signal"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("to_whom",)
    FREE_TEXT_FIELDS = ("what", "answer")
    SAFE_FIELDS = ()
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    action_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("action.id", ondelete="SET NULL"), nullable=True, index=True
    )
    what: Mapped[str] = mapped_column(Text, nullable=False)
    to_whom: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    answer: Mapped[str] = mapped_column(Text, default="", nullable=False)
    answered_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class ActionLog(SyncMixin, Base):
    """One entry of an action's plan–do–check–adjust log (step 7)."""

    __tablename__ = "action_log"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("done", "tried", "adjusted", "why")
    SAFE_FIELDS = ("phase",)
    action_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("action.id", ondelete="CASCADE"), nullable=False, index=True
    )
    log_date: Mapped[date] = mapped_column(Date, nullable=False)
    phase: Mapped[str] = mapped_column(String(16), default="do", nullable=False)
    done: Mapped[str] = mapped_column(Text, default="", nullable=False)
    tried: Mapped[str] = mapped_column(Text, default="", nullable=False)
    adjusted: Mapped[str] = mapped_column(Text, default="", nullable=False)
    why: Mapped[str] = mapped_column(Text, default="", nullable=False)
    people_reached: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"phase": "log_phase"}


class Measurement(SyncMixin, Base):
    """One loneliness questionnaire filled in with consent. Only the raw answers are stored;
    scores are computed in code (app.services.loneliness)."""

    __tablename__ = "measurement"
    EXCHANGE_SCOPES = ("full",)
    PERSONAL_FIELDS = ("respondent_code", "answers")
    FREE_TEXT_FIELDS = ("answers",)
    SAFE_FIELDS = ("moment", "instrument", "version", "language", "mode", "setting")
    action_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("action.id", ondelete="CASCADE"), nullable=False, index=True
    )
    respondent_code: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    moment: Mapped[str] = mapped_column(String(8), default="before", nullable=False)
    instrument: Mapped[str] = mapped_column(String(8), nullable=False)
    version: Mapped[str] = mapped_column(String(16), default="1", nullable=False)
    language: Mapped[str] = mapped_column(String(2), default="nl", nullable=False)
    mode: Mapped[str] = mapped_column(String(16), default="face_to_face", nullable=False)
    setting: Mapped[str] = mapped_column(String(16), default="activity", nullable=False)
    measured_on: Mapped[date] = mapped_column(Date, nullable=False)
    answers: Mapped[str] = mapped_column(Text, default="[]", nullable=False)  # JSON list
    consent_recorded: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "moment": "measure_moment",
        "instrument": "instrument",
        "mode": "measure_mode",
        "setting": "measure_setting",
    }
