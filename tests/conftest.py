"""Shared fixtures. Every test gets its own profile folder and database; nothing touches the
real user profile. Qt runs offscreen."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_ACCESSIBILITY", "0")

import pytest


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path, monkeypatch):
    home = tmp_path / "profile"
    monkeypatch.setenv("BUURTVERBINDER_HOME", str(home))
    from app.services import i18n

    i18n.set_language("nl")
    yield home
    i18n.set_language("nl")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.sqlite3"


@pytest.fixture(scope="session")
def db_templates(tmp_path_factory):
    """The migrated and the demo database, each made once per session (tests/templates.py);
    the run fails if a test changed one of them instead of its own copy."""
    from tests.templates import Templates

    templates = Templates(tmp_path_factory.mktemp("db-templates"))
    yield templates
    changed = templates.changed()
    assert not changed, f"a test wrote into the template databases {changed}"


@pytest.fixture
def db(request, db_path, db_templates):
    """The test's own database: a copy of the migrated template (or, for a test that asks
    for `demo_db`, of the demo), opened the way the app opens any file."""
    from app.services.database import open_database

    if "demo_db" in request.fixturenames:
        db_templates.copy_demo(db_path)
    else:
        db_templates.copy_migrated(db_path)
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def session(db):
    """One session; commit yourself or use db.transaction() for explicit transactions."""
    with db.session() as s:
        yield s


@pytest.fixture
def trajectory(db):
    from app.models.core import Trajectory

    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem")
        s.add(traj)
    return traj


@pytest.fixture
def demo_db(db):
    """A database filled with the demo trajectory (every feature's demo data): `db`, copied
    from the demo template."""
    return db


@pytest.fixture
def app_window(qtbot, demo_db):
    """The real main window over the demo database, shown and active (so keyboard shortcuts
    work offscreen). Yields the WindowController: `.window`, `.ctx`."""
    from PySide6.QtWidgets import QApplication

    from app.services.settings import Settings
    from app.views.window_controller import WindowController

    controller = WindowController(QApplication.instance(), demo_db, Settings())
    qtbot.addWidget(controller.window)
    controller.show()
    qtbot.waitExposed(controller.window)
    controller.window.activateWindow()
    QApplication.processEvents()
    yield controller
    controller.window.close()
    # Delete the window now: PySide6 can abort at interpreter exit when several fully built
    # main windows are still alive.
    from PySide6.QtCore import QEvent

    controller.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
