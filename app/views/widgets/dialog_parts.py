"""The parts every editing dialog ends with: a banner that stays hidden until there is
something to say (what is wrong, or a warning), and the OK and Cancel buttons wired to the
dialog. One way to build them, so they look and behave the same in every dialog."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from app.views.theme import make_banner


def hidden_banner(kind: str = "error", name: str = "problems") -> QLabel:
    """A word-wrapped banner label of `kind` ("error", "warning", "ok"), hidden; the dialog
    sets its text and shows it."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    make_banner(label, kind)
    label.hide()
    return label


def ok_cancel(dialog: QDialog, on_ok: Callable[[], object] | None = None) -> QDialogButtonBox:
    """OK and Cancel: OK calls `on_ok`, by default the dialog's accept (which may check and
    stay open), Cancel the dialog's reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                               QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
