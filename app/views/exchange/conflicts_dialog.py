"""The conflict inbox: both values side by side; a person keeps ours or takes theirs."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableView, QVBoxLayout,
)

from app.services.errors import AppError
from app.services.exchange import conflicts
from app.services.exchange.labels import field_label, kind_label, value_text
from app.services.i18n import _, format_datetime, ngettext

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictsDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exchangeConflictsDialog")
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setObjectName("conflictTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
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
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.items = []
        ctx.changed.connect(self._on_changed)
        ctx.language_changed.connect(self._language_changed)
        self.retranslate_ui()

    def _language_changed(self, _language: str) -> None:
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Conflict inbox"))
        self.keep_button.setText(_("Keep ours"))
        self.take_button.setText(_("Take theirs"))
        self.reload()

    def _on_changed(self, changes) -> None:
        if changes.touches("exchange_conflict"):
            self.reload()

    def reload(self) -> None:
        with self.ctx.session() as s:
            self.items = conflicts.pending(s)
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_("Kind"), _("Record"), _("Field"), _("Ours"),
                                              _("Theirs"), _("From"), _("Arrived")])
        for item in self.items:
            cells = [kind_label(item.kind), item.record_label, field_label(item.field),
                     value_text(item.ours, item.field), value_text(item.theirs, item.field),
                     item.sender,
                     format_datetime(item.created_at, "short")]
            row = [QStandardItem(text) for text in cells]
            row[0].setData(item.id, ID_ROLE)
            self.model.appendRow(row)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        if self.items:
            self.table.selectRow(0)
            self.intro.setText(ngettext(
                "{n} field was changed here and elsewhere. Choose which value to keep; the "
                "choice travels with your next package.",
                "{n} fields were changed here and elsewhere. Choose which value to keep; the "
                "choice travels with your next package.", len(self.items)).format(
                n=len(self.items)))
        else:
            self.intro.setText(_("No conflicts are waiting."))
        self.keep_button.setEnabled(bool(self.items))
        self.take_button.setEnabled(bool(self.items))

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.item(index.row(), 0).data(ID_ROLE)

    def resolve(self, choice: str) -> None:
        conflict_id = self.current_id()
        if conflict_id is None:
            return
        try:
            self.ctx.run(conflicts.resolve, conflict_id, choice, self.ctx.db.device_id)
        except AppError as exc:
            QMessageBox.warning(self, _("Conflict inbox"), exc.user_message())
            self.reload()
