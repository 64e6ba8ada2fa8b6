"""Empty states with a way forward: a fresh start offers "Start a trajectory" and "Look at
the demo"; Home visits without a campaign offers "New campaign" instead of a page of disabled
buttons."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.models.core import Trajectory
from tests.groundwork.ui import rows
from tests.helpers import with_dialog


def _window(qtbot, db):
    from app.services.settings import Settings
    from app.views.window_controller import WindowController

    controller = WindowController(QApplication.instance(), db, Settings())
    qtbot.addWidget(controller.window)
    controller.show()
    qtbot.waitExposed(controller.window)
    return controller.window


def test_a_fresh_start_offers_a_trajectory_or_the_demo(qtbot, db):
    window = _window(qtbot, db)
    overview = window.overview
    qtbot.waitUntil(overview.welcome.isVisible)
    assert not overview.steps.isVisible()
    assert overview.start_button.isEnabled() and overview.demo_button.isEnabled()
    assert overview.heading.text() == "Welkom"

    def name_it(dialog):
        qtbot.keyClicks(dialog.form.editors["name"], "Loonbeek samen")
        qtbot.keyClick(dialog.form.editors["name"], Qt.Key.Key_Return)

    with_dialog(lambda: qtbot.mouseClick(overview.start_button, Qt.MouseButton.LeftButton),
                name_it)
    [traj] = rows(db, Trajectory)
    assert traj.name == "Loonbeek samen"
    qtbot.waitUntil(lambda: overview.steps.isVisible())
    assert not overview.welcome.isVisible() and overview.heading.text() == "Overzicht"


def test_look_at_the_demo_fills_it_off_the_gui_thread(qtbot, db, monkeypatch):
    import threading

    from app.services import demo

    window = _window(qtbot, db)
    qtbot.waitUntil(window.overview.demo_button.isVisible)
    threads = []
    real = demo.create_demo

    def spy(session):
        threads.append(threading.current_thread())
        return real(session)

    monkeypatch.setattr(demo, "create_demo", spy)
    qtbot.mouseClick(window.overview.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.overview.steps.isVisible(), timeout=20000)
    assert threads and threads[0] is not threading.main_thread()
    assert [t.name for t in rows(db, Trajectory)] == [window.trajectory_combo.currentText()]
    assert not window.overview.welcome.isVisible()


def test_home_visits_without_a_campaign_offers_a_new_one(qtbot, db, trajectory):
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    ctx = AppContext(db, Settings(language="nl"))
    ctx.set_trajectory(trajectory.id)
    page = OutreachPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.stack.currentWidget() is page.empty_state
    assert page.empty_new_button.isVisible() and page.empty_new_button.isEnabled()
    # no page of disabled buttons
    assert not page.tabs.isVisible() and not page.print_button.isVisible()
    assert not page.campaign_box.isVisible()
    assert "campagne" in page.empty_text.text().lower()
    shown = with_dialog(lambda: qtbot.mouseClick(page.empty_new_button,
                                                 Qt.MouseButton.LeftButton),
                        lambda dialog: None)
    assert isinstance(shown, QDialog)


def test_home_visits_shows_its_tabs_once_a_campaign_exists(qtbot, db, trajectory):
    from datetime import date

    from app.services.outreach.campaigns import create_campaign
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    ctx = AppContext(db, Settings(language="nl"))
    ctx.set_trajectory(trajectory.id)
    page = OutreachPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with ctx.write() as s:
        _camp, changes = create_campaign(s, trajectory.id, "Kerst", "christmas",
                                         start_date=date(2026, 12, 1))
    ctx.notify(changes)
    assert page.stack.currentWidget() is page.tabs and page.tabs.isVisible()
    assert page.print_button.isVisible() and page.campaign_box.isVisible()
