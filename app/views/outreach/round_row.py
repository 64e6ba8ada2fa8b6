"""One address of a round being entered (issue 17), as a row of the round entry grid: its
number, address and name, one key per outcome, and for "at the door" and "inside" the short
details under it (what came up, signals noticed, wish, follow-up). Part of
`app.views.outreach.round_entry`."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.i18n import _
from app.services.outreach import refs, rounds
from app.services.reference import label
from app.views.widgets.form import DateField

KEYS = {getattr(Qt.Key, f"Key_{n}"): outcome for n, outcome in
        enumerate(rounds.ROUND_OUTCOMES, 1)}
CLEAR_KEYS = (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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
        text = f"<b>{r.number}</b>&nbsp;&nbsp;{escape(r.address)} – {escape(r.name)}"
        if r.logged:
            text += " · " + escape(_("already logged: {outcome}").format(
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

