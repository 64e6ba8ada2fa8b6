"""Step 4 driven as a user would: figure import with its mapping dialog, the chart, the
focus-area filter, the gut-feeling flag, and the needs' priority (buttons, keys, dragging)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models.core import FocusArea
from app.models.groundwork import AreaFigure, AreaNeed
from app.services.i18n import set_language
from tests.groundwork.ui import check, key, press_enter, rows, show, type_into
from tests.helpers import with_dialog

# --- step 4 -----------------------------------------------------------------------------------

def test_step4_import_chart_filter_and_gut_feeling(qtbot, ctx, db, trajectory, tmp_path,
                                                   monkeypatch):
    from app.views.groundwork.step4_page import Step4Page

    set_language("en")
    with db.transaction() as s:
        s.add(FocusArea(trajectory_id=trajectory.id, name="Sint-Maria-Heide"))
        s.add(FocusArea(trajectory_id=trajectory.id, name="Loonbeek"))
    page = Step4Page(ctx)
    show(qtbot, page)
    csv = tmp_path / "cijfers.csv"
    csv.write_bytes(("Indicator;Waarde;Eenheid;Jaar;Deelgemeente;Referentie\r\n"
                     "Alleenwonende 75-plussers;18,4;%;2024;Sint-Maria-Heide;14,1\r\n"
                     "Afstand bushalte;1,8;km;2024;Loonbeek;0,6\r\n"
                     "Fout;veel;;2024;Loonbeek;\r\n").encode("cp1252"))
    seen = {}

    def accept(dialog):
        seen["summary"] = dialog.summary.text()
        seen["counts"] = dialog.counts.text()
        seen["bad cell"] = dialog.model.data(dialog.model.index(2, 3))
        return dialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", accept)
    assert page.import_file(csv) == 2
    assert "2 rows can be imported" in seen["summary"]
    assert "1 row will be skipped" in seen["summary"]
    assert "Value: 1" in seen["counts"] and seen["bad cell"].startswith("⚠")
    assert len(rows(db, AreaFigure)) == 2
    assert page.figures.model.rowCount() == 2
    assert len(page.chart.figures) == 2
    assert not page.chart.grab().isNull()

    # a file that is not a table: a calm message, nothing imported
    bad = tmp_path / "rapport.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    shown = []
    monkeypatch.setattr("app.views.util.QMessageBox.warning",
                        lambda *a: shown.append(a[2]))
    assert page.import_file(bad) == 0
    assert "rapport.pdf" in shown[0]

    # filter by focus area
    page.area_filter.setCurrentIndex(page.area_filter.findText("Loonbeek"))
    assert page.figures.model.rowCount() == 1
    assert [f[0] for f in page.chart.figures] == ["Afstand bushalte"]
    page.area_filter.setCurrentIndex(0)

    # a need without figures or stories is flagged as a gut feeling
    page.tabs.setCurrentIndex(2)

    def need_fill(dialog):
        type_into(qtbot, dialog, "title", "Jongeren voelen zich eenzaam")
        press_enter(qtbot, dialog)

    page.needs.view.setFocus()
    with_dialog(lambda: key(qtbot, page.needs.view, Qt.Key.Key_Insert), need_fill)
    [need] = rows(db, AreaNeed)
    assert "Gut feeling" in page.needs.model.data(page.needs.model.index(0, 3))
    assert "1 need rests on a gut feeling" in page.needs_hint.text()
    fig = rows(db, AreaFigure, indicator="Afstand bushalte")[0]
    page.needs.select_id(need.id)

    def link(dialog):
        check(dialog, "figure_ids", fig.id)
        press_enter(qtbot, dialog)

    with_dialog(lambda: key(qtbot, page.needs.view, Qt.Key.Key_Return), link)
    assert page.needs.model.data(page.needs.model.index(0, 3)) == "figures: 1, stories: 0"
    assert "Every need" in page.needs_hint.text()

    # a second need, then move it up with Ctrl+Up: priorities follow
    def second(dialog):
        type_into(qtbot, dialog, "title", "Vervoer")
        dialog.form.editors["priority"].setValue(2)
        press_enter(qtbot, dialog)

    with_dialog(lambda: key(qtbot, page.needs.view, Qt.Key.Key_Insert), second)
    vervoer = rows(db, AreaNeed, title="Vervoer")[0]
    page.needs.select_id(vervoer.id)
    key(qtbot, page.needs.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    with db.session() as s:
        order = s.scalars(select(AreaNeed.title).order_by(AreaNeed.priority)).all()
    assert order == ["Vervoer", "Jongeren voelen zich eenzaam"]
    assert page.needs.model.data(page.needs.model.index(0, 1)) == "Vervoer"
    assert page.needs.current_id() == vervoer.id
    page.down_button.click()
    with db.session() as s:
        assert s.get(AreaNeed, vervoer.id).priority == 2


def _need_titles(db, trajectory):
    with db.session() as s:
        return [n.title for n in s.scalars(select(AreaNeed).where(
            AreaNeed.trajectory_id == trajectory.id).order_by(AreaNeed.priority))]


def test_needs_change_priority_by_button_key_and_drag(qtbot, ctx, db, trajectory):
    from PySide6.QtCore import QModelIndex, Qt

    from app.views.groundwork.step4_page import Step4Page

    with db.transaction() as s:
        for i, title in enumerate(["Vervoer", "Ontmoetingsplek", "Info over hulp"], start=1):
            s.add(AreaNeed(trajectory_id=trajectory.id, title=title, priority=i))
    page = Step4Page(ctx)
    show(qtbot, page)
    page.tabs.setCurrentIndex(2)
    needs = page.needs
    # the button: "Info over hulp" one place up
    needs.select_id(needs.model.id_at(2))
    page.up_button.click()
    assert _need_titles(db, trajectory) == ["Vervoer", "Info over hulp", "Ontmoetingsplek"]
    # a change of priority is one undo step (issue 14)
    ctx.undo_stack.undo()
    assert _need_titles(db, trajectory) == ["Vervoer", "Ontmoetingsplek", "Info over hulp"]
    ctx.undo_stack.redo()
    assert _need_titles(db, trajectory) == ["Vervoer", "Info over hulp", "Ontmoetingsplek"]
    # the keyboard: Ctrl+Down on the list moves the current need down again
    key(qtbot, needs.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _need_titles(db, trajectory) == ["Vervoer", "Ontmoetingsplek", "Info over hulp"]
    # dragging "Info over hulp" onto the first row puts it first
    model = needs.model
    last = model.index(2, 1)
    assert model.flags(last) & Qt.ItemFlag.ItemIsDragEnabled
    data = model.mimeData([last])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    qtbot.waitUntil(lambda: _need_titles(db, trajectory)[0] == "Info over hulp")
    assert _need_titles(db, trajectory) == ["Info over hulp", "Vervoer", "Ontmoetingsplek"]
    # ... and dropped below the last row, to the end
    data = model.mimeData([model.index(0, 1)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    qtbot.waitUntil(lambda: _need_titles(db, trajectory)[-1] == "Info over hulp")
    # sorted by title, the list's order is not the priority: a drop is refused
    needs.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    data = model.mimeData([model.index(0, 1)])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert needs.view.toolTip().startswith("Sleep een nood")


def test_moved_order_puts_the_record_above_its_anchor():
    from app.views.widgets.reorder import moved_order

    ids = ["a", "b", "c", "d"]
    assert moved_order(ids, "d", "a") == ["d", "a", "b", "c"]
    assert moved_order(ids, "a", "c") == ["b", "a", "c", "d"]
    assert moved_order(ids, "b", "") == ["a", "c", "d", "b"]
    assert moved_order(ids, "c", "gone") == ["a", "b", "d", "c"]
