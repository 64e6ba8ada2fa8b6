"""A form built from `Field` specs, and the dialog around it for adding or editing a record."""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import reference
from app.services.i18n import N_, _
from app.views.widgets.specs import Field

NO_DATE = QDate(1900, 1, 1)
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
        self.setMinimumHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4)

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


def options_for(field: Field, session, trajectory_id: str) -> list[tuple[Any, str]]:
    if field.options is not None:
        return field.options(session, trajectory_id)
    if field.ref_kind:
        return reference.choices(field.ref_kind)
    return []


class RecordForm(QWidget):
    """Editors for a list of fields, laid out as label: editor rows."""

    def __init__(self, fields: list[Field], session=None, trajectory_id: str = "", parent=None):
        super().__init__(parent)
        self.fields = fields
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
            w.setMinimumHeight(70)
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
            w = QDateEdit()
            w.setCalendarPopup(True)
            w.setMinimumDate(NO_DATE)
            w.setSpecialValueText("—")
            w.setDate(NO_DATE)
            return w
        if f.kind == "bool":
            return QCheckBox()
        if f.kind in ("choice", "fk"):
            w = QComboBox()
            if not f.required:
                w.addItem("—", None)
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
            editor = self.editors[f.key]
            editor.setAccessibleName(_(f.label))
            tip = _(f.help) if f.help else ""
            if f.personal:
                tip = (tip + "\n" if tip else "") + _(HEALTH_HINT)
            editor.setToolTip(tip)
            editor.setAccessibleDescription(tip)
            if f.personal and isinstance(editor, QPlainTextEdit):
                editor.setPlaceholderText(_(HEALTH_HINT))

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
        elif isinstance(w, QDateEdit):
            w.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
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
            elif isinstance(w, QDateEdit):
                d = w.date()
                out[f.key] = None if d == NO_DATE else date(d.year(), d.month(), d.day())
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
                (None, "", [])]


class RecordDialog(QDialog):
    """Add or edit one record. OK is refused while a required field is empty."""

    def __init__(self, title: str, fields: list[Field], values: dict[str, Any] | None = None,
                 session=None, trajectory_id: str = "", validate=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._validate = validate
        self.form = RecordForm(fields, session, trajectory_id)
        if values:
            self.form.set_values(values)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("problems")
        self.problems.setStyleSheet("color: palette(highlighted-text); background: #b3261e;"
                                    " padding: 4px; border-radius: 3px;")
        self.problems.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(640, min(760, 140 + 48 * len(fields)))

    def accept(self) -> None:
        problems = [_("Please fill in: {field}").format(field=name)
                    for name in self.form.missing_required()]
        if not problems and self._validate is not None:
            problems = self._validate(self.form.values())
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.show()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return self.form.values()
