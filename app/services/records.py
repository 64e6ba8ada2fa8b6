"""Small, shared record operations: create, update, tombstone and restore.

Sync fields are stamped by the session (app.models.session); these helpers only return what
changed, as `Changes`, for the views' one refresh signal.
"""
from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.models.base import SyncMixin, utcnow
from app.services.changes import Changes

M = TypeVar("M", bound=SyncMixin)


def kind_of(model: type | SyncMixin) -> str:
    return model.__tablename__


def create(session: Session, model: type[M], **fields: Any) -> tuple[M, Changes]:
    obj = model(**fields)
    session.add(obj)
    session.flush()
    return obj, Changes.of(kind_of(model))


def update(session: Session, obj: M, **fields: Any) -> Changes:
    for key, value in fields.items():
        if key in SyncMixin.SYNC_FIELDS:
            raise ValueError(f"{key} is stamped automatically")
        setattr(obj, key, value)
    session.flush()
    return Changes.of(kind_of(obj))


def get_any(session: Session, model: type[M], record_id: str) -> M | None:
    """Fetch a record by id, tombstoned or not."""
    return session.get(model, record_id, execution_options={"include_deleted": True})


def soft_delete(session: Session, model: type[M], record_id: str) -> Changes:
    obj = get_any(session, model, record_id)
    if obj is None or obj.deleted_at is not None:
        return Changes()
    obj.deleted_at = utcnow()
    session.flush()
    return Changes.of(kind_of(model))


def restore(session: Session, model: type[M], record_id: str) -> Changes:
    """Undo a delete: clear the tombstone (itself a new revision)."""
    obj = get_any(session, model, record_id)
    if obj is None or obj.deleted_at is None:
        return Changes()
    obj.deleted_at = None
    session.flush()
    return Changes.of(kind_of(model))
