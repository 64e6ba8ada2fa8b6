"""Lists follow other users on a shared database (issue 21): a cheap poll while the window is
active; a list reloads keeping its selection; a file (SQLite) is never polled."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow

from app.models.core import Partner, Trajectory
from app.services import records, server
from app.services.settings import Settings
from app.views.shared_db import SharedRefresher
from tests.pgserver import ENGINES


@pytest.fixture
def window(db, qtbot):
    """One person's window: the partner list of a trajectory, shown and active."""
    from app.views.context import AppContext
    from app.views.groundwork.step1_page import partner_spec
    from app.views.widgets.record_list import RecordListPanel

    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem")
        s.add(traj)
        s.flush()
        for name in ("Bib", "CAW", "OCMW"):
            s.add(Partner(trajectory_id=traj.id, name=name))
    ctx = AppContext(None, Settings())
    main = QMainWindow()
    qtbot.addWidget(main)
    refresher = SharedRefresher(ctx, main)
    ctx.attach_database(db)
    ctx.set_trajectory(traj.id)
    panel = RecordListPanel(ctx, partner_spec())
    main.setCentralWidget(panel)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    return main, panel, refresher, traj.id


def names(panel):
    return [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]


def someone_else(db, trajectory_id):
    """Another coordinator, on another connection: renames one partner, adds one."""
    other = server.open_server(str(db.engine.url.render_as_string(hide_password=False)))
    try:
        with other.transaction() as s:
            caw = s.query(Partner).filter_by(name="CAW").one()
            records.update(s, caw, name="CAW De Kempen")
            s.add(Partner(trajectory_id=trajectory_id, name="Mutualiteit"))
    finally:
        other.close()


@pytest.mark.parametrize("db_engine", ["postgresql"])
def test_the_list_follows_another_users_change_and_keeps_the_selection(window, db, qtbot):
    _main, panel, refresher, tid = window
    assert refresher.timer.isActive()
    ocmw = panel.model.id_at(names(panel).index("OCMW"))
    panel.select_id(ocmw)
    assert not refresher.poll().kinds  # the first look: nothing to compare with
    someone_else(db, tid)
    assert sorted(names(panel)) == ["Bib", "CAW", "OCMW"]  # not yet looked
    changes = refresher.poll()
    assert changes.touches("partner")
    assert sorted(names(panel)) == ["Bib", "CAW De Kempen", "Mutualiteit", "OCMW"]
    assert panel.current_id() == ocmw
    assert not refresher.poll().touches("partner")  # nothing new since


@pytest.mark.parametrize("db_engine", ["postgresql"])
def test_an_inactive_window_does_not_poll(window, db, qtbot):
    main, _panel, refresher, tid = window
    refresher.poll()
    other = QMainWindow()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not main.isActiveWindow())
    someone_else(db, tid)
    assert not refresher.poll().touches("partner")
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    assert refresher.poll().touches("partner")


@pytest.mark.parametrize("db_engine", ["sqlite"])
def test_a_data_file_is_not_polled(window):
    _main, _panel, refresher, _tid = window
    assert not refresher.timer.isActive()
    QApplication.processEvents()


@pytest.mark.parametrize("db_engine", ENGINES)
def test_only_the_shared_tables_are_looked_at(db):
    with db.session() as s:
        marks = server.change_marks(s, ["partner", "local_meta", "x; DROP TABLE partner"])
    assert set(marks) == {"partner"}
