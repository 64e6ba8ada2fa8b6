"""What has not reached the lead organisation yet: the visits and other changes of a
trajectory made since the last package that carried them.

The exchange remembers, per record, the content it last sent or received
(`exchange_record_state`); the exporter calls a record whose content differs from that, or
that has none, "changed here since" and sends it with a raised version. This module counts
those records over the tables a lead package carries, with the exporter's own comparison, so
the count drops to zero as soon as a lead package is made and rises with every visit logged
after it. A record added and deleted again before any package (an undone round) is counted
nowhere: there is nothing to tell the lead organisation about it.
"""
from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, and_, cast, select
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from app.models.base import GUID, CodeList, UTCDateTime
from app.models.exchange import ExchangeRecordState
from app.services.exchange import codec, tables

VISIT_KIND = "outreach_visit"


@dataclass(frozen=True)
class NotShared:
    visits: int = 0
    changes: int = 0  # every other record of the lead scope

    def as_dict(self) -> dict[str, int]:
        return {"visits": self.visits, "changes": self.changes}


def _differs(cols: dict[str, Any], fields: set[str], values, stored: str | None) -> bool:
    """The exporter's comparison (`state.local_version`): a live record never exchanged, or
    one whose content is no longer what was last exchanged."""
    if stored is None:
        return values["deleted_at"] is None  # added and deleted unshared: nothing to tell
    old = json.loads(stored)
    return any(codec.to_json(cols[k], values[k]) != v for k, v in old.items() if k in fields)


# The SQL pre-filter: an expression TRUE only when the row's stored values certainly give,
# through `codec.to_json`, what the state's JSON holds, so `_differs` would say "the same".
# Any row it cannot vouch for (a timestamp or a float that is not null, a value stored in an
# unexpected form, a state written otherwise) is left to `_differs`.
#
# SQLite: the state's content, as `state.dumps` wrote it (sorted keys, no spaces, no ASCII
# escapes), equals, text for text, the row rendered the same way by `json_object` - rendered
# only when every column holds a form whose JSON value is certain (else NULL: unsure).
_SQLITE_FORMS: dict[str, tuple[str, str]] = {  # kind: (guard, JSON value)
    "str": ("typeof({c}) = 'text'", "{c}"),
    "int": ("typeof({c}) = 'integer'", "{c}"),
    "bool": ("typeof({c}) = 'integer' AND {c} IN (0, 1)",
             "CASE {c} WHEN 1 THEN json('true') WHEN 0 THEN json('false') END"),
    "date": ("typeof({c}) = 'text' AND {c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'",
             "{c}"),
    "codelist": ("{c} = '[]' OR typeof({c}) = 'text' AND json_valid({c})"
                 " AND json_type({c}) = 'array' AND NOT EXISTS (SELECT 1 FROM json_each({c})"
                 " AS a LEFT JOIN json_each({c}) AS b ON b.key = a.key + 1"
                 " WHERE a.type != 'text' OR b.atom <= a.atom)",
                 "CASE WHEN {c} IS NULL THEN json('[]') ELSE json({c}) END"),
}
_SQLITE_FORMS["guid"] = _SQLITE_FORMS["str"]
_NULL_ONLY = ("FALSE", "{c}")
# PostgreSQL: per key of the state's content (jsonb_each), a condition that the row's value
# is certainly the same; keys that are no content field are ignored, as `_differs` does.
_PG: dict[str, str] = {
    "str": "jsonb_typeof(e.value) = 'string' AND (e.value #>> '{{}}') = {c}::text",
    "int": "jsonb_typeof(e.value) = 'number' AND e.value = to_jsonb({c})",
    "bool": "jsonb_typeof(e.value) = 'boolean' AND e.value = to_jsonb({c})",
    "date": "jsonb_typeof(e.value) = 'string'"
            " AND (e.value #>> '{{}}') = to_char({c}, 'YYYY-MM-DD')",
    "codelist": "jsonb_typeof(e.value) = 'array' AND ({c} IS NULL AND e.value = '[]'::jsonb"
                " OR {c} = e.value::text AND NOT EXISTS (SELECT 1 FROM"
                " jsonb_array_elements(e.value) WITH ORDINALITY AS a(v, i)"
                " LEFT JOIN jsonb_array_elements(e.value) WITH ORDINALITY AS b(v, i)"
                " ON b.i = a.i + 1 WHERE jsonb_typeof(a.v) != 'string'"
                " OR (b.v #>> '{{}}') COLLATE \"C\" <= (a.v #>> '{{}}') COLLATE \"C\"))",
    "null": "jsonb_typeof(e.value) = 'null' AND {c} IS NULL",
}
_PG["guid"] = _PG["str"]


def _kind(column) -> str:
    """The JSON kind of a column, or "other" for a type that may change a value as it reads
    it (a TypeDecorator this module does not know): left to Python."""
    kind = codec._kind(column.type)
    known = isinstance(column.type, (GUID, CodeList, UTCDateTime))
    return kind if known or not isinstance(column.type, TypeDecorator) else "other"


