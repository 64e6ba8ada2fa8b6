"""Owns the main window's life: opening the database right after the window's first paint,
language switches, restoring a backup (which reopens the database), the deferred daily backup,
and `--exit-when-ready`.

Start-up paints the window (menus, tabs, step titles) before the database layer is loaded, then
opens the database and fills the window in the same event-loop turn, so the user sees the app
at once and its data a moment later; see docs/performance.md.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer, Signal

from app.services import i18n
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import _
from app.services.settings import Settings
from app.views.context import AppContext
from app.views.main_window import MainWindow

if TYPE_CHECKING:
    from app.services.database import Database

log = logging.getLogger(__name__)
DAILY_BACKUP_DELAY_MS = 3000


class _AfterPaint(QObject):
    """Calls `callback` once, just after the watched widget's next paint."""

    def __init__(self, callback: Callable[[], None]):
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


def offer_restore(parent, db_path: Path, error: AppError) -> bool:
    """The file cannot be opened: say why calmly; for a damaged file offer the newest good
    backup. True when a backup was restored."""
    from PySide6.QtWidgets import QMessageBox

    from app.services import backup
    from app.services.errors import CorruptDatabaseError

    good = backup.newest_good_backup(db_path) if isinstance(error, CorruptDatabaseError) else None
    box = QMessageBox(QMessageBox.Icon.Warning, _("Buurtverbinder"), error.user_message(),
                      parent=parent)
    restore = None
    if good is not None:
        box.setInformativeText(_("Newest good backup: {when}").format(
            when=i18n.format_datetime(good.created.astimezone())))
        restore = box.addButton(_("Restore that backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if restore is not None and box.clickedButton() is restore:
        backup.restore_backup(db_path, good.path)
        return True
    return False


class WindowController(QObject):
    database_loaded = Signal()

    def __init__(self, app, db: Database | None, settings: Settings,
                 db_path: Path | None = None, quick_start: bool = False):
        """`quick_start`: call `finish_start()` after the window's first paint."""
        super().__init__()
        self.app = app
        self.settings = settings
        self.db_path = db_path
        self.ctx = AppContext(None, settings)
        self.window = self._make_window(quick_start)
        self._filters: list[_AfterPaint] = []
        if db is not None:
            self.attach(db)

    def _make_window(self, quick_start: bool = False) -> MainWindow:
        window = MainWindow(self.ctx, quick_start=quick_start)
        window.language_requested.connect(self.set_language)
        window.restore_requested.connect(self.restore_backup)
        return window

    def show(self) -> None:
        self.window.show()

    def finish_start(self) -> None:
        """What can wait until the window is on screen: the focus style and following the
        OS's dark mode, the rest of the menus, and the rotating log file."""
        from app.logging_setup import finish_logging
        from app.views.theme import finish_look

        finish_look(self.app)
        self.window.finish_building()
        finish_logging()

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Run `callback` in the event-loop turn after the window's next paint."""
        self._after_next_paint(callback)

    def _after_next_paint(self, callback: Callable[[], None]) -> None:
        watcher = _AfterPaint(callback)
        self._filters.append(watcher)
        self.window.installEventFilter(watcher)
        self.window.update()

    # --- the database ------------------------------------------------------------------------
    def load_after_first_paint(self, then: Callable[[], None] | None = None) -> None:
        """Open `db_path` once the window has painted; quit with code 2 when it cannot be
        opened. `then` runs when the data is in the window."""
        def load() -> None:
            if self.open_database():
                if then is not None:
                    then()
            else:
                self.window.hide()
                self.app.exit(2)

        self._after_next_paint(load)

    def open_database(self) -> bool:
        from app.services.database import open_database

        while True:
            try:
                db = open_database(self.db_path)
            except AppError as exc:
                log.warning("cannot open %s: %s", self.db_path, exc)
                if offer_restore(self.window, Path(self.db_path), exc):
                    continue
                return False
            self.attach(db)
            return True

    def attach(self, db: Database) -> None:
        self.ctx.attach_database(db)
        self.database_loaded.emit()
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, self._daily_backup)

    def exit_after_first_paint(self) -> None:
        self._after_next_paint(self.app.quit)

    def exit_when_loaded(self) -> None:
        """Quit once the window has painted with its data (smoke tests, benchmarks)."""
        self.database_loaded.connect(lambda: self._after_next_paint(self.app.quit))

    def close_database(self) -> None:
        if self.ctx.db is not None:
            self.ctx.db.close()

    # --- language ------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        from app.startup import install_qt_translator

        i18n.set_language(lang)
        install_qt_translator(self.app, lang)
        self.settings.language = lang
        try:
            self.settings.save()
        except OSError:
            log.warning("could not save settings")
        self.window.retranslate_ui()
        self.ctx.language_changed.emit(lang)

    # --- backups ---------------------------------------------------------------------------------
    def _daily_backup(self) -> None:
        if self.ctx.db is None:
            return
        from app.services import backup

        path = self.ctx.db.path

        def job():
            try:
                backup.daily_backup(path)
            except Exception:  # a failed backup must never stop the work
                log.exception("daily backup failed")

        QThreadPool.globalInstance().start(job)

    def restore_backup(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from app.services import backup
        from app.services.database import open_database

        if self.ctx.db is None:
            return
        window = self.window
        existing = backup.list_backups(self.ctx.db.path)
        folder = str(existing[0].path.parent) if existing else ""
        chosen, _f = QFileDialog.getOpenFileName(
            window, _("Restore a backup"), folder, _("Backups (*.sqlite3)"))
        if not chosen:
            return
        answer = QMessageBox.question(
            window, _("Restore a backup"),
            _("Replace the current data with this backup? A copy of the current data is "
              "kept first, so you can go back."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        window.flush_pages()
        path = self.ctx.db.path
        self.ctx.db.close()
        try:
            backup.restore_backup(path, chosen)
        except AppError as exc:
            QMessageBox.warning(window, _("Restore a backup"), exc.user_message())
        self.ctx.trajectory_id = ""
        self.ctx.attach_database(open_database(path))
        self.ctx.notify(Changes.all())
