"""Turning a record's fields into JSON and back, by the columns' types, with strict checks.

Dates and datetimes are ISO 8601 (datetimes in UTC with an offset), code lists are JSON
arrays of strings, bytes are base64, decimals are strings. Reading checks every value against
its column, so a malformed package is refused before anything is written.
"""
from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapper, class_mapper

from app.models.base import GUID, CodeList, SyncMixin, UTCDateTime
from app.services.i18n import N_

_T = TypeVar("_T")


def per_model(fn: Callable[[type[Any]], _T]) -> Callable[[type[Any]], _T]:
    """functools.cache for a function of a model class: mypy sees no class as Hashable, which
    the plain decorator demands of its arguments."""
    return cache(fn)  # type: ignore[return-value]  # a class is hashable: see above

#: Sync fields that are not merged as content. `deleted_at` is merged like a field (a
#: tombstone is a change); the others describe the version and travel separately.
VERSION_FIELDS = tuple(f for f in SyncMixin.SYNC_FIELDS if f != "deleted_at")


class CodecError(ValueError):
    """A value that does not fit its column (turned into an ExchangeError by the reader).

    `problem` is an English msgid (translated when shown) with its parameters; `field` is set
    by the reader to the field the value was meant for."""

    def __init__(self, problem: str, field: str = "", **params):
        super().__init__(problem.format(**params) if params else problem)
        self.problem, self.field, self.params = problem, field, params


@per_model
def _columns(model: type[Any]) -> tuple[tuple[str, Any], ...]:
    mapper: Mapper = class_mapper(model)
    return tuple((attr.key, attr.columns[0]) for attr in mapper.column_attrs
                 if attr.key not in SyncMixin.LOCAL_FIELDS)  # never exchanged


@per_model
def columns(model: type[Any]) -> dict[str, Any]:
    """attribute name -> Column, for every mapped column of a model (one shared dict per
    model: read it, never change it)."""
    return dict(_columns(model))


@per_model
def required_fields(model: type[Any]) -> tuple[str, ...]:
    """Content fields a new record must carry: required, and no default to fall back on."""
    return tuple(key for key, col in _columns(model)
                 if key not in VERSION_FIELDS and not col.nullable and not col.primary_key
                 and col.default is None and col.server_default is None)


def content_fields(model: type) -> list[str]:
    """The fields that are merged: every column except the version fields (a new list)."""
    return list(_content_fields(model))


@per_model
def _content_fields(model: type[Any]) -> tuple[str, ...]:
    return tuple(key for key, _c in _columns(model) if key not in VERSION_FIELDS)


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
    own: tuple[tuple[type, str], ...] = (
        (GUID, "guid"), (UTCDateTime, "utcdatetime"), (CodeList, "codelist"))
    for own_cls, own_name in own:
        if isinstance(col_type, own_cls):
            return own_name
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
            value = value.astimezone(UTC)
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


def check_text(value: str) -> str:
    """Refuse text that cannot be stored: lone surrogates from a hand-made file, NUL bytes."""
    if "\x00" in value:
        raise CodecError(P_BAD_CHARACTER)
    if value.isascii():  # no surrogate possible (and no copy made to find out)
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CodecError(P_BAD_CHARACTER) from None
    return value


# --- validation: one checker per column, prepared once per table ------------------------------
#
# Every incoming value goes through the checker of its column: the type first, then what the
# column and the model say it may hold. The rules come from the SQLAlchemy column types and the
# model's declarations (`CODE_FIELDS`, `FIELD_RANGES`), so a new column is checked without
# anyone remembering it. Checkers are plain closures built once per column (cheap per record).

