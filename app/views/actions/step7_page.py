"""Step 7 page: act, test and adjust. Per action a plan–do–check–adjust log with the people
reached, and the optional loneliness questionnaires with the change at group level."""
from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.models.actions import ActionLog, Measurement
from app.services import reference
from app.services.actions import lists as queries
from app.services.actions import measuring, service
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_, _, ngettext
from app.views.actions.common import PlanReportButton
from app.views.actions.measure_dialog import MeasurementDialog
from app.views.erasure import erase_everywhere
from app.views.step_page import StepPage
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec


class MeasurementList(RecordListPanel):
    """Questionnaires of one action; 'add' opens the consent-first questionnaire. Answers are
    never edited afterwards: a wrong one is deleted and filled in again."""

    action_id = ""

    def form_dialog(self, title: str, values: dict | None) -> MeasurementDialog:
        return MeasurementDialog(self.ctx, self.action_id, self)

    def edit_current(self) -> None:  # raw answers are not edited
        return None

    def _build(self) -> None:
        super()._build()
        self.erase_button = QPushButton()
        self.erase_button.setObjectName("eraseRespondent")
        self.erase_button.clicked.connect(lambda: self.erase_current())
        self.add_button_widget(self.erase_button)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.add_button.setText(_("Fill in a &questionnaire…"))
        self.edit_button.hide()
        self.erase_button.setText(_("Erase this person…"))
        self.erase_button.setToolTip(_("When someone withdraws consent: wipe all their "
                                       "answers in this action for good"))

    def _update_count(self) -> None:
        super()._update_count()
        if hasattr(self, "erase_button"):
            self.erase_button.setEnabled(self.current_id() is not None)

    def erase_current(self, confirm: bool = True) -> bool:
        record_id = self.current_id()
        if not record_id or not self.action_id:
            return False
        with self.ctx.session() as session:
            code = queries.respondent_code(session, record_id)
        if code is None:
            return False
        if confirm and QMessageBox.question(
                self, _("Erase answers"),
                _("Erase every answer of “{code}” in this action for good? This cannot be "
                  "undone.").format(code=code)) != QMessageBox.StandardButton.Yes:
            return False
        with self.ctx.session() as session:
            ids = measuring.respondent_ids(session, self.action_id, code)
        self.ctx.run_erasure(measuring.erase_respondent, self.action_id, code)
        erase_everywhere(self, self.ctx, {code},
                         lambda copy: measuring.erase_in_copy(copy, ids))
        return True


