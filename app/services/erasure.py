"""Erasure that reaches every copy the app keeps, not only the rows.

Blanking a record's fields is not enough: the exchange keeps the content last exchanged and a
few older versions (`exchange_record_state`), the conflict inbox keeps both sides of a field,
the log may quote a value, backups are whole copies of the file, and SQLite keeps old text in
free pages and in the write-ahead log. Each erase path (a campaign after its retention period,
a person of step 2, a respondent of step 7) does, in order:

1. inside its transaction: blank the record's fields, set `erased_at` and call `purge()` for
   the fields it blanked (the exchange state keeps its row and version vector, so the erasure
   still travels as a newer version; only its old content goes);
2. after the commit: `compact()` (VACUUM, then empty the write-ahead log), `scrub_logs()` with
   the erased strings, and `clean_backups()` with the same erase run on every backup copy (a
   copy that cannot be cleaned is deleted, half-written `.part` copies too).
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.services.errors import AppError

log = logging.getLogger(__name__)

#: erased values shorter than this are not searched for in the logs (a "nl" or "3" would
#: blank half of every line)
MIN_LOG_STRING = 4
REPLACEMENT = "[…]"


def as_text(value: Any) -> str:
    """The form a value takes in a file: dates as ISO text, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def note_values(found: set[str] | None, record: Any, fields: Iterable[str]) -> None:
    """Remember the values about to be erased (for `scrub_logs`)."""
    if found is None:
        return
    for name in fields:
        text = as_text(getattr(record, name, None)).strip()
        if text and text not in ("[]", "-"):
            found.add(text)


def secure(session: Session) -> None:
    """Let SQLite overwrite deleted and replaced content with zeros on this connection.
    PostgreSQL has no such switch: `compact()` vacuums there (docs/lead-server.md)."""
    if session.connection().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA secure_delete=ON")


