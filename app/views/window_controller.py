"""Owns the main window's life: opening the database after the window's first paint, language
switches, restoring a backup (which reopens the database), the deferred daily backup, and
`--exit-when-ready`.

Start-up paints the window with a read-only first look at the file (`app.services.glance`:
the Overview's figures) before the database layer is loaded. The database is then opened on a
worker thread — SQLAlchemy, the models, the checks and any upgrade, about a second on a slow
laptop — while the window stays responsive, and attached on the GUI thread when it is ready;
see docs/performance.md.
"""
from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer, Signal

from app.services import i18n
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import _
from app.services.settings import Settings
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.util import show_error

if TYPE_CHECKING:
    from app.services.database import Database
    from app.services.glance import Glance

log = logging.getLogger(__name__)
DAILY_BACKUP_DELAY_MS = 3000


class _AfterPaint(QObject):
    """Calls `callback` once, just after the watched widget's next paint."""

    def __init__(self, callback: Callable[[], None]):
        super().__init__()
        self._callback = callback
        self._done = False

    def eventFilter(self, obj, event) -> bool:
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

    damaged = isinstance(error, CorruptDatabaseError)  # only then is a backup the answer
    good = backup.newest_good_backup(db_path) if damaged else None
    box = QMessageBox(QMessageBox.Icon.Warning, _("Buurtverbinder"), error.user_message(),
                      parent=parent)
    restore = None
    if good is not None:
        box.setInformativeText(_("Newest good backup: {when}").format(
            when=i18n.format_datetime(good.created.astimezone())))
        restore = box.addButton(_("Restore that backup"), QMessageBox.ButtonRole.AcceptRole)
    elif damaged:
        box.setInformativeText(_("There is no good backup of this file to restore."))
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if restore is not None and box.clickedButton() is restore:
        try:
            backup.restore_backup(db_path, good.path)
        except OSError as exc:  # e.g. the damaged file is on a read-only stick
            from app.services.errors import ReadOnlyError, classify_os_error

            log.warning("could not restore %s: %s", good.path, exc)
            known = classify_os_error(exc) or ReadOnlyError()
            show_error(parent, known, _("Restore a backup"))
            return False
        return True
    return False


def _open_in_background(path: Path | str | None,
                        deliver: Callable[[object, object], None]) -> None:
    """Worker thread: open the database (a file, or a shared database's address) and load
    what its first use needs, then hand the result (or the exception) to the GUI thread."""
    try:
        if _is_address(path):
            from app.services.server import open_server

            db = open_server(str(path))
        else:
            from app.services import backup
            from app.services.database import open_database

            db = open_database(path)
            backup.clean_leftovers(db.path)  # we hold the file's lock: no one else writes them
        from app.services import list_query

        list_query.prepare()  # else the first query would do it on the GUI thread
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the GUI thread
        deliver(None, exc)
        return
    try:
        i18n.warm_up()  # Babel's locale data, for the pages' numbers and dates
    except Exception:  # only a head start: the pages load it when needed
        log.warning("could not load the locale data ahead", exc_info=True)
    deliver(db, None)


def _is_address(path: Path | str | None) -> bool:
    """`--db` named a shared database (postgresql://…), not a file."""
    from app.services.server import is_database_url

    return path is not None and is_database_url(str(path))


def _where(path: Path | str | None) -> str:
    """The file or the address for the log, never with a password."""
    from app.services.server import shown_url

    return shown_url(str(path)) if _is_address(path) else str(path)


def _lock_holder(lock):
    from app.services.instance_lock import Holder

    try:
        info = lock.getLockInfo()
        pid, host, app = info[-3:]
        return Holder(int(pid), str(app), str(host))
    except (TypeError, ValueError, IndexError):
        return None