def _kinds(model: Any) -> list[tuple[str, str, str]]:
    """(field, quoted column, JSON kind) of every content field, in the state's key order."""
    cols = codec.columns(model)
    return [(key, f'"{model.__table__.name}"."{cols[key].name}"', _kind(cols[key]))
            for key in sorted(codec.content_fields(model))]


def _unchanged_sqlite(model: Any) -> str:
    guards, pairs = [], []
    for key, col, kind in _kinds(model):
        guard, value = _SQLITE_FORMS.get(kind, _NULL_ONLY)
        guards.append(f"({col} IS NULL OR {guard.format(c=col)})")
        pairs.append(f"'{key}', {value.format(c=col)}")
    return (f"COALESCE(exchange_record_state.content = CASE WHEN {' AND '.join(guards)}"
            f" THEN json_object({', '.join(pairs)}) END, FALSE)")


def _unchanged_pg(model: Any) -> str:
    cases = []
    for key, col, kind in _kinds(model):
        form = _PG.get(kind)
        same = f"({form.format(c=col)}) OR ({_PG['null'].format(c=col)})" if form \
            else _PG["null"].format(c=col)
        cases.append(f"WHEN '{key}' THEN COALESCE({same}, FALSE)")
    return ("NOT EXISTS (SELECT 1 FROM jsonb_each(exchange_record_state.content::jsonb) AS e"
            f" WHERE NOT CASE e.key {' '.join(cases)} ELSE TRUE END)")


def _unchanged(model: Any, dialect: str) -> str:
    """TRUE when the row's state (present) certainly holds the row's content: such a row is
    not counted, and not read into Python."""
    return _unchanged_pg(model) if dialect == "postgresql" else _unchanged_sqlite(model)


def _id_text(table: str, dialect: str) -> str:
    """A row's id as the text `exchange_record_state.record_id` holds (PostgreSQL keeps a
    native UUID, whose text form is the canonical lowercase one)."""
    return f'CAST("{table}"."id" AS VARCHAR)' if dialect == "postgresql" else f'"{table}"."id"'


def _owner_filters(plans: list[tables.KindPlan], dialect: str) -> dict[str, str]:
    """Per kind of the lead scope tied to the trajectory, the condition that keeps a row of
    the trajectory, as the exporter chooses them (`tables.stream_rows`): the trajectory
    itself, then every row pointing at a row already chosen (its owners, named `o_<kind>`
    in the statement's WITH clause)."""
    tid = "CAST(%(tid)s AS UUID)" if dialect == "postgresql" else ":tid"
    where: dict[str, str] = {}
    for plan in plans:
        table = plan.kind
        if table == "trajectory":
            where[table] = f'"{table}"."id" = {tid}'
            continue
        cols = codec.columns(plan.model)
        clauses = [f'"{table}"."{cols[key].name}" IN (SELECT "id" FROM "o_{parent}")'
                   for key, parent in tables.chosen_parents(plan.model, where)]
        if clauses:  # else not tied to a trajectory: no package of one carries it
            where[table] = f"({' OR '.join(clauses)})"
    return where


def _part(plan: tables.KindPlan, where: str, dialect: str) -> str:
    """The kind's part of the count, in one pass over its rows of the trajectory: one row
    per record the SQL cannot vouch for (id, revision, deleted_at, vector, content, 1), and
    one row (NULL id) with the number of live records never shared."""
    table, ident = plan.kind, _id_text(plan.kind, dialect)
    state = "exchange_record_state"
    rid = f"CASE WHEN {state}.record_id IS NULL THEN NULL ELSE {ident} END"
    # SQLite: read the table through, not through the indexes of its owners' keys (a
    # trajectory's visits are most of a file's, and reading them through two or three
    # indexes and merging the row ids took twice as long)
    scan = " NOT INDEXED" if dialect == "sqlite" else ""
    return (f"SELECT '{table}' AS kind, {rid} AS id, MAX(\"{table}\".revision) AS revision,"
            f' MAX("{table}".deleted_at) AS deleted_at, MAX({state}.vector) AS vector,'
            f" MAX({state}.content) AS content, COUNT(*) AS n"
            f' FROM "{table}"{scan} LEFT JOIN {state}'
            f" ON {state}.kind = '{table}' AND {state}.record_id = {ident}"
            f' WHERE {where} AND ({state}.record_id IS NULL AND "{table}".deleted_at IS NULL'
            f" OR {state}.record_id IS NOT NULL AND NOT ({_unchanged(plan.model, dialect)}))"
            f" GROUP BY {rid}")


