"""A form built from `Field` specs, and the dialog around it for adding or editing a record."""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app.services import datetext, i18n, reference
from app.services.i18n import N_, _
from app.views.widgets.dialog_parts import hidden_banner, ok_cancel
from app.views.widgets.sizing import fit_to_screen, scrolling
from app.views.widgets.specs import Field

# the first entry of a required pick-list: nothing is chosen until the user chooses
CHOOSE = N_("— choose —")
HEALTH_HINT = N_(
    "Write only what is needed to help. Leave out health details unless they matter for "
    "the follow-up."
)


class CodeListWidget(QListWidget):
    """A list of checkable options; its value is the list of checked codes."""

    def __init__(self, options: list[tuple[Any, str]], parent=None):
        super().__init__(parent)
        for value, text in options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        rows = min(max(self.count(), 3), 8)
        row = self.sizeHintForRow(0)
        self.setMinimumHeight(row * rows + 2 * self.frameWidth() + 4)
        # every option in view when there are few; a long list scrolls after twelve
        self.setMaximumHeight(row * min(max(self.count(), 3), 12) + 2 * self.frameWidth() + 4)

    def value(self) -> list:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_value(self, values) -> None:
        wanted = set(values or [])
        for i in range(self.count()):
            item = self.item(i)
            state = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)


