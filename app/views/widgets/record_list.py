"""A searchable, sortable list of one kind of record with add, edit and undoable delete,
all reachable from the keyboard (Insert/Ctrl+N add, Enter edit, Delete delete, Ctrl+F search).

Tab leaves the table (arrows move inside it); Shift/Ctrl select several rows; Ctrl+C copies
the selected rows as the columns show them; the context menu (right click, or the menu key)
holds the list's actions; "To Excel…" writes every filtered row to an XLSX file.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import list_query, records
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import _, ngettext
from app.views.context import AppContext
from app.views.util import show_error
from app.views.widgets.form import RecordDialog
from app.views.widgets.specs import ListSpec, change_columns
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
        # the spec's columns, then who changed each record and when (shown on a shared
        # database only: on a file every change is this device's)
        self.columns = spec.columns + change_columns(spec.model)
        self.model = self.model_class(ctx.session, spec.model, self.columns, self._base_query,
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
        self._build_bar()
        self._build_view()
        self._build_shortcuts()
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
        layout.addLayout(self.search_bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.button_bar)
        layout.addLayout(self.extra_bar)
        self.setFocusProxy(self.view)

    def _build_bar(self) -> None:
        """Title, search box (debounced) and "To Excel…" above the list; the buttons."""
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
        self.add_button, self.edit_button = QPushButton(), QPushButton()
        self.delete_button = QPushButton()
        self.add_button.clicked.connect(self.add_record)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.count_label = QLabel()
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportExcel")
        self.export_button.clicked.connect(lambda _checked=False: self.export_excel())
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.search, 2)
        self._keep_whole(self.export_button)
        bar.addWidget(self.export_button)
        self.search_bar = bar  # a list may add a search option beside the box

    def _build_view(self) -> None:
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setTabKeyNavigation(False)  # Tab moves on to the buttons; arrows stay inside
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)  # the menu key opens it on the row
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vh = self.view.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vh.hide()
        hh = self.view.horizontalHeader()
        hh.setStretchLastSection(True)
        # headers read from their start; a clipped one ends in "…", never loses its head
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.doubleClicked.connect(lambda _i: self.edit_current())
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.current_changed.emit(self.model.id_at(cur.row())))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_count())

    def _build_shortcuts(self) -> None:
        self._shortcut(QKeySequence(Qt.Key.Key_Insert), self.add_record)
        self._shortcut(QKeySequence.StandardKey.New, self.add_record)
        self._shortcut(QKeySequence(Qt.Key.Key_Return), self.edit_current, self.view)
        self._shortcut(QKeySequence(Qt.Key.Key_Enter), self.edit_current, self.view)
        self._shortcut(QKeySequence(Qt.Key.Key_Delete), self.delete_current, self.view)
        self._shortcut(QKeySequence.StandardKey.Find, self.search.setFocus)
        self._shortcut(QKeySequence.StandardKey.Copy, self.copy_rows, self.view)
        self.search.returnPressed.connect(self.view.setFocus)

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
        self.export_button.setText(_("To Excel…"))
        self.export_button.setToolTip(_("Save the rows of this list, as filtered, in an Excel "
                                        "file"))
        self.view.setAccessibleName(_(self.spec.title))
        self.model.retranslate()
        self._fit_columns()
        self._update_count()

    def _fit_columns(self) -> None:
        """Each column as wide as its spec asks, and at least as wide as its header in the
        current language (with room for the sort arrow), so no header is cut off."""
        char = self.fontMetrics().averageCharWidth()
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        for i, col in enumerate(self.columns):
            title = _(col.header)
            wanted = max(char * (col.width or 18), metrics.horizontalAdvance(title) + 28)
            self.view.setColumnWidth(i, wanted)

    # --- data ---------------------------------------------------------------------------------
    def _base_query(self):
        return self.spec.base_scope(list_query.records_of(self.spec.model),
                                    self.ctx.trajectory_id)

    def reload(self) -> None:
        """Read the rows again, keeping the selected record and the scroll position."""
        self._show_change_columns()
        current = self.current_id()
        scroll = self.view.verticalScrollBar().value()
        self.model.reload()
        if current:
            self.select_id(current)
        self.view.verticalScrollBar().setValue(scroll)
        self._update_count()

    def _show_change_columns(self) -> None:
        """"Changed by" and "Last changed" on a shared database; a reader sees when, not
        who (docs/lead-server.md)."""
        shared, first = self.ctx.db_is_shared, len(self.spec.columns)
        for i, col in enumerate(self.columns[first:], first):
            hidden = not shared or (col.key == "changed_by" and self.ctx.read_only)
            self.view.setColumnHidden(i, hidden)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(self.spec.model.__tablename__):
            self.reload()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(ngettext("{n} record", "{n} records", n).format(n=n))
        has = self.current_id() is not None
        if self.spec.parent is not None:
            self.add_button.setEnabled(self.can_add())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has or bool(self.selected_ids()))
        self.export_button.setEnabled(n > 0)
        if self.ctx.read_only:
            self._only_reading()

    def _only_reading(self) -> None:
        """A reader of a shared database: the list shows, nothing changes, and says why."""
        why = _("You may only read this shared database.")
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setEnabled(False)
            button.setToolTip(why)

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows, top to bottom."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [rid for rid in (self.model.id_at(r) for r in rows) if rid]

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
    def _dialog(self, title: str, values: dict[str, Any] | None,
                fields: list | None = None) -> RecordDialog:
        # a new record starts from the harmless defaults, never from the first option
        values = {**self.spec.form_defaults(), **(values or {})}
        with self.ctx.session() as session:
            return RecordDialog(title, self.spec.fields if fields is None else fields, values,
                                session, self.ctx.trajectory_id, self.spec.validate, self,
                                anchor=self.date_anchor())

    def date_anchor(self):
        """A date the form's empty dates open their calendar on; None: today."""
        return None

    def can_add(self) -> bool:
        """A list inside a parent record adds only once one is chosen; any other list only
        within a trajectory (unless its scope says otherwise); a reader never."""
        if self.ctx.read_only:
            return False
        if self.spec.parent is not None:
            return bool(self.spec.parent())
        return bool(self.ctx.trajectory_id) or self.spec.scope is not None

    def form_dialog(self, title: str, values: dict[str, Any] | None):
        """The (not yet shown) form for a new or an edited record; the one place a list
        gives another editor (the persona editor) or adds to the form (suggestions)."""
        return self._dialog(title, values)

    def edit_dialog(self, title: str, values: dict[str, Any] | None,
                    fields: list | None = None):
        """Show the form (only `fields` when given: an edit that may change only those);
        the accepted dialog (its `values()`), or None."""
        dialog = self.form_dialog(title, values) if fields is None else self._dialog(
            title, values, fields)
        return dialog if dialog.exec() == dialog.DialogCode.Accepted else None

    def add_record(self, initial: dict[str, Any] | None = None) -> str | None:
        """Ask for a new record (the form filled with `initial`) and save it."""
        if not self.can_add():
            return None
        title = (_(self.spec.add_title) if self.spec.add_title
                 else _("New {item}").format(item=_(self.spec.item_name)))
        dialog = self.edit_dialog(title, initial)
        return None if dialog is None else self.save_new(dialog.values())

    def new_label(self, values: dict[str, Any]) -> str | None:
        """How a new record is named in Edit › Undo; None: by the record itself."""
        return None

    def save_new(self, values: dict[str, Any]) -> str | None:
        """Save a new record through the spec's service, undoably; its id, or None when the
        service refused (the user is told why)."""
        try:
            new_id = self.ctx.add_with(self.spec.model, self.spec.save_new,
                                       self.ctx.trajectory_id, values,
                                       label=self.new_label(values),
                                       after_undo=self.spec.after_undo)
        except AppError as exc:
            show_error(self, exc, _(self.spec.title))
            return None
        self.select_id(new_id)
        self.record_saved.emit(new_id)
        return new_id

    def edit_current(self) -> None:
        record_id = self.current_id()
        if not record_id or self.ctx.read_only:
            return
        with self.ctx.session() as session:
            values = list_query.field_values(session, self.spec.model, record_id,
                                             self.spec.edit_keys())
            revision = records.revision_of(session, self.spec.model, record_id)
        if values is None:
            return
        title = _("Edit {item}").format(item=_(self.spec.item_name))
        dialog = (self.edit_dialog(title, values, self.spec.edit_fields())
                  if self.spec.edit_only else self.edit_dialog(title, values))
        if dialog is not None:
            self.save_edit(record_id, self.edited_values(values, dialog.values()),
                           based_on=revision)

    def edited_values(self, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
        """What an accepted edit form saves (`before`: what it was filled with)."""
        return after

    def save_edit(self, record_id: str, values: dict[str, Any],
                  based_on: int | None = None) -> bool:
        """Save an edit through the spec's service, undoably; False when it was refused.
        `based_on`: the revision the form was filled from (someone else's save since is
        refused, and the list reloads to show it)."""
        try:
            self.ctx.edit_with(self.spec.model, record_id, self.spec.save_edit, record_id,
                               values, label=self._label_of(record_id), based_on=based_on,
                               after_undo=self.spec.after_undo)
        except AppError as exc:
            show_error(self, exc, _(self.spec.title))
            if isinstance(exc, records.StaleEditError):
                self.reload()
            return False
        self.record_saved.emit(record_id)
        return True

    def delete_current(self) -> None:
        if self.ctx.read_only:
            return
        if len(self.selected_ids()) > 1:
            self.delete_selected()
            return
        record_id = self.current_id()
        if not record_id:
            return
        row = self.view.currentIndex().row()
        self._delete(record_id, self._label_of(record_id))
        row = min(row, self.model.rowCount() - 1)
        if row >= 0:
            self.select_id(self.model.id_at(row))

    def delete_selected(self) -> None:
        """Delete every selected row as one step that one Ctrl+Z undoes."""
        ids = self.selected_ids()
        if not ids:
            return
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        labels = {record_id: self._label_of(record_id) for record_id in ids}
        stack = self.ctx.undo_stack
        stack.beginMacro(ngettext("Delete {n} row from {list}", "Delete {n} rows from {list}",
                                  len(ids)).format(n=len(ids), list=_(self.spec.title)))
        try:
            for record_id in ids:
                self._delete(record_id, labels[record_id])
        finally:
            stack.endMacro()
        row = min(rows[0], self.model.rowCount() - 1)
        if row >= 0:
            self.select_id(self.model.id_at(row))

    def _delete(self, record_id: str, label: str | None) -> None:
        """Tombstone one record, through the spec's delete service when it has one."""
        spec = self.spec
        if spec.delete is None:
            self.ctx.delete_record(spec.model, record_id, label=label,
                                   after_undo=spec.after_undo)
        else:
            self.ctx.delete_record(spec.model, record_id, label, spec.delete, record_id,
                                   after_undo=spec.after_undo)

    # --- keyboard, clipboard, context menu, export -------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        # the menu key (or Shift+F10) opens the menu on the current row, not under the mouse
        if (event.type() == QEvent.Type.ContextMenu and obj in (self.view,
                                                                self.view.viewport())
                and event.reason() == event.Reason.Keyboard):
            index = self.view.currentIndex()
            rect = self.view.visualRect(index) if index.isValid() else None
            self._context_menu(rect.center() if rect is not None else
                               self.view.viewport().rect().topLeft())
            return True
        # coming into the list with Tab: show where one is, on a whole row
        if obj is self.view and event.type() == QEvent.Type.FocusIn:
            if not self.view.currentIndex().isValid() and self.model.rowCount():
                self.view.selectionModel().setCurrentIndex(
                    self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect |
                    QItemSelectionModel.SelectionFlag.Rows)
        return super().eventFilter(obj, event)

    def visible_columns(self) -> list[int]:
        """Logical column numbers in the order the user sees them, hidden ones left out."""
        header = self.view.horizontalHeader()
        visual = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in visual if not self.view.isColumnHidden(c)]

    def copy_rows(self) -> str:
        """Put the selected rows on the clipboard: a header line, then a line per row, cells
        separated by tabs as spreadsheets and word processors expect."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        if not rows:
            return ""
        cols = self.visible_columns()

        def clean(text) -> str:
            return " ".join(str(text or "").split())  # no tabs or line breaks inside a cell

        lines = ["\t".join(clean(self.model.headerData(c, Qt.Orientation.Horizontal))
                            for c in cols)]
        for r in rows:
            lines.append("\t".join(clean(self.model.data(self.model.index(r, c)))
                                   for c in cols))
        text = "\n".join(lines) + "\n"
        QGuiApplication.clipboard().setText(text)
        return text

    def menu_actions(self) -> list[QAction | None]:
        """The list's actions for its context menu; None is a separator."""
        def action(text: str, slot, enabled: bool = True, keys=None) -> QAction:
            act = QAction(text, self)
            act.triggered.connect(lambda _c=False: slot())
            act.setEnabled(enabled)
            if keys is not None:
                act.setShortcuts(keys if isinstance(keys, QKeySequence.StandardKey) else [keys])
                act.setShortcutVisibleInContextMenu(True)
            return act

        has = self.current_id() is not None
        items: list[QAction | None] = [
            action(self.add_button.text(), self.add_record, self.add_button.isEnabled(),
                   QKeySequence(Qt.Key.Key_Insert)),
            action(self.edit_button.text(), self.edit_current, has,
                   QKeySequence(Qt.Key.Key_Return)),
            action(self.delete_button.text(), self.delete_current,
                   self.delete_button.isEnabled(), QKeySequence(Qt.Key.Key_Delete)),
        ]
        extras = [b for b in self._extra_buttons if b.isVisible()]
        if extras:
            items.append(None)
            items += [action(b.text(), b.click, b.isEnabled()) for b in extras]
        items += [None,
                  action(_("&Copy rows"), self.copy_rows, has, QKeySequence.StandardKey.Copy),
                  action(self.export_button.text(), self.export_excel,
                         self.export_button.isEnabled())]
        return items

    def _context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isRowSelected(index.row()):
            self.select_id(self.model.id_at(index.row()))
        menu = QMenu(self)
        menu.setObjectName("listContextMenu")
        for act in self.menu_actions():
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        self.context_menu = menu  # kept for tests and accessibility tools
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def export_excel(self, path=None) -> str | None:
        """Save every filtered row (not only those loaded) to an XLSX file, off the GUI
        thread; returns the file written, or None."""
        from PySide6.QtWidgets import QMessageBox

        from app.services import list_export
        from app.services.progress import Cancelled
        from app.views.tasks import run_with_progress

        path = self._xlsx_path(path)
        if path is None:
            return None
        ids, cols = self.model.all_ids(), self.visible_columns()
        headers = [self.model.header(c) for c in cols]
        title = _(self.spec.title)

        def job(progress):
            rows = self.model.export_rows(ids, cols, progress)
            return list_export.write_xlsx(path, title, headers, rows, len(ids), progress)

        try:
            out = run_with_progress(self, _("Exporting to Excel…"), job)
        except Cancelled:
            return None
        except OSError as exc:
            QMessageBox.warning(self, _("Export to Excel"),
                                _("The file could not be written: {reason}").format(
                                    reason=exc.strerror or exc))
            return None
        self._show_exported(len(ids), str(out))
        return str(out)

    def _xlsx_path(self, path) -> str | None:
        """`path`, else the one the user chooses (None: cancelled), ending in .xlsx."""
        from datetime import date
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        if path is None:
            name = f"{_(self.spec.title)} {date.today().isoformat()}.xlsx"
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export to Excel"), str(Path.home() / name),
                _("Excel workbook") + " (*.xlsx)")
            if not path:
                return None
        return str(path) if str(path).lower().endswith(".xlsx") else f"{path}.xlsx"

    def _show_exported(self, count: int, out: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(
                ngettext("{n} row saved in {file}", "{n} rows saved in {file}", count)
                .format(n=count, file=out), 8000)

    def _label_of(self, record_id: str) -> str | None:
        """How the record is named in Edit › Undo: the list's first column, as shown."""
        row = self.model.row_of(record_id)
        if row < 0:
            return None
        return str(self.model.data(self.model.index(row, 0)) or "") or None
