"""Step 3: what is already happening — the inventory of running actions and the coverage
matrix of risk groups against them, with the groups nothing reaches first."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import reference
from app.services.changes import Changes
from app.services.groundwork import lists as gw_lists
from app.services.groundwork.coverage import coverage_matrix
from app.services.i18n import _
from app.views.groundwork.specs import activity_spec
from app.views.groundwork.widgets import CoverageModel
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel


class Step3Page(StepPage):
    step_number = 3

    def build_content(self) -> QWidget:
        self._partner_names: dict[str, str] = {}
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self._load_partners()
        self.activities = RecordListPanel(self.ctx, activity_spec(lambda: self._partner_names))
        splitter.addWidget(self.activities)
        splitter.addWidget(self._build_matrix_box())
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self._load_matrix()
        return box

    def _build_matrix_box(self) -> QWidget:
        """Which risk groups the running actions reach, with what is not reached yet."""
        matrix_box = QWidget()
        ml = QVBoxLayout(matrix_box)
        ml.setContentsMargins(0, 0, 0, 0)
        self.matrix_title = QLabel()
        font = self.matrix_title.font()
        font.setBold(True)
        self.matrix_title.setFont(font)
        self.unreached = QLabel()
        self.unreached.setObjectName("unreached")
        self.unreached.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setObjectName("coverageLegend")
        self.legend.setWordWrap(True)
        ml.addWidget(self.matrix_title)
        ml.addWidget(self.unreached)
        ml.addWidget(self._build_matrix(), 1)
        ml.addWidget(self.legend)
        return matrix_box

    def _build_matrix(self) -> QTableView:
        self.coverage = CoverageModel(self)
        self.matrix = QTableView()
        self.matrix.setTabKeyNavigation(False)  # Tab moves on; arrows stay inside
        self.matrix.setObjectName("coverageMatrix")
        self.matrix.setModel(self.coverage)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vh = self.matrix.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.matrix.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh.setDefaultSectionSize(self.fontMetrics().horizontalAdvance("000") + 16)
        # at least four risk groups in view, also at 200 % (the list above gives way)
        row = self.fontMetrics().height() + 8
        self.matrix.setMinimumHeight(row * 5 + 2 * self.matrix.frameWidth())
        return self.matrix

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.activities.retranslate_ui()
        self.matrix_title.setText(_("Which risk groups do these actions reach?"))
        self.matrix.setAccessibleName(_("Coverage of risk groups"))
        self._load_matrix()

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        if changes.touches("partner"):
            self._load_partners()
            self.activities.model.invalidate_rows()
        if changes.touches("existing_activity", "partner"):
            self._load_matrix()

    def _load_partners(self) -> None:
        tid = self.ctx.trajectory_id
        with self.ctx.session() as session:
            self._partner_names = gw_lists.partner_names(session, tid)

    def _load_matrix(self) -> None:
        tid = self.ctx.trajectory_id
        with self.ctx.session() as session:
            matrix = coverage_matrix(session, tid)
        self.coverage.set_matrix(matrix)
        self.matrix.setColumnWidth(0, max(self.fontMetrics().horizontalAdvance(
            self.coverage.data(self.coverage.index(r, 0)) or "") + 24
            for r in range(self.coverage.rowCount())) if matrix.rows else 200)
        if not matrix.activities:
            self.unreached.setText(_("No actions mapped yet: add what already runs above."))
        elif matrix.unreached:
            self.unreached.setText("⚠ " + _("Not reached by any action yet: {groups}.").format(
                groups=", ".join(reference.label("risk_group", c) for c in matrix.unreached)))
        else:
            self.unreached.setText(_("Every risk group is reached by at least one action."))
        self.legend.setText(" · ".join(f"{i + 1} = {a.name}"
                                       for i, a in enumerate(matrix.activities)))
