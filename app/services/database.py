"""Opening, checking and upgrading the local SQLite file.

`open_database()` is the one way in: it refuses foreign, damaged and newer files without
writing to them, backs the file up with `VACUUM INTO` before a migration, migrates on a
foreign-keys-off connection, checks foreign keys afterwards and rolls back to the backup when
anything fails.
"""
from __future__ import annotations

import ast
import contextlib
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from app.services import paths
from app.services.errors import (
    CorruptDatabaseError,
    MigrationError,
    NewerVersionError,
    NotADatabaseError,
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


def read_schema_state(path: Path) -> SchemaState:
    """Look at a file read-only: is it ours, and at which schema revisions?"""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(exists=False)
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise NotADatabaseError()
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
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


def check_integrity(path: Path, *, quick: bool = False) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks; empty when healthy."""
    con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        pragma = "quick_check" if quick else "integrity_check"
        rows = [r[0] for r in con.execute(f"PRAGMA {pragma}")]
        problems = [] if rows == ["ok"] else rows
        for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()


def vacuum_into(source: Path, target: Path) -> Path:
    """A consistent copy of a live database (works while WAL has unmerged pages)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(str(source))
    try:
        con.execute("VACUUM INTO ?", (str(tmp),))
    finally:
        con.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    tmp.replace(target)
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
            command.upgrade(_alembic_config(conn), target)
            conn.commit()
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if bad:
            raise MigrationError()
    finally:
        engine.dispose()


def _migrate(path: Path, state: SchemaState) -> None:
    backup = None
    if state.has_tables:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        backup = vacuum_into(path, paths.backup_dir_for(path) / f"pre-migration-{stamp}.sqlite3")
    try:
        upgrade_file(path)
    except Exception as exc:
        log.exception("migration failed")
        if backup is not None:
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            shutil.copyfile(backup, path)
        raise MigrationError() from exc


class Database:
    """An open, up-to-date database file with its session factory."""

    def __init__(self, path: Path, engine: Engine, device_id: str, device_name: str):
        from app.models.session import make_session_factory

        self.path = Path(path)
        self.engine = engine
        self.device_id = device_id
        self.device_name = device_name
        self._factory: sessionmaker[Session] = make_session_factory(engine, device_id)

    def session(self) -> Session:
        """A new session; use `with db.session() as s, s.begin():` for one transaction."""
        return self._factory()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._factory() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _ensure_device(engine: Engine) -> tuple[str, str]:
    import platform

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from app.models.base import new_uuid
    from app.models.core import LocalMeta

    with Session(engine) as s, s.begin():
        meta = {m.key: m.value for m in s.scalars(select(LocalMeta))}
        if "device_id" not in meta:
            meta["device_id"] = new_uuid()
            meta["device_name"] = platform.node() or "laptop"
            s.add(LocalMeta(key="device_id", value=meta["device_id"]))
            s.add(LocalMeta(key="device_name", value=meta["device_name"]))
    return meta["device_id"], meta.get("device_name", "")


def open_database(path: Path | str | None = None, *, check: bool = True) -> Database:
    """Open (creating or upgrading when needed) the database file at `path`."""
    from app.models.session import make_engine

    path = Path(path) if path else paths.default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    state = read_schema_state(path)
    if state.revisions - set(migration_graph()):
        raise NewerVersionError()
    if state.exists and check and check_integrity(path, quick=True):
        raise CorruptDatabaseError()
    if not state.is_current:
        _migrate(path, state)
    engine = make_engine(path)
    device_id, device_name = _ensure_device(engine)
    return Database(path, engine, device_id, device_name)
