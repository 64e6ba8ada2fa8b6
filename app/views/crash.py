"""The global exception hook: known errors get a calm message, bugs a crash dialog with the
details and the place of the crash log."""
from __future__ import annotations

import logging
import sys
import traceback
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import paths
from app.services.errors import classify_os_error
from app.services.i18n import _

log = logging.getLogger(__name__)


def write_crash_file(text: str) -> Path | None:
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"crash-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.txt"
        target.write_text(text, encoding="utf-8")
        crashes = sorted(folder.glob("crash-*.txt"))
        for old in crashes[:-20]:
            old.unlink(missing_ok=True)
        return target
    except OSError:
        return None


def _refused_by_server(exc: BaseException):
    """A reader's change on a shared database, wherever in the window it was tried (a note
    saved on leaving a page, a trajectory edited): a calm message, never a crash."""
    from app.services.server import ServerReadOnlyError, classify_server_error

    return exc if isinstance(exc, ServerReadOnlyError) else classify_server_error(exc)


class CrashHandler:
    """Installed as sys.excepthook; guards against re-entry while its dialog is open."""

    def __init__(self, parent_getter=lambda: None):
        self._busy = False
        self._parent = parent_getter
        self.last_crash_file: Path | None = None

    def install(self) -> None:
        sys.excepthook = self.handle

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        known = classify_os_error(exc) or _refused_by_server(exc)
        if known is not None:
            log.warning("known error: %s", exc)
            self._show(QMessageBox.Icon.Warning, _("Buurtverbinder"), known.user_message(), "")
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", details)
        self.last_crash_file = write_crash_file(details)
        where = str(self.last_crash_file or paths.log_dir())
        self._show(
            QMessageBox.Icon.Critical, _("Something went wrong"),
            _("Buurtverbinder ran into an unexpected problem. Your data up to your last "
              "change is safe. The details were saved in:\n{path}").format(path=where),
            details,
        )

    def _show(self, icon, title: str, text: str, details: str) -> None:
        if self._busy or QApplication.instance() is None:
            return
        self._busy = True
        try:
            box = QMessageBox(self._parent())
            box.setIcon(icon)
            box.setWindowTitle(title)
            box.setText(text)
            if details:
                box.setDetailedText(details)
            box.exec()
        finally:
            self._busy = False
