"""How long the app waits for another program's lock on the data file (the busy timeout):
5 s, or BUURTVERBINDER_BUSY_TIMEOUT_MS for the whole process (an administrator's longer wait,
the tests' short one). Every connection to the file uses it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.models import session as session_settings
from app.models.session import BUSY_TIMEOUT_ENV, busy_timeout_from_env, make_engine
from app.services import database

ROOT = Path(__file__).resolve().parents[2]


def test_without_the_variable_the_wait_is_five_seconds(monkeypatch):
    monkeypatch.delenv(BUSY_TIMEOUT_ENV, raising=False)
    assert busy_timeout_from_env() == 5000


@pytest.mark.parametrize("raw, expected", [
    ("0", 0), ("250", 250), (" 30000 ", 30000), ("600000", 600000),
    ("", 5000), ("abc", 5000), ("-1", 5000), ("5s", 5000), ("2.5", 5000), ("1e3", 5000),
    ("600001", 5000), ("99999999999999999999", 5000), ("\u0661\u0662", 5000), ("+100", 5000)])
def test_the_variable_is_a_whole_number_of_milliseconds_or_ignored(monkeypatch, raw, expected):
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, raw)
    assert busy_timeout_from_env() == expected


def _waits(path: Path) -> tuple[int, int]:
    """(the engine's wait, the read-only check's wait) on `path`, in ms, as SQLite has them."""
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            by_engine = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    finally:
        engine.dispose()
    con = database._connect_read_only(path)
    try:
        by_check = con.execute("PRAGMA busy_timeout").fetchone()[0]
    finally:
        con.close()
    return by_engine, by_check


def test_every_connection_waits_as_long_as_set(monkeypatch, tmp_path):
    path = tmp_path / "buurt.sqlite3"
    assert _waits(path) == (5000, 5000)
    monkeypatch.setattr(session_settings, "BUSY_TIMEOUT_MS", 1234)
    assert _waits(path) == (1234, 1234)


def test_the_variable_is_read_at_start_of_the_process():
    script = "from app.models.session import BUSY_TIMEOUT_MS; print(BUSY_TIMEOUT_MS)"
    env = {**os.environ, "PYTHONPATH": str(ROOT), BUSY_TIMEOUT_ENV: "750"}
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["750"]
