"""`buurtverbinder --self-test`: prove that this installation works, frozen or not.

It runs on a throw-away profile in a temporary folder and never touches the user's data:

1. the bundled files are there (fonts, translations, migrations);
2. a new database is created and migrated to every head;
3. every language loads, with Qt's own translations for the standard buttons;
4. the demo data is filled in and its persona cards are rendered as a PDF;
5. the main window opens offscreen, builds every tab and closes.

Each check prints `ok` or `FAILED` with the reason; the exit code is 0 only when all pass.
The output is plain English on purpose: it is read by whoever installs the app, or by CI.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


class SelfTestError(Exception):
    """A check found something wrong; the message says what."""


@dataclass
class SelfTest:
    workdir: Path
    out: TextIO = sys.stdout
    state: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def run(self, name: str, check: Callable[[], str | None]) -> bool:
        started = time.perf_counter()
        try:
            detail = check() or ""
        except Exception as exc:  # noqa: BLE001 (every failure is reported, never raised)
            self.failures.append(name)
            print(f"FAILED  {name}: {type(exc).__name__}: {exc}", file=self.out)
            if not isinstance(exc, SelfTestError):
                traceback.print_exc(file=self.out)
            return False
        ms = (time.perf_counter() - started) * 1000
        print(f"ok      {name} ({ms:.0f} ms){'  ' + detail if detail else ''}", file=self.out)
        return True

    # --- checks ---------------------------------------------------------------------------------
    def check_files(self) -> str:
        from app.services import paths
        from app.services.database import MIGRATIONS_DIR, migration_graph

        fonts = paths.resources_dir() / "fonts"
        needed = [fonts / f"NotoSans-{style}.ttf"
                  for style in ("Regular", "Bold", "Italic", "BoldItalic")]
        needed += [fonts / "DejaVuSans.ttf", paths.translations_dir(), MIGRATIONS_DIR / "env.py"]
        missing = [p for p in needed if not p.exists()]
        if missing:
            raise SelfTestError("missing: " + ", ".join(str(p) for p in missing))
        if not migration_graph():
            raise SelfTestError(f"no migrations found in {MIGRATIONS_DIR / 'versions'}")
        return f"{len(migration_graph())} migrations, resources in {paths.resource_root()}"

    def check_database(self) -> str:
        from app.services.database import open_database, read_schema_state, schema_heads

        path = self.workdir / "selftest.sqlite3"
        self.state["db"] = open_database(path)
        revisions = read_schema_state(path).revisions
        if revisions != schema_heads():
            raise SelfTestError(f"schema at {sorted(revisions)}, expected {sorted(schema_heads())}")
        return ", ".join(sorted(revisions))

    def check_languages(self) -> str:
        import gettext

        from app.services import i18n, paths

        domains = sorted(p.stem for p in
                         (paths.translations_dir() / "en" / "LC_MESSAGES").glob("*.mo"))
        if "core" not in domains:
            raise SelfTestError(f"no compiled catalogs in {paths.translations_dir()}")
        for lang in i18n.LANGUAGES:
            folder = paths.translations_dir() / lang / "LC_MESSAGES"
            absent = [d for d in domains if not (folder / f"{d}.mo").is_file()]
            if absent:
                raise SelfTestError(f"{lang}: missing catalogs {', '.join(absent)}")
            if not isinstance(i18n.load_translations(lang), gettext.GNUTranslations):
                raise SelfTestError(f"{lang}: catalogs do not load")
            i18n.set_language(lang)
            for domain in domains:
                msgid, msgstr = _probe(folder / f"{domain}.mo")
                if msgid and i18n.dgettext(domain, msgid) != msgstr:
                    raise SelfTestError(f"{lang}/{domain}: {msgid!r} is not translated")
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
        return f"{', '.join(i18n.LANGUAGES)} × {len(domains)} catalogs"

    def check_pdf(self) -> str:
        from pypdf import PdfReader

        from app.services.demo import create_demo
        from app.services.participation.cards import print_personas

        db = self._db()
        with db.transaction() as session:
            trajectory_id = create_demo(session).id
        out = self.workdir / "selftest-cards.pdf"
        with db.session() as session:
            print_personas(session, out, trajectory_id=trajectory_id)
        if not out.is_file() or out.read_bytes()[:5] != b"%PDF-":
            raise SelfTestError(f"{out} is not a PDF")
        pages = len(PdfReader(str(out)).pages)
        if pages < 1:
            raise SelfTestError("the PDF has no pages")
        return f"persona cards, {pages} page(s)"

    def check_window(self) -> str:
        from PySide6.QtCore import QEvent, QLibraryInfo, QTranslator
        from PySide6.QtWidgets import QApplication

        from app.services import i18n
        from app.services.settings import Settings
        from app.views import collector
        from app.views.main_window import LazyTab
        from app.views.qt_translator import install_qt_translator
        from app.views.window_controller import WindowController

        app = QApplication.instance() or QApplication(["buurtverbinder"])
        collector.install(app)  # as the app runs: collections on this thread only
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for lang in ("nl", "fr"):
            if not QTranslator().load(f"qtbase_{lang}", folder):
                raise SelfTestError(f"Qt's own translation qtbase_{lang} not found in {folder}")
        install_qt_translator(app, i18n.current_language())
        controller = WindowController(app, self._db(), Settings())
        window = controller.window
        try:
            controller.show()
            app.processEvents()
            for index in range(window.tabs.count()):
                window.tabs.setCurrentIndex(index)
                widget = window.tabs.widget(index)
                if isinstance(widget, LazyTab):
                    widget.ensure_built()
                app.processEvents()
            count = window.tabs.count()
        finally:
            window.close()
            # delete now, not at interpreter exit: no timers or widgets outlive the test
            window.deleteLater()
            controller.deleteLater()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
        return f"{count} tabs built on the '{app.platformName()}' platform"

    def _db(self):
        if "db" not in self.state:
            raise SelfTestError("no database (an earlier check failed)")
        return self.state["db"]

    def close(self) -> None:
        db = self.state.pop("db", None)
        if db is not None:
            db.close()


def _probe(mo: Path) -> tuple[str, str]:
    """One translated, non-plural message of a compiled catalog (or empty strings)."""
    import gettext

    with open(mo, "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    for key, value in catalog.items():
        if isinstance(key, str) and key and value:
            return key, value
    return "", ""


LOG_NAME = "buurtverbinder-selftest.log"


def log_file() -> Path:
    """Where a windowed build (no console on Windows) writes its report."""
    return Path(tempfile.gettempdir()) / LOG_NAME


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check on a temporary profile; 0 when all pass, 1 otherwise.

    Without a console (the windowed Windows build) the report goes to `log_file()`."""
    if out is None and sys.stdout is None:
        with open(log_file(), "w", encoding="utf-8") as fh:
            return run_self_test(fh)
    out = out or sys.stdout
    from app import __version__

    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"Buurtverbinder {__version__} self-test ({frozen}, Python "
          f"{sys.version.split()[0]}, {sys.platform})", file=out)
    saved = {k: os.environ.get(k) for k in ("BUURTVERBINDER_HOME", "QT_QPA_PLATFORM")}
    with tempfile.TemporaryDirectory(prefix="bv-selftest-") as tmp:
        os.environ["BUURTVERBINDER_HOME"] = str(Path(tmp) / "profile")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        test = SelfTest(Path(tmp), out)
        try:
            test.run("bundled files", test.check_files)
            test.run("database created and migrated", test.check_database)
            test.run("languages", test.check_languages)
            test.run("PDF", test.check_pdf)
            test.run("main window", test.check_window)
        finally:
            test.close()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    if test.failures:
        print(f"SELF-TEST FAILED: {', '.join(test.failures)}", file=out)
        return 1
    print("SELF-TEST PASSED", file=out)
    return 0
