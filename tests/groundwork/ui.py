"""Helpers to drive the groundwork pages as a user would."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.views.widgets.form import CodeListWidget


def show(qtbot, page):
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier):
    """Press a key on `widget` as the user would: its window active, the widget focused."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.keyClick(widget, k, modifier)


def type_into(qtbot, dialog, key, text):
    editor = dialog.form.editors[key]
    editor.setFocus()
    qtbot.keyClicks(editor, text)


def choose(qtbot, dialog, key, value=None):
    """Pick in a required list, which starts at "— choose —": `value`, or with ↓ the first
    real option, as a user would."""
    combo = dialog.form.editors[key]
    assert combo.currentData() is None  # nothing chosen for the user
    if value is None:
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentData() is not None
    else:
        combo.setCurrentIndex(combo.findData(value))


def check(dialog, key, *values):
    widget = dialog.form.editors[key]
    assert isinstance(widget, CodeListWidget)
    widget.set_value(values)


def press_enter(qtbot, dialog):
    """Enter in the focused field presses the dialog's default button (OK)."""
    target = QApplication.focusWidget()
    if target is None or target.window() is not dialog or target.inherits("QPlainTextEdit"):
        target = dialog
    qtbot.keyClick(target, Qt.Key.Key_Return)


def rows(db, model, **where):
    with db.session() as s:
        stmt = select(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return s.scalars(stmt).all()
