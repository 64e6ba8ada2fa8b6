"""Step 6 page: ground every action. The action list with the checks beside it, the
checklist of the whole portfolio (table 2), the good-practice library and the signals to
policy."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.actions import PolicySignal
from app.models.core import Action
from app.services import reference
from app.services.actions import lists as queries
from app.services.actions import service
from app.services.changes import Changes
from app.services.i18n import N_, _
from app.views.actions.common import PlanReportButton
from app.views.actions.editor import ActionEditor, ChecksPanel
from app.views.actions.library import PracticeLibrary
from app.views.actions.portfolio import ChecklistModel
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec

RELEVANT = ("action", "action_partner", "policy_signal", "partner", "action_log")


def _elements_text(codes) -> str:
    codes = codes or []
    proven = len(set(codes) & set(reference.proven_elements()))
    return f"{len(codes)} ({proven} ★)" if codes else "—"


def action_spec() -> ListSpec:
    return ListSpec(
        model=Action, title=N_("Actions"), item_name=N_("action"),
        columns=[
            Column("name", N_("Name"), width=36),
            Column("status", N_("Status"), width=12,
                   display=lambda v: reference.label("action_status", v) if v else ""),
            Column("level", N_("Level"), width=28,
                   display=lambda v: reference.label("action_level", v) if v else "—"),
            Column("element_codes", N_("Elements"), width=10, display=_elements_text,
                   searchable=False),
        ],
        fields=[], keys=("id",), default_sort="name",
        create=service.add_action_form, update=service.update_action_form)


def signal_spec() -> ListSpec:
    return ListSpec(
        model=PolicySignal, title=N_("Signals to policy"), item_name=N_("signal"),
        columns=[Column("what", N_("Signal"), width=40), Column("to_whom", N_("To whom"),
                                                                width=24),
                 Column("sent_on", N_("Sent on"), width=12),
                 Column("answer", N_("Answer"), width=30)],
        fields=[
            Field("what", N_("What should policy look at?"), kind="multiline", required=True,
                  help=N_("A structural cause such as transport, traffic safety, benches or "
                          "green space, and what you ask.")),
            Field("to_whom", N_("To whom"), help=N_("A board member, a department, a "
                                                     "regional body…")),
            Field("sent_on", N_("Sent on"), kind="date"),
            Field("action_id", N_("Linked action"), kind="fk",
                  options=lambda s, tid: service.action_choices(s, tid)),
            Field("answer", N_("Answer"), kind="multiline"),
            Field("answered_on", N_("Answered on"), kind="date"),
        ],
        create=service.add_signal, update=service.update_signal, default_sort="sent_on")


class ActionListPanel(RecordListPanel):
    """The action list; its form is the full action editor (saved through the spec's
    hooks, like every list)."""

    def form_dialog(self, title: str, values: dict | None) -> ActionEditor:
        return ActionEditor(self.ctx, (values or {}).get("id"), self)


class Step6Page(StepPage):
    step_number = 6

    def build_content(self) -> QWidget:
        pages = [self._build_actions(), self._build_matrix()]
        self.library = PracticeLibrary(self.ctx)
        self.library.copied.connect(self._practice_copied)
        self.signals = RecordListPanel(self.ctx, signal_spec())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("step6Tabs")
        for page in pages:
            self.tabs.addTab(page, "")
        self.tabs.addTab(self.library, "")
        self.tabs.addTab(self.signals, "")
        self.plan_button = PlanReportButton(self.ctx)
        self.unreached = QLabel()
        self.unreached.setObjectName("unreachedGroups")
        self.unreached.setWordWrap(True)
        self.find_practice = QPushButton()
        self.find_practice.clicked.connect(self._find_practice)
        bar = QHBoxLayout()  # under the warning, so the page stays narrow at 200% scaling
        bar.addWidget(self.find_practice)
        bar.addWidget(self.plan_button)
        bar.addStretch(1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.unreached)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self._unreached: list[str] = []
        return box

    def _build_actions(self) -> QSplitter:
        """The actions, with the checks of the chosen one beside them."""
        self.actions = ActionListPanel(self.ctx, action_spec())
        self.checks_panel = ChecksPanel()
        self.checks_panel.setMinimumWidth(260)
        self.actions.current_changed.connect(lambda _id: self._show_checks())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.actions)
        split.addWidget(self.checks_panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        return split

    def _build_matrix(self) -> QWidget:
        """The checklist of table 2 over every action."""
        self.matrix_model = ChecklistModel(self)
        self.matrix = QTableView()
        self.matrix.setTabKeyNavigation(False)  # Tab moves on; arrows stay inside
        self.matrix.setObjectName("checklistMatrix")
        self.matrix.setModel(self.matrix_model)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.verticalHeader().hide()
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.matrix.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.matrix.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(self.fontMetrics().height() * 3 + 10)
        self.matrix.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matrix_note = QLabel()
        self.matrix_note.setWordWrap(True)
        matrix_box = QWidget()
        ml = QVBoxLayout(matrix_box)
        ml.addWidget(self.matrix_note)
        ml.addWidget(self.matrix, 1)
        return matrix_box

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        for i, text in enumerate((_("Actions"), _("Checklist (table 2)"), _("Good practices"),
                                  _("Signals to policy"))):
            self.tabs.setTabText(i, text)
        self.matrix_note.setText(_("Every action against the effective elements (★ = proven), "
                                   "levels, age groups, risk groups and partners. ✓ means the "
                                   "action builds on it or aims at it."))
        self.find_practice.setText(_("Find a good practice for an &unreached group"))
        self.plan_button.retranslate_ui()
        self.actions.retranslate_ui()
        self.signals.retranslate_ui()
        self.checks_panel.retranslate_ui()
        self.library.retranslate_ui()
        self.refresh(Changes.all())

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        if not changes.touches(*RELEVANT):
            return
        tid = self.ctx.trajectory_id
        with self.ctx.session() as session:
            self.matrix_model.load(session, tid)
            self._unreached = service.unreached_risk_groups(session, tid) if tid else []
        char = self.fontMetrics().averageCharWidth()
        self.matrix.resizeColumnToContents(0)
        self.matrix.setColumnWidth(0, min(self.matrix.columnWidth(0), char * 46))
        for col in range(1, self.matrix_model.columnCount()):
            self.matrix.setColumnWidth(col, char * 17)
        if self._unreached:
            self.unreached.setText("⚠ " + _("Not reached by any action yet: {groups}.").format(
                groups=", ".join(reference.label("risk_group", c) for c in self._unreached)))
        else:
            self.unreached.setText("✔ " + _("Every risk group is reached by at least one "
                                            "action."))
        self.find_practice.setEnabled(bool(self._unreached))
        self.library.reload()
        if self.actions.current_id() is None and self.actions.model.rowCount():
            self.actions.select_id(self.actions.model.id_at(0))
        self._show_checks()

    def _show_checks(self) -> None:
        action_id = self.actions.current_id()
        if not action_id:
            self.checks_panel.show_action(None, [])
            return
        with self.ctx.session() as session:
            review = queries.action_review(session, action_id)
        self.checks_panel.show_action(*(review or (None, [])))

    def _find_practice(self) -> None:
        if self._unreached:
            self.library.show_for_risk_group(self._unreached[0])
        self.tabs.setCurrentWidget(self.library)

    def _practice_copied(self, action_id: str) -> None:
        self.actions.select_id(action_id)
