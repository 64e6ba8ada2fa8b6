"""Developer tool: screenshots of every tab (offscreen), to look at what users see.

    python -m tools.screenshots OUT_DIR [--lang nl|fr|en] [--db PATH] [--scale 1|2]
        [--size 1280x800] [--tabs 0,3,5] [--theme light|dark|high_contrast]

Without --db it fills a fresh demo database. Writes OUT_DIR/tab<N>-<lang>.png.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--lang", default="nl")
    ap.add_argument("--db")
    ap.add_argument("--scale", default="1")
    ap.add_argument("--size", default="1280x800")
    ap.add_argument("--tabs", default="")
    ap.add_argument("--theme", default="light", help="the look the app applies (Fusion)")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("BUURTVERBINDER_HOME", tmp)

    from PySide6.QtWidgets import QApplication

    from app.services import i18n
    from app.services.database import open_database
    from app.services.settings import Settings
    from app.views.qt_translator import install_qt_translator

    i18n.set_language(args.lang)
    db_path = Path(args.db) if args.db else Path(tmp) / "demo.sqlite3"
    db = open_database(db_path)
    if not args.db:
        from app.services.demo import create_demo

        with db.transaction() as s:
            create_demo(s)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_qt_translator(app, args.lang)
    from app.views.theme import apply_theme
    from app.views.window_controller import WindowController

    apply_theme(app, args.theme)

    controller = WindowController(app, db, Settings(language=args.lang))
    w, h = (int(x) for x in args.size.split("x"))
    controller.window.resize(w, h)
    controller.show()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tabs = controller.window.tabs
    wanted = [int(t) for t in args.tabs.split(",")] if args.tabs else range(tabs.count())
    for i in wanted:
        tabs.setCurrentIndex(i)
        for _ in range(5):
            app.processEvents()
        file = out / f"tab{i}-{args.lang}{'' if args.theme == 'light' else '-' + args.theme}.png"
        controller.window.grab().save(str(file))
        print(file)
    controller.window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
