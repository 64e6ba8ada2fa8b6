"""Sessions for reading on a worker thread while the window goes on writing.

The app's sessions begin every transaction with `BEGIN IMMEDIATE` (app.models.session), so
even a session that only reads holds SQLite's write lock until it ends. A count that reads a
whole campaign (the "not yet shared" line: seconds at 100 000 visits) must not hold it: a
visit saved meanwhile would wait and then fail as "database locked". These sessions begin
with a plain (deferred) `BEGIN` and refuse to write; in WAL mode such a reader never waits
for a writer and never makes one wait. On a server database the app's own sessions are
already like that.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from app.models.session import BUSY_TIMEOUT_MS, make_session_factory
from app.services.database import Database


class Reader:
    """A session factory for reading only; `close()` lets go of its connections."""

    def __init__(self, db: Database):
        self.db = db
        self._engine = None
        if db.engine.dialect.name != "sqlite":
            self.session: Callable[[], Session] = db.session
            return
        engine = self._engine = create_engine(db.engine.url)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):
            dbapi_conn.isolation_level = None  # transactions are ours, as in the app's engine
            dbapi_conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            dbapi_conn.execute("PRAGMA query_only=ON")

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN")  # deferred: a read snapshot, never the write lock

        self.session = make_session_factory(engine, db.device_id)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
