"""The parts of the round entry dialog (issue 17) around its rows: which round to open
(`RoundPicker`), the round's title, date and visitor (`RoundHeader`) and the list of its
addresses that Enter and the arrows walk through (`RoundRows`). Part of
`app.views.outreach.round_entry`."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.i18n import _, ngettext
from app.services.outreach import rounds
from app.views.outreach.round_row import RoundRow
from app.views.widgets.form import DateField
from app.views.widgets.sizing import scrolling


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

