"""Tables of 'before you start' and steps 1–4: preconditions, contact log, training sessions,
interested people, the inventory of what already runs, figures, stories and needs.

Links to several records of the same feature (partners present at a meeting, figures and
stories behind a need) are kept as `CodeList`s of ids: they merge as one field and a
tombstoned target is simply left out when read.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import GUID, Base, CodeList, SyncMixin, UTCDateTime


def _trajectory_fk() -> Mapped[str]:
    return mapped_column(GUID, ForeignKey("trajectory.id", ondelete="CASCADE"), nullable=False,
                         index=True)


class Precondition(SyncMixin, Base):
    """One of the four preconditions of 'before you start', with its status and a note."""

    __tablename__ = "precondition"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("note",)
    SAFE_FIELDS = ("code", "status")
    __table_args__ = (UniqueConstraint("trajectory_id", "code"),)
    trajectory_id: Mapped[str] = _trajectory_fk()
    code: Mapped[str] = mapped_column(String(32), nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="not_yet", nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "code": "precondition", "status": "precondition_status",
    }


class ContactMoment(SyncMixin, Base):
    """A network meeting, feedback moment or inspiration session with partners (step 1)."""

    __tablename__ = "contact_moment"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("title", "notes")
    SAFE_FIELDS = ("kind",)
    trajectory_id: Mapped[str] = _trajectory_fk()
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(32), default="network_meeting", nullable=False)
    title: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    partner_ids: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"kind": "contact_kind"}


class TrainingSession(SyncMixin, Base):
    """Intervision with close partners or an open local training (step 2)."""

    __tablename__ = "training_session"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("facilitator",)
    FREE_TEXT_FIELDS = ("topics", "notes")
    SAFE_FIELDS = ("kind", "place")
    trajectory_id: Mapped[str] = _trajectory_fk()
    kind: Mapped[str] = mapped_column(String(32), default="open_training", nullable=False)
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    facilitator: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    topics: Mapped[str] = mapped_column(Text, default="", nullable=False)
    professionals: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    volunteers: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    residents: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    lived_experience: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    evaluation: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # 0 = none, 1–5
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"kind": "training_kind"}


class InterestedPerson(SyncMixin, Base):
    """Someone who wants to stay involved after a training, to invite in step 5."""

    __tablename__ = "interested_person"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("name", "contact", "notes")
    FREE_TEXT_FIELDS = ("notes",)
    SAFE_FIELDS = ("role",)
    trajectory_id: Mapped[str] = _trajectory_fk()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    contact: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    role: Mapped[str] = mapped_column(String(32), default="resident", nullable=False)
    consent: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    consent_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)
    CODE_FIELDS: ClassVar[dict[str, str]] = {"role": "interested_role"}


class ExistingActivity(SyncMixin, Base):
    """Something that already runs in the area against loneliness (step 3 inventory)."""

    __tablename__ = "existing_activity"
    EXCHANGE_SCOPES = ("full", "lead", "practices")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("description", "impact", "lessons")
    SAFE_FIELDS = ("name", "frequency", "continuity")
    trajectory_id: Mapped[str] = _trajectory_fk()
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    organiser_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("partner.id", ondelete="SET NULL"), nullable=True, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    risk_group_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    age_group_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    element_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    people_reached: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    frequency: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    continuity: Mapped[str] = mapped_column(String(16), default="structural", nullable=False)
    impact: Mapped[str] = mapped_column(Text, default="", nullable=False)
    lessons: Mapped[str] = mapped_column(Text, default="", nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "risk_group_codes": "risk_group",
        "age_group_codes": "age_group",
        "element_codes": "element",
        "continuity": "continuity",
    }


class AreaFigure(SyncMixin, Base):
    """A figure about a focus area (step 4), with an optional reference value to compare."""

    __tablename__ = "area_figure"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("notes",)
    # "place" is a municipality or an area, never an address
    SAFE_FIELDS = ("indicator", "unit", "source", "reference_label", "place")
    trajectory_id: Mapped[str] = _trajectory_fk()
    focus_area_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("focus_area.id", ondelete="SET NULL"), nullable=True, index=True
    )
    indicator: Mapped[str] = mapped_column(String(200), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str] = mapped_column(String(40), default="", nullable=False)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # the municipality or village the figure is about, as the source names it
    place: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    source: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    reference_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    reference_label: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)


class AreaStory(SyncMixin, Base):
    """A story or observation about the area (step 4, the qualitative side)."""

    __tablename__ = "area_story"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ("text",)
    FREE_TEXT_FIELDS = ("title", "text")
    SAFE_FIELDS = ("source_kind",)
    trajectory_id: Mapped[str] = _trajectory_fk()
    focus_area_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("focus_area.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    text: Mapped[str] = mapped_column(Text, default="", nullable=False)
    source_kind: Mapped[str] = mapped_column(String(32), default="resident", nullable=False)
    heard_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    tag_codes: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    CODE_FIELDS: ClassVar[dict[str, str]] = {
        "source_kind": "story_source", "tag_codes": "story_tag",
    }


class AreaNeed(SyncMixin, Base):
    """A need of the area, in order of priority, backed by figures and stories (step 4)."""

    __tablename__ = "area_need"
    EXCHANGE_SCOPES = ("full", "lead")
    PERSONAL_FIELDS = ()
    FREE_TEXT_FIELDS = ("title", "description")
    SAFE_FIELDS = ()
    trajectory_id: Mapped[str] = _trajectory_fk()
    focus_area_id: Mapped[str | None] = mapped_column(
        GUID, ForeignKey("focus_area.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    priority: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    figure_ids: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
    story_ids: Mapped[list[str]] = mapped_column(CodeList, default=list, nullable=False)
