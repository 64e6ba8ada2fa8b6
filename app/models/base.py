"""Declarative base, portable column types and the sync mixin every shared record carries.

Portable to PostgreSQL: UUIDs and UTC datetimes are TypeDecorators, code lists are JSON text.
"""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    CHAR,
    Boolean,
    DateTime,
    FetchedValue,
    Integer,
    MetaData,
    String,
    Text,
    event,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class GUID(TypeDecorator):
    """A UUID kept as canonical text in SQLite and as native UUID in PostgreSQL.

    Python side is always the lowercase canonical string.
    """

    impl = CHAR(36)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            from sqlalchemy.dialects import postgresql  # only then: it is slow to import

            return dialect.type_descriptor(postgresql.UUID(as_uuid=False))
        return dialect.type_descriptor(CHAR(36))

    def process_bind_param(self, value, dialect):
        if value is None or value == "":  # "no record chosen" compares as NULL: matches nothing
            return None
        return str(uuid.UUID(str(value)))

    def process_result_value(self, value, dialect):
        return None if value is None else str(value)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes. SQLite drops the zone, so we store naive UTC and add it back."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC datetime is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class CodeList(TypeDecorator):
    """A set of reference codes stored as a sorted JSON array: merges as one field."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return "[]"
        return json.dumps(sorted(set(value)), ensure_ascii=False)

    def process_result_value(self, value, dialect):
        if not value:
            return []
        return list(json.loads(value))


CHANGED_BY_LENGTH = 100  # a PostgreSQL user name has at most 63 bytes; a device name more


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncMixin:
    """Fields that make merging files from several laptops safe.

    `revision` goes up by one on every local change and `base_revision` keeps the revision the
    change was based on; `device_id` is the installation that made the last change. A delete sets
    `deleted_at` (a tombstone) and is itself a change. All of this is stamped automatically by
    the session (see app.models.session); code never sets these fields by hand, except the
    exchange import, which sets `session.info["sync_import"] = True`.

    `changed_by` is who made the last change here, kept in this database only (LOCAL_FIELDS:
    never exchanged, compared or merged). On a file the session stamps the device's name; on
    a shared PostgreSQL database the server stamps its database user (`session_user`) itself,
    by a column default and a trigger no client can go around (app/migrations/changed_by.py).
    Empty: not known (a record from before it was kept, or added in bulk by an import on a
    file).
    """

    id: Mapped[str] = mapped_column(GUID, primary_key=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    revision: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    base_revision: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, default=None)
    # no default of the app's own: what the INSERT leaves out, the database fills in
    changed_by: Mapped[str] = mapped_column(String(CHANGED_BY_LENGTH), nullable=False,
                                            server_default="",
                                            server_onupdate=FetchedValue())

    # Declarations, required on every shared model (no defaults: a new table or column that
    # says nothing is refused by the exchange and fails tests/core/test_declarations.py):
    # - EXCHANGE_SCOPES: which package scopes carry the table ("full", "lead", "practices");
    # - PERSONAL_FIELDS: fields that identify or describe a person (names, addresses, phone,
    #   e-mail, birth dates, quasi-identifiers such as postcode or living alone, and free text
    #   about people). Erasure blanks them; no scope but "full" carries them.
    # - FREE_TEXT_FIELDS: text someone typed freely (notes, descriptions, answers); never in
    #   a lead package.
    # - SAFE_FIELDS: every other text column (codes, titles of organisations and actions, ids).
    # Every text column is in at least one list, and a SAFE field in no other. Optional:
    # LEAD_COARSEN {field: rule} coarsens a quasi-identifier for the lead organisation instead
    # of hiding it (app.services.exchange.tables.COARSEN_RULES).
    LEAD_COARSEN: ClassVar[dict[str, str]] = {}

    # Fields never compared or merged as content.
    SYNC_FIELDS = (
        "id", "created_at", "updated_at", "device_id", "revision", "base_revision", "deleted_at",
        "changed_by",
    )
    # Sync fields that never leave this database (not in any package, not in the exchange's
    # column lists: app.services.exchange.codec.columns).
    LOCAL_FIELDS = ("changed_by",)

    # What an incoming value may be, beyond its column type (checked for every record that
    # arrives in an exchange package, app/services/exchange/codec.py). CODE_FIELDS: field ->
    # the reference list (app.services.reference) its codes come from; "" means "not chosen".
    # FIELD_RANGES: field -> (lowest, highest) for whole numbers; a whole number without a
    # range is a count, a year or a position: 0 to a billion.
    CODE_FIELDS: ClassVar[dict[str, str]] = {}
    FIELD_RANGES: ClassVar[dict[str, tuple[int, int]]] = {}

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def __init_subclass__(cls, **kwargs) -> None:
        """A shared model that says nothing about its fields is refused when it is defined
        (the column-by-column check follows once the mappers are configured)."""
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("__abstract__") or getattr(cls, "LOCAL_ONLY", False):
            return
        missing = [name for name in DECLARATIONS if name not in _own_attributes(cls)]
        if missing:
            raise UndeclaredFieldsError(f"{cls.__name__} must declare {', '.join(missing)} "
                                        "(see app.models.base.SyncMixin)")


DECLARATIONS = ("EXCHANGE_SCOPES", "PERSONAL_FIELDS", "FREE_TEXT_FIELDS", "SAFE_FIELDS")


class UndeclaredFieldsError(TypeError):
    """A shared model does not say which of its fields are personal, free text or safe: a
    programming error, caught when the model is defined or its mappers are configured."""


def check_declarations(models) -> None:
    """Raise UndeclaredFieldsError naming every field of `models` that says nothing."""
    problems = [p for model in models for p in declaration_problems(model)]
    if problems:
        raise UndeclaredFieldsError("; ".join(problems))


@event.listens_for(Mapper, "after_configured")
def _check_shared_models() -> None:
    """Every text column of every shared model is declared, or no query runs at all."""
    check_declarations(sync_models())


def text_columns(model: type) -> list[str]:
    """Content columns holding text a person could type (String/Text; not code lists, ids or
    the sync fields)."""
    from sqlalchemy.orm import class_mapper

    result = []
    for attr in class_mapper(model).column_attrs:
        col = attr.columns[0]
        if attr.key in SyncMixin.SYNC_FIELDS or isinstance(col.type, (GUID, CodeList)):
            continue
        if isinstance(col.type, (String, Text)):
            result.append(attr.key)
    return result


def declaration_problems(model: Any) -> list[str]:
    """What a shared model fails to declare (empty when all is well)."""
    problems = [f"{model.__name__}.{name} is not declared" for name in DECLARATIONS
                if name not in _own_attributes(model)]
    if problems:
        return problems
    columns = {attr.key for attr in _mapped(model)}
    for name in DECLARATIONS[1:]:
        problems += [f"{model.__name__}.{name} names unknown field {f}"
                     for f in getattr(model, name) if f not in columns]
    problems += [f"{model.__name__}.LEAD_COARSEN names unknown field {f}"
                 for f in model.LEAD_COARSEN if f not in columns]
    unsafe = set(model.PERSONAL_FIELDS) | set(model.FREE_TEXT_FIELDS)
    for field in text_columns(model):
        if field not in unsafe and field not in model.SAFE_FIELDS:
            problems.append(f"{model.__name__}.{field}: say whether it is personal, free text "
                            "or safe")
        if field in unsafe and field in model.SAFE_FIELDS:
            problems.append(f"{model.__name__}.{field} is declared safe and not safe")
    return problems


def _own_attributes(model: type) -> set[str]:
    """Attributes the model or a base other than SyncMixin/Base sets."""
    names: set[str] = set()
    for klass in model.__mro__:
        if klass in (SyncMixin, Base, object):
            continue
        names |= set(vars(klass))
    return names


def _mapped(model: type):
    from sqlalchemy.orm import class_mapper

    return class_mapper(model).column_attrs


def sync_models() -> list[Any]:
    """Every mapped class that carries the sync fields (import app.models first)."""
    return sorted(
        (m.class_ for m in Base.registry.mappers if issubclass(m.class_, SyncMixin)),
        key=lambda c: c.__tablename__,
    )


class ci_like(FunctionElement):  # noqa: N801 (reads as SQL)
    """`a` contains pattern `b`, ignoring case: ILIKE in PostgreSQL, plain LIKE in SQLite.

    SQLite's LIKE already ignores ASCII case, and its lower() is ASCII-only too, so wrapping
    both sides in lower() (what `ilike` compiles to) only costs time on large lists.
    Both engines read the pattern the same way: `%` and `_` are wildcards and nothing
    escapes them (PostgreSQL's default escape, the backslash, is switched off)."""

    type = Boolean()
    inherit_cache = True
    name = "ci_like"


@compiles(ci_like)
def _ci_like_default(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"{compiler.process(a, **kw)} ILIKE {compiler.process(b, **kw)}"


@compiles(ci_like, "postgresql")
def _ci_like_postgresql(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"{compiler.process(a, **kw)} ILIKE {compiler.process(b, **kw)} ESCAPE ''"


@compiles(ci_like, "sqlite")
def _ci_like_sqlite(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"{compiler.process(a, **kw)} LIKE {compiler.process(b, **kw)}"
