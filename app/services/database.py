"""Opening, checking and upgrading the local SQLite file.

`open_database()` is the one way in: it refuses foreign, damaged and newer files without
writing to them, backs the file up with `VACUUM INTO` before a migration, migrates on a
foreign-keys-off connection, checks foreign keys afterwards and rolls back to the backup when
anything fails.
"""
from __future__ import annotations

import ast
import contextlib
import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.services import paths
from app.services.errors import (
    AppError,
    CorruptDatabaseError,
    DamagedHeaderError,
    DatabaseLockedError,
    DiskFullError,
    EmptyDatabaseError,
    MigrationError,
    NewerVersionError,
    NotADatabaseError,
    ReadOnlyError,
    TruncatedDatabaseError,
    classify_os_error,
)

if TYPE_CHECKING:  # SQLAlchemy loads only when a database is opened
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


@lru_cache(maxsize=1)
def migration_graph() -> dict[str, tuple[str, ...]]:
    """revision -> its down revisions, read from the files without importing alembic."""
    graph: dict[str, tuple[str, ...]] = {}
    for file in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        values = {}
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                    values[target.id] = ast.literal_eval(node.value)
        if "revision" not in values:
            continue
        down = values.get("down_revision")
        if down is None:
            downs: tuple[str, ...] = ()
        elif isinstance(down, str):
            downs = (down,)
        else:
            downs = tuple(down)
        graph[values["revision"]] = downs
    return graph


def schema_heads() -> set[str]:
    graph = migration_graph()
    referenced = {d for downs in graph.values() for d in downs}
    return set(graph) - referenced


@dataclass
class SchemaState:
    exists: bool
    revisions: set[str] = field(default_factory=set)
    has_tables: bool = False

    @property
    def is_current(self) -> bool:
        return self.revisions == schema_heads()


# What a file's first bytes say (https://www.sqlite.org/fileformat.html, "The database header").
HEADER_SIZE = 100
SCAN_FOR_SCHEMA = 256 * 1024  # page 1 and its neighbours hold the schema's SQL text
OUR_SCHEMA_MARKERS = (b"alembic_version", b"CREATE TABLE")


def _page_size(head: bytes) -> int | None:
    raw = int.from_bytes(head[16:18], "big")
    size = 65536 if raw == 1 else raw
    return size if 512 <= size <= 65536 and size & (size - 1) == 0 else None


def _damaged_but_ours(head: bytes) -> bool:
    """A header that is not SQLite's, yet the file is ours: its magic is only a few bytes off,
    or the schema text of our tables is still there (say a zeroed first sector)."""
    if sum(a == b for a, b in zip(head[:16], SQLITE_HEADER, strict=False)) >= 12:
        return True
    return all(marker in head for marker in OUR_SCHEMA_MARKERS)


def inspect_file(path: Path) -> None:
    """Raise the error that truly says what is wrong with an existing file's bytes: empty,
    cut off, a damaged header, or not SQLite at all. Reads only; silent when it looks fine."""
    path = Path(path)
    if path.is_dir():  # e.g. `--db` given a folder
        raise NotADatabaseError()
    size = path.stat().st_size
    if size == 0:
        raise EmptyDatabaseError()
    with open(path, "rb") as fh:
        head = fh.read(HEADER_SIZE)
        if head[:16] != SQLITE_HEADER:  # only then look further (start-up stays light)
            head += fh.read(SCAN_FOR_SCHEMA - HEADER_SIZE)
    if head[:16] != SQLITE_HEADER:
        if size < 16 and SQLITE_HEADER.startswith(head):
            raise TruncatedDatabaseError()
        if _damaged_but_ours(head):
            raise DamagedHeaderError()
        raise NotADatabaseError()
    if size < HEADER_SIZE:
        raise TruncatedDatabaseError()
    page = _page_size(head)
    if page is None or head[21:24] != b"\x40\x20\x20":  # fixed payload fractions 64/32/32
        raise DamagedHeaderError()
    if size < page or size % page:
        raise TruncatedDatabaseError()
    # The page count in the header is only trusted when SQLite marked it valid, and the file
    # is only compared with it when no WAL holds pages that a checkpoint has yet to write.
    wal = Path(str(path) + "-wal")
    counted = head[24:28] == head[92:96] and int.from_bytes(head[28:32], "big")
    if counted and counted * page > size and not (wal.exists() and wal.stat().st_size):
        raise TruncatedDatabaseError()


