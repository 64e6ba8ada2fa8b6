"""Sessions: the list, and for the chosen session its tables, participants and seating plan."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import records, reference
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import _, ngettext
from app.services.participation import sessions
from app.services.participation.codes import MAX_PER_TABLE
from app.views.context import AppContext
from app.views.participation.lists import participant_spec, session_spec
from app.views.participation.util import select_first
from app.views.util import show_error
from app.views.widgets.dialog_parts import hidden_banner, ok_cancel
from app.views.widgets.form import CodeListWidget
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.sizing import fit_to_screen

KINDS = ("participatory_session", "session_table", "session_participant", "session_seat",
         "persona")


class PickPeopleDialog(QDialog):
    """Pick people from step 2's list of interested people."""

    def __init__(self, candidates: list[sessions.Candidate], parent=None):
        super().__init__(parent)
        self.setModal(True)
        self.setWindowTitle(_("People from step 2"))
        options = []
        for c in candidates:
            text = f"{c.name} – {reference.label('participant_role', c.role)}"
            if not c.consent:
                text += " " + _("(no consent to contact yet)")
            options.append((c.source_id, text))
        self.list = CodeListWidget(options)
        self.list.setObjectName("pickPeople")
        hint = QLabel(_("Tick the people you invite. Their name and role are copied into "
                        "this session, their contact only when they agreed to be contacted.")
                      if candidates else
                      _("Step 2 has no interested people yet."))
        hint.setWordWrap(True)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 480, 520)  # at most what the screen has free

    def chosen(self) -> list[str]:
        return self.list.value()


