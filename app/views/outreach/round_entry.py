"""Round entry (issue 17): a printed walking list typed in as a grid, by keyboard.

One row per address in the paper's walking order and with its row numbers; one key per
outcome (1 at the door, 2 inside, 3 not home, 4 declined, 5 card left, 0 clears), the date and
the visitor once for the whole round. "At the door" and "inside" open the short details under
their row (what came up, signals, wish, follow-up), nothing else does; Enter moves to the next
address. Saving writes every visit in one transaction and one undo step
(`save_round_undoably`). The work is done by the Qt-free `app.services.outreach.rounds`.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.models.outreach import OutreachVisit
from app.services.errors import AppError
from app.services.i18n import _, ngettext
from app.services.outreach import choices, people, refs, rounds, visits
from app.services.reference import label
from app.views.context import AppContext
from app.views.theme import make_banner
from app.views.widgets.form import DateField
from app.views.widgets.sizing import fit_to_screen, scrolling

KEYS = {getattr(Qt.Key, f"Key_{n}"): outcome for n, outcome in
        enumerate(rounds.ROUND_OUTCOMES, 1)}
CLEAR_KEYS = (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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


class SignalsButton(QToolButton):
    """The signals noticed, as a menu of check boxes (Space or a click ticks one)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setObjectName("roundSignals")
        from PySide6.QtWidgets import QMenu

        self.setMenu(QMenu(self))
        self.actions_by_code = {}
        for ref in refs.SIGNALS:
            action = self.menu().addAction("")
            action.setCheckable(True)
            action.toggled.connect(lambda _on: self.retranslate_ui())
            self.actions_by_code[ref.code] = action
        self.retranslate_ui()

    def codes(self) -> list[str]:
        return [code for code, a in self.actions_by_code.items() if a.isChecked()]

    def retranslate_ui(self) -> None:
        for code, action in self.actions_by_code.items():
            action.setText(label("visit_signal", code))
        chosen = ", ".join(label("visit_signal", c) for c in self.codes())
        self.setText(chosen or _("Signals noticed…"))
        self.setAccessibleName(_("Signals noticed"))


class RowDetails(QWidget):
    """What came up at a door where someone talked: shown only for those rows."""

    advance = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.notes, self.wish, self.follow_up = QLineEdit(), QLineEdit(), QLineEdit()
        self.notes.setObjectName("roundNotes")
        self.signals = SignalsButton()
        self.due = DateField()
        self.labels = [QLabel() for _i in range(5)]
        form = QFormLayout(self)
        form.setContentsMargins(36, 0, 0, 6)
        for lab, editor in zip(self.labels, (self.notes, self.signals, self.wish,
                                             self.follow_up, self.due), strict=True):
            lab.setBuddy(editor)
            form.addRow(lab, editor)
        for edit in (self.notes, self.wish, self.follow_up, self.due.edit):
            edit.returnPressed.connect(self.advance)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        texts = (_("What came up:"), _("Signals:"), _("Wish:"), _("Follow-up:"),
                 _("Follow-up due:"))
        for lab, text in zip(self.labels, texts, strict=True):
            lab.setText(text)
        self.signals.retranslate_ui()
        self.due.retranslate_ui()

    def values(self) -> dict:
        return {"notes": self.notes.text(), "signals": self.signals.codes(),
                "wish": self.wish.text(), "follow_up": self.follow_up.text(),
                "follow_up_due": self.due.value()}


class OutcomeButtons(QWidget):
    """The five outcomes as buttons for the mouse; the keyboard uses the row's number keys."""

    chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.buttons = {}
        for outcome in rounds.ROUND_OUTCOMES:
            button = QToolButton()
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, o=outcome: self.chosen.emit(o))
            layout.addWidget(button)
            self.buttons[outcome] = button
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for outcome, button in self.buttons.items():
            button.setText(rounds.outcome_label(outcome))

    def show_outcome(self, outcome: str) -> None:
        for key, button in self.buttons.items():
            button.setChecked(key == outcome)