class Step7Page(StepPage):
    step_number = 7

    def build_content(self) -> QWidget:
        self._action_id = ""
        top = self._build_chooser()
        self.summary = QLabel()
        self.summary.setObjectName("actionSummary")
        self.summary.setWordWrap(True)
        self.logs = RecordListPanel(self.ctx, self._log_spec())
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.logs)
        split.addWidget(self._build_measurements())
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        return box

    def _build_chooser(self) -> QHBoxLayout:
        """The action this page is about, its editor and the plan report."""
        self.action_label = QLabel()
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("actionChooser")
        self.action_combo.setMinimumContentsLength(24)
        self.action_label.setBuddy(self.action_combo)
        self.action_combo.currentIndexChanged.connect(self._action_chosen)
        self.plan_button = PlanReportButton(self.ctx)
        self.edit_action_button = QPushButton()
        self.edit_action_button.setObjectName("editAction")
        self.edit_action_button.clicked.connect(self.edit_action)
        top = QHBoxLayout()
        top.addWidget(self.action_label)
        top.addWidget(self.action_combo, 1)
        top.addWidget(self.edit_action_button)
        top.addWidget(self.plan_button)
        return top

    def _build_measurements(self) -> QGroupBox:
        """The questionnaires: the results at group level beside the list."""
        self.measure_box = QGroupBox()
        self.results = QLabel()
        self.results.setObjectName("groupResults")
        self.results.setWordWrap(True)
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.measurements = MeasurementList(self.ctx, self._measure_spec())
        self.results.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        results_scroll = QScrollArea()
        results_scroll.setWidgetResizable(True)
        results_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        results_scroll.setWidget(self.results)
        ml = QHBoxLayout(self.measure_box)
        ml.addWidget(results_scroll, 1)
        ml.addWidget(self.measurements, 1)
        return self.measure_box

    # --- specs ------------------------------------------------------------------------------
    def _log_spec(self) -> ListSpec:
        return ListSpec(
            model=ActionLog, title=N_("Log: plan, do, check, adjust"), item_name=N_("log entry"),
            columns=[Column("log_date", N_("Date"), width=14),
                     Column("phase", N_("Phase"), width=12,
                            display=lambda v: reference.label("log_phase", v) if v else ""),
                     Column("done", N_("What was done"), width=44),
                     Column("adjusted", N_("Adjusted"), width=36),
                     Column("people_reached", N_("Reached"), width=8)],
            fields=[
                Field("log_date", N_("Date"), kind="date", required=True, default=date.today),
                Field("phase", N_("Phase"), kind="choice", ref_kind="log_phase",
                      required=True, default="do"),
                Field("done", N_("What was done"), kind="multiline"),
                Field("tried", N_("What was tried"), kind="multiline"),
                Field("adjusted", N_("What was adjusted"), kind="multiline"),
                Field("why", N_("Why"), kind="multiline",
                      help=N_("What you saw or heard that made you change course.")),
                Field("people_reached", N_("People reached"), kind="int", maximum=100000),
            ],
            scope=queries.logs_of(lambda: self._action_id), parent=lambda: self._action_id,
            create=lambda s, _tid, values: service.add_log(s, self._action_id, values),
            update=service.update_log, default_sort="log_date", validate=self._validate_log)

    def _validate_log(self, values: dict) -> list[str]:
        if not self._action_id:
            return [_("Choose an action first.")]
        try:
            service._clean_log(values)
        except AppError as exc:
            return [exc.user_message()]
        return []

    def _measure_spec(self) -> ListSpec:
        return ListSpec(
            model=Measurement, title=N_("Questionnaires"), item_name=N_("questionnaire"),
            columns=[Column("respondent_code", N_("Code"), width=10),
                     Column("moment", N_("Moment"), width=10,
                            display=lambda v: reference.label("measure_moment", v)),
                     Column("instrument", N_("Questionnaire"), width=26,
                            display=lambda v: reference.label("instrument", v)),
                     Column("measured_on", N_("Date"), width=13)],
            fields=[], parent=lambda: self._action_id, create=measuring.add_measurement_form,
            scope=queries.measurements_of(lambda: self._action_id),
            default_sort="respondent_code")

    # --- texts and data ---------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.action_label.setText(_("&Action:"))
        self.action_combo.setAccessibleName(_("Action"))
        self.edit_action_button.setText(_("Edit the action…"))
        self.edit_action_button.setToolTip(_("Change its status (for example to evaluated), "
                                             "elements, groups or impact analysis"))
        self.measure_box.setTitle(_("Measuring loneliness (optional, with consent)"))
        self.plan_button.retranslate_ui()
        self.logs.retranslate_ui()
        self.measurements.retranslate_ui()
        self.refresh(Changes.all())

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        if changes.touches("action"):
            self._load_actions()
        if changes.touches("action", "action_log", "measurement"):
            self._load_summary()

    def _load_actions(self) -> None:
        tid = self.ctx.trajectory_id
        with self.ctx.session() as session:
            actions = service.actions_of(session, tid) if tid else []
        current = self._action_id
        self.action_combo.blockSignals(True)
        self.action_combo.clear()
        for a in actions:
            self.action_combo.addItem(f"{a.name} ({reference.label('action_status', a.status)})",
                                      a.id)
        idx = self.action_combo.findData(current)
        if idx < 0:  # prefer a running action
            running = [i for i, a in enumerate(actions) if a.status == "running"]
            idx = running[0] if running else (0 if actions else -1)
        self.action_combo.setCurrentIndex(idx)
        self.action_combo.blockSignals(False)
        self._action_chosen()

    def _action_chosen(self, _index: int | None = None) -> None:
        new = self.action_combo.currentData() or ""
        if new != self._action_id:
            self._action_id = new
            self.measurements.action_id = new
            self.logs.reload()
            self.measurements.reload()
            self._load_summary()
        self.logs.setEnabled(bool(new))
        self.measure_box.setEnabled(bool(new))
        self.edit_action_button.setEnabled(bool(new))

    def edit_action(self) -> None:
        from app.views.actions.editor import edit_action

        if self._action_id:
            edit_action(self, self.ctx, self._action_id)

    def _load_summary(self) -> None:
        if not self._action_id:
            self.summary.setText(_("Add an action in step 6 first."))
            self.results.setText("")
            return
        with self.ctx.session() as session:
            reached = service.people_reached(session, self._action_id)
            changes = measuring.group_results(session, self._action_id)
        self.summary.setText(ngettext("{n} person reached so far by this action.",
                                      "{n} people reached so far by this action.",
                                      reached).format(n=reached))
        if not changes:
            self.results.setText(escape(_("No questionnaires yet. Measuring is optional and "
                                          "only happens with consent.")))
            return
        html = []
        for change in changes:
            lines = measuring.describe_change(change)
            html.append("<p>" + "<br/>".join(
                ("⚠ <b>" + escape(line) + "</b>") if change.small_group and
                line == _(measuring.SMALL_GROUP_WARNING).format(n=change.pairs)
                else escape(line) for line in lines) + "</p>")
        html.append("<p><i>" + escape(_(measuring.NOT_A_DIAGNOSIS)) + "</i></p>")
        self.results.setText("".join(html))
