"""Per-record exchange bookkeeping: the version vector and content last exchanged.

A record whose content differs from what was last exchanged was changed here since: its
effective vector is the stored one with this device's counter raised by one. A few earlier
versions (ancestors) are kept, so two copies that met different intermediate versions still
find their common base.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.models.exchange import ExchangeRecordState
from app.services.exchange.merge import Vector, Version, bump

KEEP_ANCESTORS = 3


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class LocalVersion:
    vector: Vector
    dirty: bool  # changed here since it was last exchanged (vector already raised)
    state: ExchangeRecordState | None

    @property
    def last(self) -> Version | None:
        if self.state is None:
            return None
        return Version(json.loads(self.state.vector), json.loads(self.state.content))

    @property
    def ancestors(self) -> list[Version]:
        if self.state is None:
            return []
        return [Version(a["vector"], a["content"]) for a in json.loads(self.state.ancestors)]

    @property
    def known(self) -> list[Version]:
        """Versions this record descends from, newest first (the last exchanged first)."""
        last = self.last
        return ([last] if last is not None else []) + self.ancestors

    @property
    def masked(self) -> list[str]:
        return json.loads(self.state.masked) if self.state is not None else []


def load_states(session: Session, kind: str, ids: list[str]) -> dict[str, ExchangeRecordState]:
    result = {}
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        stmt = select(ExchangeRecordState).where(
            tuple_(ExchangeRecordState.kind, ExchangeRecordState.record_id).in_(
                [(kind, i) for i in chunk]))
        for row in session.scalars(stmt):
            result[row.record_id] = row
    return result


def local_version(state: ExchangeRecordState | None, content: dict[str, Any],
                  device: str) -> LocalVersion:
    if state is None:
        return LocalVersion({device: 1}, True, None)
    stored = json.loads(state.content)
    changed = any(content.get(k) != v for k, v in stored.items() if k in content)
    vector = json.loads(state.vector)
    return LocalVersion(bump(vector, device) if changed else vector, changed, state)


def save_state(session: Session, kind: str, record_id: str, state: ExchangeRecordState | None,
               vector: Vector | None, content: dict[str, Any],
               ancestors: list[Version] | None = None,
               masked: list[str] | None = None) -> ExchangeRecordState:
    """Store a new exchanged version; the previous one becomes an ancestor. A practice copied
    into this file has no version vector (None is stored as null)."""
    previous = LocalVersion(vector or {}, False, state).known if state is not None else []
    if state is None:
        state = ExchangeRecordState(kind=kind, record_id=record_id, ancestors="[]",
                                    masked="[]")
        session.add(state)
    kept: list[Version] = []
    for v in [*(ancestors or []), *previous]:
        if v.vector != vector and all(v.vector != k.vector for k in kept):
            kept.append(v)
    state.vector = dumps(vector)
    state.content = dumps(content)
    state.ancestors = dumps([{"vector": v.vector, "content": v.content}
                             for v in kept[:KEEP_ANCESTORS]])
    if masked is not None:
        state.masked = dumps(sorted(set(masked)))
    return state
