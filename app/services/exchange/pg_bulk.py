"""What an import does differently on the lead organisation's PostgreSQL database (issue 21).

- `lock_sender`: two coordinators importing at the same moment are serialised per sender (the
  device that made the package), with a transaction-level advisory lock taken first in the
  import's transaction: two packages of one laptop are applied one after the other, each on
  what the other committed; packages of different laptops do not wait for each other.
  SQLite needs none of this: its import transaction (BEGIN IMMEDIATE) already holds the one
  write lock of the file.
- `present_ids`, `load_states`, `row_hashes`: rows of a chunk of ids by primary-key probes
  (see there); the first finds in the same statement whether any of them has a sync state,
  so that on a first import the second asks nothing.
- `row_hashes`, `unchanged_lines`: a row's fingerprint is taken by the server (`ROW_DIGEST`),
  so no row is read back into Python to be fingerprinted.
- `copy_rows`: the records an import adds, and their new sync states, go in with COPY, in the
  import's transaction. `CopyStream` does that in a writer thread; the first states it
  stores get their row fingerprint in the server, on their way from a temporary table
  (`STAGE`) into exchange_record_state.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

# The two-key form of the advisory lock lives apart from the one-key form that `server init`
# uses (app.services.server.INIT_LOCK); the first key says "an import's sender".
SENDER_LOCK = 0x6276


def lock_sender(session: Session, device_id: str) -> None:
    """Wait until no other transaction imports a package of this sender; held until this
    transaction ends (commit or rollback). A hash collision only makes two senders wait."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:space, hashtext(:device))"),
                    {"space": SENDER_LOCK, "device": device_id or ""})


STATES_SQL = (
    "SELECT s.* FROM unnest(CAST(:ids AS text[])) AS wanted(id) CROSS JOIN LATERAL "
    "(SELECT * FROM exchange_record_state AS one WHERE one.kind = :kind AND "
    "one.record_id = wanted.id OFFSET 0) AS s")  # OFFSET 0: kept apart, one probe per id


def load_states(session: Session, kind: str, ids: list[str]) -> dict[str, Any]:
    """The sync states of these records, one primary-key probe per id.

    `kind = … AND record_id IN (…)` lets PostgreSQL's planner, on a state table it has no
    statistics for yet (a new lead database, a big first import), read every state of the
    kind and compare each with the whole list: one chunk's query grew with the table, and an
    import of N records with N². A lateral subquery per id (kept apart by OFFSET 0, so it is
    not turned back into a join) is one primary-key lookup each, whatever the statistics."""
    from app.models.exchange import ExchangeRecordState

    if _none_stated(session, kind, ids):
        return {}
    stmt = select(ExchangeRecordState).from_statement(text(STATES_SQL))
    result: dict[str, Any] = {}
    for start in range(0, len(ids), 1000):
        found = session.scalars(stmt, {"ids": ids[start:start + 1000], "kind": kind})
        result.update((row.record_id, row) for row in found)
    return result


# A row's fingerprint on PostgreSQL, taken by the server: the row as JSON (every column, in
# one form whatever the session's date style). Only compared with fingerprints taken here the
# same way; one taken before (in Python) differs, and its line is then decided in full once.
ROW_DIGEST = "md5(CAST(row_to_json({row}) AS text))"


def row_hashes(session: Session, table: str, ids: list[str]) -> dict[str, str]:
    """`state.row_hashes`: the server's fingerprint (`ROW_DIGEST`) of each row, by one
    primary-key probe per id (`id IN (…)` is a scan of the whole table per chunk while
    PostgreSQL has no statistics for it); no row travels to Python."""
    result: dict[str, str] = {}
    connection = session.connection()
    for start in range(0, len(ids), 1000):
        result.update(connection.exec_driver_sql(_hashes_sql(table),
                                                 (ids[start:start + 1000],)).all())
    return result


def _hashes_sql(table: str) -> str:
    return (f'SELECT CAST(one.id AS text), {ROW_DIGEST.format(row="one")} FROM '
            f'unnest(CAST(%s AS text[])) AS wanted(id) CROSS JOIN LATERAL '
            f'(SELECT * FROM "{table}" AS x WHERE x.id = {_wanted_id(table)} OFFSET 0) AS one')


