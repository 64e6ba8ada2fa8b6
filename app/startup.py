"""Start-up in one documented order:
logging → settings → i18n → database open/upgrade → QApplication → exception hook → window.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app.services import i18n

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="buurtverbinder")
    parser.add_argument("--db", metavar="PATH", help="the database file to open")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="language")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="open the window, wait for the first paint and exit 0")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation on a temporary database and exit")
    parser.add_argument("package", nargs="?", metavar="FILE.bvx",
                        help="an exchange package to open (the installers pass it on a "
                             "double click)")
    return parser.parse_args(argv)


def install_qt_translator(app, lang: str) -> None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    old = getattr(app, "_bv_translator", None)
    if old is not None:
        app.removeTranslator(old)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{lang}", folder):
        app.installTranslator(translator)
        app._bv_translator = translator
    QLocale.setDefault(QLocale(i18n.LOCALES[lang]))


def _open_database(path: Path | None):
    """Open the database, or explain calmly why not (after QApplication exists)."""
    from app.services.database import open_database
    from app.services.errors import AppError

    try:
        return open_database(path), None
    except AppError as exc:
        return None, exc


def _offer_restore(db_path: Path, error) -> bool:
    """The file is damaged: offer the newest good backup. True when restored."""
    from PySide6.QtWidgets import QMessageBox

    from app.services import backup
    from app.services.errors import CorruptDatabaseError
    from app.services.i18n import _

    good = backup.newest_good_backup(db_path) if isinstance(error, CorruptDatabaseError) else None
    box = QMessageBox(QMessageBox.Icon.Warning, _("Buurtverbinder"), error.user_message())
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


# The exchange feature's handler for a package opened from the file manager:
# (module, function) called as function(main_window, path) once the window is shown.
PACKAGE_OPENER = ("app.views.exchange.package_file", "open_package")


def _open_package_later(controller, path: Path) -> None:
    import importlib

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from app.services.i18n import _

    def open_it() -> None:
        try:
            opener = getattr(importlib.import_module(PACKAGE_OPENER[0]), PACKAGE_OPENER[1])
        except (ImportError, AttributeError):
            QMessageBox.information(controller.window, _("Buurtverbinder"), _(
                "This version cannot open exchange packages yet: {name}").format(name=path.name))
            return
        opener(controller.window, path)

    QTimer.singleShot(0, open_it)


def run_gui(argv: list[str]) -> int:
    from app.logging_setup import setup_logging
    from app.services import paths
    from app.services.settings import Settings

    args = parse_args(argv)
    if args.self_test:  # before logging and settings: it must not touch the user's profile
        from app.selftest import run_self_test

        return run_self_test()
    setup_logging()
    settings = Settings.load()
    lang = args.lang or settings.language
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT_LANGUAGE
    i18n.set_language(lang)
    db_path = Path(args.db) if args.db else paths.default_db_path()
    db, error = _open_database(db_path)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Buurtverbinder")
    app.setOrganizationName("Buurtverbinder")
    install_qt_translator(app, lang)
    from app.views.theme import setup_look

    setup_look(app, settings.theme)  # window icon, theme (follows the OS dark mode)
    if db is None:
        if not _offer_restore(db_path, error):
            return 2
        db, error = _open_database(db_path)
        if db is None:
            return 2

    from app.views.crash import CrashHandler
    from app.views.window_controller import WindowController

    controller = WindowController(app, db, settings)
    crash = CrashHandler(lambda: controller.window)
    crash.install()
    controller.show()
    if args.package:
        _open_package_later(controller, Path(args.package))
    if args.exit_when_ready:
        controller.exit_after_first_paint()
    code = app.exec()
    db.close()
    return code
