"""Turning a record's fields into JSON and back, by the columns' types, with strict checks.

Dates and datetimes are ISO 8601 (datetimes in UTC with an offset), code lists are JSON
arrays of strings, bytes are base64, decimals are strings. Reading checks every value against
its column, so a malformed package is refused before anything is written.
"""
from __future__ import annotations

import base64
import binascii
import uuid
from functools import lru_cache
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, Numeric, String, Text,
)
from sqlalchemy.orm import Mapper, class_mapper

from app.models.base import GUID, CodeList, SyncMixin, UTCDateTime

#: Sync fields that are not merged as content. `deleted_at` is merged like a field (a
#: tombstone is a change); the others describe the version and travel separately.
VERSION_FIELDS = tuple(f for f in SyncMixin.SYNC_FIELDS if f != "deleted_at")
MAX_TEXT = 1_000_000  # characters in one field


class CodecError(ValueError):
    """A value that does not fit its column (turned into an ExchangeError by the reader)."""


@lru_cache(maxsize=None)
def _columns(model: type) -> tuple[tuple[str, Any], ...]:
    mapper: Mapper = class_mapper(model)
    return tuple((attr.key, attr.columns[0]) for attr in mapper.column_attrs)


def columns(model: type) -> dict[str, Any]:
    """attribute name -> Column, for every mapped column of a model."""
    return dict(_columns(model))


def content_fields(model: type) -> list[str]:
    """The fields that are merged: every column except the version fields."""
    return [key for key, _c in _columns(model) if key not in VERSION_FIELDS]


_KINDS: dict[int, tuple[Any, str]] = {}


def _kind(col_type) -> str:
    """The JSON form a column type takes (cached per type object)."""
    cached = _KINDS.get(id(col_type))
    if cached is not None and cached[0] is col_type:
        return cached[1]
    kind = _find_kind(col_type)
    _KINDS[id(col_type)] = (col_type, kind)
    return kind


def _find_kind(col_type) -> str:
    for cls, name in ((GUID, "guid"), (UTCDateTime, "utcdatetime"), (CodeList, "codelist")):
        if isinstance(col_type, cls):
            return name
    if hasattr(col_type, "impl") and not isinstance(col_type, (String, Integer)):
        col_type = col_type.impl if not isinstance(col_type.impl, type) else col_type.impl()
    for cls, name in ((Boolean, "bool"), (Integer, "int"), (Numeric, "decimal"),
                      (Float, "float"), (DateTime, "datetime"), (Date, "date"),
                      (LargeBinary, "bytes"), (JSON, "json"), (Text, "str"), (String, "str")):
        if isinstance(col_type, cls):
            if name == "decimal" and isinstance(col_type, Float):
                return "float"
            return name
    return "json"


def to_json(column, value: Any) -> Any:
    if value is None:
        return None
    kind = _kind(column.type)
    if kind in ("utcdatetime", "datetime"):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "codelist":
        return sorted(set(value))
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "decimal":
        return str(value)
    return value


def _check_str(column, value: Any) -> str:
    if not isinstance(value, str):
        raise CodecError("text expected")
    if len(value) > MAX_TEXT:
        raise CodecError("text too long")
    check_text(value)
    return value


def check_text(value: str) -> str:
    """Refuse text that cannot be stored (lone surrogates from a hand-made file)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CodecError("text with an invalid character") from None
    return value


def from_json(column, value: Any) -> Any:
    """The Python value for a JSON value, or CodecError when it does not fit the column."""
    if value is None:
        if not column.nullable and _kind(column.type) != "codelist":
            raise CodecError(f"'{column.key}' may not be empty")
        return None if _kind(column.type) != "codelist" else []
    kind = _kind(column.type)
    try:
        if kind == "guid":
            if not isinstance(value, str):
                raise CodecError("identifier expected")
            return str(uuid.UUID(value))
        if kind in ("utcdatetime", "datetime"):
            if not isinstance(value, str):
                raise CodecError("date and time expected")
            parsed = datetime.fromisoformat(value)
            if kind == "utcdatetime":
                if parsed.tzinfo is None:
                    raise CodecError("date and time without time zone")
                return parsed.astimezone(timezone.utc)
            return parsed
        if kind == "date":
            if not isinstance(value, str) or len(value) != 10:
                raise CodecError("date expected")
            return date.fromisoformat(value)
        if kind == "codelist":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CodecError("list of codes expected")
            for v in value:
                check_text(v)
            return sorted(set(value))
        if kind == "bool":
            if not isinstance(value, bool):
                raise CodecError("true or false expected")
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
                raise CodecError("whole number expected")
            return value
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise CodecError("number expected")
            return float(value)
        if kind == "decimal":
            if not isinstance(value, str):
                raise CodecError("number expected")
            return Decimal(value)
        if kind == "bytes":
            if not isinstance(value, str):
                raise CodecError("base64 expected")
            return base64.b64decode(value.encode("ascii"), validate=True)
        if kind == "str":
            return _check_str(column, value)
        import json

        check_text(json.dumps(value, ensure_ascii=False))
        return value
    except (ValueError, TypeError, InvalidOperation, binascii.Error, UnicodeError) as exc:
        if isinstance(exc, CodecError):
            raise
        raise CodecError(f"'{column.key}': {type(exc).__name__}") from None


def record_content(obj: Any, fields: list[str], cols: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of a record's content fields."""
    return {f: to_json(cols[f], getattr(obj, f)) for f in fields}


def utcnow_iso() -> str:
    return datetime.now(timezone.utc).isoformat()
