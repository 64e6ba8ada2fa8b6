"""Automatic rotating backups and restore.

A daily copy is made at start-up (`VACUUM INTO`, consistent even with WAL). We keep the 14
newest good daily copies plus the newest good copy of every month; the copies made before each
import ("pre-import") are kept the same way. A copy that is damaged, empty or not ours never
counts as one of those, so a run of bad copies can never push the good ones out. Restoring first
backs up the current file, so a restore can itself be undone.

Leftovers: a copy being written is `<name>.part` until it is complete; a killed copy leaves it
behind, and `clean_leftovers` (at the next start, by whoever holds the file's lock) removes it,
with the other temporaries that only this app makes beside the data file.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app.services import paths
from app.services.atomic import atomic_write
from app.services.database import check_integrity, read_schema_state, vacuum_into
from app.services.errors import AppError, CorruptDatabaseError, NewerVersionError
from app.services.i18n import N_

KEEP_DAILY = 14
ROTATED_KINDS = ("daily", "pre-import")  # each kind pruned on its own
_NAME = re.compile(r"^(?P<kind>daily|before-restore|pre-migration|pre-import|manual)-"
                   r"(?P<stamp>\d{8}-\d{6})\.sqlite3$")
_PART = re.compile(_NAME.pattern[:-1] + r"\.part(-journal|-wal|-shm)?$")


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
                    tzinfo=UTC)
                result.append(BackupInfo(file, m["kind"], created))
    return sorted(result, key=lambda b: b.created, reverse=True)


def last_backup(db_path: Path) -> BackupInfo | None:
    backups = list_backups(db_path)
    return backups[0] if backups else None


class SharedDatabaseBackupError(AppError):
    msgid = N_("A shared database is not copied by Buurtverbinder: its administrator backs it "
               "up with pg_dump.")


def make_backup(db_path: Path, kind: str = "manual", now: datetime | None = None) -> Path:
    if not Path(db_path).is_file():  # a shared database's address: never a folder of copies
        raise SharedDatabaseBackupError()
    now = now or datetime.now(UTC)
    name = f"{kind}-{now.strftime('%Y%m%d-%H%M%S')}.sqlite3"
    return vacuum_into(db_path, paths.backup_dir_for(db_path) / name)


def daily_backup(db_path: Path, now: datetime | None = None) -> Path | None:
    """Make today's copy if there is none yet, then prune. Returns the new file or None.

    A file that is not a good database of ours (empty, damaged, foreign) is not copied: its
    copy would be worthless, and the good copies must stay."""
    now = now or datetime.now(UTC)
    if not Path(db_path).exists():
        return None
    made = None
    if _is_good_live_file(Path(db_path)):
        dailies = [b for b in list_backups(db_path) if b.kind == "daily"]
        if not dailies or dailies[0].day < now.date():
            made = make_backup(db_path, "daily", now)
    prune(db_path)
    return made


def _is_good_live_file(path: Path) -> bool:
    """The data file itself (which the app has open): read beside its WAL, never immutable."""
    try:
        state = read_schema_state(path)
        return state.exists and state.has_tables
    except (AppError, OSError):
        return False


def is_good_copy(path: Path, thorough: bool = False) -> bool:
    """Ours, complete (not empty, not cut off, header intact) and with our tables; `thorough`
    adds SQLite's quick check, which reads the whole file. Pruning, which looks at every copy
    each day, uses the light check: a copy goes bad by being empty, cut off or foreign far more
    often than by rot inside, and the window's offer of a backup uses the thorough one."""
    try:
        state = read_schema_state(path, immutable=True)
        if not (state.exists and state.has_tables):
            return False
        return not thorough or not check_integrity(path, quick=True, immutable=True)
    except (AppError, OSError):
        return False


