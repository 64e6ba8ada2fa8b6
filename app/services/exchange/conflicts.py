"""The conflict inbox: fields both sides changed, waiting for a person to choose.

Choosing makes a new version of the record that includes both sides' history, so the choice
travels with the next package and settles the same conflict on the other laptops too.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.exchange import ExchangeConflict
from app.services import records
from app.services.changes import Changes
from app.services.exchange import codec, state, tables
from app.services.exchange import errors as E
from app.services.exchange.errors import fail
from app.services.exchange.merge import bump, vmax

LABEL_FIELDS = ("name", "title", "label", "item_code", "text", "description")


@dataclass(frozen=True)
class ConflictItem:
    id: int
    kind: str
    record_id: str
    record_label: str
    field: str
    ours: Any
    theirs: Any
    sender: str
    created_at: Any


def record_label(obj: Any) -> str:
    for name in LABEL_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value.strip():
            text = value.strip().splitlines()[0]
            return text if len(text) <= 60 else text[:57] + "…"
    return obj.id[:8]


def _erased(session: Session, model: type[Any], obj: Any) -> bool:
    """The record, or a record it belongs to (its person, its campaign), was erased."""
    if getattr(obj, "erased_at", None) is not None:
        return True
    for key, parent in tables.owner_keys(model):
        parent_model = tables.models_by_kind().get(parent)
        value = getattr(obj, key, None)
        if parent_model is None or value is None:
            continue
        owner = records.get_any(session, parent_model, value)
        if owner is not None and _erased(session, parent_model, owner):
            return True
    return False


def count_pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ExchangeConflict).where(
        ExchangeConflict.resolved_at.is_(None))) or 0


def pending(session: Session) -> list[ConflictItem]:
    models = tables.models_by_kind()
    rows = session.scalars(select(ExchangeConflict).where(
        ExchangeConflict.resolved_at.is_(None)).order_by(ExchangeConflict.created_at,
                                                          ExchangeConflict.id))
    items = []
    for c in rows:
        model = models.get(c.kind)
        obj = records.get_any(session, model, c.record_id) if model is not None else None
        if model is not None and obj is not None and _erased(session, model, obj):
            continue  # nothing of an erased record is offered back
        label = record_label(obj) if obj is not None else c.record_id[:8]
        items.append(ConflictItem(c.id, c.kind, c.record_id, label, c.field,
                                  json.loads(c.local_value), json.loads(c.incoming_value),
                                  c.sender_name, c.created_at))
    return items


def resolve(session: Session, conflict_id: int, choice: str, device: str) -> Changes:
    """Keep our value (`"local"`) or take theirs (`"incoming"`)."""
    if choice not in ("local", "incoming"):
        raise ValueError(choice)
    conflict = session.get(ExchangeConflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        # an erasure deletes the conflicts of what it erased, or closes them as "erased"
        erased = conflict is not None and conflict.resolution == "erased"
        raise fail(E.RECORD_ERASED if erased else E.CONFLICT_GONE)
    model = tables.models_by_kind().get(conflict.kind)
    obj = records.get_any(session, model, conflict.record_id) if model is not None else None
    if model is None or obj is None:
        raise fail(E.RECORD_GONE)
    if _erased(session, model, obj):
        raise fail(E.RECORD_ERASED)
    cols = codec.columns(model)
    chosen = json.loads(conflict.local_value if choice == "local" else conflict.incoming_value)
    value = codec.from_json(cols[conflict.field], chosen)
    if getattr(obj, conflict.field) != value:
        setattr(obj, conflict.field, value)
    session.flush()
    fields = codec.content_fields(model)
    content = codec.record_content(obj, fields, cols)
    st = state.load_states(session, conflict.kind, [obj.id]).get(obj.id)
    mine = state.local_version(st, content, device)
    vector = bump(vmax(json.loads(st.vector) if st else mine.vector,
                       json.loads(conflict.incoming_vector)), device)
    state.save_state(session, conflict.kind, obj.id, st, vector, content)
    conflict.resolved_at, conflict.resolution = utcnow(), choice
    session.flush()
    return Changes.of(conflict.kind, "exchange_conflict")
