"""Column mapping and preview before anything is imported.

The feature supplies its target fields (with header synonyms for the first guess), optional
choices (how two-digit years are read, what to do with duplicates) and a
`preview(mapping, options) -> ImportPreview` function that converts the table's rows and says
per row and per cell what is wrong. Nothing is saved here: the caller imports the rows of the
preview the user accepted.

A column that holds national register numbers can never be mapped: it is shown as "not
imported (national register number)". The preview shows every row (scrollable); a problem
cell carries a ⚠ and its reason as a tooltip (not colour alone); the summary counts the rows
per kind of problem; the skipped rows can be saved as a CSV to fix them in Excel.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QStandardPaths, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import tabular
from app.services.errors import AppError
from app.services.i18n import _, ngettext, pgettext
from app.services.tabular import Table, guess_mapping
from app.views.widgets.dialog_parts import ok_cancel

WARN, SKIP, OK = "⚠", "✖", "✓"


@dataclass
class ImportTarget:
    key: str
    label: str  # msgid
    required: bool = False
    synonyms: list[str] = field(default_factory=list)


@dataclass
class ImportOption:
    """A choice beside the mapping, e.g. how two-digit years are read."""

    key: str
    label: str  # msgid
    choices: list[tuple[str, str]]  # (value, msgid)
    default: str = ""
    help: str = ""  # msgid: a sentence under the choice


@dataclass
class PreviewRow:
    line: int  # row number in the file, as Excel or LibreOffice shows it
    values: list[str]  # one display value per target, in target order
    problem: str = ""  # translated; the row is skipped
    note: str = ""  # translated remark: the row is imported but needs checking
    marks: dict[int, str] = field(default_factory=dict)  # target index → translated problem
    kinds: list[str] = field(default_factory=list)  # translated kinds of problem, for counts


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

    @property
    def to_check(self) -> int:
        return sum(1 for r in self.rows if not r.problem and (r.note or r.marks))

    def kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            for kind in dict.fromkeys(row.kinds):
                counts[kind] = counts.get(kind, 0) + 1
        return counts


class _PreviewModel(QAbstractTableModel):
    """All preview rows: a plain list is cheap even for a whole municipality."""

    def __init__(self, targets: list[ImportTarget], parent=None):
        super().__init__(parent)
        self.targets = targets
        self.rows: list[PreviewRow] = []

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.targets) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation == Qt.Orientation.Vertical:
            return None
        if section == 0:
            return _("Line")
        if section == 1:
            return _("Status")
        return _(self.targets[section - 2].label)

    def _status(self, row: PreviewRow) -> str:
        if row.problem:
            return f"{SKIP} " + _("Skipped: {reason}").format(reason=row.problem)
        if row.note or row.marks:
            return f"{WARN} " + _("Check: {what}").format(
                what=row.note or "; ".join(dict.fromkeys(row.marks.values())))
        return f"{OK} " + _("OK")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        mark = row.marks.get(col - 2) if col >= 2 else None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(row.line)
            if col == 1:
                return self._status(row)
            value = row.values[col - 2] if col - 2 < len(row.values) else ""
            return f"{WARN} {value}".strip() if mark else value
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1:
                return self._status(row)
            return mark
        if role == Qt.ItemDataRole.BackgroundRole and (mark or (col == 1 and row.problem)):
            return QBrush(QColor("#fde7c2" if mark else "#f9d7d3"))
        if role == Qt.ItemDataRole.ForegroundRole and (mark or (col == 1 and row.problem)):
            return QBrush(QColor("#3a2500" if mark else "#5c0f0a"))
        return None


class ImportDialog(QDialog):
    """Map the file's columns to fields, see what would be imported, then confirm."""

    def __init__(self, table: Table, targets: list[ImportTarget],
                 preview: Callable[[dict[str, int], dict[str, str]], ImportPreview], title: str,
                 parent=None, options: list[ImportOption] | None = None):
        super().__init__(parent)
        self.table, self.targets, self._preview_fn = table, targets, preview
        self.options = options or []
        self.result_preview: ImportPreview | None = None
        self.excluded = tabular.national_number_columns(table)
        self.setWindowTitle(title)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setObjectName("importInfo")
        self._build_mapping()
        self._build_options()
        self._build_preview()
        self.save_skipped = QPushButton()
        self.save_skipped.setObjectName("saveSkipped")
        self.save_skipped.clicked.connect(self.choose_and_save_skipped)
        self.buttons = ok_cancel(self)
        self.buttons.addButton(self.save_skipped, QDialogButtonBox.ButtonRole.ActionRole)
        self._layout()
        self.retranslate_ui()
        self.refresh()

    def _build_mapping(self) -> None:
        """A column of the file for each field, guessed from the headers to begin with."""
        guess = guess_mapping(self.table.headers,
                              {t.key: [_(t.label), *t.synonyms] for t in self.targets},
                              exclude=self.excluded)
        self.mapping_box = QGroupBox()
        form = QFormLayout(self.mapping_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # labels above their box: a long translated label never squeezes the column names
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.combos: dict[str, QComboBox] = {}
        self.combo_labels: dict[str, QLabel] = {}
        for t in self.targets:
            combo = self._column_combo(t.key, guess.get(t.key, -1))
            label = QLabel()
            label.setBuddy(combo)
            self.combos[t.key], self.combo_labels[t.key] = combo, label
            form.addRow(label, combo)

    def _build_options(self) -> None:
        """The import's own choices (each with its help), hidden when it has none."""
        self.options_box = QGroupBox()
        options_form = QFormLayout(self.options_box)
        self.option_combos: dict[str, QComboBox] = {}
        self.option_labels: dict[str, QLabel] = {}
        self.option_help: dict[str, QLabel] = {}
        for opt in self.options:
            combo = QComboBox()
            combo.setObjectName(f"option_{opt.key}")
            for value, _msgid in opt.choices:
                combo.addItem("", value)
            combo.setCurrentIndex(max(0, combo.findData(opt.default)))
            combo.currentIndexChanged.connect(self.refresh)
            label = QLabel()
            label.setWordWrap(True)
            label.setBuddy(combo)
            self.option_combos[opt.key], self.option_labels[opt.key] = combo, label
            options_form.addRow(label)
            options_form.addRow(combo)
            help_label = QLabel()
            help_label.setWordWrap(True)
            help_label.setVisible(bool(opt.help))
            self.option_help[opt.key] = help_label
            options_form.addRow(help_label)
        self.options_box.setVisible(bool(self.options))

    def _build_preview(self) -> None:
        """The rows as they would be imported, with a summary and the counts."""
        self.model = _PreviewModel(self.targets, self)
        self.view = QTableView()
        self.view.setObjectName("importPreview")
        self.view.setModel(self.model)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("importCounts")
        self.counts.setWordWrap(True)

    def _column_combo(self, key: str, guessed: int) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"map_{key}")
        combo.addItem("", -1)
        for i, header in enumerate(self.table.headers):
            combo.addItem(header, i)
            if i in self.excluded:  # never offered: a national register number
                item = combo.model().item(combo.count() - 1)
                item.setEnabled(False)
        combo.setCurrentIndex(max(0, combo.findData(guessed)))
        combo.currentIndexChanged.connect(self.refresh)
        return combo

    def _layout(self) -> None:
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.mapping_box)
        side_layout.addWidget(self.options_box)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll = scroll
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.counts)
        right_layout.addWidget(self.view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        screen = self.screen() or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry()
        width = min(int(avail.width() * 0.92), 1280)
        height = min(int(avail.height() * 0.88), 800)
        self.resize(width, height)
        side_width = max(240, min(width // 4, 320))
        scroll.setMinimumWidth(min(side_width, width // 2))
        splitter.setSizes([side_width, width - side_width])

    def retranslate_ui(self) -> None:
        self.info.setText(self._info_text())
        self.mapping_box.setTitle(_("Columns"))
        self.options_box.setTitle(_("Reading"))
        self._retranslate_columns()
        self._retranslate_options()
        self.save_skipped.setText(_("Save the skipped rows as CSV…"))
        self.save_skipped.setToolTip(_("Write the rows that will not be imported to a file, "
                                       "to correct them in Excel or LibreOffice"))
        if self.result_preview is not None:
            self._show_summary(self.result_preview)

    def _info_text(self) -> str:
        """The file as it was read: rows, format, separator, heading line, left-out columns."""
        enc = {"xlsx": "Excel (.xlsx)", "xls": "Excel 97–2003 (.xls)",
               "ods": "LibreOffice (.ods)", "cp1252": "Windows-1252",
               "utf-8-sig": "UTF-8 (BOM)", "utf-16": _("Unicode text (UTF-16)")}
        delim = {";": _("semicolon"), ",": _("comma"), "\t": _("tab"), "|": "|"}
        text = _("{file}: {rows} rows, {format}{sep}. Choose which column holds what; "
                 "fields marked * are needed.").format(
            file=self.table.source, rows=len(self.table.rows),
            format=enc.get(self.table.encoding, self.table.encoding.upper()),
            sep=(", " + delim.get(self.table.delimiter, self.table.delimiter))
            if self.table.delimiter else "")
        if self.table.header_line > 1:
            text += " " + _("The column headings are on line {line}; the lines above are "
                            "skipped.").format(line=self.table.header_line)
        if self.excluded:
            text += " " + _("Not imported (national register number): {columns}.").format(
                columns=", ".join(f"“{self.table.headers[i]}”" for i in self.excluded))
        return text

    def _retranslate_columns(self) -> None:
        for t in self.targets:
            self.combo_labels[t.key].setText(_(t.label) + (" *" if t.required else "") + ":")
            combo = self.combos[t.key]
            combo.setItemText(0, _("— not in the file —"))
            for i in self.excluded:
                combo.setItemText(i + 1, _("{column} – not imported (national register "
                                           "number)").format(column=self.table.headers[i]))
            combo.setAccessibleName(_(t.label))

    def _retranslate_options(self) -> None:
        for opt in self.options:
            self.option_labels[opt.key].setText(_(opt.label))
            combo = self.option_combos[opt.key]
            for i, (_value, msgid) in enumerate(opt.choices):
                combo.setItemText(i, _(msgid))
            combo.setAccessibleName(_(opt.label))
            if opt.help:
                self.option_help[opt.key].setText(_(opt.help))
                combo.setToolTip(_(opt.help))

    def mapping(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.combos.items()
                if c.currentData() not in (-1, None) and c.currentData() not in self.excluded}

    def option_values(self) -> dict[str, str]:
        return {k: c.currentData() for k, c in self.option_combos.items()}

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
            self.counts.setText("")
            ok.setEnabled(False)
            self.save_skipped.setEnabled(False)
            return
        mapping = self.mapping()
        preview = self._preview_fn(mapping, self.option_values())
        self.result_preview = preview
        self.model.set_rows(preview.rows)
        # only the fields taken from the file: the preview stays readable without scrolling
        for i, t in enumerate(self.targets):
            self.view.setColumnHidden(i + 2, t.key not in mapping)
        self.view.resizeColumnToContents(0)
        char = self.fontMetrics().averageCharWidth()
        self.view.setColumnWidth(1, char * 26)
        self._show_summary(preview)

    def _show_summary(self, preview: ImportPreview) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        parts = [ngettext("{n} row can be imported", "{n} rows can be imported",
                          preview.good).format(n=preview.good)]
        if preview.to_check:
            parts.append(ngettext("{n} of them needs checking ({mark})",
                                  "{n} of them need checking ({mark})",
                                  preview.to_check).format(n=preview.to_check, mark=WARN))
        if preview.bad:
            parts.append(ngettext("{n} row will be skipped ({mark})",
                                  "{n} rows will be skipped ({mark})",
                                  preview.bad).format(n=preview.bad, mark=SKIP))
        self.summary.setText(pgettext("list separator", "; ").join(parts) + ".")
        counts = preview.kind_counts()
        self.counts.setText(_("Problems per kind: {list}").format(list=" · ".join(
            f"{kind}: {n}" for kind, n in sorted(counts.items(), key=lambda kv: -kv[1])))
            if counts else _("No problems found."))
        ok.setText(ngettext("Import {n} row", "Import {n} rows", preview.good).format(
            n=preview.good))
        ok.setEnabled(preview.good > 0)
        self.save_skipped.setEnabled(preview.bad > 0)

    # --- skipped rows ------------------------------------------------------------------------
    def skipped_rows(self) -> tuple[list[str], list[list]]:
        """The file's headings and the skipped rows as they stood in the file, without the
        national-register-number columns and values."""
        if self.result_preview is None:
            return [], []
        keep = [i for i in range(len(self.table.headers)) if i not in self.excluded]
        by_line = dict(zip(self.table.lines, self.table.rows, strict=True))
        rows = []
        for r in self.result_preview.rows:
            if not r.problem or r.line not in by_line:
                continue
            cells = by_line[r.line]
            rows.append(["" if tabular.looks_like_national_number(cells[i]) else cells[i]
                         for i in keep if i < len(cells)])
        headers = [_("Line in {file}").format(file=self.table.source)] + [
            self.table.headers[i] for i in keep]
        lines = [r.line for r in self.result_preview.rows if r.problem and r.line in by_line]
        return headers, [[str(n), *row] for n, row in zip(lines, rows, strict=True)]

    def save_skipped_to(self, path: Path) -> Path:
        headers, rows = self.skipped_rows()
        return tabular.write_csv(path, headers, rows)

    def choose_and_save_skipped(self) -> None:
        start = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)) / (
            Path(self.table.source).stem + " - " + _("skipped") + ".csv")
        path, _f = QFileDialog.getSaveFileName(self, _("Save the skipped rows"), str(start),
                                               _("CSV (semicolon separated)") + " (*.csv)")
        if not path:
            return
        try:
            self.save_skipped_to(Path(path))
        except (OSError, AppError) as exc:
            message = exc.user_message() if isinstance(exc, AppError) else _(
                "The file could not be written: {reason}").format(reason=exc.strerror or exc)
            QMessageBox.warning(self, _("Save the skipped rows"), message)

