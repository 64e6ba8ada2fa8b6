"""A searchable, sortable list of one kind of record with add, edit and undoable delete,
all reachable from the keyboard (Insert/Ctrl+N add, Enter edit, Delete delete, Ctrl+F search).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app.services.changes import Changes
from app.services.i18n import _, ngettext
from app.views.context import AppContext
from app.views.widgets.form import RecordDialog
from app.views.widgets.specs import ListSpec
from app.views.widgets.sql_model import SqlTableModel


class RecordListPanel(QWidget):
    """The list for one `ListSpec`, scoped to the context's current trajectory."""

    current_changed = Signal(object)  # record id or None
    record_saved = Signal(str)  # id of a created or edited record
    # a subclass may use a SqlTableModel subclass (e.g. with a faster filter for huge lists)
    model_class = SqlTableModel

    def __init__(self, ctx: AppContext, spec: ListSpec, parent=None):
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.setObjectName(f"list_{spec.model.__tablename__}")
        self.model = self.model_class(ctx.session, spec.model, spec.columns, self._base_query,
                                      self)
        self._build()
        if spec.default_sort:
            keys = [c.key for c in spec.columns]
            self.view.sortByColumn(keys.index(spec.default_sort), Qt.SortOrder.AscendingOrder)
        ctx.changed.connect(self._on_changed)
        ctx.trajectory_changed.connect(lambda _tid: self.reload())
        self.retranslate_ui()
        self.reload()

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("listTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(lambda: self.model.set_filter_text(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.delete_button = QPushButton()
        self.add_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.count_label = QLabel()

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vh = self.view.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vh.hide()
        hh = self.view.horizontalHeader()
        hh.setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for i, col in enumerate(self.spec.columns):
            self.view.setColumnWidth(i, char * (col.width or 18))
        self.view.doubleClicked.connect(lambda _i: self.edit_current())
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.current_changed.emit(self.model.id_at(cur.row())))

        self._shortcut(QKeySequence(Qt.Key.Key_Insert), self.add_record)
        self._shortcut(QKeySequence.StandardKey.New, self.add_record)
        self._shortcut(QKeySequence(Qt.Key.Key_Return), self.edit_current, self.view)
        self._shortcut(QKeySequence(Qt.Key.Key_Enter), self.edit_current, self.view)
        self._shortcut(QKeySequence(Qt.Key.Key_Delete), self.delete_current, self.view)
        self._shortcut(QKeySequence.StandardKey.Find, self.search.setFocus)
        self.search.returnPressed.connect(self.view.setFocus)

        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.search, 2)
        self.search_bar = bar  # a list may add a search option beside the box
        self.button_bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            self._keep_whole(button)
            self.button_bar.addWidget(button)
        self.button_bar.addStretch(1)
        self.button_bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # extra buttons ("Import…", ...) get a row of their own once there are more than
        # two, so long translated labels never make the list wider than a small screen
        self.extra_bar = QHBoxLayout()
        self.extra_bar.addStretch(1)
        self._extra_buttons: list[QPushButton] = []
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.button_bar)
        layout.addLayout(self.extra_bar)
        self.setFocusProxy(self.view)

    def _shortcut(self, keys, slot, widget: QWidget | None = None) -> QAction:
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        (widget or self).addAction(action)
        return action

    @staticmethod
    def _keep_whole(button: QPushButton) -> None:
        """Buttons keep their full text: the row may not squeeze them below it."""
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def add_button_widget(self, button: QPushButton) -> None:
        """Put an extra button (e.g. 'Import…') in the list's button row."""
        self._keep_whole(button)
        self._extra_buttons.append(button)
        if len(self._extra_buttons) <= 2:
            self.button_bar.insertWidget(self.button_bar.count() - 2, button)
            return
        # move every extra button to the second row, in the order they were added
        for extra in self._extra_buttons:
            if self.extra_bar.indexOf(extra) < 0:
                self.button_bar.removeWidget(extra)
                self.extra_bar.insertWidget(self.extra_bar.count() - 1, extra)

    def retranslate_ui(self) -> None:
        self.title.setText(_(self.spec.title))
        self.search.setPlaceholderText(_("Search…"))
        self.search.setAccessibleName(_("Search in {list}").format(list=_(self.spec.title)))
        # no Alt-letters here: a page holds several lists, and each list has its own keys
        # (Insert, Enter, Del) that the tooltips name
        self.add_button.setText(_("Add"))
        self.add_button.setToolTip(_("Add (Insert or Ctrl+N)"))
        self.edit_button.setText(_("Edit"))
        self.edit_button.setToolTip(_("Edit (Enter)"))
        self.delete_button.setText(_("Delete"))
        self.delete_button.setToolTip(_("Delete (Del); you can undo it with Ctrl+Z"))
        self.view.setAccessibleName(_(self.spec.title))
        self.model.retranslate()
        self._update_count()

    # --- data ---------------------------------------------------------------------------------
    def _base_query(self):
        return self.spec.base_scope(select(self.spec.model), self.ctx.trajectory_id)

    def reload(self) -> None:
        current = self.current_id()
        self.model.reload()
        if current:
            self.select_id(current)
        self._update_count()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(self.spec.model.__tablename__):
            self.reload()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(ngettext("{n} record", "{n} records", n).format(n=n))
        has = self.current_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def current_id(self) -> str | None:
        idx = self.view.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() else None

    def select_id(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)
        self._update_count()

    # --- actions --------------------------------------------------------------------------------
    def _dialog(self, title: str, values: dict[str, Any] | None) -> RecordDialog:
        with self.ctx.session() as session:
            return RecordDialog(title, self.spec.fields, values, session, self.ctx.trajectory_id,
                                self.spec.validate, self)

    def add_record(self) -> str | None:
        if not self.ctx.trajectory_id and self.spec.scope is None:
            return None
        dialog = self._dialog(_("New {item}").format(item=_(self.spec.item_name)), None)
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return None
        values = {**self.spec.new_defaults(self.ctx.trajectory_id), **dialog.values()}
        new_id = self.ctx.add_record(self.spec.model, values)
        self.select_id(new_id)
        self.record_saved.emit(new_id)
        return new_id

    def edit_current(self) -> None:
        record_id = self.current_id()
        if not record_id:
            return
        with self.ctx.session() as session:
            obj = session.get(self.spec.model, record_id)
            if obj is None:
                return
            values = {f.key: getattr(obj, f.key) for f in self.spec.fields}
        dialog = self._dialog(_("Edit {item}").format(item=_(self.spec.item_name)), values)
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        self.ctx.edit_record(self.spec.model, record_id, dialog.values(),
                             label=self._label_of(record_id))
        self.record_saved.emit(record_id)

    def delete_current(self) -> None:
        record_id = self.current_id()
        if not record_id:
            return
        row = self.view.currentIndex().row()
        self.ctx.delete_record(self.spec.model, record_id, label=self._label_of(record_id))
        row = min(row, self.model.rowCount() - 1)
        if row >= 0:
            self.select_id(self.model.id_at(row))

    def _label_of(self, record_id: str) -> str | None:
        """How the record is named in Edit › Undo: the list's first column, as shown."""
        row = self.model.row_of(record_id)
        if row < 0:
            return None
        return str(self.model.data(self.model.index(row, 0)) or "") or None
