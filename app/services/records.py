"""Small, shared record operations: create, update, tombstone and restore.

Sync fields are stamped by the session (app.models.session); these helpers only return what
changed, as `Changes`, for the views' one refresh signal.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.models.base import SyncMixin, utcnow
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_, _
from app.services.kinds import NOUNS

M = TypeVar("M", bound=SyncMixin)

LABEL_FIELDS = ("name", "title", "label", "text", "description")


class UndoError(AppError):
    """An undo or redo that would overwrite something it should not."""

    msgid = N_("This can no longer be undone: it was changed or removed since.")


class RecordErasedError(UndoError):
    msgid = N_("This was erased for good, so it cannot be brought back.")


class StaleEditError(AppError):
    """An edit based on a revision that is no longer the record's (someone else saved it in
    the meantime, in another window or on a shared database): never last-write-wins."""

    msgid = N_("Someone else changed “{label}” ({kind}) meanwhile. Reload it and make your "
               "change again.")

    def user_message(self) -> str:  # the kind in the language shown now, not when raised
        return _(self.msgid).format(**{**self.params, "kind": _(self.params["kind"])})


class StaleRecordError(StaleEditError):
    msgid = N_("Someone else changed this item ({kind}) meanwhile. Reload it and make your "
               "change again.")


class StaleEditByError(StaleEditError):
    """The same, on a shared database, naming the database user who changed it."""

    msgid = N_("{who} changed “{label}” ({kind}) meanwhile. Reload it and make your change "
               "again.")


class StaleRecordByError(StaleRecordError):
    msgid = N_("{who} changed this item ({kind}) meanwhile. Reload it and make your change "
               "again.")


def kind_of(model: Any) -> str:
    """The table name of a model class or of one of its records."""
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
    """Undo a delete: clear the tombstone (itself a new revision). A record erased for good
    (personal data wiped) is never brought back."""
    obj = get_any(session, model, record_id)
    if obj is None or obj.deleted_at is None:
        return Changes()
    if getattr(obj, "erased_at", None) is not None:
        raise RecordErasedError()
    obj.deleted_at = None
    session.flush()
    return Changes.of(kind_of(model))


# --- undo support: what a record holds now, and writing older values back -------------------

def content_values(obj: SyncMixin) -> dict[str, Any]:
    """The record's own fields (no sync fields), as they are now."""
    return {attr.key: _copy(getattr(obj, attr.key))
            for attr in inspect(type(obj)).column_attrs
            if attr.key not in SyncMixin.SYNC_FIELDS}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def label_of(obj: SyncMixin | None) -> str:
    """A short human label for a record: its name, title or first line of text."""
    for name in LABEL_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value.strip():
            text = value.strip().splitlines()[0]
            return text if len(text) <= 60 else text[:57] + "…"
    return ""


def check_revision(session: Session, model: type[M], record_id: str, based_on: int) -> None:
    """The optimistic check of an edit based on revision `based_on` (the one its form read),
    before the edit writes: `UPDATE … WHERE id = ? AND revision = ?`. It changes nothing, but
    holds the row until the transaction ends (PostgreSQL's row lock; SQLite's write lock), so
    no one can save in between. Zero rows: someone else saved (or deleted) it since, and the
    edit is refused (StaleEditError) before anything is written."""
    from sqlalchemy import update as sql_update

    table = model.__table__  # type: ignore[attr-defined]
    done = session.connection().execute(
        sql_update(table).where(table.c.id == record_id, table.c.revision == based_on)
        .values(revision=table.c.revision))
    if done.rowcount == 1:
        return
    obj = session.get(model, record_id, populate_existing=True,  # as saved meanwhile
                      execution_options={"include_deleted": True})
    label, kind = label_of(obj), NOUNS.get(kind_of(model), N_("record"))
    who = changed_by_name(session, obj)
    if who:
        raise StaleEditByError(label=label, kind=kind, who=who) if label else \
            StaleRecordByError(kind=kind, who=who)
    raise StaleEditError(label=label, kind=kind) if label else StaleRecordError(kind=kind)


