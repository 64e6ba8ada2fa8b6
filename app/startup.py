"""Start-up in one documented order:
logging → settings → i18n → QApplication → first look at the file → exception hook → main
window (first paint, with the Overview's figures) → database opened on a worker thread →
the window switches to it.

The window paints before the database layer (SQLAlchemy, the models) is even imported: the
Overview's figures come from a read-only first look at the file (`app.services.glance`). The
database is opened on a worker thread after that paint. A file that cannot be opened gets a
calm message then (and, when damaged, the offer of the newest good backup).
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
    parser.add_argument("--db", metavar="PATH|URL",
                        help="the database file, or a shared database's address, to open")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="language")
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="open the window, wait until the database is open and the window "
                             "has painted with it, and exit 0 (smoke tests, benchmarks)")
    parser.add_argument("--exit-after-first-paint", action="store_true",
                        help="exit 0 at the window's first paint (the Overview's figures read "
                             "from the file), before the database is opened (start-up "
                             "benchmark)")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation on a temporary database and exit")
    parser.add_argument("package", nargs="?", metavar="FILE.bvx",
                        help="an exchange package to open (the installers pass it on a "
                             "double click)")
    return parser.parse_args(argv)


def _open_package_later(controller, path: Path) -> None:
    """Hand a package opened from the file manager to the exchange feature once the window
    is shown (imported only then: most starts have no package)."""
    from PySide6.QtCore import QTimer

    from app.views.exchange.package_file import open_package

    QTimer.singleShot(0, lambda: open_package(controller.window, path))


def exit_now(code: int) -> None:
    """End the GUI process once everything is saved and closed.

    By then the database is closed, settings were written atomically and background jobs
    have finished; tearing down thousands of Qt and SQLAlchemy objects one by one would only
    keep the window's process alive for another half second, so we flush the logs and leave.
    """
    import logging
    import os

    try:
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(30_000)  # e.g. a daily backup being written
    except ImportError:  # pragma: no cover - the GUI always has Qt
        pass
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _is_address(text: str) -> bool:
    from app.services.server import is_database_url

    return is_database_url(text)


def run_gui(argv: list[str]) -> int:
    from app.logging_setup import setup_logging
    from app.services import paths
    from app.services.settings import Settings

    args = parse_args(argv)
    if args.self_test:  # before logging and settings: it must not touch the user's profile
        from app.selftest import run_self_test

        return run_self_test()
    setup_logging(quick=True)  # the rotating handler follows after the first paint
    settings = Settings.load()
    lang = args.lang or settings.language
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT_LANGUAGE
    i18n.set_language(lang)
    db_path: Path | str = Path(args.db) if args.db else paths.default_db_path()
    # Qt-free work first: once PySide6 is loaded it reads the source of every module imported
    # after it (for its `__feature__` switches), which makes later imports slower.
    from app.services.glance import read_glance

    glance = None
    if args.db and _is_address(args.db):  # a shared database: no file to glance at
        db_path = args.db
    else:
        glance = read_glance(db_path, settings.last_trajectory_id)  # the Overview's figures

    from PySide6.QtWidgets import QApplication

    # Fusion from the start: our focus style (a proxy of Fusion) is added after the first paint
    app = QApplication.instance() or QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationName("Buurtverbinder")
    app.setOrganizationName("Buurtverbinder")
    from app.views import collector

    collector.install(app)  # garbage collection on this thread only (worker threads + Qt)
    from app.views.qt_translator import install_qt_translator

    install_qt_translator(app, lang)
    from app.views.theme import setup_look

    setup_look(app, settings)  # window icon, theme colours (the OS look as last seen)

    from app.views.crash import CrashHandler
    from app.views.window_controller import WindowController

    controller = WindowController(app, None, settings, db_path, quick_start=True,
                                  glance=glance)
    crash = CrashHandler(lambda: controller.window)
    crash.install()
    controller.show()

    def loaded() -> None:
        if args.package:
            _open_package_later(controller, Path(args.package))

    if args.exit_after_first_paint:  # measures the first paint alone: nothing is loaded
        controller.exit_after_first_paint()
    else:
        controller.after_first_paint(controller.finish_start)
        controller.load_after_first_paint(then=loaded)
        if args.exit_when_ready:
            controller.exit_when_loaded()
    code = app.exec()
    controller.close_database()
    return code
