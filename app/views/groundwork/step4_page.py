"""Step 4: what the area needs — figures (typed or imported from CSV/XLSX, shown as a chart),
stories and observations, and the needs in order of priority with what supports them."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.groundwork import AreaFigure, AreaNeed, AreaStory
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.groundwork import figure_import
from app.services.groundwork import lists as gw_lists
from app.services.groundwork import needs as needs_service
from app.services.i18n import _, format_decimal, ngettext
from app.views.groundwork.specs import figure_spec, need_spec, story_spec
from app.views.groundwork.widgets import FigureChart
from app.views.step_page import StepPage
from app.views.util import show_error
from app.views.widgets.import_dialog import ImportDialog, ImportPreview, ImportTarget
from app.views.widgets.import_dialog import PreviewRow as DialogRow
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.reorder import ReorderableModel, allow_drag_reorder, moved_order

ALL = gw_lists.ALL_AREAS
NONE = gw_lists.NO_AREA


class _NeedsPanel(RecordListPanel):
    """The needs, in priority order; a need can be dragged to a new place."""

    model_class = ReorderableModel


class Step4Page(StepPage):
    step_number = 4

    def build_content(self) -> QWidget:
        self._areas: dict[str, str] = {}
        self._live: tuple[set[str], set[str]] = (set(), set())
        self._load_lookups()
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.area_label = QLabel()
        self.area_filter = QComboBox()
        self.area_filter.setObjectName("areaFilter")
        self.area_label.setBuddy(self.area_filter)
        self.area_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        row.addWidget(self.area_label)
        row.addWidget(self.area_filter, 1)
        row.addStretch(2)
        layout.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("step4Tabs")
        self.stories = RecordListPanel(self.ctx, story_spec(lambda: self._areas))
        self.stories.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.tabs.addTab(self._build_figures(), "")
        self.tabs.addTab(self.stories, "")
        self.tabs.addTab(self._build_needs(), "")
        layout.addWidget(self.tabs, 1)
        self._fill_area_filter()
        self._load_chart()
        return box

    def _build_figures(self) -> QWidget:
        self.figures = RecordListPanel(self.ctx, figure_spec(lambda: self._areas))
        self.import_button = QPushButton()
        self.import_button.setObjectName("importFigures")
        self.import_button.clicked.connect(self.choose_import_file)
        self.figures.add_button_widget(self.import_button)
        self.chart = FigureChart()
        chart_scroll = QScrollArea()
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        fig_split = QSplitter(Qt.Orientation.Vertical)
        fig_split.setChildrenCollapsible(False)
        fig_split.addWidget(self.figures)
        fig_split.addWidget(chart_scroll)
        fig_split.setStretchFactor(0, 3)
        fig_split.setStretchFactor(1, 2)
        fig_split.setSizes([300, 220])
        return fig_split

    def _build_needs(self) -> QWidget:
        self.needs = _NeedsPanel(self.ctx, need_spec(lambda: self._areas, lambda: self._live))
        allow_drag_reorder(self.needs.view)
        self.needs.model.moved.connect(self.move_need_before)
        self.up_button, self.down_button = QPushButton(), QPushButton()
        self.up_button.setObjectName("needUp")
        self.down_button.setObjectName("needDown")
        self.up_button.clicked.connect(lambda: self.move_need(-1))
        self.down_button.clicked.connect(lambda: self.move_need(1))
        self.needs.add_button_widget(self.up_button)
        self.needs.add_button_widget(self.down_button)
        for keys, delta in ((QKeySequence("Ctrl+Up"), -1), (QKeySequence("Ctrl+Down"), 1)):
            action = QAction(self.needs.view)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _c=False, d=delta: self.move_need(d))
            self.needs.view.addAction(action)
        self.needs_hint = QLabel()
        self.needs_hint.setWordWrap(True)
        self.needs_hint.setObjectName("gutFeeling")
        needs_box = QWidget()
        nl = QVBoxLayout(needs_box)
        nl.setContentsMargins(0, 0, 0, 0)
        nl.addWidget(self.needs, 1)
        nl.addWidget(self.needs_hint)
        return needs_box

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        for panel in (self.figures, self.stories, self.needs):
            panel.retranslate_ui()
        self.chart.retranslate_ui()
        self.tabs.setTabText(0, _("Figures"))
        self.tabs.setTabText(1, _("Stories and observations"))
        self.tabs.setTabText(2, _("Needs"))
        self.area_label.setText(_("Focus &area:"))
        self.area_filter.setAccessibleName(_("Show the records of this focus area"))
        self.needs.view.setToolTip(_("Drag a need up or down to change its priority, or use "
                                     "Ctrl+Up and Ctrl+Down."))
        self.up_button.setText(_("Higher priority"))
        self.up_button.setToolTip(_("Move the need up (Ctrl+Up)"))
        self.down_button.setText(_("Lower priority"))
        self.down_button.setToolTip(_("Move the need down (Ctrl+Down)"))
        self.import_button.setText(_("&Import…"))
        self.import_button.setToolTip(_("Import figures from a CSV or Excel (.xlsx) file"))
        self._fill_area_filter()
        self._update_hint()

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        if changes.touches("focus_area", "area_figure", "area_story"):
            self._load_lookups()
            for panel in (self.figures, self.stories, self.needs):
                panel.model.invalidate_rows()
        if changes.touches("focus_area"):
            self._fill_area_filter()
        if changes.touches("area_figure", "focus_area"):
            self._load_chart()
        if changes.touches("area_need", "area_figure", "area_story"):
            self._update_hint()

    # --- lookups, filter, chart -------------------------------------------------------------
    def _load_lookups(self) -> None:
        tid = self.ctx.trajectory_id
        with self.ctx.session() as session:
            self._areas = gw_lists.area_names(session, tid)
            self._live = gw_lists.live_evidence(session, tid)

    def _fill_area_filter(self) -> None:
        current = self.area_filter.currentData() or ALL
        self.area_filter.blockSignals(True)
        self.area_filter.clear()
        self.area_filter.addItem(_("All focus areas"), ALL)
        for fid, name in sorted(self._areas.items(), key=lambda kv: kv[1].lower()):
            self.area_filter.addItem(name, fid)
        self.area_filter.addItem(_("Without a focus area"), NONE)
        self.area_filter.setCurrentIndex(max(self.area_filter.findData(current), 0))
        self.area_filter.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self) -> None:
        value = self.area_filter.currentData() or ALL
        for panel, model in ((self.figures, AreaFigure), (self.stories, AreaStory),
                             (self.needs, AreaNeed)):
            panel.model.set_extra_where(gw_lists.area_clauses(model, value))
            panel._update_count()
        self._load_chart()

    def _load_chart(self) -> None:
        tid = self.ctx.trajectory_id
        value = self.area_filter.currentData() or ALL
        with self.ctx.session() as session:
            self.chart.set_figures(gw_lists.chart_figures(session, tid, value))

    def _update_hint(self) -> None:
        tid = self.ctx.trajectory_id
        with self.ctx.session() as session:
            unchecked = gw_lists.unchecked_needs(session, tid)
        if unchecked:
            self.needs_hint.setText("⚠ " + ngettext(
                "{n} need rests on a gut feeling only: check it against figures and stories.",
                "{n} needs rest on a gut feeling only: check them against figures and stories.",
                unchecked).format(n=unchecked))
        else:
            self.needs_hint.setText(_("Every need is supported by figures or stories."))

    def _needs_in_order(self) -> list[str]:
        with self.ctx.session() as session:
            return gw_lists.needs_in_order(session, self.ctx.trajectory_id)

    def move_need_before(self, nid: str, anchor_id: str) -> None:
        """A need dragged to just above another one ("" = to the end)."""
        if not self.ctx.trajectory_id:
            return
        ordered = self._needs_in_order()
        if nid not in ordered:
            return
        new = moved_order(ordered, nid, anchor_id)
        if new != ordered:
            self.ctx.edit_many(AreaNeed, needs_service.reorder, self.ctx.trajectory_id, new)
        self.needs.select_id(nid)

    def move_need(self, delta: int) -> None:
        """Move the current need one place up (-1) or down (+1) in the priority order."""
        tid, nid = self.ctx.trajectory_id, self.needs.current_id()
        if not tid or not nid:
            return
        ordered = self._needs_in_order()
        i = ordered.index(nid)
        j = i + delta
        if not 0 <= j < len(ordered):
            return
        ordered[i], ordered[j] = ordered[j], ordered[i]
        self.ctx.edit_many(AreaNeed, needs_service.reorder, tid, ordered)
        self.needs.select_id(nid)

    # --- import ----------------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        if not self.ctx.trajectory_id:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import figures"), str(Path.home()),
            _("Tables") + " (*.csv *.txt *.xlsx *.xls *.ods);;" + _("All files") + " (*)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> int:
        """Read, map and preview `path`, then save the accepted rows. Returns how many."""
        try:
            table = figure_import.load(path)
        except AppError as exc:
            show_error(self, exc, _("Import figures"))
            return 0
        targets = [ImportTarget(f.key, f.label, f.required, figure_import.SYNONYMS[f.key])
                   for f in figure_import.FIELDS]
        dialog = ImportDialog(table, targets, lambda m, _o: self._preview(table, m),
                              _("Import figures"), self)
        if self.exec_dialog(dialog) != ImportDialog.DialogCode.Accepted:
            return 0
        preview = dialog.result_preview
        if preview is None or not preview.good:
            return 0
        try:
            with self.ctx.write() as session:
                count, changes = figure_import.import_figures(
                    session, self.ctx.trajectory_id, preview.payload, skip_invalid=True)
        except AppError as exc:
            show_error(self, exc, _("Import figures"))
            return 0
        self.ctx.notify(changes)
        return count

    def exec_dialog(self, dialog) -> int:
        return dialog.exec()

    def _preview(self, table, mapping: dict[str, int]) -> ImportPreview:
        with self.ctx.session() as session:
            rows = figure_import.preview(session, self.ctx.trajectory_id, table, mapping)
        out = []
        for r in rows:
            v = r.values
            shown = {
                "indicator": v["indicator"],
                "value": "" if v["value"] is None else format_decimal(v["value"]),
                "unit": v["unit"], "year": str(v["year"] or ""), "source": v["source"],
                "place": v["place"],
                "area": self._areas.get(r.area_id, v["area"]) if r.area_id else v["area"],
                "reference_value": "" if v["reference_value"] is None
                else format_decimal(v["reference_value"]),
                "reference_label": v["reference_label"],
            }
            for key in r.bad_fields:  # a problem cell shows what the file wrote
                shown[key] = shown.get(key) or r.raw.get(key, "")
            marks = {i: "; ".join(r.errors) for i, f in enumerate(figure_import.FIELDS)
                     if f.key in r.bad_fields}
            kinds = [_(f.label) for f in figure_import.FIELDS if f.key in r.bad_fields]
            out.append(DialogRow(r.line, [shown[f.key] for f in figure_import.FIELDS],
                                 "; ".join(r.errors), marks=marks, kinds=kinds))
        return ImportPreview(out, payload=rows)
