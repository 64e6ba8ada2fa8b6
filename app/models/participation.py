"""Step 5 tables: personas, participatory sessions (tables, participants, seats), ideas and
sign-ups. Foreign keys point only at core tables or at tables of this feature; a participant
picked from step 2 keeps that record's id as plain text (`source_id`)."""
from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import GUID, Base, CodeList, SyncMixin, UTCDateTime


class Persona(SyncMixin, Base):
    """A fictional person used at a table to think about loneliness in the area.

    `picture` is a bundled illustration key (resources/personas/<key>.svg) or "" when a photo
    is stored in `photo` (base64 of a small JPEG/PNG, so it travels in every export as text).
    `example_key` names the bundled example it was copied from ("" when written from scratch).
    """

    __tablename__ = "persona"
    EXCHANGE_SCOPES = ("full", "lead", "practices")
    PERSONAL_FIELDS = ("photo",)  # a photo may show a real person; the text is fictional
    FREE_TEXT_FIELDS = (
        "living_situation", "village_context", "social_needs", "strengths", "quote",
        "dream_question",
    )
    SAFE_FIELDS = ("name", "picture", "example_key")
    ATTACHMENT_FIELDS = ("photo",)  # travels only when the export includes attachments
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    picture: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    photo: Mapped[str] = mapped_column(Text, default="", nullable=False)
    living_situation: Mapped[str] = mapped_column(Text, default="", nullable=False)
    village_context: Mapped[str] = mapped_column(Text, default="", nullable=False)
    risk_group_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    social_needs: Mapped[str] = mapped_column(Text, default="", nullable=False)
    strengths: Mapped[str] = mapped_column(Text, default="", nullable=False)
    quote: Mapped[str] = mapped_column(Text, default="", nullable=False)
    dream_question: Mapped[str] = mapped_column(Text, default="", nullable=False)
    example_key: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"risk_group_codes": "risk_group"}
    FIELD_RANGES: ClassVar[dict[str, tuple[int, int]]] = {"age": (0, 110)}


class ParticipatorySession(SyncMixin, Base):
    """A meeting around tables: the dream phase with personas or the idea carousel."""

    __tablename__ = "participatory_session"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("facilitators",)
    FREE_TEXT_FIELDS = ("title", "notes")
    SAFE_FIELDS = ("place", "phase")
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    session_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    phase: Mapped[str] = mapped_column(String(16), default="dream", nullable=False)
    rounds: Mapped[int] = mapped_column(Integer, default=2, nullable=False)
    facilitators: Mapped[str] = mapped_column(Text, default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"phase": "session_phase"}


class SessionTable(SyncMixin, Base):
    """One table of a session, with its facilitator and the persona that stays at it."""

    __tablename__ = "session_table"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("facilitator",)
    FREE_TEXT_FIELDS = ()
    SAFE_FIELDS = ()
    session_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("participatory_session.id", ondelete="CASCADE"), nullable=False,
        index=True,
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    facilitator: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    persona_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("persona.id", ondelete="SET NULL"), nullable=True
    )


class SessionParticipant(SyncMixin, Base):
    """Someone taking part in a session; `source_id` is step 2's record id when picked there."""

    __tablename__ = "session_participant"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("name", "contact", "notes")
    FREE_TEXT_FIELDS = ("notes",)
    SAFE_FIELDS = ("role", "source_id")
    session_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("participatory_session.id", ondelete="CASCADE"), nullable=False,
        index=True,
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    contact: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    role: Mapped[str] = mapped_column(String(16), default="resident", nullable=False)
    source_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"role": "participant_role"}


class SessionSeat(SyncMixin, Base):
    """Where a participant sits in a round (1 = before the break, 2 = after)."""

    __tablename__ = "session_seat"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ()
    SAFE_FIELDS = ()
    session_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("participatory_session.id", ondelete="CASCADE"), nullable=False,
        index=True,
    )
    participant_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("session_participant.id", ondelete="CASCADE"), nullable=False,
        index=True,
    )
    table_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("session_table.id", ondelete="CASCADE"), nullable=False
    )
    round: Mapped[int] = mapped_column(Integer, default=1, nullable=False)


class Idea(SyncMixin, Base):
    """An idea from a table, reframed from a problem into a challenge; refined in the
    carousel and possibly turned into a core `Action`."""

    __tablename__ = "idea"
    EXCHANGE_SCOPES = ("full", "lead", "practices")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("title", "problem", "challenge", "description", "group_label", "plan")
    SAFE_FIELDS = ("status",)
    trajectory_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False, index=True
    )
    session_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("participatory_session.id", ondelete="SET NULL"), nullable=True,
        index=True,
    )
    table_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("session_table.id", ondelete="SET NULL"), nullable=True
    )
    persona_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("persona.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    problem: Mapped[str] = mapped_column(Text, default="", nullable=False)
    challenge: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    group_label: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    plan: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="new", nullable=False)
    risk_group_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    action_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("action.id", ondelete="SET NULL"), nullable=True
    )
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "status": "idea_status", "risk_group_codes": "risk_group",
    }


class IdeaSignup(SyncMixin, Base):
    """Someone who wants to help work out an idea, with contact details and consent."""

    __tablename__ = "idea_signup"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("name", "contact", "help_offer")
    FREE_TEXT_FIELDS = ("help_offer",)
    SAFE_FIELDS = ("participant_id",)
    idea_id: Mapped[str] = mapped_column(
        GUID, ForeignKey("idea.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    contact: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    help_offer: Mapped[str] = mapped_column(Text, default="", nullable=False)
    consent: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    consent_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    participant_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
