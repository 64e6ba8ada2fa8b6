"""A table model over record ids: sorting and filtering run in SQL, rows are fetched in blocks
on demand and cached, so lists of 100,000 rows stay quick. The SQL is the Qt-free
`app.services.list_query`'s; this model only asks it and caches the answers."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.services import list_query
from app.services.i18n import _
from app.views.widgets.specs import Column

if TYPE_CHECKING:
    from app.services.list_query import Select, Session

BLOCK = 200


class SqlTableModel(QAbstractTableModel):
    """Rows are the ids that `base_query` selects, in SQL order; cells come from `columns`.

    base_query: a callable returning a Select of the model (already scoped), re-run on refresh.
    """

    def __init__(
        self,
        session_factory: Callable[[], Session],
        model: type,
        columns: list[Column],
        base_query: Callable[[], Select],
        parent=None,
    ):
        super().__init__(parent)
        self._sessions = session_factory
        self._model = model
        self._columns = columns
        self._base_query = base_query
        self._ids: list[str] = []
        self._cache: dict[str, tuple] = {}
        self._filter = ""
        self._sort_col: int | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._extra_where: list[Any] = []

    # --- configuration -------------------------------------------------------------------
    def expr(self, col: int):
        c = self._columns[col]
        return c.expr if c.expr is not None else getattr(self._model, c.key)

    def set_filter_text(self, text: str) -> None:
        text = text.strip()
        if text != self._filter:
            self._filter = text
            self.reload()

    def set_extra_where(self, clauses: list[Any]) -> None:
        self._extra_where = list(clauses)
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_col, self._sort_order = column, order
        self.reload()

    def _id_query(self) -> Select:
        n = len(self._columns)
        return list_query.id_query(
            self._base_query(), self._model, [self.expr(i) for i in range(n)],
            [c.searchable and c.display is None for c in self._columns], self._filter,
            self._sort_col, self._sort_order == Qt.SortOrder.DescendingOrder,
            self._extra_where)

    def reload(self) -> None:
        self.beginResetModel()
        with self._sessions() as session:
            self._ids = list_query.find_ids(session, self._id_query())
        self._cache.clear()
        self.endResetModel()

    def invalidate_rows(self) -> None:
        """Re-read cell values (after edits) without changing which rows there are."""
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1,
                                                               len(self._columns) - 1))

    # --- access ----------------------------------------------------------------------------
    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: str) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def raw_value(self, row: int, col: int) -> Any:
        rid = self._ids[row]
        if rid not in self._cache:
            self._fetch_block(row)
        return self._cache.get(rid, (None,) * len(self._columns))[col]

    def _fetch_block(self, row: int) -> None:
        start = max(0, row - BLOCK // 4)
        wanted = [i for i in self._ids[start:start + BLOCK] if i not in self._cache]
        exprs = [self.expr(i) for i in range(len(self._columns))]
        with self._sessions() as session:
            self._cache.update(list_query.fetch_rows(session, self._model, exprs, wanted))

    # --- export (thread-safe: reads only the database, never the cache or Qt) ---------------
    def export_value(self, col: int, value: Any) -> Any:
        """A cell as a spreadsheet should hold it: labels as shown, numbers and dates typed."""
        column = self._columns[col]
        if column.display is not None:
            return column.display(value)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, str):
            return value.replace("\n", " ")
        return value

    def export_rows(self, ids: list[str], columns: list[int], progress=None):
        """Rows of `ids` (all the filtered ones, not only those on screen), in that order,
        with the values of `columns`; fetched from SQL in blocks."""
        exprs = [self.expr(i) for i in columns]
        for _rid, values in list_query.iter_rows(self._sessions, self._model, exprs, ids,
                                                 progress):
            yield [self.export_value(c, v) for c, v in zip(columns, values, strict=True)]

    def all_ids(self) -> list[str]:
        return list(self._ids)

    def header(self, col: int) -> str:
        return _(self._columns[col].header)

    # --- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            value = self.raw_value(index.row(), index.column())
            column = self._columns[index.column()]
            return self.format_value(column, value)
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        return None

    @staticmethod
    def format_value(column: Column, value: Any) -> str:
        if column.display is not None:
            return column.display(value)
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if hasattr(value, "isoformat") and not isinstance(value, str):
            from app.services.i18n import format_date

            return format_date(value, "short")
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        return str(value).replace("\n", " ")

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return _(self._columns[section].header)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        self.invalidate_rows()