class WindowController(QObject):
    database_loaded = Signal()
    _opened = Signal(object, object)  # Database or None, exception or None (worker → GUI)

    def __init__(self, app, db: Database | None, settings: Settings,
                 db_path: Path | str | None = None, quick_start: bool = False,
                 glance: Glance | None = None):
        """`quick_start`: call `finish_start()` after the window's first paint. `glance`: a
        first look at `db_path` to show until the database is open."""
        super().__init__()
        self.app = app
        self.settings = settings
        self.db_path = db_path
        self.ctx = AppContext(None, settings)
        self.ctx.glance = glance
        self.window = self._make_window(quick_start)
        self._filters: list[_AfterPaint] = []
        self._opener: threading.Thread | None = None
        self._closing = False
        self._on_loaded: Callable[[], None] | None = None
        self._lock = None  # QLockFile beside the data file, held while the window uses it
        self._opened.connect(self._database_opened)
        if db is not None:
            self.attach(db)

    def _make_window(self, quick_start: bool = False) -> MainWindow:
        window = MainWindow(self.ctx, quick_start=quick_start)
        window.language_requested.connect(self.set_language)
        window.restore_requested.connect(self.restore_backup)
        window.shared_requested.connect(self.open_shared_database)
        from app.views.shared_db import SharedRefresher

        self.refresher = SharedRefresher(self.ctx, window)  # lists follow other users
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
        """Open `db_path` on a worker thread once the window has painted; quit with code 2
        when it cannot be opened. `then` runs when the data is in the window."""
        self._on_loaded = then
        self._after_next_paint(self.open_database_in_background)

    def open_database_in_background(self) -> None:
        refused = self._lock_the_file()
        if refused is not None:
            self._database_opened(None, refused)
            return
        self._opener = threading.Thread(
            target=_open_in_background, args=(self.db_path, self._opened.emit),
            name="open-database")
        self._opener.start()

    def _database_opened(self, db: Database | None, error: BaseException | None) -> None:
        self._opener = None
        if error is not None and self._closing:  # the window is gone: no dialog any more
            log.warning("opening %s failed while closing: %s", _where(self.db_path), error)
            return
        if db is not None:
            self.attach(db)
            if self._on_loaded is not None:
                self._on_loaded()
            return
        if isinstance(error, AppError):
            log.warning("cannot open %s: %s", _where(self.db_path), error)
            # a server's refusal is only told: a backup to restore exists for damaged files
            if offer_restore(self.window, Path(str(self.db_path)), error):
                self.open_database_in_background()
                return
        else:  # a bug: the crash dialog, then stop
            sys.excepthook(type(error), error, error.__traceback__)
        self.window.hide()
        self.app.exit(2)

    def _lock_the_file(self) -> AppError | None:
        """One window per data file: a QLockFile beside it, compatible with the command
        line's lock (app/services/instance_lock.py). The error to show when another
        Buurtverbinder holds it."""
        if self._lock is not None or _is_address(self.db_path):  # a server: no file to lock
            return None
        from PySide6.QtCore import QLockFile

        from app.services import instance_lock, paths

        db_path = Path(self.db_path) if self.db_path else paths.default_db_path()
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None  # opening the file says what is wrong with its folder
        lock = QLockFile(str(instance_lock.lock_path_for(db_path)))
        lock.setStaleLockTime(instance_lock.STALE_SECONDS * 1000)
        if lock.tryLock(0):
            self._lock = lock
            return None
        if lock.error() != QLockFile.LockError.LockFailedError:
            log.warning("no lock beside %s (%s)", db_path, lock.error())
            return None  # a read-only folder: opening the file says so
        return instance_lock.in_use_error(_lock_holder(lock))

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
        """At the end: let a database still being opened (perhaps upgraded) finish, then
        close whatever is open."""
        self._closing = True
        opener = self._opener
        if opener is not None:
            opener.join()
            QCoreApplication.sendPostedEvents(self)  # take its result, to close it below
        # work still reading on a worker thread (the not-yet-shared count) holds a connection:
        # closing the database under it would leave that connection to the garbage collector
        QThreadPool.globalInstance().waitForDone(30_000)
        if self.ctx.db is not None:
            self.ctx.db.close()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    # --- a shared database (issue 21) ----------------------------------------------------------
    def open_shared_database(self, address: str = "") -> bool:
        """File › Open a shared database… (or a recent one): ask, connect off the GUI
        thread, then work on it instead of the file. True when it is open."""
        from app.services.server import keyring_available
        from app.views.shared_db import SharedDatabaseDialog

        dialog = SharedDatabaseDialog(self.window, address, keyring=keyring_available())
        if address:  # a recent address: try it at once (the password from keyring/.pgpass)
            dialog.connect_now()
        if dialog.exec() != dialog.DialogCode.Accepted or dialog.database is None:
            return False
        self.switch_database(dialog.database)
        self.settings.remember_database(dialog.address)
        try:
            self.settings.save()
        except OSError:
            log.warning("could not save settings")
        return True

    def switch_database(self, db: Database) -> None:
        """Work on `db` from now on; the one before is closed (and its file lock let go)."""
        self.window.flush_pages()
        old = self.ctx.db
        self.ctx.trajectory_id = ""
        self.ctx.attach_database(db)
        self.ctx.notify(Changes.all())
        if old is not None:
            QThreadPool.globalInstance().waitForDone(30_000)  # a count still reading the old one
            old.close()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    # --- language ------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        from app.views.qt_translator import install_qt_translator

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
            show_error(window, exc, _("Restore a backup"))
        self.ctx.trajectory_id = ""
        self.ctx.attach_database(open_database(path))
        self.ctx.notify(Changes.all())
