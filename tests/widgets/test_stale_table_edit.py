"""A session's table grid saves each field as it is typed; a save based on what the grid read
before someone else changed that table is refused and the grid shows the other change
(issue 21). The grid's own saves one after the other are never refused."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QMessageBox

from app.models.participation import SessionTable


def _grid(qtbot, ctx, db, trajectory):
    from app.services.participation import sessions
    from app.views.participation.sessions_tab import TablesEditor

    with db.transaction() as s:
        meeting, _c = sessions.create_session(s, trajectory.id, title="Dromen in de zaal",
                                              session_date=date(2026, 12, 3))
        sessions.set_table_count(s, meeting.id, 2)
        sid = meeting.id
    grid = TablesEditor(ctx)
    qtbot.addWidget(grid)
    grid.load(sid)
    with db.session() as s:
        first = sessions.tables(s, sid)[0].id
    return grid, first


def _type(grid, row: int, text: str) -> None:
    edit = grid.grid.cellWidget(row, 2)
    assert isinstance(edit, QLineEdit)
    edit.setText(text)
    edit.editingFinished.emit()


def test_the_grids_own_saves_in_a_row_are_kept(qtbot, ctx, db, trajectory):
    grid, first = _grid(qtbot, ctx, db, trajectory)
    _type(grid, 0, "Els")
    _type(grid, 0, "Els en Jan")
    with db.session() as s:
        assert s.get(SessionTable, first).facilitator == "Els en Jan"


def test_a_save_after_someone_elses_change_is_refused(qtbot, ctx, db, trajectory, monkeypatch):
    from app.services.i18n import set_language
    from app.services.participation import sessions

    set_language("nl")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _title, text: told.append(text)))
    grid, first = _grid(qtbot, ctx, db, trajectory)
    with db.transaction() as s:  # a colleague's window on the same database
        sessions.update_table(s, first, facilitator="Mieke")
    _type(grid, 0, "Piet")
    assert len(told) == 1 and "intussen gewijzigd" in told[0]
    with db.session() as s:
        assert s.get(SessionTable, first).facilitator == "Mieke"
    qtbot.waitUntil(lambda: grid.grid.cellWidget(0, 2).text() == "Mieke")
