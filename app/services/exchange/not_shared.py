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

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, and_, cast, func, literal_column, not_, or_, select
from sqlalchemy.orm import Session

from app.models.exchange import ExchangeRecordState
from app.services.exchange import codec, tables

VISIT_KIND = "outreach_visit"


@dataclass(frozen=True)
class NotShared:
    visits: int = 0
    changes: int = 0  # every other record of the lead scope

    def as_dict(self) -> dict[str, int]:
        return {"visits": self.visits, "changes": self.changes}


def _owned_by(model: Any, owners: dict[str, Any]):
    """Rows pointing at an owner row of the trajectory, as the exporter chooses a trajectory's
    rows (tables.select_rows), with the owners as subqueries rather than lists of ids; None
    when the table has no such parent."""
    clauses = [getattr(model, key).in_(owners[fk.column.table.name])
               for key, col in codec.columns(model).items() for fk in col.foreign_keys
               if fk.column.table.name in owners and fk.column.table.name != model.__tablename__]
    return or_(*clauses) if clauses else None


def _differs(cols: dict[str, Any], fields: set[str], values, stored: str | None) -> bool:
    """The exporter's comparison (`state.local_version`): a live record never exchanged, or
    one whose content is no longer what was last exchanged."""
    if stored is None:
        return values["deleted_at"] is None  # added and deleted unshared: nothing to tell
    old = json.loads(stored)
    return any(codec.to_json(cols[k], values[k]) != v for k, v in old.items() if k in fields)


# The SQL pre-filter: per content field, a condition TRUE only when the row's stored value
# certainly gives, through `codec.to_json`, the value the state's JSON holds for the key
# (`e` is one key of the state's content, from json_each / jsonb_each). A field whose type is
# not listed here (timestamps, floats) is certain only when both are null; every other row
# is left to `_differs`. Keys that are no content field are ignored, as `_differs` does.
_SQLITE: dict[str, str] = {
    "str": "e.type = 'text' AND typeof({c}) = 'text' AND e.atom = {c}",
    "int": "e.type = 'integer' AND typeof({c}) = 'integer' AND e.atom = {c}",
    "bool": "typeof({c}) = 'integer' AND (e.type = 'true' AND {c} = 1"
            " OR e.type = 'false' AND {c} = 0)",
    "date": "e.type = 'text' AND typeof({c}) = 'text' AND e.atom = {c}"
            " AND {c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'",
    "codelist": "e.type = 'array' AND ({c} IS NULL AND e.value = '[]'"
                " OR typeof({c}) = 'text' AND json_valid({c}) AND json({c}) = e.value"
                " AND NOT EXISTS (SELECT 1 FROM json_each(e.value) AS a"
                " LEFT JOIN json_each(e.value) AS b ON b.key = a.key + 1"
                " WHERE a.type != 'text' OR b.atom <= a.atom))",
    "null": "e.type = 'null' AND {c} IS NULL",
}
_SQLITE["guid"] = _SQLITE["str"]
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


def _unchanged(model: Any, dialect: str):
    """TRUE when every key of the row's state certainly holds the row's value (the state is
    present): such a row is not counted, without reading it into Python."""
    forms = _PG if dialect == "postgresql" else _SQLITE
    cols = codec.columns(model)
    table = model.__table__.name
    cases = []
    for key in codec.content_fields(model):
        col = f'"{table}"."{cols[key].name}"'
        form = forms.get(codec._kind(cols[key].type))
        same = f"({form.format(c=col)}) OR ({forms['null'].format(c=col)})" if form \
            else forms["null"].format(c=col)
        cases.append(f"WHEN '{key}' THEN COALESCE({same}, FALSE)")
    each = ("jsonb_each(exchange_record_state.content::jsonb)" if dialect == "postgresql"
            else "json_each(exchange_record_state.content)")
    return literal_column(f"NOT EXISTS (SELECT 1 FROM {each} AS e WHERE NOT "
                          f"CASE e.key {' '.join(cases)} ELSE TRUE END)")


class NotSharedCounter:
    """Counts in SQL what is certainly unchanged (`_unchanged`) or never shared, and compares
    in Python, with `_differs`, only the other rows: a record whose state the SQL cannot
    vouch for. Those are remembered per revision and exchanged version, so a recount after a
    visit is saved compares only that visit."""

    CHUNK = 500

    def __init__(self) -> None:
        self._known: dict[str, dict[str, tuple[tuple, bool]]] = {}

    def count(self, session: Session, trajectory_id: str) -> NotShared:
        owners: dict[str, Any] = {}
        visits = changes = 0
        for plan in tables.scope_plan("lead"):
            model: Any = plan.model
            if plan.kind == "trajectory":
                where = model.id == trajectory_id
            else:
                where = _owned_by(model, owners)
                if where is None:
                    continue  # not tied to a trajectory: no package of one carries it
            owners[plan.kind] = select(model.id).where(where).execution_options(
                include_deleted=True).scalar_subquery()
            found = self._kind(session, plan, where)
            if plan.kind == VISIT_KIND:
                visits += found
            else:
                changes += found
        return NotShared(visits, changes)

    def _kind(self, session: Session, plan: tables.KindPlan, where) -> int:
        model: Any = plan.model
        state = ExchangeRecordState
        joined = and_(state.kind == plan.kind, state.record_id == cast(model.id, String))
        never = (select(func.count()).select_from(model).outerjoin(state, joined)
                 .where(where, state.record_id.is_(None), model.deleted_at.is_(None))
                 .execution_options(include_deleted=True))
        unsure = (select(model.id, model.revision, model.deleted_at, state.vector)
                  .join(state, joined)
                  .where(where, not_(_unchanged(model, session.get_bind().dialect.name)))
                  .execution_options(include_deleted=True, yield_per=self.CHUNK))
        keys = {rid: (rev, gone, vector) for rid, rev, gone, vector in session.execute(unsure)}
        known = self._known.get(plan.kind, {})
        self._known[plan.kind] = {rid: known[rid] for rid, key in keys.items()
                                  if rid in known and known[rid][0] == key}
        stale = [rid for rid in keys if rid not in self._known[plan.kind]]
        for start in range(0, len(stale), self.CHUNK):
            self._compare(session, plan, stale[start:start + self.CHUNK], keys)
        return session.execute(never).scalar_one() + sum(
            differs for _key, differs in self._known[plan.kind].values())

    def _compare(self, session: Session, plan: tables.KindPlan, ids: list[str],
                 keys: dict[str, tuple]) -> None:
        model: Any = plan.model
        state = ExchangeRecordState
        cols = codec.columns(model)
        fields = set(codec.content_fields(model))
        stmt = (select(*[getattr(model, key) for key in cols], state.content)
                .join(state, and_(state.kind == plan.kind,
                                  state.record_id == cast(model.id, String)))
                .where(model.id.in_(ids)).execution_options(include_deleted=True))
        known = self._known[plan.kind]
        for row in session.execute(stmt):
            values = row._mapping
            known[values["id"]] = (keys[values["id"]],
                                   _differs(cols, fields, values, values["content"]))


def not_shared(session: Session, trajectory_id: str) -> NotShared:
    """Records of this trajectory a lead package would carry as new or changed. A record
    added and deleted again before any package is not counted: there is nothing to tell."""
    return NotSharedCounter().count(session, trajectory_id)
