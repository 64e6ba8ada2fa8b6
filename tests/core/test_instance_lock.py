"""One Buurtverbinder per data file: the command line's lock and the window's QLockFile see
each other; a dead holder's lock is taken over, a live one never (issue 12, point 9)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.services import instance_lock
from app.services.errors import InUseByError, InUseError
from app.services.instance_lock import InstanceLock, lock_path_for
from tests.core.file_cases import make_good_file, run_cli

ROOT = Path(__file__).resolve().parents[2]

HOLD_PY = """
import sys, time
from app.services.instance_lock import InstanceLock
lock = InstanceLock(sys.argv[1]); lock.acquire()
print("held", flush=True)
time.sleep(60)
"""

HOLD_QT = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(30000)
print("held" if lock.tryLock(0) else "refused", flush=True)
time.sleep(60)
"""


class Holder:
    def __init__(self, code: str, target: str):
        env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
        self.proc = subprocess.Popen([sys.executable, "-c", code, target], env=env,
                                     stdout=subprocess.PIPE, text=True)
        self.said = self.proc.stdout.readline().strip()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture
def holders():
    made = []

    def make(code, target):
        holder = Holder(code, str(target))
        made.append(holder)
        return holder

    yield make
    for holder in made:
        holder.kill()


def test_a_second_lock_is_refused_and_names_the_holder(tmp_path):
    db = tmp_path / "buurt.sqlite3"
    first = InstanceLock(db)
    first.acquire()
    with pytest.raises(InUseByError) as info:
        InstanceLock(db).acquire()
    assert info.value.params == {"host": socket.gethostname(), "pid": os.getpid()}
    first.release()
    assert not lock_path_for(db).exists()
    with InstanceLock(db) as again:
        assert again.held


def test_a_killed_holder_leaves_a_lock_that_is_taken_over(tmp_path, holders):
    db = tmp_path / "buurt.sqlite3"
    holder = holders(HOLD_PY, db)
    assert holder.said == "held"
    with pytest.raises(InUseByError):
        InstanceLock(db).acquire()
    holder.kill()
    assert lock_path_for(db).exists()  # left behind by the kill
    with InstanceLock(db) as lock:
        assert lock.held


def test_a_live_holder_is_never_pushed_out_however_old_its_lock(tmp_path, holders,
                                                                monkeypatch):
    db = tmp_path / "buurt.sqlite3"
    assert holders(HOLD_PY, db).said == "held"
    monkeypatch.setattr(instance_lock, "STALE_SECONDS", -1)  # every lock "too old"
    monkeypatch.setattr(instance_lock, "_host", lambda: "another-laptop")  # pid unknown here
    with pytest.raises(InUseError):
        InstanceLock(db).acquire()
    assert lock_path_for(db).exists()


def test_the_windows_qlockfile_and_the_command_lines_lock_see_each_other(tmp_path, holders):
    db = tmp_path / "buurt.sqlite3"
    qt = holders(HOLD_QT, lock_path_for(db))
    assert qt.said == "held"
    with pytest.raises(InUseByError) as info:
        InstanceLock(db).acquire()
    assert info.value.params["pid"] == qt.proc.pid
    qt.kill()
    with InstanceLock(db):
        assert holders(HOLD_QT, lock_path_for(db)).said == "refused"
    assert holders(HOLD_QT, lock_path_for(db)).said == "held"


def test_commands_that_write_wait_for_no_one_and_say_the_file_is_in_use(tmp_path, holders):
    db = make_good_file(tmp_path / "buurt.sqlite3", demo=False)
    holder = holders(HOLD_QT, lock_path_for(db))  # as the window holds it
    assert holder.said == "held"
    out = run_cli("--lang", "en", "demo", "--db", str(db))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"process {holder.proc.pid}" in out.stderr and "already open" in out.stderr
    for reading in (["status"], ["check"]):  # reading beside an open window is fine
        out = run_cli("--lang", "en", *reading, "--db", str(db))
        assert out.returncode == 0, out.stderr
    assert lock_path_for(db).exists()  # the window's lock is left alone


def test_a_lock_file_of_nonsense_is_in_use_while_fresh_and_stale_when_old(tmp_path):
    db = tmp_path / "buurt.sqlite3"
    lock_file = lock_path_for(db)
    lock_file.write_bytes(b"\x00garbage\xff")  # a half-written lock, or someone's prank
    with pytest.raises(InUseError) as info:
        InstanceLock(db).acquire()
    assert type(info.value) is InUseError  # no holder to name
    old = lock_file.stat().st_mtime - instance_lock.STALE_SECONDS - 5
    os.utime(lock_file, (old, old))
    with InstanceLock(db) as lock:
        assert lock.held
        assert lock_file.read_text().splitlines()[0] == str(os.getpid())


def test_a_folder_given_as_data_file_is_refused_calmly(tmp_path, capsys):
    from app.cli import main

    folder = tmp_path / "gegevens"
    folder.mkdir()
    assert main(["--lang", "en", "demo", "--db", str(folder)]) == 2
    assert "not a Buurtverbinder data file" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_a_planted_link_as_lock_file_is_not_followed(tmp_path):
    db = tmp_path / "buurt.sqlite3"
    precious = tmp_path / "precious.txt"
    precious.write_text("do not touch")
    old = precious.stat().st_mtime - instance_lock.STALE_SECONDS - 5
    os.utime(precious, (old, old))
    lock_path_for(db).symlink_to(precious)
    with InstanceLock(db) as lock:
        assert lock.held and not lock_path_for(db).is_symlink()
    assert precious.read_text() == "do not touch"
