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

from sqlalchemy import String, and_, cast, or_, select
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


class NotSharedCounter:
    """Counts again only what changed since its last count: a record is compared once per
    revision and exchanged version, so the line in the window stays quick on a campaign of
    100 000 visits, also right after a package when every record has a stored version."""

    CHUNK = 500

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[tuple, bool]] = {}

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
        stmt = (select(model.id, model.revision, model.deleted_at, state.vector)
                .outerjoin(state, and_(state.kind == plan.kind,
                                       state.record_id == cast(model.id, String)))
                .where(where).execution_options(include_deleted=True))
        keys = {rid: (rev, gone, vector) for rid, rev, gone, vector in session.execute(stmt)}
        stale = [rid for rid, key in keys.items()
                 if self._known.get((plan.kind, rid), ((),))[0] != key]
        for start in range(0, len(stale), self.CHUNK):
            self._compare(session, plan, stale[start:start + self.CHUNK], keys)
        return sum(self._known[(plan.kind, rid)][1] for rid in keys)

    def _compare(self, session: Session, plan: tables.KindPlan, ids: list[str],
                 keys: dict[str, tuple]) -> None:
        model: Any = plan.model
        state = ExchangeRecordState
        cols = codec.columns(model)
        fields = set(codec.content_fields(model))
        stmt = (select(*[getattr(model, key) for key in cols], state.content)
                .outerjoin(state, and_(state.kind == plan.kind,
                                       state.record_id == cast(model.id, String)))
                .where(model.id.in_(ids)).execution_options(include_deleted=True))
        for row in session.execute(stmt):
            values = row._mapping
            self._known[(plan.kind, values["id"])] = (
                keys[values["id"]], _differs(cols, fields, values, values["content"]))


def not_shared(session: Session, trajectory_id: str) -> NotShared:
    """Records of this trajectory a lead package would carry as new or changed. A record
    added and deleted again before any package is not counted: there is nothing to tell."""
    return NotSharedCounter().count(session, trajectory_id)