@functools.cache
def _count_statement(dialect: str) -> tuple[str, dict[str, tables.KindPlan]]:
    """The one statement of a count on this engine, built once, with the trajectory's id as
    its one parameter (in the driver's own style): the owners of the lead scope's rows,
    shared (WITH), then each kind's part."""
    plans = tables.scope_plan("lead")
    where = _owner_filters(plans, dialect)
    scan = " NOT INDEXED" if dialect == "sqlite" else ""  # as in `_part`
    owners = [f'"o_{p.kind}" AS (SELECT "id" FROM "{p.kind}"{scan} WHERE {where[p.kind]})'
              for p in plans if p.kind in where
              and f'"o_{p.kind}"' in " ".join(where.values())]
    parts = [_part(p, where[p.kind], dialect) for p in plans if p.kind in where]
    sql = f"WITH {', '.join(owners)} " + " UNION ALL ".join(parts)
    return sql, {p.kind: p for p in plans if p.kind in where}


def _key(revision: int, deleted_at: Any, vector: str, content: str) -> tuple:
    """What a remembered comparison holds for: the row's revision (raised by every save)
    and deletion, and a digest of the state's vector and content (an import or export
    rewrites the state, not the row). A digest, not the text: 16 bytes a record, however
    many records the SQL cannot vouch for."""
    digest = hashlib.blake2b(vector.encode(), digest_size=16)
    digest.update(b"\x00" + content.encode())
    return revision, deleted_at, digest.digest()


def _rows(session: Session, sql: str, trajectory_id: str) -> Iterator[tuple]:
    """The rows straight from the driver's cursor, in the session's transaction: unsure rows
    one by one (SQLite hands them over as they are found; psycopg receives them all, which
    is why never-shared rows come as one number per kind). PostgreSQL: a prepared statement
    from the first count, so that a connection soon stops planning it (planning its parts
    takes longer than running them on a small trajectory; the server plans it anew for its
    first five counts, then keeps one plan)."""
    params = {"tid": str(uuid.UUID(str(trajectory_id)))}  # ValueError: not a UUID
    raw: Any = session.connection().connection.driver_connection
    cursor = raw.cursor()
    try:
        if session.get_bind().dialect.name == "postgresql":
            cursor.execute(sql, params, prepare=True)
        else:
            cursor.execute(sql, params)
        yield from cursor
    finally:
        cursor.close()


class NotSharedCounter:
    """Counts in SQL, in one statement, what is certainly unchanged (`_unchanged`) or never
    shared, and compares in Python, with `_differs`, only the other rows: a record whose
    state the SQL cannot vouch for. Those are remembered with their `_key` (the row's
    revision, raised by every save, and a digest of its exchanged state), so a recount after
    a visit is saved compares only that visit."""

    CHUNK = 500

    def __init__(self) -> None:
        self._known: dict[str, dict[str, tuple[tuple, bool]]] = {}

    def count(self, session: Session, trajectory_id: str) -> NotShared:
        sql, plans = _count_statement(session.get_bind().dialect.name)
        never = dict.fromkeys(plans, 0)
        unsure: dict[str, dict[str, tuple]] = {kind: {} for kind in plans}
        for kind, rid, *key, n in _rows(session, sql, trajectory_id):
            if rid is None:
                never[kind] += n
            else:
                unsure[kind][rid] = _key(*key)
        visits = changes = 0
        for kind, plan in plans.items():
            found = never[kind] + self._compared(session, plan, unsure[kind])
            if kind == VISIT_KIND:
                visits += found
            else:
                changes += found
        return NotShared(visits, changes)

    def _compared(self, session: Session, plan: tables.KindPlan, keys: dict[str, tuple]
                  ) -> int:
        """How many of the kind's unsure rows differ from their state: compared again only
        when their key changed since the last count."""
        known = self._known.get(plan.kind, {})
        self._known[plan.kind] = {rid: known[rid] for rid, key in keys.items()
                                  if rid in known and known[rid][0] == key}
        stale = [rid for rid in keys if rid not in self._known[plan.kind]]
        for start in range(0, len(stale), self.CHUNK):
            self._compare(session, plan, stale[start:start + self.CHUNK], keys)
        return sum(differs for _key, differs in self._known[plan.kind].values())

    def _compare(self, session: Session, plan: tables.KindPlan, ids: list[str],
                 keys: dict[str, tuple]) -> None:
        table: Any = plan.model.__table__
        state = ExchangeRecordState.__table__.c
        cols = codec.columns(plan.model)
        fields = set(codec.content_fields(plan.model))
        # plain rows (no ORM, tombstones included), each column converted by its type
        stmt = (select(*(col.label(key) for key, col in cols.items()),
                       state.content.label("exchanged_content"))
                .join_from(table, ExchangeRecordState.__table__, and_(
                    state.kind == plan.kind, state.record_id == cast(table.c.id, String)))
                .where(table.c.id.in_(ids)))
        known = self._known[plan.kind]
        for row in session.connection().execute(stmt).all():  # at most CHUNK rows
            values = row._mapping
            known[values["id"]] = (keys[values["id"]], _differs(
                cols, fields, values, values["exchanged_content"]))


def not_shared(session: Session, trajectory_id: str) -> NotShared:
    """Records of this trajectory a lead package would carry as new or changed. A record
    added and deleted again before any package is not counted: there is nothing to tell."""
    return NotSharedCounter().count(session, trajectory_id)
