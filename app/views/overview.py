"""The Overview tab: per step how far the trajectory is, what is next, and the last backup."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import method
from app.services.changes import Changes
from app.services.i18n import _, format_date, format_datetime, format_percent, ngettext
from app.views.context import AppContext


class OverviewPage(QWidget):
    open_step = Signal(int)
    start_requested = Signal()  # "Start a trajectory…" on a fresh start
    demo_requested = Signal()  # "Look at the demo"

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("overview")
        self._build_texts()
        grid = self._build_steps()
        self._build_welcome()
        self.steps = QWidget()
        self.steps.setLayout(grid)
        self._build_layout()
        # several signals often come together (database ready → trajectory chosen → ...):
        # reload once, in the next event-loop turn
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.reload)
        ctx.changed.connect(self._on_changed)
        ctx.trajectory_changed.connect(lambda _t: self._reload_timer.start())
        ctx.database_ready.connect(self._reload_timer.start)
        self.retranslate_ui()

    def _build_texts(self) -> None:
        """The heading, the trajectory's summary, the intro, the backup and empty lines."""
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("trajectorySummary")
        self.intro = QLabel()
        self.backup_label = QLabel()
        self.backup_label.setObjectName("lastBackup")
        self.empty = QLabel()
        self.empty.setObjectName("emptyText")
        for label in (self.heading, self.summary, self.intro, self.backup_label, self.empty):
            label.setWordWrap(True)

    def _build_layout(self) -> None:
        from app.views.exchange.sharing import MailboxStatusLabel
        from app.views.outreach.not_shared_line import NotSharedLine

        layout = QVBoxLayout(self)
        for widget in (self.heading, self.summary, self.intro, self.empty, self.welcome,
                       self.steps):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.backup_label)
        self.mailboxes = MailboxStatusLabel(self.ctx)  # exchange feature: what is not shared
        layout.addWidget(self.mailboxes)
        self.not_shared = NotSharedLine(self.ctx)  # what has not reached the lead organisation
        layout.addWidget(self.not_shared)

    def _build_steps(self) -> QGridLayout:
        """One row per step: open it, how far it is, what comes next."""
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        self.rows = []
        for sd in method.all_steps():
            button = QPushButton()
            button.setObjectName(f"openStep{sd.number}")
            button.clicked.connect(lambda _c=False, n=sd.number: self.open_step.emit(n))
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            bar.setMinimumWidth(160)
            nxt = QLabel()
            nxt.setWordWrap(True)
            r = sd.number
            grid.addWidget(button, r, 0)
            grid.addWidget(bar, r, 1)
            grid.addWidget(nxt, r, 2)
            self.rows.append((sd, button, bar, nxt))
        return grid

    def _build_welcome(self) -> None:
        """A fresh start: what the app is for, and two ways forward."""
        self.welcome = QFrame()
        self.welcome.setObjectName("welcome")
        self.welcome.setFrameShape(QFrame.Shape.StyledPanel)
        self.welcome_text = QLabel()
        self.welcome_text.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startTrajectory")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_requested.emit)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("lookAtDemo")
        self.demo_button.clicked.connect(self.demo_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self.welcome)
        box.addWidget(self.welcome_text)
        box.addLayout(buttons)
        self.welcome.hide()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Overview"))
        self.welcome_text.setText(_(
            "Buurtverbinder leads you through the seven steps of a local approach against "
            "loneliness: partners, training, the map of your area, talks with residents, "
            "actions and follow-up.\n\nStart your own trajectory, or first look around in a "
            "filled-in example: the fictional municipality Heidebeek."))
        self.start_button.setText(_("&Start a trajectory…"))
        self.start_button.setToolTip(_("Give your trajectory a name; you can fill in the "
                                       "rest later"))
        self.demo_button.setText(_("&Look at the demo"))
        self.demo_button.setToolTip(_("Adds the fictional municipality Heidebeek with every "
                                      "step filled in, to look around and practise"))
        self.intro.setText(_("How far each step is, and what comes next. Click a step to "
                             "open it."))
        for sd, button, bar, _nxt in self.rows:
            button.setText(_(sd.tab_title))
            button.setToolTip(_(sd.title))
            bar.setAccessibleName(_("Progress of {step}").format(step=_(sd.tab_title)))
        self.reload()

    @staticmethod
    def _summary_text(summary) -> str:
        """One line about the trajectory: where, when, who leads it."""
        if summary is None:
            return ""
        parts = [summary.municipality] if summary.municipality else []
        if summary.start or summary.end:
            parts.append(_("{start} to {end}").format(
                start=format_date(summary.start) or "…", end=format_date(summary.end) or "…"))
        if summary.months_left is not None:
            parts.append(ngettext("{n} month to go", "{n} months to go", summary.months_left)
                         .format(n=summary.months_left) if summary.months_left >= 0
                         else _("the planned end has passed"))
        if summary.lead:
            parts.append(_("lead organisation: {name}").format(name=summary.lead))
        if summary.director:
            parts.append(_("network director: {name}").format(name=summary.director))
        text = " · ".join(parts)
        if summary.too_short:
            text += "\n⚠ " + _("The planned period is shorter than the 18 months the method "
                               "advises.")
        return text

    def _on_changed(self, changes: Changes) -> None:
        self._reload_timer.start()

    def reload(self) -> None:
        glance = None
        if not self.ctx.has_database:  # the first paint comes before the database layer
            glance = self.ctx.glance
            if glance is None:
                self._show_opening()
                return
        tid = glance.trajectory_id if glance else self.ctx.trajectory_id
        # a fresh start: no greyed steps, but the way forward
        self.empty.setVisible(False)
        self.welcome.setVisible(not tid)
        self.steps.setVisible(bool(tid))
        self.intro.setVisible(bool(tid))
        self.heading.setText(_("Overview") if tid else _("Welcome"))
        statuses, summary = self._statuses_and_summary(glance, tid)
        self.summary.setText(self._summary_text(summary))
        self.summary.setVisible(summary is not None)
        self._show_steps(statuses, bool(tid))
        self._show_last_backup(glance)

    def _show_opening(self) -> None:
        self.empty.setText(_("Opening your data…"))
        self.empty.show()
        for _sd, button, _bar, nxt in self.rows:
            button.setEnabled(False)
            nxt.setText("")
        self.backup_label.setText("")

    def _statuses_and_summary(self, glance, tid: str | None) -> tuple[list, object]:
        """From the quick glance before the database layer is loaded, else from the data."""
        if glance is not None:
            return glance.statuses, glance.summary
        if not tid:
            return [], None
        from app.services.summary import trajectory_summary

        with self.ctx.session() as session:
            return method.step_status(session, tid), trajectory_summary(session, tid)

    def _show_steps(self, statuses: list, enabled: bool) -> None:
        by_step = {s.step: s for s in statuses}
        for sd, button, bar, nxt in self.rows:
            st = by_step.get(sd.number)
            button.setEnabled(enabled)
            bar.setValue(round((st.progress if st else 0) * 100))
            bar.setFormat(format_percent(st.progress if st else 0))
            if st is None:
                nxt.setText("")
            elif st.next_item:
                nxt.setText(_("Next: {item}").format(item=_(st.next_item)))
            else:
                nxt.setText(_("Done for now."))

    def _show_last_backup(self, glance) -> None:
        if glance is not None:
            last = glance.last_backup
        else:
            from app.services import backup

            info = backup.last_backup(self.ctx.db.path)
            last = info.created if info else None
        if last:
            self.backup_label.setText(_("Last backup: {when}").format(
                when=format_datetime(last.astimezone(), "medium")))
        else:
            self.backup_label.setText(_("No backup yet: one is made automatically every day."))