def _scrub(content: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """`content` with the erased fields' new values."""
    return {k: (current[k] if k in current else v) for k, v in content.items()}


def purge(session: Session, model: type[Any], ids: Iterable[str], fields: Iterable[str]) -> None:
    """Erase `fields` of these records from the exchange bookkeeping: the content last
    exchanged and every older version take the record's current (blanked) values; conflicts
    about these records are dropped. Call after blanking the records, in the same
    transaction."""
    from app.models.exchange import ExchangeConflict
    from app.services.exchange import codec
    from app.services.exchange.state import dumps, load_states

    ids = list(ids)
    fields = list(fields)
    if not ids:
        return
    kind = model.__tablename__
    cols = codec.columns(model)
    session.flush()
    states = load_states(session, kind, ids)
    for record_id, state in states.items():
        record = session.get(model, record_id, execution_options={"include_deleted": True})
        if record is None:
            continue
        current = codec.record_content(record, fields, cols)
        state.content = dumps(_scrub(json.loads(state.content), current))
        state.ancestors = dumps([{**a, "content": _scrub(a["content"], current)}
                                 for a in json.loads(state.ancestors)])
    for start in range(0, len(ids), 400):
        session.execute(delete(ExchangeConflict).where(
            ExchangeConflict.kind == kind,
            ExchangeConflict.record_id.in_(ids[start:start + 400])))
    session.flush()


def compact(engine) -> None:
    """After the commit: rewrite the file without its free pages, then copy the log into the
    file and empty it, so the old text is in neither. Waits briefly for readers to finish."""
    import time

    if engine.dialect.name == "postgresql":
        _vacuum_server(engine)
        return
    raw = engine.raw_connection()  # outside a transaction: VACUUM cannot run in one
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("VACUUM")
        for _attempt in range(50):
            busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy or not busy[0]:
                break
            time.sleep(0.1)
        else:
            log.warning("the write-ahead log could not be emptied after an erasure")
        cursor.close()
    finally:
        raw.close()


def _vacuum_server(engine) -> None:
    """PostgreSQL: VACUUM removes the old versions of the blanked rows from the tables (the
    server's write-ahead log and its backups keep them until they are recycled, see
    docs/lead-server.md). Only the tables' owner may vacuum; others get a notice."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")


def _replace_in_file(path: Path, strings: list[str]) -> bool:
    """Rewrite a text file without the strings. In place, not by renaming: the running app's
    log handler keeps the file open and must go on writing into it. True when it changed."""
    try:
        with open(path, "r+b") as fh:
            data = fh.read()
            text = data.decode("utf-8", errors="surrogateescape")
            new = text
            for s in strings:
                new = new.replace(s, REPLACEMENT)
            if new == text:
                return False
            fh.seek(0)
            fh.write(new.encode("utf-8", errors="surrogateescape"))
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        log.warning("could not clean %s after an erasure", path.name)
        return False
    return True


def scrub_logs(strings: Iterable[str], folder: Path | None = None) -> int:
    """Replace erased values in the log and crash files. Returns the files changed."""
    from app.services import paths

    folder = Path(folder) if folder is not None else paths.log_dir()
    wanted = sorted({s for s in strings if len(s) >= MIN_LOG_STRING
                     and not (s.isdigit() and len(s) < 6)},  # a postcode, not a name
                    key=len, reverse=True)
    if not wanted or not folder.is_dir():
        return 0
    changed = 0
    for path in sorted(folder.iterdir()):
        if path.is_file():
            changed += _replace_in_file(path, wanted)
    return changed


def clean_backups(db_path: Path, apply: Callable[[Session], None], progress=None
                  ) -> tuple[int, int]:
    """Run the same erasure (`apply(session)`, which must tolerate a record it does not find)
    on every backup copy of `db_path`, then VACUUM it. A copy of another schema version, one
    that cannot be opened or cleaned, and half-written `.part` copies are deleted. Returns
    (cleaned, deleted)."""
    from sqlalchemy.orm import Session as OrmSession

    from app.models.session import make_engine
    from app.services import backup, database, paths

    if not Path(db_path).is_file():  # a shared database: backups are pg_dump's, not ours
        return 0, 0
    folder = paths.backup_dir_for(Path(db_path))
    deleted = 0
    if folder.is_dir():
        for leftover in folder.glob("*.part"):  # a killed backup: a copy nobody can clean
            leftover.unlink(missing_ok=True)
            deleted += 1
    copies = backup.list_backups(Path(db_path))
    cleaned = 0
    for i, info in enumerate(copies):
        if progress is not None:
            progress.step(i, len(copies))
        try:
            current = database.read_schema_state(info.path).is_current
        except AppError:
            current = False
        if not current:
            _remove_copy(info.path)
            deleted += 1
            continue
        engine = make_engine(info.path)
        try:
            with OrmSession(engine) as session, session.begin():
                session.info["device_id"] = ""
                secure(session)
                apply(session)
            compact(engine)
            _back_to_rollback_journal(engine)
            engine.dispose()
            cleaned += 1
        except Exception:  # a copy we cannot clean must not survive
            log.warning("a backup copy could not be cleaned and was deleted", exc_info=True)
            engine.dispose()
            _remove_copy(info.path)
            deleted += 1
    return cleaned, deleted


def _back_to_rollback_journal(engine) -> None:
    """A backup copy is a single file (as `VACUUM INTO` made it): opening it to clean it
    switched it to WAL; switch back, so no -wal/-shm files are needed to read it."""
    engine.dispose()  # the other pooled connections would keep WAL mode in use
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA journal_mode=DELETE")
    finally:
        raw.close()


def _remove_copy(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def after_commit(engine, found: Iterable[str]) -> None:
    """Step 2 without the backups: compact the live file and scrub the logs."""
    compact(engine)
    scrub_logs(found)



def backup_count(db_path: Path) -> int:
    from app.services import backup

    return len(backup.list_backups(Path(db_path)))


def purge_erased(session: Session) -> int:
    """Purge the exchange bookkeeping of every erased record whose stored content or older
    versions still hold a personal or free-text value (for instance the bases of a package
    that arrived after the erasure). Idempotent and cheap when there is nothing to do; the
    exporter calls it before every package. Returns the records purged."""
    from app.models.base import sync_models
    from app.services.exchange import codec
    from app.services.exchange.state import load_states

    purged = 0
    for model in sync_models():
        cols = codec.columns(model)
        if "erased_at" not in cols:
            continue
        fields = [f for f in (*model.PERSONAL_FIELDS, *model.FREE_TEXT_FIELDS) if f in cols]
        ids = list(session.scalars(select(model.id).where(model.erased_at.is_not(None))
                                   .execution_options(include_deleted=True)))
        states = load_states(session, model.__tablename__, ids)
        dirty = [rid for rid, st in states.items() if _holds_values(st, fields)]
        purge(session, model, dirty, fields)
        purged += len(dirty)
    return purged


def _holds_values(state, fields: list[str]) -> bool:
    """A purged state holds blank text and the same value in every older version."""
    content = json.loads(state.content)
    for f in fields:
        if isinstance(content.get(f), str) and content[f] not in ("", "-", "[]"):
            return True
    return any(f in a["content"] and a["content"][f] != content.get(f)
               for a in json.loads(state.ancestors) for f in fields)
