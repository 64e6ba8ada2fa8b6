"""Record lists driven from the keyboard and the mouse as a user would: Tab leaves the table,
Shift selects several rows, Ctrl+C copies them, the context menu holds the list's actions,
"To Excel…" writes every filtered row with real dates and numbers and no formulas."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.models.core import Partner
from app.models.groundwork import TrainingSession
from tests.groundwork.ui import key, rows, show


@pytest.fixture
def partners(db, trajectory):
    with db.transaction() as s:
        for name, kind in (("CAW De Kempen", "caw"), ("LDC De Linde", "ldc"),
                           ("OCMW Testgem", "social_service")):
            s.add(Partner(trajectory_id=trajectory.id, name=name, partner_type=kind))


@pytest.fixture
def panel(qtbot, ctx, partners):
    from app.views.groundwork.step1_page import partner_spec
    from app.views.widgets.record_list import RecordListPanel

    panel = RecordListPanel(ctx, partner_spec())
    show(qtbot, panel)
    return panel


def test_tab_leaves_the_table_and_arrows_move_inside(qtbot, panel):
    key(qtbot, panel.view, Qt.Key.Key_Down)
    assert panel.view.hasFocus()
    # coming in, the first row is current and selected: the user sees where they are
    assert panel.selected_ids() and panel.current_id() == panel.model.id_at(
        panel.view.currentIndex().row())
    before = panel.view.currentIndex().row()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert panel.view.currentIndex().row() == before + 1
    qtbot.keyClick(panel.view, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not panel.view and focus is not None
    assert not panel.view.isAncestorOf(focus)


def test_shift_selects_rows_and_ctrl_c_copies_them_as_shown(qtbot, panel):
    panel.view.setFocus()
    panel.select_id(panel.model.id_at(0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(panel.selected_ids()) == 2
    qtbot.keyClick(panel.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0].split("\t")[:3] == ["Organisation", "Type", "Involvement"]
    assert len(lines) == 3
    assert lines[1].split("\t")[:3] == ["CAW De Kempen", "CAW (general welfare work)",
                                        "Kept informed"] or lines[1].startswith("CAW De Kempen")
    assert lines[2].startswith("LDC De Linde\t")
    assert all(len(line.split("\t")) == len(panel.visible_columns()) for line in lines)


def test_deleting_several_rows_is_one_undo(qtbot, panel, ctx, db):
    panel.view.setFocus()
    panel.select_id(panel.model.id_at(0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert [p.name for p in rows(db, Partner)] == ["OCMW Testgem"]
    ctx.undo_stack.undo()
    assert len(rows(db, Partner)) == 3 and panel.model.rowCount() == 3


# the offscreen platform cannot raise a popup menu or grab the keyboard for it
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_context_menu_holds_the_lists_actions(qtbot, panel):
    rect = panel.view.visualRect(panel.model.index(1, 0))
    panel.view.customContextMenuRequested.emit(rect.center())
    menu = panel.context_menu
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Add", "Edit", "Delete", "&Copy rows", "To Excel…"]
    assert panel.current_id() == panel.model.id_at(1)  # the row under the mouse
    copy = next(a for a in menu.actions() if a.text() == "&Copy rows")
    menu.close()
    copy.trigger()
    assert QApplication.clipboard().text().splitlines()[1].startswith("LDC De Linde")


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_empty_list_menu_offers_only_what_can_be_done(qtbot, ctx):
    from app.views.groundwork.step1_page import partner_spec
    from app.views.widgets.record_list import RecordListPanel

    panel = RecordListPanel(ctx, partner_spec())
    show(qtbot, panel)
    panel.view.customContextMenuRequested.emit(QPoint(5, 5))
    enabled = {a.text(): a.isEnabled() for a in panel.context_menu.actions()
               if not a.isSeparator()}
    panel.context_menu.close()
    assert enabled == {"Add": True, "Edit": False, "Delete": False, "&Copy rows": False,
                       "To Excel…": False}


def test_export_writes_every_filtered_row_typed_and_without_formulas(qtbot, ctx, db,
                                                                     trajectory, tmp_path):
    from openpyxl import load_workbook

    from app.views.groundwork.specs import training_spec
    from app.views.widgets.record_list import RecordListPanel
    from app.views.widgets.sql_model import BLOCK

    n = BLOCK * 3 + 17  # more than the list ever loads at once
    with db.transaction() as s:
        for i in range(n):
            s.add(TrainingSession(trajectory_id=trajectory.id, held_on=date(2026, 1, 1 + i % 28),
                                  place=f"Zaal {i:04d}", volunteers=i % 7, residents=1))
        s.add(TrainingSession(trajectory_id=trajectory.id, held_on=date(2026, 3, 1),
                              place="=HYPERLINK(\"http://x\",\"klik\")", facilitator="@SUM(A1)",
                              topics="-2+3", residents=2))
        s.add(TrainingSession(trajectory_id=trajectory.id, place="Elders", residents=3))
    panel = RecordListPanel(ctx, training_spec())
    show(qtbot, panel)
    panel.search.setText("zaal")
    qtbot.waitUntil(lambda: panel.model.rowCount() == n)
    out = panel.export_excel(tmp_path / "sessies")  # the name gets its .xlsx
    assert out.endswith("sessies.xlsx")
    sheet = load_workbook(out).active
    data = list(sheet.iter_rows(values_only=True))
    assert list(data[0][:3]) == ["Date", "Kind", "Place"]
    assert len(data) == n + 1  # every filtered row, not only the loaded ones
    first = data[1]
    assert first[0].date() == date(2026, 1, 1) and sheet["A2"].number_format == "d/m/yyyy"
    assert isinstance(first[4], int)  # participants: a number, not text
    assert not any("Elders" in str(row) for row in data)  # filtered out

    panel.search.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == n + 2)
    out = panel.export_excel(tmp_path / "alle.xlsx")
    sheet = load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row]
    risky = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in risky} >= {"=HYPERLINK(\"http://x\",\"klik\")", "@SUM(A1)", "-2+3"}
    assert all(c.data_type == "s" for c in risky)  # text, never a formula
    assert not list(tmp_path.glob("*.part"))


def test_hidden_and_moved_columns_export_as_shown(qtbot, panel, tmp_path):
    from openpyxl import load_workbook

    panel.view.setColumnHidden(3, True)  # contact person
    panel.view.horizontalHeader().moveSection(2, 0)  # involvement first
    out = panel.export_excel(tmp_path / "p.xlsx")
    header = next(load_workbook(out).active.iter_rows(values_only=True))
    assert list(header) == ["Involvement", "Organisation", "Type", "Roles agreed", "Essential"]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_no_header_is_cut_off(qtbot, ctx, lang):
    """The issue's "eeftijd" and "ollen afgesproke": every header of every list fits."""
    from app.services.i18n import set_language
    from app.views.groundwork import specs
    from app.views.groundwork.step1_page import partner_spec
    from app.views.outreach import lists
    from app.views.widgets.record_list import RecordListPanel

    set_language(lang)
    for spec in (partner_spec(), specs.training_spec(), specs.interested_spec(),
                 lists.people_spec(lambda: ""), lists.visitors_spec()):
        panel = RecordListPanel(ctx, spec)
        qtbot.addWidget(panel)
        header = panel.view.horizontalHeader()
        metrics = header.fontMetrics()
        for i in range(len(spec.columns) - 1):  # the last one stretches
            text = panel.model.headerData(i, Qt.Orientation.Horizontal)
            assert header.sectionSize(i) >= metrics.horizontalAdvance(text) + 12, (lang, text)
        assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft


