"""The conflict inbox: per record, my version and the other laptop's side by side, field by
field; a person keeps theirs or takes the other. Counted in one unit: fields of records."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from app.services.errors import AppError
from app.services.exchange import conflicts, inbox
from app.services.i18n import _, format_datetime, ngettext
from app.views.util import show_error
from app.views.widgets.sizing import fit_to_screen

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    return table


class ConflictsDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exchangeConflictsDialog")
        fit_to_screen(self, 900, 480)  # at most what the screen has free
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setObjectName("conflictSummary")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addWidget(self._build_tables(), 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addLayout(self._build_choice())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.groups: list[inbox.RecordConflicts] = []
        self.items = []
        self.records.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._show_record())
        self.fields.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._update_buttons())
        ctx.changed.connect(self._on_changed)
        ctx.language_changed.connect(self._language_changed)
        self.retranslate_ui()

    def _build_tables(self) -> QSplitter:
        """The records with conflicts above, the chosen one's fields side by side below."""
        self.records_model = QStandardItemModel(self)
        self.records = _table("conflictRecords")
        self.records.setModel(self.records_model)
        self.fields_model = QStandardItemModel(self)
        self.fields = _table("conflictFields")
        self.fields.setModel(self.fields_model)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.records)
        split.addWidget(self.fields)
        split.setStretchFactor(1, 3)
        split.setSizes([110, 330])  # a few records above, the chosen one side by side below
        return split

    def _build_choice(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.keep_button = QPushButton()
        self.keep_button.setObjectName("keepOurs")
        self.take_button = QPushButton()
        self.take_button.setObjectName("takeTheirs")
        self.keep_button.clicked.connect(lambda: self.resolve("local"))
        self.take_button.clicked.connect(lambda: self.resolve("incoming"))
        row.addStretch(1)
        row.addWidget(self.keep_button)
        row.addWidget(self.take_button)
        return row

    def _language_changed(self, _language: str) -> None:
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Conflict inbox"))
        self.keep_button.setText(_("&Keep mine"))
        self.keep_button.setToolTip(_("Keep the value on this computer"))
        self.hint.setText(_("Choose a field in bold, then keep your value or take the other "
                            "one. Your choice travels with your next package."))
        self.reload()

    def _on_changed(self, changes) -> None:
        if changes.touches("exchange_conflict"):
            self.reload()

    # --- filling ------------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.current_record()
        key = (current.kind, current.record_id) if current else None
        with self.ctx.session() as s:
            self.items = conflicts.pending(s)
        self.groups = inbox.group(self.items)
        self.records_model.clear()
        self.records_model.setHorizontalHeaderLabels(
            [_("Changed on both sides"), _("Fields to choose"), _("Other version from"),
             _("Arrived")])
        for group in self.groups:
            n = len(group.items)
            cells = [group.title, ngettext("{n} field", "{n} fields", n).format(n=n),
                     group.sender or "—", format_datetime(group.items[0].created_at, "short")]
            self.records_model.appendRow([QStandardItem(text) for text in cells])
        header = self.records.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if self.groups:
            self.intro.setText(_("Changed here and on another computer: {summary}. Look at "
                                 "both versions and choose per field.").format(
                summary=inbox.pending_summary(self.items)))
            keys = [(g.kind, g.record_id) for g in self.groups]
            self.records.selectRow(keys.index(key) if key in keys else 0)
        else:
            self.intro.setText(_("No conflicts are waiting."))
        self._show_record()

    def current_record(self) -> inbox.RecordConflicts | None:
        index = self.records.currentIndex() if hasattr(self, "records") else None
        if index is None or not index.isValid() or index.row() >= len(self.groups):
            return None
        return self.groups[index.row()]

    def _show_record(self) -> None:
        record = self.current_record()
        self.fields_model.clear()
        sender = record.sender if record else ""
        self.fields_model.setHorizontalHeaderLabels(
            [_("Field"), _("Mine (this computer)"), inbox.their_column(sender)])
        self.take_button.setText(inbox.other_side(sender))
        self.take_button.setToolTip(_("Take the value from the package that arrived"))
        if record is not None:
            with self.ctx.session() as s:
                rows = inbox.side_by_side(s, record)
            bold = QFont(self.font())
            bold.setBold(True)
            for label, mine, theirs, conflict_id in rows:
                cells = [QStandardItem(text) for text in (label, mine, theirs)]
                cells[0].setData(conflict_id, ID_ROLE)
                for cell in cells:
                    if conflict_id is not None:
                        cell.setFont(bold)
                    else:
                        cell.setSelectable(False)  # the same on both sides: context only
                self.fields_model.appendRow(cells)
            self.fields.selectRow(0)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.fields.resizeRowsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.keep_button.setEnabled(has)
        self.take_button.setEnabled(has)

    # --- choosing -----------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.fields.currentIndex()
        if not index.isValid():
            return None
        return self.fields_model.item(index.row(), 0).data(ID_ROLE)

    def resolve(self, choice: str) -> None:
        conflict_id = self.current_id()
        if conflict_id is None:
            return
        try:
            self.ctx.run(conflicts.resolve, conflict_id, choice, self.ctx.db.device_id)
        except AppError as exc:
            show_error(self, exc, _("Conflict inbox"))
            self.reload()
