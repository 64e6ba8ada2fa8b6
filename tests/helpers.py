"""Helpers shared by the GUI tests."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def with_dialog(trigger, handle, tries: int = 200):
    """Run `trigger()` (which opens a modal dialog) and `handle(dialog)` once it shows.

    The dialog is rejected afterwards if `handle` left it open. Returns the dialog."""
    handled, polls = [], [0]

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            polls[0] += 1
            if polls[0] < tries:
                QTimer.singleShot(10, poll)
            return
        dialog.activateWindow()
        QApplication.processEvents()
        try:
            handle(dialog)
        finally:
            handled.append(dialog)
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, poll)
    trigger()
    assert handled, "no dialog was shown"
    return handled[0]
