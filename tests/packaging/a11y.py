"""Accessibility checks over a widget tree, shared by the tests (and usable by hand:
`python -m tests.packaging.a11y` prints the findings for every tab of the demo)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView)


def labelled_by_buddy(root: QWidget) -> set[int]:
    """ids of the widgets that a QLabel names through setBuddy()."""
    found = set()
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text().strip():
            found.add(id(buddy))
    return found


def _owner_named(widget: QWidget) -> bool:
    """A line edit inside a named combo box or spin box is covered by its owner."""
    parent = widget.parentWidget()
    return isinstance(parent, (QComboBox, QAbstractSpinBox)) and bool(parent.accessibleName())


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls a screen reader cannot name: no accessible name, no label buddy,
    no text of their own, no placeholder."""
    buddies = labelled_by_buddy(root)
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.focusPolicy() == 0:
            continue
        if isinstance(widget, QAbstractButton):
            named = bool(widget.text().strip() or widget.accessibleName() or widget.toolTip())
        elif isinstance(widget, INPUTS):
            named = bool(widget.accessibleName() or id(widget) in buddies
                         or _owner_named(widget)
                         or (isinstance(widget, QLineEdit) and widget.placeholderText()))
        else:
            continue
        if not named:
            problems.append(f"{type(widget).__name__} {widget.objectName() or '(no name)'}"
                            f" in {type(widget.window()).__name__}")
    return problems


def clipped_buttons(root: QWidget) -> list[str]:
    """Buttons narrower or lower than their text needs (text cut off)."""
    problems = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root) or not button.text():
            continue
        hint = button.minimumSizeHint()
        if button.width() < hint.width() - 1 or button.height() < hint.height() - 1:
            problems.append(f"{type(button).__name__} {button.text()!r}: "
                            f"{button.width()}x{button.height()} < {hint.width()}x{hint.height()}")
    return problems