class RoundRow(QFrame):
    """One address of the round: number, address, name and its outcome, then its details."""

    advance = Signal()
    back = Signal()
    changed = Signal()

    def __init__(self, row: rounds.RoundRow, parent=None):
        super().__init__(parent)
        self.row, self.outcome = row, ""
        self.setObjectName("roundRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.head = QLabel()
        self.head.setObjectName("roundRowHead")
        self.head.setWordWrap(True)  # a long address wraps; the outcome buttons never shrink
        self.buttons = OutcomeButtons()
        self.buttons.chosen.connect(self.choose)
        self.details = RowDetails()
        self.details.hide()
        self.details.advance.connect(self.advance)
        line = QHBoxLayout()
        line.addWidget(self.head, 1)
        line.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(line)
        layout.addWidget(self.details)
        self.setEnabled(not row.logged)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        r = self.row
        text = f"<b>{r.number}</b>&nbsp;&nbsp;{_html(r.address)} – {_html(r.name)}"
        if r.logged:
            text += " · " + _html(_("already logged: {outcome}").format(
                outcome=label("visit_outcome", r.logged)))
        self.head.setText(text)
        self.setAccessibleName(f"{r.number} {r.address} {r.name}")
        self.buttons.retranslate_ui()
        self.details.retranslate_ui()

    def choose(self, outcome: str) -> None:
        """Tick an outcome ("" clears it); a talk opens the details and goes there."""
        self.outcome = outcome
        self.buttons.show_outcome(outcome)
        talk = outcome in rounds.DETAIL_OUTCOMES
        self.details.setVisible(talk)
        self.changed.emit()
        if talk:
            self.details.notes.setFocus()
        elif outcome:
            self.advance.emit()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.choose(KEYS[key])
        elif key in CLEAR_KEYS:
            self.choose("")
        elif key in ENTER_KEYS or key == Qt.Key.Key_Down:
            self.advance.emit()
        elif key == Qt.Key.Key_Up:
            self.back.emit()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        self._mark(True)  # the address being typed in stands out: a firm frame around it
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self._mark(self.isAncestorOf(QApplication.focusWidget()))
        super().focusOutEvent(event)

    def _mark(self, on: bool) -> None:
        self.setFrameShape(QFrame.Shape.Box if on else QFrame.Shape.StyledPanel)
        self.setLineWidth(2 if on else 1)

    def entry(self) -> rounds.Entry | None:
        if not self.outcome:
            return None
        extra = self.details.values() if self.outcome in rounds.DETAIL_OUTCOMES else {}
        return rounds.Entry(self.row.person_id, self.outcome, **extra)


def _html(text: str) -> str:
    from html import escape

    return escape(text)


class RoundPicker(QWidget):
    """Which round: the code on a printed list, this visitor's round or this street."""

    code_entered = Signal(str)
    visitor_chosen = Signal(object)  # visitor id, or None for people without a visitor
    street_chosen = Signal(str)

    def __init__(self, visitors: list[tuple[str, str]], streets: list[str], parent=None):
        super().__init__(parent)
        self.code = QLineEdit()
        self.code.setObjectName("roundCode")
        self.code.setMaxLength(12)
        self.code.returnPressed.connect(lambda: self.code_entered.emit(self.code.text()))
        self.visitor, self.street = QComboBox(), QComboBox()
        self.visitor.setObjectName("roundVisitorChoice")
        self.street.setObjectName("roundStreet")
        self.visitor.addItem("", "")
        for vid, name in visitors:
            self.visitor.addItem(name, vid)
        self.street.addItem("", "")
        self.street.addItems(streets)
        self.visitor.activated.connect(self._visitor)
        self.street.activated.connect(
            lambda i: i > 0 and self.street_chosen.emit(self.street.itemText(i)))
        self.labels = [QLabel() for _i in range(3)]
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for lab, editor in zip(self.labels, (self.code, self.visitor, self.street),
                               strict=True):
            lab.setBuddy(editor)
            form.addRow(lab, editor)
        self.retranslate_ui()

    def _visitor(self, index: int) -> None:
        if index > 0:
            self.visitor_chosen.emit(self.visitor.itemData(index))

    def retranslate_ui(self) -> None:
        texts = (_("Round &code on the list:"), _("Or this &visitor's round:"),
                 _("Or this s&treet:"))
        for lab, text in zip(self.labels, texts, strict=True):
            lab.setText(text)
        self.code.setPlaceholderText(_("for example 7KQ2-3011"))


class RoundHeader(QWidget):
    """The round's title, and its date and visitor, given once for every visit."""

    def __init__(self, visitors: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("roundTitle")
        self.title.setWordWrap(True)
        self.date = DateField()
        self.date.setObjectName("roundDate")
        self.visitor = QComboBox()
        self.visitor.setObjectName("roundVisitor")
        self.visitor.addItem("", None)
        for vid, name in visitors:
            self.visitor.addItem(name, vid)
        self.date_label, self.visitor_label = QLabel(), QLabel()
        self.date_label.setBuddy(self.date)
        self.visitor_label.setBuddy(self.visitor)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        for w in (self.date_label, self.date, self.visitor_label):
            line.addWidget(w)
        line.addWidget(self.visitor, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(line)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.date_label.setText(_("&Date of the round:"))
        self.visitor_label.setText(_("V&isitor:"))
        self.visitor.setItemText(0, _("each person's own visitor"))
        self.date.retranslate_ui()

    def show_round(self, grid: rounds.Round) -> None:
        self.title.setText(_("Round {code} – {title}: {n}").format(
            code=grid.code, title=grid.title or _("(no visitor assigned)"),
            n=ngettext("{n} address", "{n} addresses", len(grid.rows)).format(
                n=len(grid.rows))))
        self.date.set_value(grid.key.on)
        self.visitor.setCurrentIndex(max(self.visitor.findData(grid.visitor_id), 0))


class RoundRows(QWidget):
    """The rows of the loaded round; Enter and the arrows walk from one address to the
    next, past those already logged."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RoundRow] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(2)
        self.layout_.addStretch(1)
        self.scroll = scrolling(self)

    def load(self, grid: rounds.Round) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = [RoundRow(r) for r in grid.rows]
        for i, row in enumerate(self.rows):
            self.layout_.insertWidget(i, row)
            row.show()  # now, not at the next event-loop turn: it takes the focus right away
            row.advance.connect(lambda i=i: self.focus_from(i, 1))
            row.back.connect(lambda i=i: self.focus_from(i, -1))
            row.changed.connect(self.changed)
        self.focus_from(-1, 1)

    def focus_from(self, index: int, step: int) -> None:
        i = index + step
        while 0 <= i < len(self.rows) and not self.rows[i].isEnabled():
            i += step
        if 0 <= i < len(self.rows):
            for j, row in enumerate(self.rows):
                row._mark(j == i)
            self.rows[i].setFocus()
            self.scroll.ensureWidgetVisible(self.rows[i])
        elif step > 0:
            self.window().focusNextChild()  # past the last address: on to Save

    def entries(self) -> list[rounds.Entry]:
        return [e for e in (row.entry() for row in self.rows) if e is not None]

    def retranslate_ui(self) -> None:
        for row in self.rows:
            row.retranslate_ui()


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
        self.hint, self.message = QLabel(), QLabel()  # what to do; what went wrong
        self.message.setObjectName("roundMessage")
        for label_ in (self.hint, self.message):
            label_.setWordWrap(True)
        make_banner(self.message, "error")
        self.message.hide()
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
