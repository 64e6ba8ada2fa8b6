"""A migration killed half-way leaves the file as it was (one transaction), and the next
start migrates it again. Before, each step was committed on its own, so the file stayed at a
mix of old and new revisions (found by tests/adversarial/checks_files.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.services import database
from tests.core.file_cases import sqlite_rows

ROOT = Path(__file__).resolve().parents[2]
OLD = ROOT / "tests" / "fixtures" / "schema" / "v0.1-core_0001.sqlite3"

DIE_AT_THE_LAST_STEP = """
import os, signal, sqlite3.dbapi2 as dbapi, sys

real = dbapi.connect
recorded = []

def connect(*args, **kwargs):
    con = real(*args, **kwargs)
    def watch(sql):
        if sql.lstrip().upper().startswith(("INSERT INTO ALEMBIC_VERSION",
                                            "UPDATE ALEMBIC_VERSION")):
            recorded.append(sql)
            if len(recorded) == int(sys.argv[2]):  # the last step is being recorded
                os.kill(os.getpid(), signal.SIGKILL)
    con.set_trace_callback(watch)
    return con

dbapi.connect = connect
from app.services.database import upgrade_file
upgrade_file(sys.argv[1])
"""


def test_a_migration_killed_half_way_leaves_the_old_schema(tmp_path):
    path = tmp_path / "buurt.sqlite3"
    shutil.copyfile(OLD, path)
    before = sqlite_rows(path, "SELECT id, name FROM trajectory")
    steps = len(database.migration_graph()) - 1  # all but core_0001
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", DIE_AT_THE_LAST_STEP, str(path), str(steps)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == -9, proc.stderr  # it died after several steps had run
    assert database.read_schema_state(path).revisions == {"core_0001"}
    assert database.check_integrity(path) == []
    db = database.open_database(path)  # the next start migrates again, with the data
    db.close()
    assert database.read_schema_state(path).is_current
    assert sqlite_rows(path, "SELECT id, name FROM trajectory") == before
