"""A killed export leaves a hidden, nearly complete package beside the target; the next export
to that folder removes it, and nothing that is not ours (issue 12, point 10)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services import leftovers
from app.services.exchange.package import write_atomically

ROOT = Path(__file__).resolve().parents[2]

KILLED_WRITE = """
import os, signal, sys
from pathlib import Path
from app.services.exchange.package import write_atomically

class KillHalfWay:
    def step(self, done, total):
        if sys.argv[2] == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        print("writing", flush=True)
        sys.stdin.readline()  # keeps writing until told to go on

data = b"PK\\x03\\x04" + "Maria Claes, Dorpsstraat 3\\n".encode() * 200_000
write_atomically(Path(sys.argv[1]), data, KillHalfWay())
"""


def writer(target: Path, mode: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", KILLED_WRITE, str(target), mode], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_next_export_removes_a_killed_exports_hidden_package(tmp_path):
    stick = tmp_path / "USB"
    stick.mkdir()
    proc = writer(stick / "voor-anna.bvx", "kill")
    proc.communicate(timeout=60)
    assert proc.returncode == -9
    left = hidden(stick)
    assert len(left) == 1 and left[0].startswith(".voor-anna-") and left[0].endswith(".part")
    assert b"Maria Claes" in (stick / left[0]).read_bytes()
    not_ours = [stick / ".notes-abcd1234.part", stick / ".voor-anna.bvx.swp",
                stick / "voor-anna-abcd1234.part"]
    not_ours[0].write_text("my own notes")
    not_ours[1].write_bytes(b"PK\x03\x04")
    not_ours[2].write_bytes(b"PK\x03\x04")

    write_atomically(stick / "voor-jan.bvx", b"PK\x03\x04 a new package")

    assert sorted(p.name for p in stick.iterdir()) == sorted(
        [p.name for p in not_ours] + ["voor-jan.bvx"])
    for file in stick.iterdir():
        assert b"Maria Claes" not in file.read_bytes()


def test_an_export_being_written_by_another_process_is_left_alone(tmp_path):
    stick = tmp_path / "USB"
    stick.mkdir()
    proc = writer(stick / "groot.bvx", "wait")
    try:
        assert proc.stdout.readline().strip() == "writing"
        busy = hidden(stick)
        assert leftovers.killed_exports(stick) and leftovers.remove_killed_exports(stick) == []
        write_atomically(stick / "klein.bvx", b"PK\x03\x04 small")
        assert hidden(stick) == busy
        proc.stdin.write("go on\n" * 10)
        proc.stdin.flush()
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert sorted(p.name for p in stick.iterdir()) == ["groot.bvx", "klein.bvx"]
