"""The lead organisation's consolidated overview: a table per municipality, PDF and XLSX."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from app.services.exchange import consolidated
from app.services.i18n import _, format_percent
from app.views.exchange.chart import ProgressChart
from app.views.widgets.sizing import fit_to_screen


class ConsolidatedDialog(QDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exchangeConsolidatedDialog")
        fit_to_screen(self, 1000, 560)  # at most what the screen has free
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("consolidatedTabs")
        layout.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.xlsx_button = QPushButton()
        self.xlsx_button.clicked.connect(lambda: self.save_xlsx())
        row.addStretch(1)
        row.addWidget(self.pdf_button)
        row.addWidget(self.xlsx_button)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.data = None
        ctx.language_changed.connect(self._language_changed)
        ctx.changed.connect(self._on_changed)  # e.g. a mailbox pass imported packages
        self.retranslate_ui()

    def _on_changed(self, changes) -> None:
        if changes.touches("exchange_import"):
            self.reload()

    def _language_changed(self, _language: str) -> None:
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Consolidated overview"))
        self.pdf_button.setText(_("Print as PDF…"))
        self.xlsx_button.setText(_("Export as XLSX…"))
        self.reload()

    def reload(self) -> None:
        with self.ctx.session() as s:
            self.data = consolidated.collect(s)
        self.intro.setText(consolidated.summary(self.data) + " " + _(
            "It shows what the municipalities shared, without personal data."))
        self.tabs.clear()
        chart = ProgressChart()
        chart.set_data([(r.municipality, r.progress) for r in self.data.rows],
                       consolidated.step_titles())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(chart)
        self.tabs.addTab(scroll, _("Chart"))
        for title, (header, rows) in consolidated.table_rows(self.data).items():
            model = QStandardItemModel(self)
            model.setHorizontalHeaderLabels(header)
            percent = title == "Progress per step"
            for row in rows:
                items = []
                for i, value in enumerate(row):
                    text = format_percent(value) if percent and i >= 2 else str(value)
                    item = QStandardItem(text)
                    if i >= 2 or (not percent and i >= 1):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                    items.append(item)
                model.appendRow(items)
            view = QTableView()
            view.setTabKeyNavigation(False)  # Tab moves on; arrows stay inside
            view.setModel(model)
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.tabs.addTab(view, _(title))

    def save_pdf(self, path: str | None = None) -> Path | None:
        from app.views.save_pdf import render, save_pdf

        def job(out, _progress):  # the overview the dialog shows, not a new reading
            return consolidated.write_pdf(self.data, out)

        if path is None:
            return save_pdf(self, self.ctx, "consolidated", job)
        return render(self, self.ctx, "consolidated", Path(path), job)

    def save_xlsx(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("Export as XLSX"),
                                                   "overzicht.xlsx", "Excel (*.xlsx)")
            if not path:
                return None
        try:
            return consolidated.write_xlsx(self.data, Path(path))
        except OSError as exc:
            QMessageBox.warning(self, _("Consolidated overview"), str(exc))
            return None
