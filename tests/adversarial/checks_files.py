"""Adversarial checks of the data file and its surroundings (issue 12, points 3, 9 and 10).

1. Kills: a process doing an import, an export, a migration, the creation of a new data file
   or a backup is killed (SIGKILL) at a random moment of its work, KILLS times each. After
   every kill the state must be the one before or the one after, never in between; the next
   start must take over the dead process's lock, clean its leftovers and open the file.
2. Data file cases: an empty, short, cut-off, damaged-header or foreign file, a read-only
   folder, a write lock held by another program, the file in use by another Buurtverbinder
   and a full disk each get their own message from the command line (in nl, fr or en), no
   traceback; `check` never calls a damaged file healthy; a backup is offered only for a
   damaged file.

`counts(workdir)` returns the figures; see tools/adversarial.py for the contract.
"""
from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("BV_ADVERSARIAL_KILLS", "4"))  # per kind of work
KINDS = ("import", "export", "migration", "creation", "backup")
PASSPHRASE = "een lange geheime zin"
OLD_FILE = ROOT / "tests" / "fixtures" / "schema" / "v0.1-core_0001.sqlite3"

MUST_BE_ZERO = {
    "kills not survived", "partial states found", "stale locks not taken over",
    "leftovers after the next start", "leftovers after the next export",
    "wrong messages", "tracebacks", "backups offered wrongly",
}

CHILD = r"""
import sys
from datetime import datetime
from pathlib import Path

kind, db = sys.argv[1], Path(sys.argv[2])
import os
from app.services.exchange import age_scrypt
age_scrypt.LOG_N = int(os.environ["BV_CHECKS_SCRYPT_LOG_N"])  # the parent's work factor
from app.services import backup
from app.services.database import open_database
from app.services.exchange import exporter, importer
from app.services.instance_lock import InstanceLock
import alembic.command, app.models  # loaded before "go": the kill is to hit the work itself

db.parent.mkdir(parents=True, exist_ok=True)
InstanceLock(db).acquire()  # as every command that writes does
if kind == "import":
    d = open_database(db)
    pkg = importer.load_for(d, Path(sys.argv[3]), passphrase=sys.argv[4])
    print("go", flush=True)
    importer.import_package(d, pkg)
elif kind == "export":
    d = open_database(db)
    print("go", flush=True)
    exporter.export_package(d, Path(sys.argv[3]), "full", passphrase=sys.argv[4])
elif kind in ("migration", "creation"):
    print("go", flush=True)
    open_database(db).close()
elif kind == "backup":
    print("go", flush=True)
    backup.make_backup(db, "daily", datetime.fromisoformat(sys.argv[3]))
print("done", flush=True)
"""


# --- helpers -----------------------------------------------------------------------------------

def _env() -> dict:
    """The children's environment. They seal packages with the passphrase work factor of
    this process: the app's own in `python -m tools.adversarial`, the tests' cheap one
    under pytest (tests/conftest.py), where two exports would otherwise spend seconds in
    scrypt before anything is written."""
    from app.services.exchange import age_scrypt

    return dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
                BV_CHECKS_SCRYPT_LOG_N=str(age_scrypt.LOG_N))


def _child(kind: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, kind, *map(str, args)], env=_env(),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen) -> str:
    out, _err = proc.communicate(timeout=300)
    return out


def _timed_run(kind: str, *args) -> float:
    """A whole run, not killed: how long the work itself takes (from "go" to "done", not
    counting the interpreter's start and exit)."""
    proc = _child(kind, *args)
    assert proc.stdout.readline().strip() == "go", proc.stderr.read()
    started = time.monotonic()
    done = proc.stdout.readline().strip() == "done"
    took = time.monotonic() - started
    _finish(proc)
    if not done:
        raise RuntimeError(f"{kind} did not finish: {proc.returncode}")
    return took


