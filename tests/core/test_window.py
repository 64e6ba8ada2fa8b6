"""The main window driven as a user would: tabs, language, focus areas with undo."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit
from sqlalchemy import select

from app.models.core import FocusArea
from app.services import i18n
from app.views.context import AppContext
from app.views.main_window import MainWindow
from tests.helpers import with_dialog


@pytest.fixture
def controller(app_window):
    # wide enough for every tab's full title (a narrow window numbers the closed steps:
    # tests/widgets/test_main_window.py)
    app_window.window.resize(1400, 800)
    return app_window


def tab_texts(window):
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_window_has_overview_before_start_and_seven_steps(controller):
    texts = tab_texts(controller.window)
    assert len(texts) == 10
    assert texts[0] == "Overzicht"
    assert texts[1] == "Voor je start"
    assert texts[2].startswith("1 ") and texts[6].startswith("5 ")
    assert texts[9] == "Huisbezoeken"


def test_every_tab_opens(controller, qtbot):
    window = controller.window
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.wait(1)
        assert window.current_page() is not None
        assert window.current_page().isVisible()


def test_keyboard_moves_between_steps(controller, qtbot):
    window = controller.window
    window.tabs.setCurrentIndex(0)
    window.act_next.trigger()
    assert window.tabs.currentIndex() == 1
    window.act_prev.trigger()
    window.act_prev.trigger()
    assert window.tabs.currentIndex() == window.tabs.count() - 1


def test_language_switch_changes_the_whole_window(controller, qtbot):
    window = controller.window
    window.tabs.setCurrentIndex(2)  # build a step page first
    page = window.current_page()
    window.language_actions["fr"].trigger()
    assert i18n.current_language() == "fr"
    assert tab_texts(window)[0] == "Vue d’ensemble"
    assert window.file_menu.title() == "&Fichier"
    assert page.checklist_box.title() == "Liste de contrôle"
    window.language_actions["en"].trigger()
    assert tab_texts(window)[0] == "Overview"
    assert page.print_button.text() == "&Print this step…"
    window.language_actions["nl"].trigger()
    assert tab_texts(window)[0] == "Overzicht"
    assert controller.settings.language == "nl"


def fill_name(qtbot, name: str):
    def handle(dialog):
        edit = dialog.findChild(QLineEdit, "field_name")
        qtbot.keyClicks(edit, name)
        kind = dialog.findChild(QComboBox, "field_kind")
        if kind is not None and kind.currentData() is None:  # a required choice, still open
            kind.setCurrentIndex(1)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    return handle


def test_add_and_undo_delete_a_focus_area_with_the_keyboard(controller, qtbot):
    window = controller.window
    window.tabs.setCurrentIndex(1)
    page = window.current_page()
    panel = page.focus_areas
    start = panel.model.rowCount()
    panel.view.setFocus()
    qtbot.wait(50)  # let the freshly shown tab settle, as a user's first keypress would
    with_dialog(lambda: qtbot.keyClick(panel.view, Qt.Key.Key_Insert),
                fill_name(qtbot, "Nieuwe Wijk"))
    assert panel.model.rowCount() == start + 1
    assert panel.current_id() is not None
    with controller.ctx.session() as s:
        assert "Nieuwe Wijk" in s.scalars(select(FocusArea.name)).all()

    # offscreen, no window is active again after a modal dialog closes: do what the
    # window manager does on a desktop
    window.activateWindow()
    QApplication.processEvents()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert panel.model.rowCount() == start
    with controller.ctx.session() as s:
        assert "Nieuwe Wijk" not in s.scalars(select(FocusArea.name)).all()
    window.act_undo.trigger()
    assert panel.model.rowCount() == start + 1
    with controller.ctx.session() as s:
        assert "Nieuwe Wijk" in s.scalars(select(FocusArea.name)).all()


def test_filter_box_narrows_the_list(controller, qtbot):
    window = controller.window
    window.tabs.setCurrentIndex(1)
    panel = window.current_page().focus_areas
    qtbot.keyClicks(panel.search, "Kapel")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=2000)
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=2000)


def test_checklist_ticks_move_the_overview(controller, qtbot):
    window = controller.window
    window.tabs.setCurrentIndex(3)  # step 2
    page = window.current_page()
    bar = window.overview.rows[2][2]
    before = bar.value()
    page.checks[0].click()
    qtbot.waitUntil(lambda: bar.value() > before, timeout=2000)
    page.checks[0].click()
    qtbot.waitUntil(lambda: bar.value() == before, timeout=2000)


def test_notes_are_kept_without_a_save_button(controller, qtbot):
    window = controller.window
    window.tabs.setCurrentIndex(2)
    page = window.current_page()
    qtbot.keyClicks(page.notes, "Gesprek met de pastoor")
    page.flush()
    from app.services import method

    with controller.ctx.session() as s:
        assert method.get_note(s, controller.ctx.trajectory_id, 1) == "Gesprek met de pastoor"


def test_new_trajectory_becomes_current(controller, qtbot):
    window = controller.window
    with_dialog(window.new_trajectory, fill_name(qtbot, "Tweede traject"))
    assert window.trajectory_combo.currentText() == "Tweede traject"
    assert window.trajectory_combo.count() == 2


def test_exit_when_ready_smoke(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "main.py", "--db", str(tmp_path / "x.sqlite3"),
                          "--exit-when-ready"], capture_output=True, text=True, timeout=120,
                         env=env, cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                             os.path.abspath(__file__)))))
    assert out.returncode == 0, out.stderr


def test_context_run_announces_changes(qtbot, db, trajectory):
    from app.services import method
    from app.services.settings import Settings

    ctx = AppContext(db, Settings())
    with qtbot.waitSignal(ctx.changed) as blocker:
        ctx.run(method.set_tick, trajectory.id, 1, "lead_named", True)
    assert blocker.args[0].touches("checklist_tick")
    assert isinstance(MainWindow, type)


def test_menus_are_in_order_and_translated(controller):
    bar = controller.window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert titles[:4] == ["&Bestand", "Be&werken", "&Ga naar", "&Uitwisselen"]
    assert titles[-1] == "&Help"
    assert "&Taal" in titles