MAX_TEXT = 100_000  # characters in a Text field: dozens of pages, far above any note typed
MAX_CODES = 1_000  # items in one code list
MAX_CODE = 64  # characters of one code (or record id) in a code list
MAX_BYTES = 64 * 1024 * 1024  # one photo or file
# A whole number without a declared range is a count, a year, a step or a position: never
# negative, never near a billion; sums of many of them stay far inside SQLite's 64-bit integers.
DEFAULT_INT_RANGE = (0, 1_000_000_000)
MAX_FLOAT = 1e15  # figures (inhabitants, percentages); finite, so sums and charts never overflow
# Dates people enter (birth dates, visits, deadlines) lie in these years. Python holds years 1
# to 9999, but a date at either end overflows as soon as the app adds retention months or
# converts a time zone (`0001-01-01T00:00:00+05:00` is before the year 1 in UTC).
MIN_DATE, MAX_DATE = date(1800, 1, 1), date(2199, 12, 31)

P_TEXT = N_("text was expected")
P_TOO_LONG = N_("the text is longer than the {limit} characters this field can hold")
P_BAD_CHARACTER = N_("the text holds a character that cannot be stored (such as a null "
                     "character)")
P_WHOLE_NUMBER = N_("a whole number was expected")
P_NUMBER = N_("a number was expected")
P_RANGE = N_("the number must lie between {low} and {high}")
P_DATE = N_("a date was expected (year-month-day)")
P_DATETIME = N_("a date and time with a time zone was expected")
P_DATE_RANGE = N_("the date must lie between {low} and {high}")
P_BOOLEAN = N_("yes or no was expected")
P_CODES = N_("a list of codes was expected")
P_UNKNOWN_CODE = N_("the code \u201c{code}\u201d is not known to this version of "
                    "Buurtverbinder")
P_IDENTIFIER = N_("an identifier was expected")
P_EMPTY = N_("it may not be empty")
P_BYTES = N_("a file in base64 form was expected")
P_TOO_LARGE = N_("the file is larger than {limit} MB")
P_VALUE = N_("the value cannot be read")


def _code_lists() -> dict[str, frozenset[str]]:
    # Importing these feature modules registers their code lists (a plain import, so the
    # import-circle test sees the edge; inside the function, as the lists are needed late).
    from app.services import reference
    from app.services.actions import codes as _actions  # noqa: F401
    from app.services.actions import service  # noqa: F401
    from app.services.groundwork import codes as _groundwork  # noqa: F401
    from app.services.outreach import refs  # noqa: F401
    from app.services.participation import codes as _participation  # noqa: F401

    return {kind: frozenset(reference.codes(kind)) for kind in reference.LISTS}


_CHECKERS: dict[int, tuple[Any, Any]] = {}  # id(column) -> (column, checker)
_GENERIC: dict[int, tuple[Any, Any]] = {}  # the same, by the column type alone


def prepare(model: type) -> dict[str, Any]:
    """field -> checker(json value) -> Python value, for every column of a model (cached)."""
    cached = _PREPARED.get(model)
    if cached is None:
        cached = {key: _checker(col, model) for key, col in _columns(model)}
        _PREPARED[model] = cached
    return cached


_PREPARED: dict[type, dict[str, Any]] = {}
_PREPARED_JSON: dict[type, dict[str, Any]] = {}
# kinds whose checked Python value is already its JSON form (text, numbers, ids, code lists)
_SAME_IN_JSON = frozenset({"str", "int", "float", "bool", "guid", "codelist", "json"})


def prepare_json(model: type) -> dict[str, Any]:
    """field -> checker(json value) -> the value's normal JSON form (what `to_json` gives for
    the checked value), for reading packages without a round trip per value (cached)."""
    cached = _PREPARED_JSON.get(model)
    if cached is None:
        cols = dict(_columns(model))
        cached = {}
        for key, check in prepare(model).items():
            if _kind(cols[key].type) in _SAME_IN_JSON:
                cached[key] = check
            else:
                cached[key] = _normal_json(cols[key], check)
        _PREPARED_JSON[model] = cached
    return cached


