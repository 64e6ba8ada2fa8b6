"""Keyboard use, accessible names and 200% scaling across the main window."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication

from tests.packaging.a11y import clipped_buttons, unnamed_controls

ROOT = Path(__file__).resolve().parents[2]


def test_frequent_actions_have_shortcuts(app_window):
    window = app_window.window
    assert window.act_print.shortcut().toString() == "Ctrl+P"
    assert window.act_next.shortcut().toString() == "Ctrl+PgDown"
    assert window.act_prev.shortcut().toString() == "Ctrl+PgUp"
    assert window.help.action.shortcut().toString() == "F1"
    assert [a.shortcut().toString() for a in window.go_actions][:3] == [
        "Alt+0", "Alt+1", "Alt+2"]


def test_every_tab_can_be_reached_with_the_keyboard(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(0)
    seen = []
    for _ in range(window.tabs.count()):
        seen.append(window.tabs.currentIndex())
        qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert seen == list(range(window.tabs.count()))
    assert window.tabs.currentIndex() == 0  # and round again
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 3


def next_focusable(widget):
    """The widget Tab moves to: the next one in the chain that is shown, enabled and takes
    Tab focus."""
    widget = widget.nextInFocusChain()
    while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled()
               and widget.isVisible()):
        widget = widget.nextInFocusChain()
    return widget


def test_step_side_panel_tab_order_follows_the_reading_order(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(3)  # step 2: the side panel of the foundation's StepPage
    page = window.current_page()
    qtbot.wait(1)  # a lazily built page is shown on the next turn of the event loop
    chain, widget = [], page.checks[0]
    for _ in range(len(page.checks) + 2):
        chain.append(widget)
        widget = next_focusable(widget)
    assert chain == [*page.checks, page.notes, page.print_button]


def test_notes_field_lets_tab_move_on(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(3)
    page = window.current_page()
    qtbot.wait(1)
    page.notes.setFocus()
    qtbot.keyClick(page.notes, Qt.Key.Key_Tab)
    assert "\t" not in page.notes.toPlainText()
    assert QApplication.focusWidget() is page.print_button
    qtbot.keyClick(page.print_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is page.notes


def test_main_window_chrome_and_overview_name_every_control(app_window, qtbot):
    window = app_window.window
    window.tabs.setCurrentIndex(0)
    qtbot.wait(1)
    assert unnamed_controls(window.overview) == []
    assert window.trajectory_combo.accessibleName()
    assert window.trajectory_label.buddy() is window.trajectory_combo


def test_step_side_panels_name_every_control(app_window, qtbot):
    window = app_window.window
    for index in range(1, window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.current_page()
        qtbot.wait(1)
        if hasattr(page, "checklist_box"):
            problems = unnamed_controls(page.checklist_box) + unnamed_controls(page.notes_box)
            assert problems == [], window.tabs.tabText(index)
            assert page.print_button.text()


def test_guide_window_names_every_control(app_window, qtbot):
    guide = app_window.window.help.open_page("index")
    qtbot.addWidget(guide)
    assert unnamed_controls(guide) == []
    assert clipped_buttons(guide) == []


def test_large_system_font_does_not_clip_overview_or_guide(app_window, qtbot):
    app = QApplication.instance()
    old = QFont(app.font())
    big = QFont(old)
    big.setPointSizeF(old.pointSizeF() * 1.8)
    app.setFont(big)
    try:
        window = app_window.window
        window.resize(1600, 1000)
        window.tabs.setCurrentIndex(0)
        qtbot.wait(1)
        assert clipped_buttons(window.overview) == []
        guide = window.help.open_page("keyboard")
        qtbot.addWidget(guide)
        qtbot.wait(1)
        assert clipped_buttons(guide) == []
    finally:
        app.setFont(old)


@pytest.fixture(scope="module")
def scaled_shots(tmp_path_factory):
    """Every tab at 200% (QT_SCALE_FACTOR=2) on a 1920×1080 screen = 960×540 logical.
    A separate process: the scale factor is read when QApplication starts."""
    out = tmp_path_factory.mktemp("scaled")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "BUURTVERBINDER_HOME": str(tmp_path_factory.mktemp("profile"))}
    done = subprocess.run(
        [sys.executable, "-m", "tools.screenshots", str(out), "--scale", "2",
         "--size", "960x540", "--lang", "nl"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def test_every_tab_is_captured_at_200_percent(scaled_shots, app_window):
    count = app_window.window.tabs.count()
    files = sorted(scaled_shots.glob("tab*-nl.png"))
    assert len(files) == count
    for file in files:
        image = QImage(str(file))
        assert image.height() == 1080, f"{file.name}: taller than the screen"
        assert image.width() >= 1920
    overview = QImage(str(scaled_shots / "tab0-nl.png"))
    assert overview.width() == 1920, "the Overview needs more than a 1920-pixel screen"


def test_every_tab_is_a_closed_focus_loop_without_traps(app_window, qtbot):
    """Tab from the trajectory chooser visits the tab bar and the page's controls and comes
    back round; no editable text field swallows the Tab key."""
    from PySide6.QtWidgets import QPlainTextEdit, QTabBar, QTextEdit

    window = app_window.window
    start = window.trajectory_combo
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(1)
        page = window.current_page()
        chain, widget = [], start
        for _ in range(400):
            widget = next_focusable(widget)
            if widget is start:
                break
            chain.append(widget)
        else:
            pytest.fail(f"tab {index}: focus never comes back round")
        assert any(isinstance(w, QTabBar) for w in chain), f"tab {index}: tab bar unreachable"
        assert any(page.isAncestorOf(w) for w in chain), f"tab {index}: page unreachable"
        edits = page.findChildren(QPlainTextEdit) + page.findChildren(QTextEdit)
        traps = [e.objectName() or type(e).__name__ for e in edits
                 if e.isVisible() and not e.isReadOnly() and not e.tabChangesFocus()]
        assert traps == [], f"tab {index}: Tab is typed into {traps}"


def test_every_tab_names_its_controls_and_clips_no_button(app_window, qtbot):
    """What a screen reader needs on every tab, and no button text cut off at 1280×800."""
    window = app_window.window
    window.resize(1280, 800)
    problems = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.current_page()
        # a freshly built page lays itself out over a few event-loop turns
        try:
            qtbot.waitUntil(lambda p=page: not clipped_buttons(p), timeout=1000)
        except qtbot.TimeoutError:
            pass  # reported below
        found = unnamed_controls(page) + clipped_buttons(page)
        if found:
            problems[window.tabs.tabText(index)] = found
    assert problems == {}


def test_the_checks_themselves_catch_problems(qtbot):
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    bare = QLineEdit()
    labelled = QLineEdit()
    label = QLabel("&Naam")
    label.setBuddy(labelled)
    squeezed = QPushButton("Een heel lange knoptekst die niet past")
    squeezed.setFixedWidth(40)
    for widget in (bare, label, labelled, squeezed):
        layout.addWidget(widget)
    root.show()
    qtbot.waitExposed(root)
    assert unnamed_controls(root) == ["QLineEdit (no name) in QWidget"]
    assert len(clipped_buttons(root)) == 1
    bare.setAccessibleName("Zoeken")
    assert unnamed_controls(root) == []
