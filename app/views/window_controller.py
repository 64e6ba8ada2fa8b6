"""Owns the main window's life: language switches, restoring a backup (which reopens the
database), the deferred daily backup and `--exit-when-ready`."""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services import backup, i18n
from app.services.changes import Changes
from app.services.database import Database, open_database
from app.services.errors import AppError
from app.services.i18n import _
from app.services.settings import Settings
from app.views.context import AppContext
from app.views.main_window import MainWindow

log = logging.getLogger(__name__)
DAILY_BACKUP_DELAY_MS = 3000


class _FirstPaint(QObject):
    def __init__(self, callback):
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            QTimer.singleShot(0, self._callback)
        return False


class WindowController(QObject):
    def __init__(self, app, db: Database, settings: Settings):
        super().__init__()
        self.app = app
        self.settings = settings
        self.ctx = AppContext(db, settings)
        self.window = self._make_window()
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, self._daily_backup)

    def _make_window(self) -> MainWindow:
        window = MainWindow(self.ctx)
        window.language_requested.connect(self.set_language)
        window.restore_requested.connect(self.restore_backup)
        return window

    def show(self) -> None:
        self.window.show()

    def exit_after_first_paint(self) -> None:
        self._paint_filter = _FirstPaint(self.app.quit)
        self.window.installEventFilter(self._paint_filter)

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

    def _daily_backup(self) -> None:
        path = self.ctx.db.path

        def job():
            try:
                backup.daily_backup(path)
            except Exception:  # a failed backup must never stop the work
                log.exception("daily backup failed")

        QThreadPool.globalInstance().start(job)

    def restore_backup(self) -> None:
        window = self.window
        folder = str(backup.list_backups(self.ctx.db.path)[0].path.parent) \
            if backup.list_backups(self.ctx.db.path) else ""
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
        self.ctx.db = open_database(path)
        self.ctx.undo_stack.clear()
        self.ctx.trajectory_id = ""
        window.reload_trajectories()
        self.ctx.notify(Changes.all())
