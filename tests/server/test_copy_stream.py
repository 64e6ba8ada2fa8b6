"""`pg_bulk.CopyStream`, the import's writer thread on PostgreSQL, by itself: the session's
statements wait for the chunks handed over (they see them in order), an error of the thread
reaches the import's thread, and the thread ends whatever happens."""
from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app.models.core import Trajectory
from app.models.exchange import ExchangeRecordState
from app.services.exchange import codec, pg_bulk, state
from app.services.server import open_server


def _chunk(n: int, hashed: bool = True) -> pg_bulk.Chunk:
    """n trajectories and their first states (a fingerprint to take when `hashed`)."""
    names = [col.name for col in codec.columns(Trajectory).values()]
    rows, states = [], []
    for i in range(n):
        tid = str(uuid.uuid4())
        values = {"id": tid, "name": f"T {i}", "municipality": "Gem", "revision": 1,
                  "base_revision": 0, "device_id": "d", "created_at": "2026-11-30 10:00:00",
                  "updated_at": "2026-11-30 10:00:00", "description": "", "organisation": "",
                  "network_director": ""}
        rows.append(tuple(values.get(name) for name in names))
        states.append(state.new_state_row("trajectory", tid, {"d": 1}, {"name": f"T {i}"}, [],
                                          frozenset(), ("line", None) if hashed else ("", "")))
    return pg_bulk.Chunk("trajectory", names, rows, list(state.NEW_COLUMNS), states)


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-copy"]


@pytest.fixture
def server_db(pg_url):
    db = open_server(pg_url)
    yield db
    db.close()


def test_statements_see_every_chunk_handed_over_and_the_servers_fingerprints(server_db):
    with server_db.transaction() as s, pg_bulk.copy_stream(s) as stream:
        assert stream is not None
        for n in (300, 1, 700):
            stream.put(_chunk(n))
            # an ORM query right after the hand-over: it waits for the thread
            assert s.scalar(select(func.count()).select_from(Trajectory)) in (300, 301, 1001)
        stream.put(_chunk(5, hashed=False))
    assert not _threads()
    with server_db.session() as s:
        found = s.scalars(select(ExchangeRecordState)).all()
        assert len(found) == 1006
        tids = [f.record_id for f in found if f.line_hash]
        assert len(tids) == 1001
        assert {f.record_id: f.row_hash for f in found if f.line_hash} == \
            pg_bulk.row_hashes(s, "trajectory", tids)
        assert all(f.row_hash == "" for f in found if not f.line_hash)


def test_an_error_of_the_thread_reaches_the_caller_and_ends_the_thread(server_db, monkeypatch):
    """The thread fails on its first chunk while more are handed over than the queue holds:
    no deadlock, the thread's own error, nothing stored, the thread ended."""
    calls = []

    def broken(self, chunk):
        calls.append(chunk)
        raise ValueError("broken in the thread")

    monkeypatch.setattr(pg_bulk.CopyStream, "_store", broken)
    with pytest.raises(ValueError, match="broken in the thread"), server_db.transaction() as s, \
            pg_bulk.copy_stream(s) as stream:
        for _ in range(3 * pg_bulk.STREAM_DEPTH):
            stream.put(_chunk(2))
    assert len(calls) == 1  # after an error the thread writes nothing more
    assert not _threads()
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Trajectory)) == 0


def test_a_refused_row_raises_sqlalchemys_error_at_the_next_statement(server_db):
    from sqlalchemy.exc import IntegrityError

    twice = _chunk(2)
    twice.rows.append(twice.rows[0])  # the same id twice: the primary key refuses it
    with pytest.raises(IntegrityError), server_db.transaction() as s, \
            pg_bulk.copy_stream(s) as stream:
        stream.put(twice)
        s.scalar(select(func.count()).select_from(Trajectory))
    assert not _threads()
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Trajectory)) == 0


def test_a_failure_of_the_callers_thread_drops_the_rest_and_ends_the_thread(server_db,
                                                                         monkeypatch):
    stored = []
    real = pg_bulk.CopyStream._store

    def slow_store(self, chunk):
        stored.append(len(chunk.rows))
        real(self, chunk)

    monkeypatch.setattr(pg_bulk.CopyStream, "_store", slow_store)
    with pytest.raises(KeyError), server_db.transaction() as s, \
            pg_bulk.copy_stream(s) as stream:
        for _ in range(pg_bulk.STREAM_DEPTH):
            stream.put(_chunk(50))
        raise KeyError("the import's own bug")
    assert not _threads()
    assert not s.info.get(pg_bulk._STREAM)
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Trajectory)) == 0


def test_sqlite_has_no_stream(tmp_path):
    from app.services.database import open_database

    db = open_database(tmp_path / "x.sqlite3")
    try:
        with db.transaction() as s, pg_bulk.copy_stream(s) as stream:
            assert stream is None
    finally:
        db.close()