class DateField(QWidget):
    """A date that can be empty: typed as d/m/yyyy (the year may be left out), cleared with
    the clear button, or picked in a calendar (the button, Alt+Down or F4) that opens on the
    chosen date, else on `anchor` (e.g. the campaign's month), else on today."""

    changed = Signal()

    def __init__(self, parent=None, anchor: date | None = None, past: bool = False):
        super().__init__(parent)
        self.anchor = anchor
        self.past = past  # a birth date: the year in full, never after today
        self.edit = QLineEdit()
        self.edit.setObjectName("dateText")
        self.edit.setClearButtonEnabled(True)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.button = QToolButton()
        self.button.setObjectName("dateCalendar")
        self.button.setText("▾")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down from the field
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("dateCalendarPopup")
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._prepare_calendar)
        self.button.setMenu(self.menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.installEventFilter(self)
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22 + 40)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.edit.setPlaceholderText(_("d/m/yyyy"))
        self.button.setToolTip(_("Choose in a calendar (Alt+Down)"))
        self.button.setAccessibleName(_("Calendar"))
        self.calendar.setLocale(QLocale(i18n.current_locale()))

    # --- value ---------------------------------------------------------------------------------
    def value(self) -> date | None:
        """The date, or None when empty or not a date (see `is_valid`)."""
        try:
            return datetext.parse_date(self.edit.text(), year=self._year(), past=self.past)
        except ValueError:
            return None

    def is_valid(self) -> bool:
        try:
            datetext.parse_date(self.edit.text(), year=self._year(), past=self.past)
        except ValueError:
            return False
        return True

    def set_value(self, value: date | None) -> None:
        self.edit.setText(datetext.format_date(value))

    # QDateEdit's names, so code and tests written for it keep working
    def setDate(self, qdate: QDate) -> None:
        self.set_value(date(qdate.year(), qdate.month(), qdate.day())
                       if qdate is not None and qdate.isValid() else None)

    def date(self) -> QDate:
        value = self.value()
        return QDate(value.year, value.month, value.day) if value else QDate()

    def _year(self) -> int | None:
        return None if self.past else (self.anchor.year if self.anchor else None)

    def _tidy(self) -> None:
        """Show what was understood: '1/12' becomes '1/12/2026'."""
        value = self.value()
        if value is not None:
            tidy = datetext.format_date(value)
            if tidy != self.edit.text():
                self.edit.setText(tidy)

    # --- calendar ------------------------------------------------------------------------------
    def _prepare_calendar(self) -> None:
        shown = self.value() or self.anchor or date.today()
        qdate = QDate(shown.year, shown.month, shown.day)
        self.calendar.setSelectedDate(qdate)
        self.calendar.setCurrentPage(qdate.year(), qdate.month())
        self.calendar.setFocus()

    def _picked(self, qdate: QDate) -> None:
        self.setDate(qdate)
        self.menu.close()
        self.edit.setFocus()

    def open_calendar(self) -> None:
        self.button.showMenu()

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent

        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            alt_down = (event.key() == Qt.Key.Key_Down and
                        event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(obj, event)


def options_for(field: Field, session, trajectory_id: str) -> list[tuple[Any, str]]:
    if field.options is not None:
        return field.options(session, trajectory_id)
    if field.ref_kind:
        return reference.choices(field.ref_kind)
    return []


class RecordForm(QWidget):
    """Editors for a list of fields, laid out as label: editor rows."""

    def __init__(self, fields: list[Field], session=None, trajectory_id: str = "", parent=None,
                 anchor: date | None = None):
        """`anchor`: a date the calendars open on when a date is empty (e.g. the campaign's
        start); typed dates without a year take its year."""
        super().__init__(parent)
        self.fields = fields
        self.anchor = anchor
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for f in fields:
            editor = self._make_editor(f, session, trajectory_id)
            editor.setObjectName(f"field_{f.key}")
            label = QLabel()
            label.setBuddy(editor)
            label.setWordWrap(True)
            self.editors[f.key] = editor
            self.labels[f.key] = label
            layout.addRow(label, editor)
        self.retranslate_ui()

    def _make_editor(self, f: Field, session, trajectory_id: str) -> QWidget:
        if f.kind == "multiline":
            w = QPlainTextEdit()
            w.setTabChangesFocus(True)
            # about five lines: room to write, without pushing the next fields out of view
            lines = w.fontMetrics().lineSpacing()
            w.setMinimumHeight(max(70, lines * 3 + 12))
            w.setMaximumHeight(lines * 6 + 12)
            return w
        if f.kind == "int":
            w = QSpinBox()
            w.setRange(int(f.minimum), int(f.maximum))
            return w
        if f.kind == "float":
            w = QDoubleSpinBox()
            w.setDecimals(2)
            w.setRange(f.minimum if f.minimum else -1e12, f.maximum)
            return w
        if f.kind == "date":
            return DateField(anchor=None if f.past else self.anchor, past=f.past)
        if f.kind == "bool":
            return QCheckBox()
        if f.kind in ("choice", "fk"):
            w = QComboBox()
            # nothing chosen yet: a required list says "choose", an optional one stays empty
            w.addItem(_(CHOOSE) if f.required else "—", None)
            for value, text in options_for(f, session, trajectory_id):
                w.addItem(text, value)
            return w
        if f.kind == "codes":
            return CodeListWidget(options_for(f, session, trajectory_id))
        return QLineEdit()

    def retranslate_ui(self) -> None:
        for f in self.fields:
            text = _(f.label) + (" *" if f.required else "")
            self.labels[f.key].setText(text + ":")
            # short labels stay on one line; only a long one may wrap
            self.labels[f.key].setWordWrap(len(text) > 34)
            editor = self.editors[f.key]
            editor.setAccessibleName(_(f.label))
            tip = _(f.help) if f.help else ""
            if f.personal:
                tip = (tip + "\n" if tip else "") + _(HEALTH_HINT)
            editor.setToolTip(tip)
            editor.setAccessibleDescription(tip)
            if f.personal and isinstance(editor, QPlainTextEdit):
                editor.setPlaceholderText(_(HEALTH_HINT))
            if isinstance(editor, DateField):
                editor.retranslate_ui()
                editor.edit.setAccessibleName(_(f.label))  # what a screen reader meets
                editor.edit.setAccessibleDescription(tip or _("d/m/yyyy"))
            if (isinstance(editor, QComboBox) and f.required and editor.count()
                    and editor.itemData(0) is None):
                editor.setItemText(0, _(CHOOSE))

    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            if f.key in values:
                self._set(f, self.editors[f.key], values[f.key])

    def _set(self, f: Field, w: QWidget, value: Any) -> None:
        if isinstance(w, QPlainTextEdit):
            w.setPlainText(value or "")
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(value or 0)
        elif isinstance(w, DateField):
            w.set_value(value)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            idx = w.findData(value)
            w.setCurrentIndex(max(idx, 0))
        elif isinstance(w, CodeListWidget):
            w.set_value(value)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.editors[f.key]
            if isinstance(w, QPlainTextEdit):
                out[f.key] = w.toPlainText().strip()
            elif isinstance(w, QLineEdit):
                out[f.key] = w.text().strip()
            elif isinstance(w, QSpinBox):
                out[f.key] = w.value()
            elif isinstance(w, QDoubleSpinBox):
                out[f.key] = w.value()
            elif isinstance(w, DateField):
                out[f.key] = w.value()
            elif isinstance(w, QCheckBox):
                out[f.key] = w.isChecked()
            elif isinstance(w, QComboBox):
                out[f.key] = w.currentData()
            elif isinstance(w, CodeListWidget):
                out[f.key] = w.value()
        return out

    def missing_required(self) -> list[str]:
        values = self.values()
        return [_(f.label) for f in self.fields if f.required and values.get(f.key) in
                (None, "", []) and f.key not in self.bad_dates()]

    def bad_dates(self) -> list[str]:
        """Keys of the date fields whose text is not a date."""
        return [f.key for f in self.fields
                if isinstance(self.editors[f.key], DateField) and
                not self.editors[f.key].is_valid()]

    def problems(self) -> list[str]:
        """What keeps the form from being saved, in the user's words, first field first."""
        bad = set(self.bad_dates())
        missing = set(self.missing_required())
        out = []
        for f in self.fields:
            if f.key in bad and self.editors[f.key].past:
                out.append(_("{field}: “{text}” is not possible. Write the year in full, and "
                             "no date after today, for example 3/4/1925.").format(
                    field=_(f.label), text=self.editors[f.key].edit.text().strip()))
            elif f.key in bad:
                out.append(_("{field}: “{text}” is not a date. Write it as day/month/year, "
                             "for example 1/12/2026.").format(
                    field=_(f.label), text=self.editors[f.key].edit.text().strip()))
            elif _(f.label) in missing:
                out.append(_("Please fill in: {field}").format(field=_(f.label)))
        return out

    def first_to_fill(self) -> QWidget | None:
        """The first editor still to fill in (a required one that is empty), else the first."""
        values = self.values()
        for f in self.fields:
            if f.required and values.get(f.key) in (None, "", []):
                return self.editors[f.key]
        return self.editors[self.fields[0].key] if self.fields else None


class RecordDialog(QDialog):
    """Add or edit one record. OK is refused while a required field is empty or a date is
    not a date, with a message that names the field; the fields scroll, the buttons stay."""

    def __init__(self, title: str, fields: list[Field], values: dict[str, Any] | None = None,
                 session=None, trajectory_id: str = "", validate=None, parent=None,
                 anchor: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._validate = validate
        self.form = RecordForm(fields, session, trajectory_id, anchor=anchor)
        if values:
            self.form.set_values(values)
        self.scroll = scrolling(self.form)
        self.problems = hidden_banner()
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        hint = self.form.sizeHint()
        fit_to_screen(self, max(560, hint.width() + 60), hint.height() + 110)
        self._focused = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._focused:  # first focus in the first field to fill
            self._focused = True
            first = self.form.first_to_fill()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scroll.ensureWidgetVisible(first)

    def accept(self) -> None:
        problems = self.form.problems()
        if not problems and self._validate is not None:
            problems = self._validate(self.form.values())
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.show()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return self.form.values()