def unchanged_lines(session: Session, kind: str, owners: list[tuple[str, str]],
                    exclude: set[str], gone: dict[str, set[str]]) -> dict[str, str]:
    """`state.unchanged_lines` with the rows' fingerprints compared by the server: only the
    rows still as stored come back, with the owner columns that must be checked."""
    checks = [ids for _column, parent in owners for ids in (gone.get(parent),) if ids]
    owner_cols = "".join(f', CAST(t."{column}" AS text)' for column, parent in owners
                         if gone.get(parent))
    sql = (f'SELECT s.line_hash, CAST(t.id AS text){owner_cols} FROM exchange_record_state '
           f'AS s JOIN "{kind}" AS t ON t.id = CAST(s.record_id AS uuid) WHERE s.kind = %s '
           f"AND s.line_hash != '' AND s.row_hash = {ROW_DIGEST.format(row='t')}")
    result = {}
    for row in session.connection().exec_driver_sql(sql, (kind,)):
        if row[1] not in exclude and not any(row[i] in ids for i, ids in enumerate(checks, 2)):
            result[row[0]] = row[1]
    return result


def _wanted_id(table: str, wanted: str = "wanted.id") -> str:
    """`wanted.id` (text) as the table's id column holds it: uuid for the shared records."""
    from app.services.exchange import tables

    model = tables.models_by_kind().get(table)
    uuid_ids = model is not None and model.__table__.c.id.type.__class__.__name__ == "GUID"
    return f"CAST({wanted} AS uuid)" if uuid_ids else wanted


# the rows (by primary-key probes) and, in the same statement, which of them have a state
PRESENT_SQL = (
    'SELECT true, CAST(one.id AS text) FROM unnest(CAST(%(ids)s AS text[])) AS wanted(id) '
    'CROSS JOIN LATERAL (SELECT x.id FROM "{table}" AS x WHERE x.id = {wanted} OFFSET 0) '
    'AS one UNION ALL SELECT false, one.record_id FROM unnest(CAST(%(ids)s AS text[])) AS '
    'wanted(id) CROSS JOIN LATERAL (SELECT s.record_id FROM exchange_record_state AS s '
    'WHERE s.kind = %(kind)s AND s.record_id = wanted.id OFFSET 0) AS one')
_NONE_STATED = "pg_bulk.none_stated"


def present_ids(session: Session, table: str, ids: list[str]) -> list[str]:
    """`state.present_ids`: those of the ids that have a row in the table, by probes with one
    array parameter (not 500). The same statement finds which of them have a sync state;
    the ids without one are handed to the `load_states` call that the importer makes next
    for the same chunk, which then needs no query of its own: on a first import into an
    empty database one cheap statement per chunk answers "none of these exist".

    Pending ORM changes are flushed first, as the state query (autoflush) would have done.
    The hand-over holds only for the very next `load_states`, in this transaction, with the
    same list, while the ORM has nothing new to write (the importer writes nothing between
    the two calls; one who writes there with SQL of their own must not rely on it)."""
    session.flush()
    sql = PRESENT_SQL.format(table=table, wanted=_wanted_id(table))
    connection = session.connection()
    present: list[str] = []
    stated: set[str] = set()
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        for is_row, record_id in connection.exec_driver_sql(
                sql, {"ids": chunk, "kind": table}):
            if is_row:
                present.append(record_id)
            else:
                stated.add(record_id)
    session.info[_NONE_STATED] = (session.get_transaction(), table, ids,
                                  frozenset(ids).difference(stated))
    return present


def _none_stated(session: Session, kind: str, ids: list[str]) -> bool:
    """Whether `present_ids`, just before in this transaction and for this very list, found
    none of these ids with a sync state of this kind, and the ORM holds nothing unwritten
    since (the hand-over is used once)."""
    found = session.info.pop(_NONE_STATED, None)
    if found is None:
        return False
    transaction, table, asked, without = found
    return (asked is ids and table == kind and transaction is session.get_transaction()
            and not (session.new or session.dirty or session.deleted)
            and without.issuperset(ids))


