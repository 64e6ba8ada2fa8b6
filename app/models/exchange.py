"""Exchange bookkeeping: this installation's keys, the senders it knows, the ledger of imported
packages, the conflict inbox and, per shared record, the version last exchanged.

None of these tables is shared (no SyncMixin): they describe this installation's view of the
exchange. See docs/exchange-format.md for how they drive the merge.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class ExchangeIdentity(Base):
    """This installation's own keys: Ed25519 for signing, an age identity for decrypting."""

    __tablename__ = "exchange_identity"
    LOCAL_ONLY = True  # this installation\'s bookkeeping, never shared
    slot: Mapped[str] = mapped_column(String(16), primary_key=True, default="self")
    name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    sign_private: Mapped[str] = mapped_column(Text, nullable=False)  # base64 of the raw key
    age_identity: Mapped[str] = mapped_column(Text, nullable=False)  # AGE-SECRET-KEY-1...
    pseudonym_secret: Mapped[str] = mapped_column(Text, nullable=False)  # base64, HMAC key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class ExchangeKnownKey(Base):
    """A colleague's or the lead organisation's public keys (trust on first use)."""

    __tablename__ = "exchange_known_key"
    LOCAL_ONLY = True  # this installation\'s bookkeeping, never shared
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    sign_public: Mapped[str] = mapped_column(Text, nullable=False)  # base64 of the raw key
    age_recipient: Mapped[str] = mapped_column(Text, default="", nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), default="", nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    role: Mapped[str] = mapped_column(String(16), default="colleague", nullable=False)
    trusted: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class ExchangeImport(Base):
    """The ledger: every package imported here, so the same package twice changes nothing."""

    __tablename__ = "exchange_import"
    LOCAL_ONLY = True  # this installation\'s bookkeeping, never shared
    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    scope: Mapped[str] = mapped_column(String(16), nullable=False)
    sender_device: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    sender_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    sender_organisation: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), default="", nullable=False)
    file_name: Mapped[str] = mapped_column(Text, default="", nullable=False)
    summary: Mapped[str] = mapped_column(Text, default="{}", nullable=False)  # JSON counts


class ExchangeConflict(Base):
    """One field both sides changed since their common version, waiting for a person."""

    __tablename__ = "exchange_conflict"
    LOCAL_ONLY = True  # this installation\'s bookkeeping, never shared
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    field: Mapped[str] = mapped_column(String(64), nullable=False)
    local_value: Mapped[str] = mapped_column(Text, nullable=False)  # JSON
    incoming_value: Mapped[str] = mapped_column(Text, nullable=False)  # JSON
    incoming_vector: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {device: n}
    package_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    sender_name: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # "local", "incoming" (a person chose) or "superseded" (a newer version settled it)
    resolution: Mapped[str] = mapped_column(String(16), default="", nullable=False)


class ExchangeRecordState(Base):
    """Per shared record: its version vector and field values as last exchanged, and a few
    earlier versions it descends from (candidate common bases for a three-way merge)."""

    __tablename__ = "exchange_record_state"
    LOCAL_ONLY = True  # this installation\'s bookkeeping, never shared
    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    vector: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {device: counter}
    content: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {field: value}
    # JSON [{"vector": ..., "content": ...}], newest first: earlier versions this one descends
    # from, kept as candidate common bases for a three-way merge
    ancestors: Mapped[str] = mapped_column(Text, default="[]", nullable=False)
    masked: Mapped[str] = mapped_column(Text, default="[]", nullable=False)  # JSON [field]
    # fingerprints of the package line this version arrived as and of the record's row as it
    # was then stored: the very same line arriving again for an untouched row changes nothing
    # and is skipped unread ("" = not known; any other write of the state clears them)
    line_hash: Mapped[str] = mapped_column(String(32), default="", server_default="",
                                           nullable=False)
    row_hash: Mapped[str] = mapped_column(String(32), default="", server_default="",
                                          nullable=False)
