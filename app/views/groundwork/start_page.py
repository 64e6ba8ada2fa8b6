"""Before you start: focus areas, the four preconditions and whether the trajectory is ready."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models.core import FocusArea
from app.services import reference
from app.services.changes import Changes
from app.services.groundwork import readiness
from app.services.i18n import N_, _
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec


def focus_area_spec() -> ListSpec:
    return ListSpec(
        model=FocusArea,
        title=N_("Focus areas"),
        item_name=N_("focus area"),
        columns=[
            Column("name", N_("Name"), width=24),
            Column("kind", N_("Kind"), display=lambda v: reference.label("focus_area_kind", v),
                   width=14),
            Column("signal_sources", N_("Signal from"), width=22, searchable=False,
                   display=lambda v: ", ".join(reference.label("signal_source", c)
                                               for c in (v or []))),
            Column("reason", N_("Why this area"), width=40),
        ],
        fields=[
            Field("name", N_("Name"), required=True),
            Field("kind", N_("Kind"), kind="choice", ref_kind="focus_area_kind", required=True),
            Field("reason", N_("Why this area"), kind="multiline",
                  help=N_("What makes this area a good place to start?")),
            Field("signal_sources", N_("Where the signal came from"), kind="codes",
                  ref_kind="signal_source"),
            Field("notes", N_("Notes"), kind="multiline"),
        ],
        default_sort="name",
    )


class PreconditionsPanel(QGroupBox):
    """The four preconditions, each with a status and a short note, saved as you go."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        grid = QGridLayout(self)
        grid.setColumnStretch(2, 1)
        self.labels: dict[str, QLabel] = {}
        self.statuses: dict[str, QComboBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        for row, code in enumerate(reference.codes("precondition")):
            label, combo, note = QLabel(), QComboBox(), QLineEdit()
            label.setWordWrap(True)
            label.setBuddy(combo)
            combo.setObjectName(f"precondition_{code}")
            note.setObjectName(f"precondition_note_{code}")
            for status in reference.codes("precondition_status"):
                combo.addItem("", status)
            combo.currentIndexChanged.connect(lambda _i, c=code: self._save(c))
            note.editingFinished.connect(lambda c=code: self._save(c))
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(note, row, 2)
            self.labels[code], self.statuses[code], self.notes[code] = label, combo, note
        self.summary = QLabel()
        self.summary.setObjectName("readiness")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.summary, len(self.labels), 0, 1, 3)
        grid.setRowStretch(len(self.labels) + 1, 1)

    def retranslate_ui(self) -> None:
        self.setTitle(_("Preconditions"))
        for code, label in self.labels.items():
            label.setText(reference.label("precondition", code))
            tip = reference.description("precondition", code)
            label.setToolTip(tip)
            combo = self.statuses[code]
            combo.setToolTip(tip)
            combo.setAccessibleName(_("Status: {condition}").format(
                condition=reference.label("precondition", code)))
            for i in range(combo.count()):
                combo.setItemText(i, reference.label("precondition_status", combo.itemData(i)))
            self.notes[code].setPlaceholderText(_("Note: what is agreed, what is missing"))
            self.notes[code].setAccessibleName(_("Note: {condition}").format(
                condition=reference.label("precondition", code)))
        self.load()

    def load(self) -> None:
        tid = self.ctx.trajectory_id
        self._loading = True
        try:
            with self.ctx.session() as session:
                states = readiness.preconditions(session, tid) if tid else []
                result = readiness.readiness(session, tid) if tid else None
            for state in states:
                combo = self.statuses[state.code]
                combo.setCurrentIndex(max(combo.findData(state.status), 0))
                if not self.notes[state.code].hasFocus():
                    self.notes[state.code].setText(state.note)
            for w in (*self.statuses.values(), *self.notes.values()):
                w.setEnabled(bool(tid))
            self._show(result)
        finally:
            self._loading = False

    def _show(self, result: readiness.Readiness | None) -> None:
        if result is None:
            self.summary.setText("")
            return
        ok = result.ready and not result.warnings
        mark = "✔ " if ok else "⚠ "
        self.summary.setText(mark + result.sentence())
        from app.views.theme import make_banner

        make_banner(self.summary, "ok" if ok else "warning")

    def _save(self, code: str) -> None:
        if self._loading or not self.ctx.trajectory_id:
            return
        from app.models.groundwork import Precondition

        self.ctx.change_with(Precondition, readiness.set_precondition, self.ctx.trajectory_id,
                             code, self.statuses[code].currentData(),
                             self.notes[code].text().strip())


class StartPage(StepPage):
    step_number = 0

    def build_content(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.focus_areas = RecordListPanel(self.ctx, focus_area_spec())
        self.preconditions = PreconditionsPanel(self.ctx)
        splitter.addWidget(self.focus_areas)
        splitter.addWidget(self.preconditions)
        splitter.setStretchFactor(0, 1)
        layout.addWidget(splitter, 1)
        return box

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.focus_areas.retranslate_ui()
        self.preconditions.retranslate_ui()

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        if changes.touches("precondition", "focus_area", "partner", "trajectory"):
            self.preconditions.load()