def changed_by_name(session: Session, obj: SyncMixin | None) -> str:
    """Who made the record's last change, to name in a message: on a shared database only
    (the database user the server stamped; a file's changes are all its own device's), and
    "" when not known or when it was the user's own login (in another window)."""
    if obj is None or not obj.changed_by or session.get_bind().dialect.name == "sqlite":
        return ""
    from sqlalchemy import text

    return "" if obj.changed_by == session.scalar(text("SELECT session_user")) else \
        obj.changed_by


def revision_of(session: Session, model: type[M], record_id: str) -> int | None:
    obj = get_any(session, model, record_id)
    return None if obj is None else obj.revision


def put_back(session: Session, model: type[M], record_id: str, values: dict[str, Any],
             expected_revision: int) -> Changes:
    """Write `values` over a record as a new revision (undo or redo of an edit).

    Refuses when the record is gone, erased, tombstoned, or changed since `expected_revision`
    (by an import or another window): an undo never overwrites someone else's later work."""
    obj = get_any(session, model, record_id)
    if obj is None or obj.deleted_at is not None:
        raise UndoError()
    if getattr(obj, "erased_at", None) is not None:
        raise RecordErasedError()
    if obj.revision != expected_revision:
        raise UndoError()
    for key, value in values.items():
        if key in SyncMixin.SYNC_FIELDS:
            raise ValueError(f"{key} is stamped automatically")
        if getattr(obj, key) != value:
            setattr(obj, key, _copy(value))
    session.flush()
    return Changes.of(kind_of(model))


def undo_step(session: Session, model: type[M], record_id: str, expected_revision: int,
              op: str, values: dict[str, Any] | None = None,
              after: Callable[[Session, str], Changes] | None = None) -> tuple[Changes, int]:
    """One step of an undo or redo on one record, in the caller's transaction.

    op: "tombstone" (undo an add, redo a delete), "restore" (undo a delete, redo an add) or
    "put" (write `values` back: undo or redo an edit). Refuses (UndoError) when the record
    changed since `expected_revision`. `after(session, record_id)` lets a feature bring what
    it derives from the record up to date (a person's status after a visit comes back).
    Returns the Changes and the record's new revision."""
    obj = get_any(session, model, record_id)
    if obj is None or obj.revision != expected_revision:
        raise UndoError()
    if op == "tombstone":
        changes = soft_delete(session, model, record_id)
    elif op == "restore":
        changes = restore(session, model, record_id)
    elif op == "put":
        changes = put_back(session, model, record_id, values or {}, expected_revision)
    else:
        raise ValueError(op)
    revision = obj.revision
    if after is not None:
        changes = changes | (after(session, record_id) or Changes())
    return changes, revision


def _old_values(obj: SyncMixin) -> dict[str, Any]:
    """The record's fields as they were before its pending (unflushed) changes."""
    state, out = inspect(obj), {}
    for attr in state.mapper.column_attrs:
        if attr.key in SyncMixin.SYNC_FIELDS:
            continue
        hist = state.attrs[attr.key].history
        out[attr.key] = _copy(hist.deleted[0] if hist.deleted else getattr(obj, attr.key))
    return out


@contextmanager
def tracking_adds(session: Session, model: type[M]) -> Iterator[list[SyncMixin]]:
    """Collect the `model` records a batch service creates inside the block (e.g. personas
    copied from the examples), for one undo step."""
    made: list[SyncMixin] = []

    def collect(sess, _ctx, _instances) -> None:
        made.extend(obj for obj in sess.new if isinstance(obj, model) and obj not in made)

    event.listen(session, "before_flush", collect)
    try:
        yield made
        session.flush()
    finally:
        event.remove(session, "before_flush", collect)


@contextmanager
def tracking_edits(session: Session, model: type[M]) -> Iterator[dict[str, dict[str, Any]]]:
    """Collect {id: fields before} of every existing `model` record a batch service changes
    inside the block (e.g. a visitor assigned to a whole street), for one undo step."""
    before: dict[str, dict[str, Any]] = {}

    def collect(sess, _ctx, _instances) -> None:
        for obj in sess.dirty:
            if isinstance(obj, model) and obj.id not in before and sess.is_modified(obj):
                before[obj.id] = _old_values(obj)

    event.listen(session, "before_flush", collect)
    try:
        yield before
        session.flush()
    finally:
        event.remove(session, "before_flush", collect)