def _writable(path: Path) -> bool:
    """SQLite in WAL mode writes the file and, beside it, the -wal and -shm files."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect_read_only(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection. On a read-only folder or disk a WAL file cannot get its -shm
    beside it; nobody can write there either, so the file is then read as immutable.

    `immutable`: read the file alone, creating nothing beside it — for backup copies, which
    no one writes (a read-only connection to a WAL file would leave -wal and -shm files)."""
    uri = Path(path).resolve().as_uri()
    if immutable:
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    from app.models.session import busy_timeout_seconds

    con = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout_seconds())
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.OperationalError as exc:
        con.close()
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise DatabaseLockedError() from exc
        if _writable(Path(path)) or ("unable to open" not in text and "readonly" not in text):
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)


def read_schema_state(path: Path, *, immutable: bool = False) -> SchemaState:
    """Look at a file read-only: is it ours, and at which schema revisions?

    Only a missing file counts as "no database yet": an empty or cut-off file is a damaged
    one, never something to build a new database in."""
    path = Path(path)
    if not path.exists():
        return SchemaState(exists=False)
    inspect_file(path)
    try:
        con = _connect_read_only(path, immutable)
        try:
            tables = {r[0] for r in
                      con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revisions: set[str] = set()
            if "alembic_version" in tables:
                revisions = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError() from exc
    user_tables = tables - {"alembic_version", "sqlite_sequence"}
    if user_tables and "alembic_version" not in tables:
        raise NotADatabaseError()
    return SchemaState(exists=True, revisions=revisions, has_tables=bool(user_tables))


def check_integrity(path: Path, *, quick: bool = False, immutable: bool = False) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks; empty when healthy.

    A file that is locked by another program raises DatabaseLockedError: being busy is not
    being damaged."""
    try:
        con = _connect_read_only(Path(path), immutable)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
        problems = [] if rows == ["ok"] else rows
        for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
        return problems
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise DatabaseLockedError() from exc
        return [str(exc)]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()


def vacuum_into(source: Path, target: Path) -> Path:
    """A consistent copy of a live database (works while WAL has unmerged pages)."""
    from app.services.atomic import atomic_write

    target = Path(target)
    tmp = target.with_name(target.name + ".part")  # backup.clean_leftovers knows this name
    remove_with_journals(tmp)

    def copy(into: str) -> None:
        con = sqlite3.connect(str(source))
        try:
            con.execute("VACUUM INTO ?", (into,))
        finally:
            con.close()

    try:
        atomic_write(target, copy, temp=tmp)
    except BaseException:  # a half copy (a full disk...) holds personal data: never keep it
        remove_with_journals(tmp)
        raise
    return target


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade_file(path: Path, target: str = "heads") -> None:
    """Run migrations on a foreign-keys-off connection, then check foreign keys."""
    from alembic import command

    from app.models.session import make_engine

    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn:
            # One transaction for all the steps. Alembic's SQLite dialect would commit after
            # each step (it assumes no transactional DDL), so a crash half-way left the file
            # at a mix of old and new revisions; SQLite's DDL is transactional, so a kill now
            # leaves the file as it was, and the next start simply migrates again.
            with conn.begin():
                command.upgrade(_alembic_config(conn), target)
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if bad:
            raise MigrationError()
    finally:
        engine.dispose()


def _migrate(path: Path, state: SchemaState) -> None:
    from app.services.atomic import atomic_write

    backup = None
    if state.has_tables:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        backup = vacuum_into(path, paths.backup_dir_for(path) / f"pre-migration-{stamp}.sqlite3")
    try:
        upgrade_file(path)
    except Exception as exc:
        log.exception("migration failed")
        if backup is not None:
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            saved = backup
            atomic_write(path, lambda into: shutil.copyfile(saved, into))
        known = classify_os_error(exc)  # a full disk is not a broken migration
        if isinstance(known, (DiskFullError, DatabaseLockedError, ReadOnlyError)):
            raise known from exc
        raise MigrationError() from exc


def creating_path(path: Path) -> Path:
    """Where a new database is built before it takes its real name (hidden, ours alone)."""
    return Path(path).with_name(f".{Path(path).name}.creating")


def remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _create_new(path: Path) -> None:
    """A new database is built under a temporary name and renamed into place when complete,
    so a crash never leaves a half-made or empty file under the real name (which the next
    start would rightly call damaged)."""
    from app.services.atomic import atomic_write

    tmp = creating_path(path)
    remove_with_journals(tmp)

    def build(into: str) -> None:
        upgrade_file(Path(into))
        con = sqlite3.connect(into)
        try:  # fold the WAL into the file: the WAL does not follow a rename
            con.execute("PRAGMA journal_mode=DELETE")
        finally:
            con.close()

    try:
        atomic_write(path, build, temp=tmp)
    except BaseException:
        remove_with_journals(tmp)
        raise


class Database:
    """An open, up-to-date database file with its session factory.

    On a shared database (app.services.server): `user` is the database user, and `read_only`
    says that user may only read (the reader role)."""

    user: str = ""
    read_only: bool = False

    def __init__(self, path: Path, engine: Engine, device_id: str, device_name: str):
        from app.models.session import make_session_factory

        self.path = Path(path)
        self.engine = engine
        self.device_id = device_id
        self.device_name = device_name
        # who changed a record: a file stamps its device's name; a shared database its
        # user, by itself (app.models.base.SyncMixin.changed_by)
        by = device_name if engine.dialect.name == "sqlite" else None
        self._factory: sessionmaker[Session] = make_session_factory(engine, device_id, by)

    def session(self) -> Session:
        """A new session; use `with db.session() as s, s.begin():` for one transaction."""
        return self._factory()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._factory() as session, session.begin():
            yield session

    closed = False

    def close(self) -> None:
        """Let go of every connection. Work that would start after this (a timer's count
        on a worker thread) checks `closed`: the engine would quietly open a new pool whose
        connections nobody closes."""
        self.closed = True
        self.engine.dispose()


def _read_device(path: Path) -> dict[str, str]:
    """The device facts, read without taking the write lock (a read-only command must not
    wait for, or fail on, another program's write)."""
    con = _connect_read_only(path)
    try:
        return dict(con.execute("SELECT key, value FROM local_meta").fetchall())
    finally:
        con.close()


def _ensure_device(engine: Engine, path: Path) -> tuple[str, str]:
    import platform

    from sqlalchemy.orm import Session

    from app.models.base import new_uuid
    from app.models.core import LocalMeta

    meta = _read_device(path)
    if "device_id" not in meta:
        with Session(engine) as s, s.begin():
            meta["device_id"] = new_uuid()
            meta["device_name"] = platform.node() or "laptop"
            s.add(LocalMeta(key="device_id", value=meta["device_id"]))
            s.add(LocalMeta(key="device_name", value=meta["device_name"]))
    return meta["device_id"], meta.get("device_name", "")


def _classify_open_error(exc: BaseException, path: Path) -> AppError | None:
    known = classify_os_error(exc)
    if known is not None:
        return known
    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if isinstance(orig, OSError) and orig.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyError()
    if isinstance(orig, sqlite3.OperationalError) and path.exists() and not _writable(path):
        return ReadOnlyError()
    return None


def open_database(path: Path | str | None = None, *, check: bool = True) -> Database:
    """Open (creating or upgrading when needed) the database file at `path`.

    Every expected failure raises its own AppError: a file that is empty, cut off, damaged or
    foreign; newer; read-only; locked by another program; a full disk."""
    path = Path(path) if path else paths.default_db_path()
    try:
        return _open(path, check)
    except AppError:
        raise
    except Exception as exc:
        known = _classify_open_error(exc, path)
        if known is None:
            raise
        log.info("cannot open %s: %s", path, exc)  # the caller shows the message
        raise known from exc


def _open(path: Path, check: bool) -> Database:
    from app.models.session import make_engine

    path.parent.mkdir(parents=True, exist_ok=True)
    state = read_schema_state(path)
    if not state.exists:  # only where there is no file at all
        _create_new(path)
        state = read_schema_state(path)
    if state.revisions - set(migration_graph()):
        raise NewerVersionError()
    if check and check_integrity(path, quick=True):
        raise CorruptDatabaseError()
    if not _writable(path):  # checked after the damage: a damaged file on a stick is damaged
        raise ReadOnlyError()
    if not state.is_current:
        _migrate(path, state)
    engine = make_engine(path)
    try:
        device_id, device_name = _ensure_device(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return Database(path, engine, device_id, device_name)