def copy_rows(session: Session, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Rows (each value already in the driver's form) into a table with COPY, on the
    session's own connection, so inside the import's transaction: all or nothing as
    before. A broken row raises SQLAlchemy's IntegrityError (a lost connection its
    OperationalError), as an INSERT would."""
    stream = session.info.get(_STREAM)
    if stream is not None:  # after what the import's writer thread was handed
        stream.drain()
    _copy(_driver(session), table, columns, rows)


def _driver(session: Session) -> Any:
    """psycopg's own connection under the session's, in its transaction."""
    return session.connection().connection.driver_connection


def _copy(raw: Any, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    import psycopg
    from sqlalchemy.exc import DBAPIError

    names = ", ".join(f'"{name}"' for name in columns)
    qualified = ".".join(f'"{part}"' for part in table.split("."))  # pg_temp.…: the stage
    sql = f'COPY {qualified} ({names}) FROM STDIN'
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:  # as SQLAlchemy wraps an INSERT's: IntegrityError...
        raise DBAPIError.instance(sql, None, exc, psycopg.Error) from exc


# --- the import's writes in a thread of their own ---------------------------------------------
#
# The server parses a COPY, fills the indexes and checks the foreign keys in a process of its
# own, on the other core; a COPY on the import's thread left Python waiting for that at the
# end of every chunk (6.3 s of 26 s under cProfile at 100 000 records). `CopyStream`
# hands the chunks to a thread that owns the COPYs: Python decides the next chunk while the
# server stores the last. The thread uses only psycopg's connection, never the session; the
# session's statements wait until every chunk handed over is stored (`drain`, on SQLAlchemy's
# `before_cursor_execute`), so they see the rows in order, as before.

#: chunks handed over and not yet written, at most (memory stays bounded: 8 000 records and
#: their states); while the server is slower, those waiting are stored together
STREAM_DEPTH = 16
_STREAM = "pg_bulk.stream"  # session.info: the transaction's CopyStream


@dataclass
class Chunk:
    """Added records of one table and their first sync states (`state.NEW_COLUMNS`); a
    state whose row fingerprint is None gets the server's (`ROW_DIGEST`) of its stored row."""

    table: str
    columns: list[str]
    rows: list[tuple]
    state_columns: list[str]
    states: list[tuple]


class CopyStream:
    """A writer thread for one import's transaction on PostgreSQL (see above). `put` hands a
    chunk over; `close` waits until all are stored; `abort` drops what is left. An error of
    the thread (a refused row: SQLAlchemy's IntegrityError, as from the COPY on the import's
    thread) is raised on the import's thread by the next `put`, `drain` or `close`; after
    one, the thread writes nothing more."""

    def __init__(self, session: Session):
        self.session, self.connection = session, session.connection()
        self.raw = _driver(session)
        self.queue: queue.Queue[Chunk | None] = queue.Queue(maxsize=STREAM_DEPTH)
        self.error: BaseException | None = None
        self.stopping = False
        self.staged = False  # the STAGE table made (by the thread, in this transaction)
        self.thread = threading.Thread(target=self._run, name="import-copy", daemon=True)
        event.listen(self.connection, "before_cursor_execute", self._before_statement)
        session.info[_STREAM] = self
        self.thread.start()

    def put(self, chunk: Chunk) -> None:
        self._raise()
        self.queue.put(chunk)

    def drain(self) -> None:
        """Wait until every chunk handed over is stored (or the thread failed)."""
        self.queue.join()
        self._raise()

    def close(self) -> None:
        """Everything stored, the thread ended; its error, if any, raised here."""
        try:
            self.queue.put(None)
            self.thread.join()
        finally:
            self._detach()
        self._raise()

    def abort(self) -> None:
        """The import failed: the chunks not yet written are dropped, the thread ended."""
        self.stopping = True
        try:
            self.queue.put(None)
            self.thread.join()
        finally:
            self._detach()

    def _detach(self) -> None:
        event.remove(self.connection, "before_cursor_execute", self._before_statement)
        self.session.info.pop(_STREAM, None)

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _before_statement(self, *_args: Any) -> None:
        if threading.current_thread() is not self.thread:
            self.drain()

    def _run(self) -> None:
        ended = False
        while not ended:
            taken = self._waiting()
            ended = taken[-1] is None
            try:
                if self.error is None and not self.stopping:
                    for chunk in _joined([c for c in taken if c is not None]):
                        self._store(chunk)
            except BaseException as exc:  # noqa: BLE001 - raised on the import's thread
                self.error = exc
            finally:
                for _ in taken:
                    self.queue.task_done()

    def _waiting(self) -> list[Chunk | None]:
        """The next chunk and those already waiting behind it (up to the end mark): when
        the server is slower than the import, they are stored together (fewer round trips)."""
        taken = [self.queue.get()]
        while taken[-1] is not None:
            try:
                taken.append(self.queue.get_nowait())
            except queue.Empty:
                break
        return taken

    def _store(self, chunk: Chunk) -> None:
        _copy(self.raw, chunk.table, chunk.columns, chunk.rows)
        ready = [row for row in chunk.states if row[-1] is not None]
        if ready:
            _copy(self.raw, "exchange_record_state", chunk.state_columns, ready)
        wanted = [row[:-1] for row in chunk.states if row[-1] is None]
        if wanted:
            self.staged = self.staged or _stage(self.raw, chunk.state_columns[:-1])
            _copy(self.raw, STAGED, chunk.state_columns[:-1], wanted)
            _execute(self.raw, _moved_sql(chunk.table, chunk.state_columns), len(wanted))
            _execute(self.raw, f"TRUNCATE {STAGED}")


# States whose row fingerprint the server takes: COPYed into a temporary table (no index, no
# WAL), then moved into exchange_record_state by one statement that takes the fingerprint of
# each joined row (`ROW_DIGEST`, as `row_hashes` does), so no fingerprint travels to Python
# and back. Made once per import's transaction, dropped at its end.
STAGE = "bv_new_state"
STAGED = f"pg_temp.{STAGE}"  # always the temporary one, whatever the role's search_path


def _stage(raw: Any, columns: list[str]) -> bool:
    names = ", ".join(f'"{name}"' for name in columns)
    _execute(raw, f"CREATE TEMPORARY TABLE {STAGED} ON COMMIT DROP AS SELECT {names} FROM "
                  "exchange_record_state WITH NO DATA")
    return True


def _moved_sql(table: str, columns: list[str]) -> str:
    """The staged states into exchange_record_state, `columns`' last (the row fingerprint)
    taken of the row of `table` with the state's id (a primary-key probe each, as in
    `_hashes_sql`: the staged table has no statistics)."""
    names = ", ".join(f'"{name}"' for name in columns)
    staged = ", ".join(f'n."{name}"' for name in columns[:-1])
    return (f'INSERT INTO exchange_record_state ({names}) SELECT {staged}, '
            f'{ROW_DIGEST.format(row="one")} FROM {STAGED} AS n CROSS JOIN LATERAL '
            f'(SELECT * FROM "{table}" AS x WHERE x.id = {_wanted_id(table, "n.record_id")} '
            f'OFFSET 0) AS one')


def _execute(raw: Any, sql: str, expected: int | None = None) -> None:
    """One statement on psycopg's connection, its error as SQLAlchemy's (as `_copy`); with
    `expected`, the number of rows it must write (a state without its row is a bug)."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    try:
        with raw.cursor() as cur:
            cur.execute(sql)
            written = cur.rowcount
    except psycopg.Error as exc:
        raise DBAPIError.instance(sql, None, exc, psycopg.Error) from exc
    if expected is not None and written != expected:
        raise LookupError(f"{expected - written} of the new states have no row: {sql}")


def _joined(chunks: list[Chunk]) -> list[Chunk]:
    """Chunks of one table that follow each other as one (the order kept)."""
    joined: list[Chunk] = []
    for chunk in chunks:
        last = joined[-1] if joined else None
        if last is not None and last.table == chunk.table:
            joined[-1] = Chunk(last.table, last.columns, last.rows + chunk.rows,
                               last.state_columns, last.states + chunk.states)
        else:
            joined.append(chunk)
    return joined


@contextmanager
def copy_stream(session: Session) -> Iterator[CopyStream | None]:
    """A `CopyStream` for the import's transaction on PostgreSQL (None on SQLite), ended
    before the transaction is: all stored when the block ends, nothing left running when it
    fails."""
    if session.get_bind().dialect.name != "postgresql":
        yield None
        return
    stream = CopyStream(session)
    try:
        yield stream
    except BaseException:
        stream.abort()
        raise
    stream.close()
