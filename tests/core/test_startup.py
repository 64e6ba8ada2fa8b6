"""Start-up: the first paint shows the Overview's figures read from the file (the glance), the
database is opened on a worker thread, and the window switches to it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.services import method
from app.services.glance import read_glance

ROOT = Path(__file__).resolve().parents[2]


def statuses_and_summary(db, trajectory_id):
    from app.services.summary import trajectory_summary

    with db.session() as session:
        return method.step_status(session, trajectory_id), trajectory_summary(session,
                                                                             trajectory_id)


def first_trajectory(db):
    from app.services.summary import trajectories

    with db.session() as session:
        return trajectories(session)[0][0]


# --- the glance (Qt-free) ---------------------------------------------------------------------

def test_glance_reads_what_the_database_layer_reads(demo_db):
    tid = first_trajectory(demo_db)
    demo_db.close()  # also as a file nobody has open
    glance = read_glance(demo_db.path)
    assert glance is not None and glance.trajectory_id == tid
    from app.services.database import open_database

    db = open_database(demo_db.path)
    try:
        statuses, summary = statuses_and_summary(db, tid)
    finally:
        db.close()
    assert glance.statuses == statuses
    assert any(s.progress > 0 for s in statuses)  # the demo really counts something
    assert glance.summary == summary and summary.municipality


def test_glance_shows_the_last_used_trajectory_else_the_first(db):
    from app.models.core import Trajectory

    with db.transaction() as s:
        ids = {name: Trajectory(name=name) for name in ("Bdorp", "Adorp")}
        s.add_all(ids.values())
    glance = read_glance(db.path, ids["Bdorp"].id)
    assert [name for _id, name in glance.trajectories] == ["Adorp", "Bdorp"]
    assert glance.trajectory_id == ids["Bdorp"].id
    assert read_glance(db.path, "not-there").trajectory_id == ids["Adorp"].id


def test_glance_leaves_out_deleted_trajectories_and_partners(db):
    from app.models.core import Partner, Trajectory
    from app.services import records

    with db.transaction() as s:
        kept, gone = Trajectory(name="Blijft"), Trajectory(name="Weg")
        s.add_all([kept, gone])
        s.flush()
        lead = Partner(trajectory_id=kept.id, name="OCMW", involvement="lead")
        s.add(lead)
    with db.transaction() as s:
        records.soft_delete(s, Trajectory, gone.id)
        records.soft_delete(s, Partner, lead.id)
    glance = read_glance(db.path)
    assert [name for _id, name in glance.trajectories] == ["Blijft"]
    assert glance.summary.lead == ""


@pytest.mark.parametrize("content", [None, b"", b"not a database at all, just text\n" * 40,
                                     b"SQLite format 3\x00" + b"\x13" * 4000])
def test_no_glance_at_a_missing_foreign_or_damaged_file_which_stays_untouched(tmp_path,
                                                                            content):
    path = tmp_path / "data.sqlite3"
    if content is not None:
        path.write_bytes(content)
    assert read_glance(path) is None
    if content is None:
        assert not path.exists()
    else:
        assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if content is None
                                                            else ["data.sqlite3"])


def test_every_counted_table_has_a_trajectory_and_a_tombstone():
    """Counters name tables in plain SQL; they must exist with the columns counted on."""
    import app.models  # noqa: F401  (every feature's tables)
    from app.models.base import Base

    counted = [c for sd in method.all_steps() for c in sd.counters if hasattr(c, "table")]
    assert len(counted) >= 15
    for counter in counted:
        table = Base.metadata.tables[counter.table]
        for column in ("trajectory_id", "deleted_at", *counter.columns):
            assert column in table.c, f"{counter.table}.{column}"


def test_progress_reads_the_same_through_sqlite3_and_a_session(demo_db):
    import sqlite3

    tid = first_trajectory(demo_db)
    with demo_db.session() as session:
        via_session = method.step_status(session, tid)
    con = sqlite3.connect(demo_db.path)
    try:
        assert method.step_status(con, tid) == via_session
    finally:
        con.close()


# --- the real start, in its own process -----------------------------------------------------------

PROBE = r"""
import json, sys
import app.startup as startup
from app.views import window_controller

def grab_at_first_paint(self):
    def report():
        import PySide6.QtCore as core
        overview = self.window.overview
        print(json.dumps({
            "modules": sorted(m for m in ("sqlalchemy", "babel", "app.models")
                              if m in sys.modules),
            "qt_namespace": "Qt" in core.__dict__,
            "has_database": self.ctx.has_database,
            "bars": [bar.value() for _sd, _button, bar, _next in overview.rows],
            "summary": overview.summary.text(),
            "trajectory": self.window.trajectory_combo.currentText(),
        }))
        self.app.quit()
    self._after_next_paint(report)

