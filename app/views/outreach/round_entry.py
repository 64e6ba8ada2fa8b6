"""Round entry (issue 17): a printed walking list typed in as a grid, by keyboard.

One row per address in the paper's walking order and with its row numbers; one key per
outcome (1 at the door, 2 inside, 3 not home, 4 declined, 5 card left, 0 clears), the date and
the visitor once for the whole round. "At the door" and "inside" open the short details under
their row (what came up, signals, wish, follow-up), nothing else does; Enter moves to the next
address. Saving writes every visit in one transaction and one undo step
(`save_round_undoably`). The work is done by the Qt-free `app.services.outreach.rounds`.
One address's row is in `round_row`; the picker, the header and the list of rows are in
`round_parts`.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout

from app.models.outreach import OutreachVisit
from app.services.errors import AppError
from app.services.i18n import _
from app.services.outreach import choices, people, rounds, visits
from app.views.context import AppContext
from app.views.outreach.round_parts import RoundHeader, RoundPicker, RoundRows
from app.views.outreach.round_row import ENTER_KEYS
from app.views.widgets.dialog_parts import hidden_banner
from app.views.widgets.sizing import fit_to_screen


def save_round_undoably(ctx: AppContext, key: rounds.RoundKey, entries: list[rounds.Entry],
                        **kwargs) -> int:
    """Save a round in one transaction, as one step of Edit › Undo (undo tombstones its
    visits and puts each person's status back). Returns the number of visits."""
    from app.services import records
    from app.views.undo import BatchCommand

    with ctx.write() as session:
        with records.tracking_adds(session, OutreachVisit) as made:
            _visits, changes = rounds.save_round(session, key, entries, **kwargs)
        steps = [("add", v.id, v.revision, None, None) for v in made]
    for _verb, record_id, revision, _b, _a in steps:
        ctx.undo_revisions[("outreach_visit", record_id)] = revision
    if steps:
        ctx.undo_stack.push(BatchCommand(ctx, "add_many", OutreachVisit, steps,
                                         visits.refresh_person_of))
    ctx.notify(changes)
    return len(steps)

class RoundEntryDialog(QDialog):
    """Open a round by its code (or a visitor's, or a street's), tick it, save it."""

    def __init__(self, ctx: AppContext, campaign_id: str, parent=None):
        super().__init__(parent)
        self.setObjectName("roundEntryDialog")
        self.ctx, self.campaign_id = ctx, campaign_id
        self.grid: rounds.Round | None = None
        self.saved = 0
        with ctx.session() as s:
            visitors = choices.visitor_choices(s, ctx.trajectory_id, active_only=False)
            streets = people.streets(s, campaign_id)
        self.picker = RoundPicker(visitors, streets)
        self.picker.code_entered.connect(self.open_code)
        self.picker.visitor_chosen.connect(lambda vid: self.open_key(
            rounds.visitor_round(campaign_id, vid, date.today())))
        self.picker.street_chosen.connect(lambda st: self.open_key(
            rounds.street_round(campaign_id, st, date.today())))
        self.header = RoundHeader(visitors)
        self.rows = RoundRows()
        self.rows.changed.connect(self._count)
        self.hint = QLabel()  # what to do
        self.hint.setWordWrap(True)
        self.message = hidden_banner("error", "roundMessage")  # what went wrong
        self.buttons = self._button_box()
        layout = QVBoxLayout(self)
        for w in (self.picker, self.header):
            layout.addWidget(w)
        layout.addWidget(self.rows.scroll, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.retranslate_ui()
        self._show_loaded(False)
        fit_to_screen(self, 900, 640)
        self.picker.code.setFocus()

    def _button_box(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.save_button = box.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("roundSave")
        self.cancel_button = box.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in box.buttons():
            button.setAutoDefault(False)  # Enter walks the round, it never saves it
        self.save_button.setAutoDefault(True)  # ...except on the Save button itself
        self.save_button.clicked.connect(self.save)
        box.rejected.connect(self.reject)
        return box

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Enter a round"))
        self.save_button.setText(_("&Save the round"))
        self.save_button.setToolTip(_("Save every visit of this round (Ctrl+S)"))
        self.picker.retranslate_ui()
        self.header.retranslate_ui()
        self.rows.retranslate_ui()
        self._count()

    def _show_loaded(self, loaded: bool) -> None:
        for w in (self.header, self.rows.scroll, self.save_button):
            w.setVisible(loaded)

    def _say(self, text: str, error: bool = False) -> None:
        if error:
            self.message.setText(text)
        else:
            self.hint.setText(text)
        self.message.setVisible(error)

    # --- opening ------------------------------------------------------------------------------
    def open_code(self, code: str) -> None:
        try:
            with self.ctx.session() as s:
                key = rounds.find_round(s, self.ctx.trajectory_id, code)
        except AppError as exc:
            self._say(exc.user_message(), error=True)
            return
        self.open_key(key)

    def open_key(self, key: rounds.RoundKey) -> None:
        if self.rows.entries() and not self._may_drop():
            return
        with self.ctx.session() as s:
            self.grid = rounds.load_round(s, key)
        self.picker.code.setText(self.grid.code)
        self.header.show_round(self.grid)
        self._show_loaded(True)
        self.rows.load(self.grid)
        self._count()

    def _count(self) -> None:
        if self.grid is None:
            self._say(_("Type the round code printed at the top of the walking list and press "
                        "Enter."))
            return
        done = len(self.rows.entries()) + sum(1 for r in self.grid.rows if r.logged)
        self._say(_("Ticked: {done} of {total}. Keys: 1 at the door, 2 inside, 3 not home, "
                    "4 declined, 5 card left, 0 clears; Enter goes to the next address.")
                  .format(done=done, total=len(self.grid.rows)))

    # --- saving and leaving -------------------------------------------------------------------
    def save(self) -> None:
        entries = self.rows.entries()
        if self.grid is None or not entries:
            self._say(_("Nothing is ticked yet: nothing to save."), error=True)
            return
        try:
            save_round_undoably(self.ctx, self.grid.key, entries,
                                visited_on=self.header.date.value(),
                                visitor_id=self.header.visitor.currentData())
        except AppError as exc:
            self._say(exc.user_message(), error=True)  # nothing was written; all stays
            return
        self.saved = len(entries)
        self.accept()

    def _may_drop(self) -> bool:
        answer = QMessageBox.question(
            self, _("Enter a round"), _("The addresses ticked in this round have not been "
                                        "saved. Leave them out?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.rows.entries() and not self._may_drop():
            return
        super().reject()

    def keyPressEvent(self, event) -> None:
        if event.key() in ENTER_KEYS:
            return  # a field's Enter moves on (or opens the code); it never closes the dialog
        super().keyPressEvent(event)
