"""Per-record exchange bookkeeping: the version vector and content last exchanged.

A record whose content differs from what was last exchanged was changed here since: its
effective vector is the stored one with this device's counter raised by one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from app.models.exchange import ExchangeRecordState
from app.services.exchange.merge import Vector, Version, bump


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
    def base(self) -> Version | None:
        if self.state is None or not self.state.base_vector:
            return None
        return Version(json.loads(self.state.base_vector), json.loads(self.state.base_content))

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
               vector: Vector, content: dict[str, Any], base: Version | None = None,
               masked: list[str] | None = None) -> ExchangeRecordState:
    if state is None:
        state = ExchangeRecordState(kind=kind, record_id=record_id, base_vector="",
                                    base_content="", masked="[]")
        session.add(state)
    state.vector = dumps(vector)
    state.content = dumps(content)
    if base is not None:
        state.base_vector = dumps(base.vector)
        state.base_content = dumps(base.content)
    if masked is not None:
        state.masked = dumps(sorted(set(masked)))
    return state