def _normal_json(column, check) -> Callable[[Any], Any]:
    """`to_json(column, check(value))`, with a short way for an empty optional field and for
    a date or UTC time already in its normal form (as this app writes them): the same result
    for every input (any other form, or a refusal, goes the long way)."""
    kind, nullable = _kind(column.type), bool(column.nullable)

    def slow(value: Any) -> Any:
        return to_json(column, check(value))

    def utc(value: Any) -> Any:
        found = _UTC_TEXT.match(value) if value.__class__ is str else None
        if found is not None and found[3] != ".000000" and _real_day(found[1]):
            return value
        return None if value is None and nullable else slow(value)

    def day(value: Any) -> Any:
        if value.__class__ is str and _DAY_TEXT.match(value) and _real_day(value):
            return value
        return None if value is None and nullable else slow(value)

    def other(value: Any) -> Any:
        return None if value is None and nullable else slow(value)
    return {"utcdatetime": utc, "date": day}.get(kind, other)


def quick_json(model: type) -> dict[str, Callable[[Any], Any]]:
    """`prepare_json(model)` with one call per value for the forms this app writes (plain
    ASCII text within its length, a known code, a canonical id, a whole number in range, a
    yes/no, an empty optional field, an empty code list): the same result; any other value
    goes to the `prepare_json` checker, so it is refused exactly as there (cached)."""
    cached = _QUICK_JSON.get(model)
    if cached is None:
        full, cols = prepare_json(model), dict(_columns(model))
        cached = {key: _quick(cols[key], model, check) for key, check in full.items()}
        _QUICK_JSON[model] = cached
    return cached


_QUICK_JSON: dict[type, dict[str, Callable[[Any], Any]]] = {}


def _quick(column, model: type, full: Callable[[Any], Any]) -> Callable[[Any], Any]:
    kind, nullable = _kind(column.type), bool(column.nullable)
    codes, ranges = _declared(column, model)
    if kind == "str":
        length = getattr(column.type, "length", None)
        limit = length if isinstance(length, int) and 0 < length < MAX_TEXT else MAX_TEXT
        if codes is not None:
            known = frozenset(c for c in codes if _outcome(full, c) == c)
            return lambda v: v if v.__class__ is str and v in known else (
                None if v is None and nullable else full(v))
        return lambda v: v if (v.__class__ is str and len(v) <= limit and v.isascii()
                               and "\x00" not in v) else (
            None if v is None and nullable else full(v))
    if kind == "guid":
        match = _CANONICAL_UUID.match
        return lambda v: v if v.__class__ is str and match(v) else (
            None if v is None and nullable else full(v))
    if kind == "int":
        low, high = ranges or DEFAULT_INT_RANGE
        return lambda v: v if v.__class__ is int and low <= v <= high else (
            None if v is None and nullable else full(v))
    if kind == "bool":
        return lambda v: v if v.__class__ is bool else (
            None if v is None and nullable else full(v))
    if kind == "codelist":
        return lambda v: [] if v.__class__ is list and not v else full(v)
    return full


