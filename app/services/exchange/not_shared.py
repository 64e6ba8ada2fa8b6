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

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.services.exchange import codec, state, tables

VISIT_KIND = "outreach_visit"


@dataclass(frozen=True)
class NotShared:
    visits: int = 0
    changes: int = 0  # every other record of the lead scope

    def as_dict(self) -> dict[str, int]:
        return {"visits": self.visits, "changes": self.changes}


def _changed(session: Session, plan: tables.KindPlan, rows: list) -> int:
    cols = codec.columns(plan.model)
    fields = codec.content_fields(plan.model)
    states = state.load_states(session, plan.kind, [r.id for r in rows])
    count = 0
    for row in rows:
        known = states.get(row.id)
        if known is None and row.deleted_at is not None:
            continue
        content = codec.record_content(row, fields, cols)
        if state.local_version(known, content, "").dirty:
            count += 1
    return count


def not_shared(session: Session, trajectory_id: str) -> NotShared:
    """Records of this trajectory a lead package would carry as new or changed."""
    plans = tables.scope_plan("lead")
    rows = tables.select_rows(session, plans, [trajectory_id])
    visits = changes = 0
    for plan in plans:
        found = _changed(session, plan, rows.get(plan.kind, []))
        if plan.kind == VISIT_KIND:
            visits += found
        else:
            changes += found
    return NotShared(visits, changes)