def _killed_run(kind: str, duration: float, rng: random.Random, *args) -> bool:
    """Start the work and kill it at a random moment of it. True when it was really killed
    (False: it finished first)."""
    proc = _child(kind, *args)
    line = proc.stdout.readline().strip()
    if line != "go":
        _finish(proc)
        raise RuntimeError(f"{kind} did not start: {proc.stderr.read() if proc.stderr else ''}")
    time.sleep(rng.uniform(0.0, duration * 0.95))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    rest = _finish(proc)
    return proc.returncode == -signal.SIGKILL and "done" not in rest


def table_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


class Tally:
    def __init__(self):
        self.figures: dict[str, int] = {}

    def add(self, name: str, n: int = 1) -> None:
        self.figures[name] = self.figures.get(name, 0) + n


def next_start(db: Path, tally: Tally) -> bool:
    """What the next window or command does: take the lock (a dead holder's is stale), clean
    the leftovers, open the file. True when all of that worked."""
    from app.services import backup
    from app.services.database import check_integrity, open_database
    from app.services.errors import AppError, InUseError
    from app.services.instance_lock import InstanceLock

    lock = InstanceLock(db)
    try:
        lock.acquire()
    except InUseError:
        tally.add("stale locks not taken over")
        return False
    try:
        backup.clean_leftovers(db)
        if backup.leftovers(db):
            tally.add("leftovers after the next start")
            return False
        if db.exists() and check_integrity(db):
            return False
        try:
            open_database(db).close()
        except AppError:
            return False
        return True
    finally:
        lock.release()


# --- kills -------------------------------------------------------------------------------------

def _make_demo(path: Path) -> Path:
    from app.services.database import open_database
    from app.services.demo import create_demo

    db = open_database(path)
    try:
        with db.transaction() as session:
            create_demo(session)
    finally:
        db.close()
    return path


def _fresh_copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def kill_checks(workdir: Path, tally: Tally, rng: random.Random) -> None:
    from app.services import backup, leftovers
    from app.services.database import open_database, read_schema_state, schema_heads
    from app.services.errors import AppError
    from app.services.exchange import exporter, importer

    source = _make_demo(workdir / "anna" / "buurt.sqlite3")
    package = workdir / "pkg" / "voor-bert.bvx"
    db = open_database(source)
    try:
        exporter.export_package(db, package, "full", passphrase=PASSPHRASE)
    finally:
        db.close()
    empty = workdir / "empty" / "buurt.sqlite3"
    open_database(empty).close()
    base = table_counts(empty)

    # calibration: each kind of work once, whole
    ref = _fresh_copy(empty, workdir / "ref" / "buurt.sqlite3")
    took = {"import": _timed_run("import", ref, package, PASSPHRASE)}
    imported = table_counts(ref)
    usb = workdir / "usb"
    took["export"] = _timed_run("export", source, usb / "eerste.bvx", PASSPHRASE)
    took["migration"] = _timed_run("migration",
                                   _fresh_copy(OLD_FILE, workdir / "mref" / "b.sqlite3"))
    migrated = table_counts(workdir / "mref" / "b.sqlite3")
    took["creation"] = _timed_run("creation", workdir / "cref" / "b.sqlite3")
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    took["backup"] = _timed_run("backup", source, stamp.isoformat())

    old_revisions = read_schema_state(OLD_FILE).revisions
    for i in range(KILLS):
        # import: all of it or nothing
        b = _fresh_copy(empty, workdir / f"imp{i}" / "buurt.sqlite3")
        if _killed_run("import", took["import"], rng, b, package, PASSPHRASE):
            tally.add("kills during import")
            found = table_counts(b)
            partial = found not in (base, imported)
            if partial:
                _explain("import", {k: (base.get(k), v, imported.get(k)) for k, v in found.items()
                                    if (base.get(k), imported.get(k)) != (v, v)})
            _judge(tally, partial, next_start(b, tally))
        # export: the package is whole or absent; its temporary goes at the next export
        target = usb / f"pakket-{i}.bvx"
        if _killed_run("export", took["export"], rng, source, target, PASSPHRASE):
            tally.add("kills during export")
            partial = False
            if target.exists():
                try:
                    importer.load_for(db_for_reading(source), target, passphrase=PASSPHRASE)
                except AppError as exc:
                    partial = True
                    _explain("export", exc)
            _judge(tally, partial, next_start(source, tally))
        # migration: the old schema or the new one, with the data
        m = _fresh_copy(OLD_FILE, workdir / f"mig{i}" / "buurt.sqlite3")
        if _killed_run("migration", took["migration"], rng, m):
            tally.add("kills during migration")
            try:
                revisions = read_schema_state(m).revisions
                partial = revisions not in (old_revisions, schema_heads())
            except AppError as exc:
                revisions, partial = exc, True
            if partial:
                _explain("migration", revisions)
            survived = next_start(m, tally) and table_counts(m) == migrated
            _judge(tally, partial, survived)
        # creation of a new file: no file, or a whole one; never an empty one next time
        c = workdir / f"new{i}" / "buurt.sqlite3"
        if _killed_run("creation", took["creation"], rng, c):
            tally.add("kills during creation")
            try:
                partial = c.exists() and not read_schema_state(c).is_current
            except AppError as exc:
                partial = True
                _explain("creation", exc)
            _judge(tally, partial, next_start(c, tally))
        # backup: every copy under a backup's name is a good one; the half copy goes
        when = stamp + timedelta(days=i + 1)
        if _killed_run("backup", took["backup"], rng, source, when.isoformat()):
            tally.add("kills during backup")
            bad = [b.path.name for b in backup.list_backups(source)
                   if not backup.is_good_copy(b.path, thorough=True)]
            partial = bool(bad)
            if partial:
                _explain("backup", bad)
            _judge(tally, partial, next_start(source, tally))
    _close_readers()
    # the next export to the stick removes what killed exports left there
    db = open_database(source)
    try:
        exporter.export_package(db, usb / "laatste.bvx", "full", passphrase=PASSPHRASE)
    finally:
        db.close()
    left = leftovers.killed_exports(usb)
    tally.add("leftovers after the next export", len(left))


