"""Engine and session factory: SQLite settings, automatic sync stamping, tombstone filter."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from app.models.base import CHANGED_BY_LENGTH, SyncMixin, utcnow

BUSY_TIMEOUT_ENV = "BUURTVERBINDER_BUSY_TIMEOUT_MS"
DEFAULT_BUSY_TIMEOUT_MS = 5000
MAX_BUSY_TIMEOUT_MS = 600_000


def busy_timeout_from_env() -> int:
    """How long (ms) a connection waits for another program's lock on the file before the
    calm "the file is in use" message: 5 s, or BUURTVERBINDER_BUSY_TIMEOUT_MS for the whole
    process (read once, at start) — a longer wait for a file on a slow disk, a short one for
    the tests that wait out a lock on purpose. A value that is not a whole number from 0 to
    600 000 is ignored."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if raw.isascii() and raw.isdigit() and int(raw) <= MAX_BUSY_TIMEOUT_MS:
        return int(raw)
    return DEFAULT_BUSY_TIMEOUT_MS


BUSY_TIMEOUT_MS = busy_timeout_from_env()


def busy_timeout_seconds() -> float:
    """The same wait for Python's sqlite3.connect(timeout=...)."""
    return BUSY_TIMEOUT_MS / 1000


def make_engine(path: Path | str, *, foreign_keys: bool = True) -> Engine:
    """An engine for one SQLite file, set up as in docs/ARCHITECTURE.md (WAL, FULL sync...)."""
    engine = create_engine(f"sqlite:///{Path(path)}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # SQLAlchemy's recipe: take transaction control away from the sqlite3 driver.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_session_factory(engine: Engine, device_id: str,
                         changed_by: str | None = None) -> sessionmaker[Session]:
    """Sessions that stamp the sync fields. `changed_by`: the name every change is stamped
    with (a file: the device's name); None where the database stamps it itself (a shared
    PostgreSQL database: its user, which no client can choose)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, future=True)
    by = None if changed_by is None else changed_by[:CHANGED_BY_LENGTH]
    factory.configure(info={"device_id": device_id, "changed_by": by})
    return factory


def _has_content_changes(obj: SyncMixin) -> bool:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in ("updated_at", "device_id", "revision", "base_revision", "changed_by"):
            continue
        if state.attrs[attr.key].history.has_changes():
            return True
    return False


@event.listens_for(Session, "before_flush")
def _stamp_sync_fields(session: Session, _ctx, _instances) -> None:
    _stamp_changed_by(session)
    if session.info.get("sync_import"):
        return  # the exchange import writes the incoming sync fields as they are
    device = session.info.get("device_id", "")
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, SyncMixin):
            obj.device_id = device
            obj.created_at = obj.created_at or now
            obj.updated_at = now
            obj.revision = obj.revision or 1
            obj.base_revision = obj.base_revision or 0
    for obj in session.dirty:
        if isinstance(obj, SyncMixin) and _has_content_changes(obj):
            obj.base_revision = obj.revision
            obj.revision = (obj.revision or 0) + 1
            obj.updated_at = now
            obj.device_id = device
    for obj in session.deleted:
        if isinstance(obj, SyncMixin):
            raise RuntimeError(
                f"hard delete of a shared record ({type(obj).__name__}); use a tombstone"
            )


def _stamp_changed_by(session: Session) -> None:
    """Who changes a record here. What an import writes on a file shows no one (""), as
    the records it adds in bulk: it came from elsewhere (on a shared database the server
    stamps the importing user)."""
    by = session.info.get("changed_by")
    if by is None:
        return
    if session.info.get("sync_import"):
        by = ""
    for obj in session.new:
        if isinstance(obj, SyncMixin):
            obj.changed_by = by
    for obj in session.dirty:
        if isinstance(obj, SyncMixin) and _has_content_changes(obj):
            obj.changed_by = by


@event.listens_for(Session, "do_orm_execute")
def _hide_tombstones(state: ORMExecuteState) -> None:
    """Every ORM select leaves tombstoned rows out, unless asked with include_deleted=True."""
    if (
        state.is_select
        and not state.is_column_load
        and not state.is_relationship_load
        and not state.execution_options.get("include_deleted", False)
    ):
        state.statement = state.statement.options(
            with_loader_criteria(
                SyncMixin, lambda cls: cls.deleted_at.is_(None), include_aliases=True
            )
        )
