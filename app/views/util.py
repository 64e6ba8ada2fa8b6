"""Small view helpers."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.errors import AppError
from app.services.i18n import _


def open_file(path: Path) -> None:
    """Open a file with the system's viewer (not in tests or offscreen runs)."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_error(parent: QWidget | None, exc: AppError, title: str | None = None) -> None:
    """The one way a view tells the user an expected problem (an `AppError`): a warning box
    with the error's message in the user's language. `title` names what was being done
    (translated); without it the box says "Cannot do this"."""
    QMessageBox.warning(parent, title or _("Cannot do this"), exc.user_message())
