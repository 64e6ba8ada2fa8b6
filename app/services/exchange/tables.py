"""Which tables and rows a package carries, and how personal fields are hidden.

Works over whatever shared tables exist (`sync_models()`): a table belongs to a trajectory when
it has a foreign key path to `trajectory`; the rows of the chosen trajectories are found by
following those keys.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

import app.models  # noqa: F401  (every table registered)
from app.models.base import Base, declaration_problems, sync_models
from app.services.exchange import codec

SCOPES = ("full", "lead", "practices")
PSEUDONYM_HINTS = ("name", "person", "respondent", "contact")


class UndeclaredFieldsError(RuntimeError):
    """A shared model does not say which of its fields are personal, free text or safe: a
    programming error, so no package leaks a column nobody thought about."""


@dataclass
class KindPlan:
    """How one table travels in a scope."""

    model: type[Any]
    fields: list[str]  # content fields carried
    masked: list[str] = field(default_factory=list)  # carried as pseudonym, blank or coarse
    dropped: list[str] = field(default_factory=list)  # not carried (keys to absent tables)
    coarse: dict[str, str] = field(default_factory=dict)  # masked field -> coarsening rule
    scope: str = "full"

    @property
    def kind(self) -> str:
        return self.model.__tablename__


def models_by_kind() -> dict[str, type[Any]]:
    return {m.__tablename__: m for m in sync_models()}


def ordered_models() -> list[type[Any]]:
    """Shared models parents first (foreign keys), so inserts never miss a parent."""
    by_table = {m.__table__: m for m in sync_models()}
    return [by_table[t] for t in Base.metadata.sorted_tables if t in by_table]


def _foreign_keys(model: type[Any]) -> list[tuple[str, str, bool]]:
    """(field, referred table, nullable) for each foreign key column."""
    cols = codec.columns(model)
    result = []
    for key, col in cols.items():
        for fk in col.foreign_keys:
            result.append((key, fk.column.table.name, bool(col.nullable)))
    return result


@codec.per_model
def owner_keys(model: type[Any]) -> tuple[tuple[str, str], ...]:
    """(field, parent table) for each required foreign key: the records this one belongs to
    (a visit to its person and campaign). Erasing a parent erases what belongs to it."""
    return tuple((key, parent) for key, parent, nullable in _foreign_keys(model)
                 if not nullable and parent != model.__tablename__)


def erased_ids(session: Session) -> dict[str, set[str]]:
    """Per table, the ids of erased records and of every record that belongs to one (following
    required foreign keys, parents first). Read from the records themselves (`erased_at`),
    never from the exchange bookkeeping, which erasure purges."""
    gone: dict[str, set[str]] = {}
    for model in ordered_models():
        ids: set[str] = set()
        if "erased_at" in codec.columns(model):
            ids.update(session.scalars(select(model.id).where(
                model.erased_at.is_not(None)).execution_options(include_deleted=True)))
        for key, parent in owner_keys(model):
            parents = sorted(gone.get(parent, ()))
            for start in range(0, len(parents), 400):
                column = getattr(model, key)
                ids.update(session.scalars(select(model.id).where(
                    column.in_(parents[start:start + 400])).execution_options(
                    include_deleted=True)))
        gone[model.__tablename__] = ids
    return gone


def attachment_fields(model: type[Any]) -> list[str]:
    """Binary columns and fields a model declares in `ATTACHMENT_FIELDS` (photos, files)."""
    cols = codec.columns(model)
    declared = [f for f in getattr(model, "ATTACHMENT_FIELDS", ()) if f in cols]
    return declared + [k for k, c in cols.items()
                       if codec._kind(c.type) == "bytes" and k not in declared]


def scope_plan(scope: str, attachments: bool = False) -> list[KindPlan]:
    """The tables a scope carries, parents first, with the fields hidden or left out.

    Attachments travel only when asked for; a receiver keeps its own copy otherwise."""
    chosen: dict[str, KindPlan] = {}
    for model in ordered_models():
        problems = declaration_problems(model)
        if problems:
            raise UndeclaredFieldsError("; ".join(problems))
        if scope not in model.EXCHANGE_SCOPES:
            continue
        fields = codec.content_fields(model)
        dropped = []
        usable = True
        for key, parent, nullable in _foreign_keys(model):
            if parent in chosen or parent == model.__tablename__:
                continue
            if scope == "practices" and parent == "trajectory":
                continue  # re-pointed at the receiver's trajectory
            if nullable:
                dropped.append(key)
            else:
                usable = False
        if not usable:
            continue
        if not attachments:
            dropped += [f for f in attachment_fields(model) if f not in dropped]
        hidden = hidden_fields(model, scope)
        masked = [f for f in fields if f in hidden and f not in dropped]
        coarse = {f: rule for f, rule in model.LEAD_COARSEN.items()
                  if scope == "lead" and f in fields and f not in dropped}
        masked += [f for f in coarse if f not in masked]
        carried = [f for f in fields if f not in dropped]
        chosen[model.__tablename__] = KindPlan(model, carried, masked, dropped, coarse, scope)
    return list(chosen.values())


def hidden_fields(model: type[Any], scope: str) -> set[str]:
    """Fields a scope carries only as a blank or stand-in: nothing in "full"; personal fields
    in "practices"; personal fields and all free text in "lead"."""
    if scope == "full":
        return set()
    hidden = set(model.PERSONAL_FIELDS)
    if scope == "lead":
        hidden |= set(model.FREE_TEXT_FIELDS)
    return hidden


def chosen_parents(model: type[Any], chosen: Container[str]) -> list[tuple[str, str]]:
    """(field, parent table) of each foreign key to a table whose rows of the trajectories
    were chosen before this one's: a row of this table belongs to them when it points at
    one of those (self-references left out). The rule of `stream_rows`, and of the
    not-yet-shared count that must choose the same rows."""
    return [(key, parent) for key, parent, _nullable in _foreign_keys(model)
            if parent in chosen and parent != model.__tablename__]


def _owner_filter(model: type[Any], owners: dict[str, Any]):
    """A WHERE clause keeping rows that point at a chosen parent row (or None). `owners`:
    per parent table, a subquery of its chosen ids, so the statement's size does not grow
    with the number of rows chosen (SQLite takes at most 250 000 parameters, PostgreSQL
    65 535: a list of ids failed at about a million visits)."""
    clauses = [getattr(model, key).in_(owners[parent])
               for key, parent in chosen_parents(model, owners)]
    if not clauses:
        return None
    from sqlalchemy import or_

    return or_(*clauses)


def stream_rows(session: Session, plans: list[KindPlan], trajectory_ids: list[str] | None,
                size: int = 1000, stored: bool = False
                ) -> Iterator[tuple[KindPlan, Iterator[Sequence[Any]]]]:
    """The rows (tombstones included) of each planned table that belong to the trajectories
    (every row with no trajectories given), in sorted chunks of `size`, read as plain rows of
    every column (no ORM objects). A table's rows are those pointing at a row chosen in a
    table before it, down from the trajectories. `stored`: the values as the driver returns
    them, not converted by the column types."""
    owners: dict[str, Any] = {}
    linked = _linked_to_trajectory()
    for plan in plans:
        model: Any = plan.model
        stmt = select(*((type_coerce(col, NullType()) if stored else col).label(key)
                        for key, col in codec.columns(model).items())
                      ).order_by(model.__table__.c.id)
        if trajectory_ids is not None and model.__tablename__ in linked:
            if model.__tablename__ == "trajectory":
                where = model.id.in_(trajectory_ids)
            else:
                where = _owner_filter(model, owners)
                if where is None:
                    yield plan, iter(())
                    continue
            owners[model.__tablename__] = select(model.__table__.c.id).where(where)
            stmt = stmt.where(where)
        yield plan, _chunks(session, stmt, size, stored)


def _chunks(session: Session, stmt, size: int, stored: bool) -> Iterator[Sequence[Any]]:
    # plain Core rows on the session's connection (tombstones included: no ORM filter);
    # `stored`: the driver's own tuples, fetched from its cursor (no Row made of each)
    result = session.connection().execute(stmt)
    try:
        fetch = result.cursor.fetchmany if stored else None
        yield from (iter(lambda: fetch(size), []) if fetch is not None
                    else result.partitions(size))
    finally:
        result.close()


def _linked_to_trajectory() -> set[str]:
    """Tables with a foreign key path to the trajectory table."""
    linked = {"trajectory"}
    for model in ordered_models():
        if any(parent in linked for _k, parent, _n in _foreign_keys(model)):
            linked.add(model.__tablename__)
    return linked


def pseudonym(secret: bytes, kind: str, field_name: str, value: str) -> str:
    """A stable stand-in for a personal value: the same person gets the same pseudonym."""
    digest = hmac.new(secret, f"{kind}\x1f{field_name}\x1f{value.strip().casefold()}".encode(),
                      hashlib.sha256).digest()
    return "P-" + base64.b32encode(digest[:5]).decode("ascii")


#: life events that would single a person out; the lead organisation sees "other"
LIFE_EVENTS = {"deceased": "other"}
AGE_BAND_YEARS = 5


def coarse_value(rule: str, field_name: str, content: dict[str, Any]) -> Any:
    """A quasi-identifier coarsened for the lead organisation (JSON form).

    "age_band": a birth year (or the year of the birth date) rounded down to 5 years, so an
    age band stays and the birth date goes; "no_life_events": a code such as "deceased"
    becomes "other"; "month": a date about one person becomes the first of its month."""
    value = content.get(field_name)
    if rule == "age_band":
        year = value
        if year in (None, "") and content.get("birth_date"):
            year = int(str(content["birth_date"])[:4])
        if year in (None, ""):
            return None
        return int(year) // AGE_BAND_YEARS * AGE_BAND_YEARS
    if rule == "no_life_events":
        return LIFE_EVENTS.get(value, value) if isinstance(value, str) else value
    if rule == "month":  # a date about one person: the month is enough for figures
        return None if value in (None, "") else str(value)[:8] + "01"
    raise ValueError(f"unknown coarsening rule {rule!r}")


def mask_value(secret: bytes, model: type[Any], field_name: str, value: Any,
               pseudonyms: bool = True) -> Any:
    """A hidden field's value as a scope carries it (JSON form): a pseudonym for a name
    (never in the lead scope: a stable pseudonym would let a per-person profile grow), else
    a blank or neutral value."""
    col = codec.columns(model)[field_name]
    if value in (None, "", []):
        return value
    kind = codec._kind(col.type)
    if pseudonyms and kind == "str" and any(h in field_name for h in PSEUDONYM_HINTS):
        return pseudonym(secret, model.__tablename__, field_name, str(value))
    if kind == "str":
        return ""
    if kind == "codelist":
        return []
    if col.nullable:
        return None
    # A required non-text field: a neutral value, never the real one.
    return {"int": 0, "float": 0.0, "bool": False, "decimal": "0", "date": "1900-01-01",
            "datetime": "1900-01-01T00:00:00", "utcdatetime": "1900-01-01T00:00:00+00:00",
            "bytes": "", "guid": None}.get(kind, {})