def test_chunks_waiting_together_are_stored_together_in_order(server_db, monkeypatch):
    """While the thread is busy, the chunks handed over meanwhile are stored with one COPY per
    table and one fingerprint query (fewer round trips), the tables in the order given."""
    stores: list[tuple[str, int]] = []
    real = pg_bulk.CopyStream._store
    inside, go = threading.Event(), threading.Event()

    def watched(self, chunk):
        inside.set()
        go.wait(10)  # the first chunk waits until all are handed over
        stores.append((chunk.table, len(chunk.rows)))
        real(self, chunk)

    monkeypatch.setattr(pg_bulk.CopyStream, "_store", watched)
    with server_db.transaction() as s, pg_bulk.copy_stream(s) as stream:
        assert stream is not None
        stream.put(_chunk(10))
        assert inside.wait(10)
        for n in (20, 30):
            stream.put(_chunk(n))
        go.set()
    assert stores[0] == ("trajectory", 10) and stores[1:] == [("trajectory", 50)]
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Trajectory)) == 60
        assert s.scalar(select(func.count()).select_from(ExchangeRecordState).where(
            ExchangeRecordState.row_hash != "")) == 60


def test_joined_chunks_keep_the_order_of_the_tables():
    a1, a2, b1, a3 = _chunk(1), _chunk(2), _chunk(3), _chunk(4)
    b1.table = "other"
    joined = pg_bulk._joined([a1, a2, b1, a3])
    assert [(c.table, len(c.rows), len(c.states)) for c in joined] == [
        ("trajectory", 3, 3), ("other", 3, 3), ("trajectory", 4, 4)]
    assert joined[0].rows == a1.rows + a2.rows and joined[0].states == a1.states + a2.states


def _stored(db) -> dict[str, tuple]:
    with db.session() as s:
        return {f.record_id: tuple(getattr(f, c) for c in state.NEW_COLUMNS)
                for f in s.scalars(select(ExchangeRecordState))}


def test_the_states_moved_from_the_stage_equal_those_of_the_fingerprint_probes(server_db):
    """The states whose fingerprint the server takes go through a temporary table; what ends
    in exchange_record_state is what the probe path (`row_hashes`, then COPY) wrote: every
    column, and the fingerprint a later import compares (`unchanged_lines`)."""
    chunk = _chunk(250)
    ready = _chunk(3, hashed=False)
    mixed = pg_bulk.Chunk("trajectory", chunk.columns, chunk.rows + ready.rows,
                          chunk.state_columns, chunk.states + ready.states)
    with server_db.transaction() as s, pg_bulk.copy_stream(s) as stream:
        assert stream is not None
        stream.put(mixed)
    moved = _stored(server_db)
    with server_db.session() as s:
        digests = pg_bulk.row_hashes(s, "trajectory", [row[1] for row in chunk.states])
        assert len(digests) == 250
        by_probe = {row[1]: (*row[:-1], digests[row[1]]) for row in chunk.states}
        by_probe.update({row[1]: row for row in ready.states})
        assert moved == by_probe  # every column, the same text
        # a later import finds these rows unchanged: the same fingerprint as the server's
        same = s.connection().exec_driver_sql(
            "SELECT count(*) FROM exchange_record_state AS s JOIN trajectory AS t ON t.id = "
            "CAST(s.record_id AS uuid) WHERE s.row_hash = "
            f"{pg_bulk.ROW_DIGEST.format(row='t')}").scalar()
        assert same == 250


def test_the_stage_is_made_again_in_each_transaction(server_db):
    """The temporary table goes with the transaction (commit or rollback): the next import on
    the same pooled connection makes its own, and nothing of it is left."""
    for fails in (False, True, False):
        with pytest.raises(KeyError) if fails else _nothing(), server_db.transaction() as s, \
                pg_bulk.copy_stream(s) as stream:
            assert stream is not None
            stream.put(_chunk(4))
            stream.drain()
            if fails:
                raise KeyError("after the stage was made")
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Trajectory)) == 8
        assert s.connection().exec_driver_sql(
            "SELECT count(*) FROM pg_class WHERE relname = %s", (pg_bulk.STAGE,)).scalar() == 0


def test_a_state_without_its_row_is_refused_and_nothing_is_stored(server_db):
    orphan = _chunk(3)
    orphan.rows.pop()  # its state stays: no row to take the fingerprint of
    with pytest.raises(LookupError, match="1 of the new states have no row"), \
            server_db.transaction() as s, pg_bulk.copy_stream(s) as stream:
        stream.put(orphan)
    assert not _threads()
    assert _stored(server_db) == {}
    with server_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Trajectory)) == 0


@contextmanager
def _nothing():
    yield


def test_the_stage_is_the_temporary_table_whatever_the_search_path(server_db):
    """A table of the same name in the public schema, searched before the temporary ones:
    the import neither fills nor empties it."""
    with server_db.transaction() as s:
        s.connection().exec_driver_sql(
            f"CREATE TABLE public.{pg_bulk.STAGE} (x int); "
            f"INSERT INTO public.{pg_bulk.STAGE} VALUES (7)")
    try:
        with server_db.transaction() as s, pg_bulk.copy_stream(s) as stream:
            s.connection().exec_driver_sql("SET LOCAL search_path = public, pg_temp")
            assert stream is not None
            stream.put(_chunk(30))
            stream.put(_chunk(20))
        assert len(_stored(server_db)) == 50
        with server_db.session() as s:
            assert s.connection().exec_driver_sql(
                f"SELECT array_agg(x) FROM public.{pg_bulk.STAGE}").scalar() == [7]
    finally:
        with server_db.transaction() as s:
            s.connection().exec_driver_sql(f"DROP TABLE public.{pg_bulk.STAGE}")
