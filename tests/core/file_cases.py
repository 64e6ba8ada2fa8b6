"""Ways a data file goes wrong, made for real: shared by the tests and the adversarial checks
(tests/adversarial/checks_files.py)."""
from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


def make_good_file(path: Path, demo: bool = True) -> Path:
    from app.services.database import open_database
    from app.services.demo import create_demo

    db = open_database(path)
    try:
        if demo:
            with db.transaction() as session:
                create_demo(session)
    finally:
        db.close()
    return path


def write_variant(good: Path, target: Path, kind: str) -> Path:
    """A copy of `good` spoilt in one way: empty, short, cut, magic, zeroed, pagesize."""
    data = bytearray(good.read_bytes())
    if kind == "empty":
        data = bytearray()
    elif kind == "short":
        data = data[:60]
    elif kind == "cut":  # a copy that stopped half-way
        data = data[:len(data) // 2 + 100]
    elif kind == "magic":  # a flipped bit in "SQLite format 3"
        data[3] ^= 0x20
    elif kind == "zeroed":  # the first bytes wiped
        data[:100] = bytes(100)
    elif kind == "pagesize":
        data[16:18] = b"\x00\x07"
    else:
        raise ValueError(kind)
    target.write_bytes(bytes(data))
    return target


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """`folder` made truly read-only: a read-only mount when we are root (root ignores file
    modes), else file modes. Yields the folder; its contents stay as they were."""
    folder.mkdir(parents=True, exist_ok=True)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount"):
        staged = folder.with_name(folder.name + ".staged")
        shutil.copytree(folder, staged)
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
                            capture_output=True).returncode == 0
        if ok:
            try:
                shutil.copytree(staged, folder, dirs_exist_ok=True)
                subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
                yield folder
            finally:
                subprocess.run(["umount", str(folder)], capture_output=True)
                shutil.rmtree(staged, ignore_errors=True)
            return
        shutil.rmtree(staged, ignore_errors=True)
    files = [p for p in folder.rglob("*") if p.is_file()]
    for p in files:
        p.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        for p in files:
            p.chmod(0o644)


def can_make_read_only() -> bool:
    """False only for root without mount rights (file modes do not stop root)."""
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return True
    probe = Path(f"/tmp/.bv-ro-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                            capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", str(probe)], capture_output=True)
        return ok
    finally:
        probe.rmdir()


HOLD_WRITE_LOCK = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA journal_mode=WAL")
con.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


@contextlib.contextmanager
def write_lock_held(path: Path, seconds: float = 60) -> Iterator[subprocess.Popen]:
    """Another process (not Buurtverbinder) holds SQLite's write lock on `path`."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(path), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield proc
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def run_cli(*args: str, env: dict | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[2]
    full_env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=root)


def sqlite_rows(path: Path, sql: str) -> list:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