_READERS: dict[Path, object] = {}


def db_for_reading(path: Path):
    from app.services.database import open_database

    if path not in _READERS:
        _READERS[path] = open_database(path)
    return _READERS[path]


def _close_readers() -> None:
    for db in _READERS.values():
        db.close()
    _READERS.clear()


def _explain(kind: str, what) -> None:
    print(f"partial state after a kill during {kind}: {what}", file=sys.stderr)


def _judge(tally: Tally, partial: bool, started: bool) -> None:
    tally.add("kills")
    tally.add("partial states found", int(partial))
    survived = started and not partial
    tally.add("kills survived", int(survived))
    tally.add("kills not survived", int(not survived))


# --- data file cases ---------------------------------------------------------------------------

def _cli(*args: str) -> tuple[int, str, str]:
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        except Exception:  # noqa: BLE001 - a traceback is what we count
            import traceback

            traceback.print_exc(file=err)
            code = -1
    return code, out.getvalue(), err.getvalue()


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def _mounted(folder: Path, size: str, read_only: bool = False):
    """A small tmpfs at `folder` (root only); None when it cannot be made."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _is_root() or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True).returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def file_cases(workdir: Path, tally: Tally) -> None:
    from app.services import backup, i18n
    from app.services.database import open_database
    from app.services.errors import (
        AppError,
        CorruptDatabaseError,
        DamagedHeaderError,
        DatabaseLockedError,
        DiskFullError,
        EmptyDatabaseError,
        InUseByError,
        NotADatabaseError,
        ReadOnlyError,
        TruncatedDatabaseError,
    )
    from app.services.instance_lock import InstanceLock
    from tests.core.file_cases import write_lock_held, write_variant

    good = _make_demo(workdir / "cases" / "good.sqlite3")
    langs = ["nl", "fr", "en"]

    def expect(path: Path, error: AppError, damaged: bool, lang: str, command=("demo",)):
        tally.add("file cases")
        code, out, err = _cli("--lang", lang, *command, "--db", str(path))
        i18n.set_language(lang)
        wanted = error.user_message()
        i18n.set_language("nl")
        if "Traceback" in err:
            tally.add("tracebacks")
        if code != 2 or err.strip() != wanted:
            tally.add("wrong messages")
        if damaged:  # `check` finds a problem and says the same
            code, out, _err = _cli("--lang", lang, "check", "--db", str(path))
            if code != 1 or wanted not in out:
                tally.add("wrong messages")
        try:  # what the window would do: offer the backup only for a damaged file
            open_database(path).close()
            offered = False
        except CorruptDatabaseError:
            offered = backup.newest_good_backup(path) is not None
        except AppError:
            offered = False
        if offered != damaged:
            tally.add("backups offered wrongly")

    spoilt = {"empty": EmptyDatabaseError(), "short": TruncatedDatabaseError(),
              "cut": TruncatedDatabaseError(), "magic": DamagedHeaderError(),
              "zeroed": DamagedHeaderError(), "pagesize": DamagedHeaderError()}
    for i, (kind, error) in enumerate(spoilt.items()):
        folder = workdir / "cases" / kind
        folder.mkdir()
        path = _fresh_copy(good, folder / "buurt.sqlite3")
        backup.make_backup(path, "daily")  # a good backup to offer
        write_variant(good, path, kind)
        expect(path, error, True, langs[i % 3])
        if kind == "empty" and path.stat().st_size != 0:
            tally.add("partial states found")  # an empty file turned into a new database

    foreign = workdir / "cases" / "foreign" / "buurt.sqlite3"
    foreign.parent.mkdir()
    foreign.write_text("Boodschappen: melk, brood, kaas\n" * 100)
    expect(foreign, NotADatabaseError(), False, "fr")

    # the control: a healthy file is called healthy
    code, out, _err = _cli("--lang", "en", "check", "--db", str(good))
    tally.add("file cases")
    if code != 0 or "healthy" not in out:
        tally.add("wrong messages")

    in_use = _fresh_copy(good, workdir / "cases" / "in-use" / "buurt.sqlite3")
    with InstanceLock(in_use):  # as an open window holds it
        import socket

        expect(in_use, InUseByError(host=socket.gethostname(), pid=os.getpid()), False, "nl")

    locked = _fresh_copy(good, workdir / "cases" / "locked" / "buurt.sqlite3")
    with write_lock_held(locked):  # another program writing: SQLite's own lock
        expect(locked, DatabaseLockedError(), False, "en", command=("conflicts", "--keep", "1"))

    with _mounted(workdir / "cases" / "stick", "16m") as stick:
        if stick is None:
            tally.add("file cases not tried")
        else:
            path = _fresh_copy(good, stick / "buurt.sqlite3")
            backup.make_backup(path, "daily")
            subprocess.run(["mount", "-o", "remount,ro", str(stick)], check=True)
            expect(path, ReadOnlyError(), False, "fr")
    with _mounted(workdir / "cases" / "full", "400k") as full:
        if full is None:
            tally.add("file cases not tried")
        else:
            expect(full / "buurt.sqlite3", DiskFullError(), False, "en")


def counts(workdir: Path) -> dict[str, int]:
    tally = Tally()
    for name in ("kills", "kills survived", "kills not survived", "partial states found",
                 *(f"kills during {k}" for k in KINDS), "stale locks not taken over",
                 "leftovers after the next start", "leftovers after the next export",
                 "file cases", "file cases not tried", "wrong messages", "tracebacks",
                 "backups offered wrongly"):
        tally.figures[name] = 0
    rng = random.Random(int(os.environ.get("BV_ADVERSARIAL_SEED", "12")))
    old_home = os.environ.get("BUURTVERBINDER_HOME")
    os.environ["BUURTVERBINDER_HOME"] = str(workdir / "profile")  # never the user's profile
    try:
        file_cases(workdir, tally)
        kill_checks(workdir, tally, rng)
    finally:
        if old_home is None:
            os.environ.pop("BUURTVERBINDER_HOME", None)
        else:
            os.environ["BUURTVERBINDER_HOME"] = old_home
    return tally.figures
