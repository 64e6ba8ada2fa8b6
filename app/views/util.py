"""Small view helpers."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_file(path: Path) -> None:
    """Open a file with the system's viewer (not in tests or offscreen runs)."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
