"""The main window at 960×540 logical pixels (a full-HD screen at 200 %): every tab stays in
view whichever is open, and the help panel folds away and stays folded."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.settings import Settings


def _tabs_in_view(window) -> bool:
    bar = window.tabs.tabBar()
    visible = bar.rect()
    return all(visible.contains(bar.tabRect(i)) for i in range(bar.count()))


def test_every_tab_stays_in_view_at_960_by_540(app_window, qtbot):
    window = app_window.window
    window.resize(960, 540)
    QApplication.processEvents()
    full = [window.full_tab_title(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(0)
    window.tabs.setFocus()
    for i in range(window.tabs.count()):
        QApplication.processEvents()
        assert window.tabs.currentIndex() == i
        assert _tabs_in_view(window), f"a tab is out of view with tab {i} open"
        assert window.tabs.tabText(i) == full[i]  # the open one reads in full
        assert window.tabs.tabText(0) == full[0] and window.tabs.tabText(9) == full[9]
        qtbot.keyClick(window.tabs, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    # a closed step shows its number, its name in the tooltip
    window.tabs.setCurrentIndex(0)
    assert window.tabs.tabText(3) == "2" and "2" in window.tabs.tabToolTip(3)
    # the Go menu keeps the full names
    assert window.go_actions[3].text() == full[3]


def test_full_titles_when_there_is_room(app_window):
    window = app_window.window
    window.resize(1900, 900)
    QApplication.processEvents()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == \
        [window.full_tab_title(i) for i in range(window.tabs.count())]
    assert _tabs_in_view(window)


def test_the_help_panel_folds_away_and_is_remembered(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(2)
    page = window.current_page()
    QApplication.processEvents()
    assert page.side_panel.isVisible()
    before = page.splitter.widget(0).width()
    qtbot.mouseClick(page.side_toggle, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert not page.side_panel.isVisible()
    assert page.splitter.widget(0).width() > before  # the step gets the room
    assert Settings.load().help_panel == "hidden"
    assert page.side_toggle.text() == "◂ Hulp tonen"
    # the other step tabs follow
    window.tabs.setCurrentIndex(3)
    QApplication.processEvents()
    assert not window.current_page().side_panel.isVisible()
    # and it is shown again with the keyboard
    toggle = window.current_page().side_toggle
    toggle.setFocus()
    qtbot.keyClick(toggle, Qt.Key.Key_Space)
    assert window.current_page().side_panel.isVisible()
    assert Settings.load().help_panel == "shown"
