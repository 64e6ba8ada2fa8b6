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


@pytest.fixture(scope="session")
def _main_thread_collector(qapp):
    """Garbage collection as the app has it (app/views/collector.py): on the main thread
    only, never started by a worker thread of a test."""
    from app.views import collector

    return collector.install(qapp)


@pytest.fixture(autouse=True)
def _collections_between_tests(_main_thread_collector):
    """A test that never runs the event loop gets the collections it made due at its end."""
    yield
    _main_thread_collector.collect_due()


@pytest.fixture(autouse=True)
def _cheap_scrypt(request, monkeypatch):
    """Passphrase packages with scrypt's work factor 2^10 instead of the app's 2^18 (about a
    second each way on a slow machine); a test marked `real_scrypt` gets the app's own."""
    if request.node.get_closest_marker("real_scrypt") is None:
        from app.services.exchange import age_scrypt

        monkeypatch.setattr(age_scrypt, "LOG_N", 10)


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
def db(request, db_path, db_engine, db_templates):
    """The test's own database. On SQLite: a copy of the migrated template (or, for a test
    that asks for `demo_db`, of the demo), opened the way the app opens any file. On
    PostgreSQL (modules with BOTH_ENGINES): an emptied database on the test server, with the
    demo restored into it when asked for (made once by `create_demo` on that server,
    tests/pgserver.py)."""
    from app.services.database import open_database

    if db_engine == "postgresql":
        from app.services.server import open_server

        url = request.getfixturevalue("pg_url")
        if "demo_db" in request.fixturenames:
            request.getfixturevalue("pg_server").restore_demo(url)
        database = open_server(url)
    else:
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
    from the demo template (restored into it on PostgreSQL)."""
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


# PostgreSQL (issue 21): one real server per session, started only when a test needs it.

@pytest.fixture(scope="session")
def pg_server():
    from tests.pgserver import PgServer, PostgresUnavailableError

    try:
        server = PgServer().start()
    except PostgresUnavailableError as exc:
        pytest.fail(f"the PostgreSQL test server did not start: {exc}", pytrace=False)
    try:
        server.make_template()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server):
    """An empty database with the schema and roles, for this test alone."""
    name = pg_server.acquire()
    yield pg_server.url(name)
    pg_server.release(name)


@pytest.fixture
def pg_empty_url(pg_server):
    """A fresh, empty database (no tables), as an administrator makes it for `server init`."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def db_engine():
    """Which engine `db` opens. Modules that set BOTH_ENGINES = True run on both."""
    return "sqlite"


def pytest_generate_tests(metafunc):
    if getattr(metafunc.module, "BOTH_ENGINES", False) and "db_engine" in metafunc.fixturenames:
        metafunc.parametrize("db_engine", ["sqlite", "postgresql"])


# In parallel (pytest-xdist, `--dist loadfile`, scripts/run-tests), each worker takes the next
# test file from a queue when it is done with one: the long files go first, so that none of
# them starts at the end while the other worker has nothing left to do. Their durations
# (tests/durations.json, seconds of one file on one worker, measured with `--durations=0`)
# only order the files; a file not listed is taken as short. scripts/run-tests passes
# `--no-loadscope-reorder`, which keeps this order (xdist would otherwise put the files with
# the most tests first).

def pytest_collection_modifyitems(session, config, items):
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # one process: the usual order
    import json
    from pathlib import Path

    known = json.loads((Path(__file__).parent / "durations.json").read_text(encoding="utf-8"))
    first_seen = {}
    for item in items:
        first_seen.setdefault(item.nodeid.split("::")[0], len(first_seen))

    def weight(item):
        path = item.nodeid.split("::")[0]
        return -known.get(path, 0.0), first_seen[path]

    items.sort(key=weight)  # stable: a file's own tests keep their order