def prune(db_path: Path) -> list[Path]:
    """Per rotated kind: keep the newest KEEP_DAILY good copies and the newest good copy of
    each month. Bad copies do not count and go once they are older than the oldest good copy
    kept; so damaged or empty newest copies never push a good one out."""
    removed = []
    for kind in ROTATED_KINDS:
        removed += _prune_kind(db_path, kind)
    clean_leftovers(db_path)
    return removed


def _prune_kind(db_path: Path, kind: str) -> list[Path]:
    copies = [b for b in list_backups(db_path) if b.kind == kind]  # newest first
    good = [b for b in copies if is_good_copy(b.path)]
    keep = {b.path for b in good[:KEEP_DAILY]}
    seen_months: set[tuple[int, int]] = set()
    for b in good:  # newest first: the first of each month seen is its newest
        month = (b.created.year, b.created.month)
        if month not in seen_months:
            seen_months.add(month)
            keep.add(b.path)
    oldest_kept = good[min(len(good), KEEP_DAILY) - 1].created if good else None
    removed = []
    for b in copies:
        bad_but_recent = b not in good and (oldest_kept is None or b.created > oldest_kept)
        if b.path not in keep and not bad_but_recent:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def leftovers(db_path: Path) -> list[Path]:
    """Temporaries only this app makes, left behind by a process that was stopped: copies
    being written (`backups/<kind>-<stamp>.sqlite3.part`), a new database being built
    (`.<name>.creating`) and a restore being copied (`<name>.restoring`)."""
    from app.services.database import creating_path

    db_path = Path(db_path)
    found = []
    folder = paths.backup_dir_for(db_path)
    if folder.is_dir():
        found += [f for f in folder.iterdir() if _PART.match(f.name) and f.is_file()]
    beside = [creating_path(db_path), db_path.with_name(db_path.name + ".restoring")]
    for base in beside:
        found += [Path(str(base) + suffix) for suffix in ("", "-wal", "-shm", "-journal")
                  if Path(str(base) + suffix).is_file()]
    return found


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove `leftovers()`. Only for whoever holds the data file's lock (the window, a
    command that writes): then no other process of ours is writing them. They may hold
    personal data (a half copy of the file), so they must not outlive the next start."""
    removed: list[Path] = []
    try:
        found = leftovers(db_path)
    except OSError:  # an unreadable folder: nothing we can clean now, and no reason to stop
        return removed
    for file in found:
        try:
            file.unlink()
            removed.append(file)
        except FileNotFoundError:
            pass
        except OSError:  # e.g. still open on Windows: the next start tries again
            continue
    return removed


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    for b in list_backups(db_path):
        if is_good_copy(b.path, thorough=True):
            return b
    return None


def restore_backup(db_path: Path, backup: Path) -> Path:
    """Replace the database with a backup, after backing up the current file.

    The caller must have closed every connection to `db_path`. Returns the safety copy of
    the file as it was (None-safe: a damaged current file is copied as it is)."""
    backup = Path(backup)
    state = read_schema_state(backup, immutable=True)  # refuses foreign files
    from app.services.database import migration_graph

    if state.revisions - set(migration_graph()):
        raise NewerVersionError()
    if check_integrity(backup, immutable=True):
        raise CorruptDatabaseError()
    db_path = Path(db_path)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    safety = paths.backup_dir_for(db_path) / f"before-restore-{stamp}.sqlite3"
    if db_path.exists():
        try:
            vacuum_into(db_path, safety)
        except Exception:  # noqa: BLE001 (a damaged file cannot be vacuumed: keep it byte for byte)
            atomic_write(safety, lambda into: shutil.copyfile(db_path, into))

    def copy(into: str) -> None:
        shutil.copyfile(backup, into)
        for suffix in ("-wal", "-shm"):  # the live file's log must not replay over the copy
            Path(str(db_path) + suffix).unlink(missing_ok=True)

    atomic_write(db_path, copy, temp=db_path.with_name(db_path.name + ".restoring"))
    return safety
