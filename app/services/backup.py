"""Automatic rotating backups and restore.

A daily copy is made at start-up (`VACUUM INTO`, consistent even with WAL). We keep the 14
newest daily copies plus the newest copy of every month. Restoring first backs up the current
file, so a restore can itself be undone.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from app.services import paths
from app.services.database import check_integrity, read_schema_state, vacuum_into
from app.services.errors import AppError, CorruptDatabaseError, NewerVersionError

KEEP_DAILY = 14
_NAME = re.compile(r"^(?P<kind>daily|before-restore|pre-migration|manual)-"
                   r"(?P<stamp>\d{8}-\d{6})\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    created: datetime  # UTC

    @property
    def day(self) -> date:
        return self.created.date()


def list_backups(db_path: Path) -> list[BackupInfo]:
    """All backups of a database file, newest first."""
    folder = paths.backup_dir_for(db_path)
    result = []
    if folder.is_dir():
        for file in folder.iterdir():
            m = _NAME.match(file.name)
            if m:
                created = datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S").replace(
                    tzinfo=timezone.utc)
                result.append(BackupInfo(file, m["kind"], created))
    return sorted(result, key=lambda b: b.created, reverse=True)


def last_backup(db_path: Path) -> BackupInfo | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


def make_backup(db_path: Path, kind: str = "manual", now: datetime | None = None) -> Path:
    now = now or datetime.now(timezone.utc)
    name = f"{kind}-{now.strftime('%Y%m%d-%H%M%S')}.sqlite3"
    return vacuum_into(db_path, paths.backup_dir_for(db_path) / name)


def daily_backup(db_path: Path, now: datetime | None = None) -> Path | None:
    """Make today's copy if there is none yet, then prune. Returns the new file or None."""
    now = now or datetime.now(timezone.utc)
    if not Path(db_path).exists():
        return None
    dailies = [b for b in list_backups(db_path) if b.kind == "daily"]
    made = None
    if not dailies or dailies[0].day < now.date():
        made = make_backup(db_path, "daily", now)
    prune(db_path)
    return made


def prune(db_path: Path) -> list[Path]:
    """Keep the newest KEEP_DAILY daily copies and the newest copy of each month."""
    dailies = [b for b in list_backups(db_path) if b.kind == "daily"]
    keep = {b.path for b in dailies[:KEEP_DAILY]}
    seen_months: set[tuple[int, int]] = set()
    for b in dailies:  # newest first: the first of each month seen is its newest
        month = (b.created.year, b.created.month)
        if month not in seen_months:
            seen_months.add(month)
            keep.add(b.path)
    removed = []
    for b in dailies:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    for b in list_backups(db_path):
        try:
            read_schema_state(b.path)
        except AppError:
            continue
        if not check_integrity(b.path, quick=True):
            return b
    return None


def restore_backup(db_path: Path, backup: Path) -> Path:
    """Replace the database with a backup, after backing up the current file.

    The caller must have closed every connection to `db_path`. Returns the safety copy of
    the file as it was (None-safe: a damaged current file is copied as it is)."""
    backup = Path(backup)
    state = read_schema_state(backup)  # refuses foreign files
    from app.services.database import migration_graph

    if state.revisions - set(migration_graph()):
        raise NewerVersionError()
    if check_integrity(backup):
        raise CorruptDatabaseError()
    db_path = Path(db_path)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    safety = paths.backup_dir_for(db_path) / f"before-restore-{stamp}.sqlite3"
    if db_path.exists():
        try:
            vacuum_into(db_path, safety)
        except Exception:  # a damaged file cannot be vacuumed: keep it byte for byte
            safety.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(db_path, safety)
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    tmp.replace(db_path)
    return safety
