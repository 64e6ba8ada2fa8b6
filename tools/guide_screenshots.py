"""Make the user guide's screenshots from the demo data, so the guide shows the current app.

    python -m tools.guide_screenshots [--lang nl,fr,en] [--out docs/handleiding]
        [--size 1100x720] [--tabs 0,1,2]

For each language: the step pages get the app's own step titles, then a fresh demo database in
a temporary folder, the main window offscreen in the light theme, and one PNG per tab in
OUT/<lang>/images/tab<N>.png, plus the high-contrast theme (contrast.png) and the user guide
window (guide.png). The PNGs are reduced to 256 colours to keep the repository small; text
stays sharp. Run it again whenever a tab changes.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def save_png(widget, file: Path) -> Path:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    small = image.convertToFormat(QImage.Format.Format_Indexed8,
                                  Qt.ImageConversionFlag.ThresholdDither
                                  | Qt.ImageConversionFlag.AvoidDither)
    file.parent.mkdir(parents=True, exist_ok=True)
    if not small.save(str(file), "PNG", 9):
        raise OSError(f"cannot write {file}")
    return file


def sync_step_titles(folder: Path, lang: str) -> None:
    """Give each step page (and its line in the index) the app's own step title."""
    import re

    from app.services import i18n, method

    i18n.set_language(lang)
    index_file = folder / "index.md"
    index = index_file.read_text(encoding="utf-8")
    for step in method.all_steps():
        title = i18n._(step.title)
        page = folder / f"step{step.number}.md"
        lines = page.read_text(encoding="utf-8").split("\n")
        lines[0] = f"# {title}"
        page.write_text("\n".join(lines), encoding="utf-8")
        index = re.sub(rf"\[[^\]]+\]\(step{step.number}\.md\)",
                       lambda _m, t=title, n=step.number: f"[{t}](step{n}.md)", index)
    index_file.write_text(index, encoding="utf-8")


def settle(app, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot_language(app, lang: str, out: Path, size: tuple[int, int], tabs: list[int] | None,
                   tmp: Path) -> list[Path]:
    from PySide6.QtCore import QEvent

    from app.services import i18n
    from app.services.database import open_database
    from app.services.demo import create_demo
    from app.services.settings import Settings
    from app.views.qt_translator import install_qt_translator
    from app.views.theme import apply_theme
    from app.views.window_controller import WindowController

    sync_step_titles(out / lang, lang)
    i18n.set_language(lang)
    install_qt_translator(app, lang)
    db = open_database(tmp / f"demo-{lang}.sqlite3")
    with db.transaction() as session:
        create_demo(session)
    apply_theme(app, "light")
    controller = WindowController(app, db, Settings(language=lang))
    window = controller.window
    window.resize(*size)
    controller.show()
    written = []
    folder = out / lang / "images"
    try:
        wanted = tabs if tabs is not None else list(range(window.tabs.count()))
        for index in wanted:
            window.tabs.setCurrentIndex(index)
            settle(app)
            written.append(save_png(window, folder / f"tab{index}.png"))
        window.tabs.setCurrentIndex(1)
        apply_theme(app, "high_contrast")
        settle(app)
        written.append(save_png(window, folder / "contrast.png"))
        apply_theme(app, "light")
        guide = window.help.open_page("getting-started")
        guide.resize(900, 600)
        settle(app)
        guide.browser._reload_keeping_place()  # fit the screenshots to the new width now
        settle(app)
        written.append(save_png(guide, folder / "guide.png"))
        guide.close()
    finally:
        window.close()
        # delete the window now: PySide6 6.12 crashes at exit when hundreds of checked
        # QActions of old windows are still alive then
        window.deleteLater()
        controller.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        settle(app)
        db.close()
    return written


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", default="nl,fr,en")
    ap.add_argument("--out", default=str(ROOT / "docs" / "handleiding"))
    ap.add_argument("--size", default="1100x720")
    ap.add_argument("--tabs", default="")
    args = ap.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    tmp = Path(tempfile.mkdtemp(prefix="bv-guide-"))
    os.environ["BUURTVERBINDER_HOME"] = str(tmp / "profile")

    from PySide6.QtWidgets import QApplication

    languages = args.lang.split(",")
    if len(languages) > 1:
        # one process per language: a clean start each time, and PySide6 6.12 can crash at
        # exit after several main windows have lived in one process
        import subprocess

        for lang in languages:
            extra = ["--tabs", args.tabs] if args.tabs else []
            code = subprocess.call([sys.executable, "-m", "tools.guide_screenshots", "--lang",
                                    lang, "--out", args.out, "--size", args.size, *extra],
                                   cwd=ROOT)
            if code:
                return code
        return 0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    size = tuple(int(x) for x in args.size.split("x"))
    tabs = [int(t) for t in args.tabs.split(",")] if args.tabs else None
    for file in shoot_language(app, languages[0], Path(args.out), size, tabs, tmp):
        print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
