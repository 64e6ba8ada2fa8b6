"""Mailboxes: shared folders (a synced OneDrive/SharePoint/Nextcloud folder, a network share,
a USB stick) through which this installation sends and receives exchange packages.

Local bookkeeping only (never shared): where the folder is on this laptop, who reads it with
which scope, and when it last worked. See app/services/exchange/mailbox.py.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow


class Mailbox(Base):
    """One shared folder and how this laptop uses it."""

    __tablename__ = "exchange_mailbox"
    LOCAL_ONLY = True  # a folder on this laptop: never shared
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    folder: Mapped[str] = mapped_column(Text, nullable=False)
    # import packages from trusted senders without asking first
    auto_import: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # own packages nobody confirmed are removed after this many days (the newest one stays)
    keep_days: Mapped[int] = mapped_column(Integer, default=30, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="", nullable=False)
    recipients: Mapped[list[MailboxRecipient]] = relationship(
        back_populates="mailbox", cascade="all, delete-orphan", order_by="MailboxRecipient.id")


class MailboxRecipient(Base):
    """Who reads a mailbox (a known key) and what they get (a package scope)."""

    __tablename__ = "exchange_mailbox_recipient"
    LOCAL_ONLY = True  # this laptop's sharing settings
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mailbox_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_mailbox.id", ondelete="CASCADE"), nullable=False, index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    scope: Mapped[str] = mapped_column(String(16), nullable=False)  # full | lead | practices
    # the package last written for this recipient, and when: changes after it are "not yet
    # shared"
    last_package_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    mailbox: Mapped[Mailbox] = relationship(back_populates="recipients")