window_controller.WindowController.exit_after_first_paint = grab_at_first_paint
sys.exit(startup.run_gui(sys.argv[1:] + ["--exit-after-first-paint"]))
"""


def test_first_paint_shows_the_figures_before_the_database_layer_loads(demo_db, tmp_path):
    tid = first_trajectory(demo_db)
    statuses, summary = statuses_and_summary(demo_db, tid)
    demo_db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", PROBE, "--db", str(demo_db.path)],
                         capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    assert shown["has_database"] is False
    assert shown["bars"] == [round(s.progress * 100) for s in statuses]
    assert summary.municipality in shown["summary"] and summary.lead in shown["summary"]
    assert shown["trajectory"] == summary.name
    # what the first paint must not wait for
    assert shown["modules"] == []
    assert shown["qt_namespace"] is False


def test_closing_right_after_the_first_paint_loads_no_database_layer_either(demo_db):
    """What `benchmarks/startup.py` times is a whole process, its exit included: the pass
    that shares the last changes at closing must not pull in SQLAlchemy when no data is
    open yet (it once made the first-paint run three times slower)."""
    demo_db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-X", "importtime", "main.py", "--db",
                          str(demo_db.path), "--exit-after-first-paint"],
                         capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()
                if line.startswith("import time:")}
    assert "sqlalchemy" not in imported and "app.models" not in imported


# --- the window while the database opens -------------------------------------------------------

class FakeApp:
    """Stands in for QApplication where the controller would end the event loop."""

    def __init__(self):
        self.exit_code = None

    def exit(self, code):
        self.exit_code = code


@pytest.fixture
def closed_demo(demo_db):
    tid = first_trajectory(demo_db)
    demo_db.close()
    return demo_db.path, tid


def make_controller(qtbot, path, app=None, glance=None):
    from PySide6.QtWidgets import QApplication

    from app.services.settings import Settings
    from app.views.window_controller import WindowController

    controller = WindowController(app or QApplication.instance(), None, Settings(), path,
                                  quick_start=True, glance=glance)
    qtbot.addWidget(controller.window)
    controller.show()
    return controller


def test_window_shows_the_glance_then_opens_the_database_off_the_gui_thread(
        qtbot, closed_demo, monkeypatch):
    from app.services import database

    path, tid = closed_demo
    threads = []
    real_open = database.open_database

    def recording_open(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_open(*args, **kwargs)

    monkeypatch.setattr(database, "open_database", recording_open)
    controller = make_controller(qtbot, path, glance=read_glance(path))
    window, ctx = controller.window, controller.ctx
    assert not ctx.has_database and ctx.trajectory_id == tid
    assert window.trajectory_combo.currentData() == tid
    assert not window.trajectory_combo.isEnabled() and not window.act_new.isEnabled()
    assert next(bar.value() for _sd, _b, bar, _n in window.overview.rows) > 0
    window.tabs.setCurrentIndex(2)  # a step tab clicked before the data is there
    tab = window.lazy_tabs[1]
    assert tab.page is None and tab.findChild(type(window.trajectory_label), "openingData")
    assert window.current_page() is None
    window.print_current()  # nothing to print yet, and no error

    controller.open_database_in_background()
    qtbot.waitUntil(lambda: ctx.has_database, timeout=60_000)
    assert threads and threads[0] is not threading.main_thread()
    assert ctx.glance is None and window.trajectory_combo.isEnabled()
    qtbot.waitUntil(lambda: tab.page is not None, timeout=10_000)  # built once ready
    assert window.current_page() is tab.page
    controller.close_database()


def test_a_file_that_cannot_be_opened_gets_its_message_and_the_app_stops(
        qtbot, tmp_path, monkeypatch):
    from app.services.errors import NotADatabaseError
    from app.views import window_controller

    path = tmp_path / "boodschappen.sqlite3"
    path.write_text("melk, brood, kaas\n" * 100)
    told = []
    monkeypatch.setattr(window_controller, "offer_restore",
                        lambda parent, db_path, error: told.append(error) or False)
    app = FakeApp()
    controller = make_controller(qtbot, path, app=app)
    assert controller.ctx.glance is None
    controller.open_database_in_background()
    qtbot.waitUntil(lambda: app.exit_code is not None, timeout=60_000)
    assert app.exit_code == 2
    assert isinstance(told[0], NotADatabaseError)
    assert not controller.ctx.has_database
    assert path.read_text() == "melk, brood, kaas\n" * 100


def test_a_restored_backup_is_opened_after_all(qtbot, tmp_path, monkeypatch, closed_demo):
    from app.views import window_controller

    good, _tid = closed_demo
    path = tmp_path / "kapot.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)

    def restore(parent, db_path, error):
        Path(db_path).write_bytes(good.read_bytes())
        return True

    monkeypatch.setattr(window_controller, "offer_restore", restore)
    app = FakeApp()
    controller = make_controller(qtbot, path, app=app)
    controller.open_database_in_background()
    qtbot.waitUntil(lambda: controller.ctx.has_database, timeout=60_000)
    assert app.exit_code is None
    assert controller.window.trajectory_combo.count() == 1
    controller.close_database()


def test_closing_while_the_database_opens_waits_for_it_and_closes_it(qtbot, closed_demo):
    path, _tid = closed_demo
    controller = make_controller(qtbot, path, app=FakeApp())
    controller.open_database_in_background()
    controller.close_database()  # the window closed at once
    assert controller._opener is None
    assert controller.ctx.db is None or controller.ctx.db.engine.pool.checkedout() == 0


def test_closing_while_a_damaged_file_is_opened_shows_no_dialog_afterwards(
        qtbot, tmp_path, monkeypatch):
    from app.views import window_controller

    path = tmp_path / "kapot.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)
    asked = []
    monkeypatch.setattr(window_controller, "offer_restore",
                        lambda *args: asked.append(args) or False)
    app = FakeApp()
    controller = make_controller(qtbot, path, app=app)
    controller.open_database_in_background()
    controller.close_database()
    assert asked == [] and app.exit_code is None
    assert controller._opener is None


def test_a_first_look_that_fails_unexpectedly_only_means_no_first_look(demo_db, monkeypatch):
    from app.services import backup

    def unreadable(_path):
        raise PermissionError("backups folder not readable")

    monkeypatch.setattr(backup, "last_backup", unreadable)
    assert read_glance(demo_db.path) is None