def _outcome(check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except CodecError:
        return None


def _declared(column, model: type | None) -> tuple[frozenset[str] | None, Any]:
    """The code list and range a model declares for a column (None when it declares none)."""
    if model is None:
        return None, None
    codes = None
    list_name = getattr(model, "CODE_FIELDS", {}).get(column.key)
    if list_name is not None:
        lists = _code_lists()
        if list_name not in lists:  # a wrong declaration is a bug, found by the tests
            raise KeyError(f"{model.__name__}.{column.key}: no code list {list_name!r}")
        codes = lists[list_name]
    return codes, getattr(model, "FIELD_RANGES", {}).get(column.key)


def _checker(column, model: type | None):
    found = _CHECKERS.get(id(column))
    if found is not None and found[0] is column:
        return found[1]  # the full checker, with the model's declarations
    if model is None:
        found = _GENERIC.get(id(column))
        if found is not None and found[0] is column:
            return found[1]
    kind = _kind(column.type)
    codes, ranges = _declared(column, model)
    check = _BUILDERS[kind](column, codes, ranges)
    nullable = bool(column.nullable)
    empty: list[Any] | None = [] if kind == "codelist" else None

    def checker(value: Any) -> Any:
        if value is None:
            if not nullable and kind != "codelist":
                raise CodecError(P_EMPTY)
            return empty
        return check(value)

    (_CHECKERS if model is not None else _GENERIC)[id(column)] = (column, checker)
    return checker


def _text_checker(column, codes, _ranges):
    length = getattr(column.type, "length", None)
    limit = length if isinstance(length, int) and 0 < length < MAX_TEXT else MAX_TEXT

    def check(value):
        if not isinstance(value, str):
            raise CodecError(P_TEXT)
        if len(value) > limit:
            raise CodecError(P_TOO_LONG, limit=limit)
        check_text(value)
        if codes is not None and value and value not in codes:
            raise CodecError(P_UNKNOWN_CODE, code=value[:40])
        return value
    return check


def _int_checker(_column, _codes, ranges):
    low, high = ranges or DEFAULT_INT_RANGE

    def check(value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise CodecError(P_WHOLE_NUMBER)
        if not low <= value <= high:
            raise CodecError(P_RANGE, low=low, high=high)
        return value
    return check


def _float_checker(_column, _codes, _ranges):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise CodecError(P_NUMBER)
        if isinstance(value, int) and abs(value) > MAX_FLOAT:
            raise CodecError(P_RANGE, low=-MAX_FLOAT, high=MAX_FLOAT)
        value = float(value)
        if not -MAX_FLOAT <= value <= MAX_FLOAT:  # also refuses NaN and infinity
            raise CodecError(P_RANGE, low=-MAX_FLOAT, high=MAX_FLOAT)
        return value
    return check


def _decimal_checker(_column, _codes, _ranges):
    def check(value):
        if not isinstance(value, str) or len(value) > 40:
            raise CodecError(P_NUMBER)
        try:
            number = Decimal(value)
        except (InvalidOperation, ValueError):
            raise CodecError(P_NUMBER) from None
        if not number.is_finite() or abs(number) > Decimal(MAX_FLOAT):
            raise CodecError(P_RANGE, low=-MAX_FLOAT, high=MAX_FLOAT)
        return number
    return check


def _in_years(day: date) -> None:
    if not MIN_DATE <= day <= MAX_DATE:
        raise CodecError(P_DATE_RANGE, low=MIN_DATE.isoformat(), high=MAX_DATE.isoformat())


def _date_checker(_column, _codes, _ranges):
    def check(value):
        if not isinstance(value, str) or len(value) != 10:
            raise CodecError(P_DATE)
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise CodecError(P_DATE) from None
        _in_years(day)
        return day
    return check


def _datetime_checker(column, _codes, _ranges):
    aware = _kind(column.type) == "utcdatetime"

    def check(value):
        if not isinstance(value, str) or len(value) > 40:
            raise CodecError(P_DATETIME)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise CodecError(P_DATETIME) from None
        _in_years(parsed.date())
        if not aware:
            return parsed
        if parsed.tzinfo is None:
            raise CodecError(P_DATETIME)
        try:
            parsed = parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise CodecError(P_DATE_RANGE, low=MIN_DATE.isoformat(),
                             high=MAX_DATE.isoformat()) from None
        _in_years(parsed.date())
        return parsed
    return check


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def _guid_checker(_column, _codes, _ranges):
    def check(value):
        if isinstance(value, str) and _CANONICAL_UUID.match(value):
            return value  # the form every exporter writes: no need to parse it
        if not isinstance(value, str) or len(value) > 45:
            raise CodecError(P_IDENTIFIER)
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise CodecError(P_IDENTIFIER) from None
    return check


def _codelist_checker(_column, codes, _ranges):
    def check(value):
        if (not isinstance(value, list) or len(value) > MAX_CODES
                or not all(isinstance(v, str) and len(v) <= MAX_CODE for v in value)):
            raise CodecError(P_CODES)
        for v in value:
            check_text(v)
            if codes is not None and v not in codes:
                raise CodecError(P_UNKNOWN_CODE, code=v[:40])
        return sorted(set(value))
    return check


def _bool_checker(_column, _codes, _ranges):
    def check(value):
        if not isinstance(value, bool):
            raise CodecError(P_BOOLEAN)
        return value
    return check


def _bytes_checker(_column, _codes, _ranges):
    def check(value):
        if not isinstance(value, str):
            raise CodecError(P_BYTES)
        if len(value) > MAX_BYTES * 4 // 3 + 4:
            raise CodecError(P_TOO_LARGE, limit=MAX_BYTES // (1024 * 1024))
        try:
            return base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeError, ValueError):
            raise CodecError(P_BYTES) from None
    return check


def _json_checker(_column, _codes, _ranges):
    import json

    def check(value):
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (ValueError, TypeError, RecursionError):
            raise CodecError(P_VALUE) from None
        if len(text) > MAX_TEXT:
            raise CodecError(P_TOO_LONG, limit=MAX_TEXT)
        check_text(text)
        return value
    return check


_BUILDERS = {
    "str": _text_checker, "int": _int_checker, "float": _float_checker,
    "decimal": _decimal_checker, "date": _date_checker, "datetime": _datetime_checker,
    "utcdatetime": _datetime_checker, "guid": _guid_checker, "codelist": _codelist_checker,
    "bool": _bool_checker, "bytes": _bytes_checker, "json": _json_checker,
}


def from_json(column, value: Any) -> Any:
    """The Python value for a JSON value, or CodecError when it does not fit the column (the
    model's declarations apply when the column's table was prepared with `prepare()`)."""
    return _checker(column, None)(value)


def record_content(obj: Any, fields: list[str], cols: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of a record's content fields."""
    return {f: to_json(cols[f], getattr(obj, f)) for f in fields}


def _utc_json(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat()


_JSON_OF: dict[str, Any] = {
    "utcdatetime": _utc_json, "datetime": _utc_json, "date": date.isoformat,
    "codelist": lambda v: sorted(set(v)), "decimal": str,
    "bytes": lambda v: base64.b64encode(bytes(v)).decode("ascii"),
}


@per_model
def _content_plan(model: type[Any]) -> tuple[tuple[str, Any, Any, bool], ...]:
    """(field, to JSON or None, column, whether a checked value is its own Python value)
    for each content field (to JSON None: the value is its own JSON form)."""
    cols = dict(_columns(model))
    return tuple((key, _JSON_OF.get(_kind(cols[key].type)), cols[key],
                  _kind(cols[key].type) in _SAME_IN_JSON) for key in content_fields(model))


@per_model
def _row_plan(model: type[Any]) -> tuple[tuple[str, int, Any], ...]:
    """(field, its position in a row of every column, to JSON or None) per content field."""
    position = {key: i for i, (key, _col) in enumerate(_columns(model))}
    return tuple((key, position[key], conv) for key, conv, _c, _s in _content_plan(model))


def content_of(model: type, row: Any) -> dict[str, Any]:
    """`record_content` of every content field of a plain row holding every column in
    `columns` order (read by position), with the conversions looked up once."""
    return {key: value if value is None or conv is None else conv(value)
            for key, i, conv in _row_plan(model) for value in (row[i],)}


# --- export: the JSON form straight from the values the database driver returns ----------------
#
# Read through SQLAlchemy, a stored UTC time went text -> datetime (the column type's result
# processor) -> aware datetime -> `to_json` -> text, in four Python calls. The export reads
# the driver's values as they are and converts each column with one function that gives the
# same JSON value: the column type's own result processor followed by `to_json` (the long
# way), with a shorter way on SQLite for the forms it stores (text ids, ISO times and days,
# an empty code list). tests/exchange/test_export_reader.py holds both ways equal.

def _long_way(proc: Callable[[Any], Any] | None,
              conv: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def long_way(value: Any) -> Any:
        if proc is not None:
            value = proc(value)
        return value if value is None or conv is None else conv(value)
    return long_way


def _stored_guid(long_way: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: value if type(value) is str or value is None else long_way(value)


def _stored_utc(long_way: Callable[[Any], Any]) -> Callable[[Any], Any]:
    parse = datetime.fromisoformat  # what SQLAlchemy's SQLite DATETIME reads text with

    def utc(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is str:
            try:
                moment = parse(value)
            except ValueError:
                return long_way(value)  # refused the long way, with its own message
            if moment.tzinfo is None:  # stored as naive UTC: the offset is added back
                return moment.isoformat() + "+00:00"
        return long_way(value)
    return utc


def _stored_day(long_way: Callable[[Any], Any]) -> Callable[[Any], Any]:
    parse = date.fromisoformat  # what SQLAlchemy's SQLite DATE reads text with

    def day(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is str:
            try:
                return parse(value).isoformat()
            except ValueError:
                pass
        return long_way(value)
    return day


def _stored_codes(long_way: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: [] if value == "[]" else long_way(value)


def _stored_bool(long_way: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: value != 0 if type(value) is int else long_way(value)


_STORED_FAST: dict[str, Callable[[Callable[[Any], Any]], Callable[[Any], Any]]] = {
    "guid": _stored_guid, "utcdatetime": _stored_utc, "date": _stored_day,
    "codelist": _stored_codes, "bool": _stored_bool,
}


def reads_stored(dialect) -> bool:
    """Whether the export reads the driver's own values (SQLite) rather than the values the
    column types make of them (PostgreSQL, whose driver already returns typed values)."""
    return bool(dialect.name == "sqlite")


def from_read(column, dialect) -> Callable[[Any], Any] | None:
    """A value as the export reads it (see `reads_stored`) -> its JSON form, the same as
    `to_json` of the value SQLAlchemy gives (None: the value is its own JSON form)."""
    conv = _JSON_OF.get(_kind(column.type))
    if not reads_stored(dialect):
        return None if conv is None else _long_way(None, conv)
    proc = column.type.dialect_impl(dialect).result_processor(dialect, None)
    if proc is None and conv is None:
        return None
    fast = _STORED_FAST.get(_kind(column.type))
    return _long_way(proc, conv) if fast is None else fast(_long_way(proc, conv))


def python_of(model: type, content: dict[str, Any]) -> dict[str, Any]:
    """The Python values of checked content (JSON form) for the model's columns."""
    result = {}
    for key, _conv, column, same in _content_plan(model):
        if key in content:
            value = content[key]
            result[key] = value if same and value is not None else from_json(column, value)
    return result


# --- checked JSON values straight to what the database driver stores ----------------------------
#
# A record added from a package went JSON -> Python value (`python_of`) -> the column type's
# bind processor -> text. For the forms this app writes, the text is already in the JSON
# value: an id is stored as it is, a date as it is, a UTC time "2026-11-30T09:38:26+00:00" as
# "2026-11-30 09:38:26.000000". Any other form (an offset, capitals, a bad day) takes the
# long way, so the result is the same for every input.

_DAY = r"(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
_UTC_TEXT = re.compile(_DAY + r"T((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(\.\d{6})?\+00:00\Z", re.ASCII)
_DAY_TEXT = re.compile(_DAY + r"\Z", re.ASCII)
_MIN_DAY, _MAX_DAY = MIN_DATE.isoformat(), MAX_DATE.isoformat()


@lru_cache(maxsize=4096)  # days recur from record to record; bounded whatever comes
def _real_day(day: str) -> bool:
    """A day that exists and lies in the years people enter (as `_date_checker` wants)."""
    if not _MIN_DAY <= day <= _MAX_DAY:
        return False
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _stored_slow(column, process) -> Callable[[Any], Any]:
    same = _kind(column.type) in _SAME_IN_JSON

    def slow(value: Any) -> Any:
        if not (same and value is not None):
            value = from_json(column, value)
        return value if process is None else process(value)
    return slow


def _stored_fast(kind: str, slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def guid(value: Any) -> Any:
        if value.__class__ is str and _CANONICAL_UUID.match(value):
            return value
        return slow(value)

    def utc(value: Any) -> Any:
        found = _UTC_TEXT.match(value) if value.__class__ is str else None
        if found is None or not _real_day(found[1]):
            return slow(value)
        return f"{found[1]} {found[2]}{found[3] or '.000000'}"

    def day(value: Any) -> Any:
        if value.__class__ is str and _DAY_TEXT.match(value) and _real_day(value):
            return value
        return slow(value)

    truth = {True: slow(True), False: slow(False)} if kind == "bool" else {}

    def boolean(value: Any) -> Any:
        return truth[value] if value is True or value is False else slow(value)

    none_chosen = slow([]) if kind == "codelist" else None

    def codes(value: Any) -> Any:
        return none_chosen if value.__class__ is list and not value else slow(value)
    return {"guid": guid, "utcdatetime": utc, "date": day, "bool": boolean,
            "codelist": codes}.get(kind, slow)


_STORED: dict[tuple[type, str], tuple[tuple[str, Any, Any], ...]] = {}


def stored_plan(model: type[Any], dialect) -> tuple[tuple[str, Any, Any], ...]:
    """(field, checked JSON value -> driver value, Python value -> driver value) for every
    column, in column order (cached per model and dialect); use them through `stored_value`.
    The first is what `python_of` followed by the column type's bind processor gives, without
    the detour for ids, dates and UTC times (as text: SQLite stores it, PostgreSQL's COPY
    parses it); None for both: text and numbers that are stored as they are."""
    found = _STORED.get((model, dialect.name))
    if found is None:
        plan: list[tuple[str, Any, Any]] = []
        for key, col in _columns(model):
            process = col.type._cached_bind_processor(dialect)
            slow = _stored_slow(col, process)
            kind = _kind(col.type)
            if kind in _SAME_IN_JSON and process is None:
                plan.append((key, None, None))  # stored as it is (None: see `stored_value`)
                continue
            # the text SQLite stores is the text PostgreSQL's COPY parses into the same value
            # (added rows go in there only by COPY, pg_bulk.copy_rows)
            fast = _stored_fast(kind, slow) if dialect.name in ("sqlite", "postgresql") else slow
            plan.append((key, fast, process))
        found = _STORED[(model, dialect.name)] = tuple(plan)
    return found


def stored_value(column, convert, value: Any) -> Any:
    """A checked JSON value as the driver stores it, by a `stored_plan` entry's converter."""
    if convert is not None:
        return convert(value)
    return value if value is not None else from_json(column, None)


_ROWS: dict[tuple[type, str], tuple[tuple[str, Any, Any, tuple[Any] | None], ...]] = {}


def row_plan(model: type[Any], dialect) -> tuple[tuple[str, Any, Any, tuple[Any] | None], ...]:
    """`stored_plan` with, for each column, what an empty value (None) is stored as: worked
    out once the long way, as `(stored,)`; None when the column refuses it (then the long
    way refuses it again for every record, with its own message)."""
    found = _ROWS.get((model, dialect.name))
    if found is None:
        cols, plan = dict(_columns(model)), []
        for key, convert, process in stored_plan(model, dialect):
            try:
                empty: tuple[Any] | None = (stored_value(cols[key], convert, None),)
            except CodecError:
                empty = None
            plan.append((key, convert, process, empty))
        found = _ROWS[(model, dialect.name)] = tuple(plan)
    return found


def utcnow_iso() -> str:
    return datetime.now(UTC).isoformat()
