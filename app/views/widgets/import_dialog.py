"""Column mapping and preview before anything is imported.

The feature supplies its target fields (with header synonyms for the first guess) and a
`preview(mapping) -> ImportPreview` function that converts the table's rows with a mapping and
says per row what is wrong. Nothing is saved here: the caller imports the rows of the preview
the user accepted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.i18n import _, ngettext
from app.services.tabular import Table, guess_mapping

PREVIEW_ROWS = 500


@dataclass
class ImportTarget:
    key: str
    label: str  # msgid
    required: bool = False
    synonyms: list[str] = field(default_factory=list)


@dataclass
class PreviewRow:
    line: int  # row number in the file (header = 1)
    values: list[str]  # one display value per target, in target order
    problem: str = ""  # translated; empty when the row can be imported
    note: str = ""  # translated remark that does not block (e.g. "possible duplicate")


@dataclass
class ImportPreview:
    rows: list[PreviewRow]
    payload: Any = None  # what the caller needs to import the good rows

    @property
    def good(self) -> int:
        return sum(1 for r in self.rows if not r.problem)

    @property
    def bad(self) -> int:
        return sum(1 for r in self.rows if r.problem)


class _PreviewModel(QAbstractTableModel):
    def __init__(self, targets: list[ImportTarget], parent=None):
        super().__init__(parent)
        self.targets = targets
        self.rows: list[PreviewRow] = []

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows[:PREVIEW_ROWS]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.targets) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return None
        if section == 0:
            return _("Line")
        if section == 1:
            return _("Status")
        return _(self.targets[section - 2].label)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return str(row.line)
            if col == 1:
                if row.problem:
                    return _("Skipped: {reason}").format(reason=row.problem)
                return _("OK") + (f" – {row.note}" if row.note else "")
            return row.values[col - 2] if col - 2 < len(row.values) else ""
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and row.problem:
            return QBrush(QColor("#b3261e"))
        return None


class ImportDialog(QDialog):
    """Map the file's columns to fields, see what would be imported, then confirm."""

    def __init__(self, table: Table, targets: list[ImportTarget],
                 preview: Callable[[dict[str, int]], ImportPreview], title: str, parent=None):
        super().__init__(parent)
        self.table, self.targets, self._preview_fn = table, targets, preview
        self.result_preview: ImportPreview | None = None
        self.setWindowTitle(title)
        guess = guess_mapping(table.headers, {t.key: [t.label, *t.synonyms] for t in targets})
        self.info = QLabel()
        self.info.setWordWrap(True)
        mapping_box = QGroupBox()
        self.mapping_box = mapping_box
        form = QFormLayout(mapping_box)
        self.combos: dict[str, QComboBox] = {}
        self.combo_labels: dict[str, QLabel] = {}
        for t in targets:
            combo = QComboBox()
            combo.setObjectName(f"map_{t.key}")
            combo.addItem("", -1)
            for i, header in enumerate(table.headers):
                combo.addItem(header, i)
            combo.setCurrentIndex(combo.findData(guess.get(t.key, -1)))
            combo.currentIndexChanged.connect(self.refresh)
            label = QLabel()
            label.setBuddy(combo)
            self.combos[t.key] = combo
            self.combo_labels[t.key] = label
            form.addRow(label, combo)
        self.model = _PreviewModel(targets, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.info)
        top_layout.addWidget(mapping_box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(900, 640)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        enc = {"xlsx": "Excel (.xlsx)", "cp1252": "Windows-1252", "utf-8-sig": "UTF-8 (BOM)"}
        delim = {";": _("semicolon"), ",": _("comma"), "\t": _("tab"), "|": "|"}
        self.info.setText(_("{file}: {rows} rows, {format}{sep}. Choose which column holds "
                            "what; fields marked * are needed.").format(
            file=self.table.source, rows=len(self.table.rows),
            format=enc.get(self.table.encoding, self.table.encoding.upper()),
            sep=(", " + delim.get(self.table.delimiter, self.table.delimiter))
            if self.table.delimiter else ""))
        self.mapping_box.setTitle(_("Columns"))
        for t in self.targets:
            self.combo_labels[t.key].setText(_(t.label) + (" *" if t.required else "") + ":")
            self.combos[t.key].setItemText(0, _("— not in the file —"))
            self.combos[t.key].setAccessibleName(_(t.label))

    def mapping(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.combos.items() if c.currentData() != -1}

    def missing_required(self) -> list[str]:
        mapping = self.mapping()
        return [_(t.label) for t in self.targets if t.required and t.key not in mapping]

    def refresh(self) -> None:
        missing = self.missing_required()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if missing:
            self.result_preview = None
            self.model.set_rows([])
            self.summary.setText(_("Choose a column for: {fields}").format(
                fields=", ".join(missing)))
            ok.setEnabled(False)
            return
        preview = self._preview_fn(self.mapping())
        self.result_preview = preview
        self.model.set_rows(preview.rows)
        text = ngettext("{n} row can be imported", "{n} rows can be imported",
                        preview.good).format(n=preview.good)
        if preview.bad:
            text += "; " + ngettext("{n} row has a problem and will be skipped",
                                    "{n} rows have a problem and will be skipped",
                                    preview.bad).format(n=preview.bad)
        self.summary.setText(text + ".")
        ok.setText(ngettext("Import {n} row", "Import {n} rows", preview.good).format(
            n=preview.good))
        ok.setEnabled(preview.good > 0)
