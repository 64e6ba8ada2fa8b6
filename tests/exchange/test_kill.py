"""A process killed in the middle of an import or export leaves the database as it was, and
the import can simply be run again."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from app.models.core import Partner, Trajectory
from app.services.database import check_integrity

from .conftest import snapshot

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

IMPORT_AND_DIE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from app.services.database import open_database
    from app.services.exchange import importer
    from app.services.progress import Progress

    db = open_database(sys.argv[1])
    pkg = importer.load_for(db, Path(sys.argv[2]))
    calls = []

    def die(done, total, text):
        calls.append(done)
        if done > 0:  # records are written inside the open transaction by now
            Path(sys.argv[3]).write_text(str(done))
            os.kill(os.getpid(), signal.SIGKILL)

    importer.import_package(db, pkg, progress=Progress(die))
""")

EXPORT_AND_DIE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from app.services.database import open_database
    from app.services.exchange import exporter
    from app.services.progress import Progress

    db = open_database(sys.argv[1])

    def die(done, total, text):
        if done >= total:  # the package is being written to its temporary file
            os.kill(os.getpid(), signal.SIGKILL)

    exporter.export_package(db, Path(sys.argv[2]), "lead", passphrase="lange zin 1234",
                            progress=Progress(die))
""")


def _run(script, *args):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def _fill(lt, n=450):
    with lt.db.transaction() as s:
        traj = Trajectory(name="Groot dorp")
        s.add(traj)
        s.flush()
        s.add_all([Partner(trajectory_id=traj.id, name=f"Partner {i}") for i in range(n)])


def test_killed_import_leaves_the_database_as_it_was(laptops, tmp_path):
    anna, bert = laptops("anna"), laptops("bert")
    _fill(anna)
    path = anna.export("full", to=bert)
    before = snapshot(bert.db)
    bert.db.close()
    marker = tmp_path / "killed"
    proc = _run(IMPORT_AND_DIE, bert.db.path, path, marker)
    assert proc.returncode == -9, proc.stderr
    assert marker.exists()  # it really died mid-import
    assert check_integrity(bert.db.path) == []
    from app.services.database import open_database

    bert.db = open_database(bert.db.path)
    assert snapshot(bert.db) == before
    result = bert.import_(path)  # simply run it again
    assert result.preview.total("added") == 451
    assert snapshot(bert.db) == snapshot(anna.db)


def test_killed_export_leaves_no_package_and_the_data_as_it_was(laptops, tmp_path):
    anna = laptops("anna")
    _fill(anna, 20)
    before = snapshot(anna.db)
    anna.db.close()
    out = tmp_path / "out" / "lead.bvx"
    proc = _run(EXPORT_AND_DIE, anna.db.path, out)
    assert proc.returncode == -9, proc.stderr
    assert not out.exists()
    assert check_integrity(anna.db.path) == []
    from app.services.database import open_database

    anna.db = open_database(anna.db.path)
    assert snapshot(anna.db) == before
    anna.export("lead", passphrase="lange zin 1234")  # and it works afterwards