def test_no_table_in_the_app_traps_tab(app_window, qtbot):
    """Every table and tree of every tab hands Tab back to the window (the conflict inbox
    is checked by its own tests)."""
    from PySide6.QtWidgets import QAbstractItemView

    from app.views.widgets.lazy_tabs import LazyPage

    window = app_window.window
    trapping = []
    for tab in window.lazy_tabs:
        page = tab.ensure_built()
        for inner in page.findChildren(LazyPage):  # a page's own tabs, built when shown
            inner.ensure_built()
        for view in page.findChildren(QAbstractItemView):
            if view.tabKeyNavigation():
                trapping.append(f"{type(page).__name__}: {view.objectName() or view}")
    assert not trapping, trapping


def test_the_excel_button_asks_where_and_names_the_file_in_the_users_words(
        qtbot, panel, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    asked = {}

    def save_as(parent, title, suggested, filters):
        asked.update(title=title, suggested=suggested, filters=filters)
        return str(tmp_path / "mijn partners"), filters

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_as)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert asked["title"] == "Export to Excel" and "(*.xlsx)" in asked["filters"]
    assert asked["suggested"].endswith(f"Partners {date.today().isoformat()}.xlsx")
    rows_ = list(load_workbook(tmp_path / "mijn partners.xlsx").active.iter_rows(
        values_only=True))
    assert len(rows_) == 4 and rows_[1][0] == "CAW De Kempen"


def test_cancelling_the_save_dialog_writes_nothing(qtbot, panel, tmp_path, monkeypatch):
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a: ("", ""))
    monkeypatch.chdir(tmp_path)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert not list(tmp_path.rglob("*.xlsx")) and not list(tmp_path.rglob("*.part"))


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_menu_key_opens_the_menu_on_the_current_row(qtbot, panel):
    key(qtbot, panel.view, Qt.Key.Key_Down)  # into the list: first row
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)  # second row
    current = panel.current_id()
    from PySide6.QtGui import QContextMenuEvent

    # what the platform sends for the menu key: a keyboard-reason context menu event, with a
    # position that need not be the current row
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(1, 1),
                              panel.view.viewport().mapToGlobal(QPoint(1, 1)))
    QApplication.sendEvent(panel.view.viewport(), event)
    menu = panel.context_menu
    assert menu.isVisible()
    assert panel.current_id() == current  # the row stays the one the user was on
    menu.close()