class TablesEditor(QWidget):
    """Number of tables, and per table its persona and facilitator."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = ""
        self._loading = False
        self._revisions: dict[str, int] = {}
        self.saving = False
        self.count = QSpinBox()
        self.count.setRange(1, sessions.MAX_TABLES)
        self.count.setObjectName("tableCount")
        self.count_label = QLabel()
        self.count_label.setBuddy(self.count)
        self.apply_count = QPushButton()
        self.apply_count.clicked.connect(self.set_count)
        self.grid = QTableWidget(0, 3)
        self.grid.setTabKeyNavigation(False)  # Tab moves on; arrows stay inside
        self.grid.setObjectName("tablesGrid")
        self.grid.verticalHeader().hide()
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.grid.setColumnWidth(0, self.fontMetrics().horizontalAdvance("Table 30") + 36)
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.grid.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addWidget(self.count)
        row.addWidget(self.apply_count)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addWidget(self.grid, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.count_label.setText(_("Number of tables:"))
        self.apply_count.setText(_("Apply"))
        self.grid.setHorizontalHeaderLabels([_("Table"), _("Persona"), _("Table facilitator")])
        self.hint.setText(_("At most {max} participants per table, plus one facilitator. The "
                            "persona stays at its table; people move after the break.")
                          .format(max=MAX_PER_TABLE))
        self.load(self.session_id)

    def load(self, session_id: str) -> None:
        self.session_id = session_id
        self._loading = True
        try:
            self.grid.setRowCount(0)
            self.setEnabled(bool(session_id))
            if not session_id:
                return
            with self.ctx.session() as s:
                found = sessions.tables(s, session_id)
                rows = [(t.id, t.number, t.persona_id, t.facilitator) for t in found]
                self._revisions = {t.id: t.revision for t in found}
                names = sorted(sessions.persona_names(s, self.ctx.trajectory_id).items(),
                               key=lambda kv: kv[1].casefold())
            self.count.setValue(max(len(rows), 1))
            self.grid.setRowCount(len(rows))
            for r, row in enumerate(rows):
                self._fill_row(r, *row, names)
        finally:
            self._loading = False

    def _fill_row(self, r: int, tid: str, number: int, persona_id: str | None,
                  facilitator: str, names: list[tuple[str, str]]) -> None:
        """Grid row `r`: the table's number, its persona and its facilitator, each saved as
        soon as it changes."""
        label = QLabel(_("Table {n}").format(n=number))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.setCellWidget(r, 0, label)
        combo = QComboBox()
        combo.addItem("—", None)
        for pid, name in names:
            combo.addItem(name, pid)
        combo.setCurrentIndex(max(combo.findData(persona_id), 0))
        combo.setAccessibleName(_("Persona at table {n}").format(n=number))
        combo.currentIndexChanged.connect(
            lambda _i, c=combo, t=tid: self._save(t, persona_id=c.currentData()))
        self.grid.setCellWidget(r, 1, combo)
        edit = QLineEdit(facilitator)
        edit.setAccessibleName(_("Facilitator at table {n}").format(n=number))
        edit.editingFinished.connect(lambda e=edit, t=tid: self._save(t, facilitator=e.text()))
        self.grid.setCellWidget(r, 2, edit)

    def _save(self, table_id: str, **fields) -> None:
        if self._loading:
            return
        # the grid already shows the new value: don't rebuild it (and delete the editor that
        # is emitting this signal) when the change comes back on the refresh signal
        from app.models.participation import SessionTable

        self.saving = True
        try:
            self.ctx.edit_with(SessionTable, table_id, sessions.update_table, table_id,
                               based_on=self._revisions.get(table_id), **fields)
            with self.ctx.session() as s:  # the next edit is based on this save
                self._revisions[table_id] = records.revision_of(s, SessionTable, table_id)
        except AppError as exc:
            show_error(self, exc)
            if isinstance(exc, records.StaleEditError):  # show the other person's change
                QTimer.singleShot(0, lambda: self.load(self.session_id))
        finally:
            self.saving = False

    def set_count(self) -> None:
        if self.session_id:
            self.ctx.run(sessions.set_table_count, self.session_id, self.count.value())


class PlanView(QWidget):
    """The seating plan per round, its warnings, and the printouts."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = ""
        self.plan_button = QPushButton()
        self.plan_button.setObjectName("planTables")
        self.plan_button.clicked.connect(self.plan)
        self.sheets_button = QPushButton()
        self.sheets_button.clicked.connect(self.print_sheets)
        self.list_button = QPushButton()
        self.list_button.clicked.connect(self.print_list)
        self.warnings = hidden_banner("warning", "planWarnings")
        self.tree = QTreeWidget()
        self.tree.setObjectName("planTree")
        self.tree.setHeaderHidden(True)
        row = QHBoxLayout()
        row.addWidget(self.plan_button)
        row.addStretch(1)
        row.addWidget(self.sheets_button)
        row.addWidget(self.list_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tree, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.plan_button.setText(_("&Propose tables"))
        self.plan_button.setToolTip(_("Spread the participants over the tables and plan who "
                                      "moves where after the break. This replaces the "
                                      "current plan."))
        self.sheets_button.setText(_("Print table sheets…"))
        self.list_button.setText(_("Print participant list…"))
        self.tree.setAccessibleName(_("Seating plan"))
        self.load(self.session_id)

    def load(self, session_id: str) -> None:
        self.session_id = session_id
        self.tree.clear()
        self.setEnabled(bool(session_id))
        if not session_id:
            self.warnings.hide()
            return
        with self.ctx.session() as s:
            obj = sessions.find_session(s, session_id)
            if obj is None:
                return
            table_rows = sessions.tables(s, session_id)
            seating = sessions.seating(s, session_id)
            names = sessions.persona_names(s, obj.trajectory_id)
            problems = sessions.session_warnings(s, session_id)
        for round_ in range(1, obj.rounds + 1):
            title = _("Before the break") if round_ == 1 else _("After the break")
            top = QTreeWidgetItem([title])
            self.tree.addTopLevelItem(top)
            by_table = seating.get(round_, {})
            for t in table_rows:
                top.addChild(self._table_item(t, by_table.get(t.id, []), names))
            top.setExpanded(True)
            for i in range(top.childCount()):
                top.child(i).setExpanded(True)
        if not seating:
            self.tree.addTopLevelItem(QTreeWidgetItem([_("No plan yet: add participants and "
                                                         "press “Propose tables”.")]))
        self.warnings.setText("\n".join(problems))
        self.warnings.setVisible(bool(problems))

    @staticmethod
    def _table_item(table, people: list, names: dict[str, str]) -> QTreeWidgetItem:
        """"Table 2 – Maria · 5 participants · facilitator Jan", with the people under it."""
        text = _("Table {n}").format(n=table.number)
        if table.persona_id in names:
            text += f" – {names[table.persona_id]}"
        text += " · " + ngettext("{n} participant", "{n} participants",
                                 len(people)).format(n=len(people))
        if table.facilitator:
            text += " · " + _("facilitator {name}").format(name=table.facilitator)
        item = QTreeWidgetItem([text])
        for person in people:
            item.addChild(QTreeWidgetItem([person.name]))
        return item

    def plan(self) -> None:
        if not self.session_id:
            return
        try:
            with self.ctx.write() as s:
                result, changes = sessions.plan_session(s, self.session_id)
        except AppError as exc:
            show_error(self, exc)
            return
        self.ctx.notify(changes)
        return result

    def print_sheets(self) -> None:
        self._print("table_sheets")

    def print_list(self) -> None:
        self._print("participants")

    def _print(self, key: str) -> None:
        from app.views.save_pdf import save_printable

        if self.session_id:
            save_printable(self, self.ctx, key, self._session_label(),
                           session_id=self.session_id)

    def _session_label(self) -> str:
        with self.ctx.session() as s:
            return sessions.session_title(s, self.session_id)


class SessionsTab(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.list = RecordListPanel(ctx, session_spec())
        self.tables = TablesEditor(ctx)
        self.participants = RecordListPanel(ctx, participant_spec(self.current_session))
        self.pick_button = QPushButton()
        self.pick_button.setObjectName("pickFromStep2")
        self.pick_button.clicked.connect(self.pick_people)
        self.participants.add_button_widget(self.pick_button)
        self.plan_view = PlanView(ctx)
        self.detail = QTabWidget()
        self.detail.setObjectName("sessionDetail")
        self.detail.addTab(self.participants, "")
        self.detail.addTab(self.tables, "")
        self.detail.addTab(self.plan_view, "")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.list.current_changed.connect(lambda _id: self.show_session())
        ctx.changed.connect(self._on_changed)
        self.retranslate_ui()
        select_first(self.list)
        self.show_session()

    def current_session(self) -> str:
        return self.list.current_id() or ""

    def retranslate_ui(self) -> None:
        self.list.retranslate_ui()
        self.participants.retranslate_ui()
        self.tables.retranslate_ui()
        self.plan_view.retranslate_ui()
        self.pick_button.setText(_("From step &2…"))
        self.pick_button.setToolTip(_("Invite people who said in step 2 that they want to "
                                      "stay involved"))
        self.detail.setTabText(0, _("Participants"))
        self.detail.setTabText(1, _("Tables and personas"))
        self.detail.setTabText(2, _("Seating plan"))

    def show_session(self) -> None:
        sid = self.current_session()
        self.participants.reload()
        self.tables.load(sid)
        self.plan_view.load(sid)
        self.pick_button.setEnabled(bool(sid))
        self.detail.setEnabled(bool(sid))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*KINDS):
            sid = self.current_session()
            if changes.touches("session_table", "persona", "participatory_session") and \
                    not self.tables.saving:
                self.tables.load(sid)
            self.plan_view.load(sid)

    def pick_people(self) -> None:
        sid = self.current_session()
        if not sid:
            return
        with self.ctx.session() as s:
            candidates = sessions.interested_people(s, self.ctx.trajectory_id)
        dialog = PickPeopleDialog(candidates, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            from app.models.participation import SessionParticipant

            self.ctx.add_many(SessionParticipant, sessions.add_from_interested, sid,
                              self.ctx.trajectory_id, dialog.chosen())
