"""Drag a row to a new place in a list that is kept in an order of its own (e.g. needs by
priority). The model only reports the move; the page stores the new order through its
service, and the list reloads from the database as after any change."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableView

from app.views.widgets.sql_model import SqlTableModel

MIME = "application/x-buurtverbinder-record-id"


class ReorderableModel(SqlTableModel):
    """A SqlTableModel whose rows can be dragged within the list while it is sorted by its
    order column (`order_column`, ascending); sorted any other way, a drop is refused."""

    order_column = 0
    # record id, and the id of the row it was dropped just above ("" = below the last row);
    # by id, so a search or filter that hides rows does not matter
    moved = Signal(str, str)

    def flags(self, index):
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [MIME]

    def mimeData(self, indexes):
        rows = {i.row() for i in indexes if i.isValid()}
        record_id = self.id_at(min(rows)) if rows else None
        data = QMimeData()
        if record_id:
            data.setData(MIME, record_id.encode())
        return data

    def in_order(self) -> bool:
        return (self._sort_col == self.order_column
                and self._sort_order == Qt.SortOrder.AscendingOrder)

    def canDropMimeData(self, data, action, row, column, parent):
        return data.hasFormat(MIME) and self.in_order()

    def dropMimeData(self, data, action, row, column, parent):
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        record_id = bytes(data.data(MIME)).decode()
        if row < 0:  # dropped onto a row: above it; onto empty space: at the end
            row = parent.row() if parent.isValid() else self.rowCount()
        anchor = (self.id_at(row) or "") if row < self.rowCount() else ""
        if anchor == record_id:
            return False
        # after the drop has finished: the list reloads when the new order is stored
        QTimer.singleShot(0, lambda: self.moved.emit(record_id, anchor))
        return False  # nothing for the view to remove: the order is stored, not the rows


def allow_drag_reorder(view: QTableView) -> None:
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropOverwriteMode(False)
    view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)


def moved_order(ids: list[str], record_id: str, anchor_id: str) -> list[str]:
    """`ids` with `record_id` moved to just above `anchor_id` ("" = to the end)."""
    rest = [i for i in ids if i != record_id]
    at = rest.index(anchor_id) if anchor_id in rest else len(rest)
    return [*rest[:at], record_id, *rest[at:]]
