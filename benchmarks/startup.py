"""Start-up time: Buurtverbinder with the demo data against a bare PySide6 window with one
label, each a whole process (start, paint, exit), timed in the same run and interleaved:

- first paint: the window with its menus and tabs and the Overview's figures for the demo
  trajectory, read from the file (`--exit-after-first-paint`); goal: at most 1.5 × the bare
  window;
- database open: the database layer has opened the file on its worker thread and the window
  has painted again with it, so every tab can be used (`--exit-when-ready`).

    python benchmarks/startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("Hallo")
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = F(); label.installEventFilter(f)
label.show()
app.exec()
"""


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   BUURTVERBINDER_HOME=tmp)
        # An installed app runs from bytecode (pip and PyInstaller compile it); a shell with
        # PYTHONDONTWRITEBYTECODE would make every run compile our modules from source.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "main.py"],
                       check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        db = Path(tmp) / "demo.sqlite3"
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db)], check=True,
                       env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        first_cmd = [sys.executable, "main.py", "--db", str(db), "--exit-after-first-paint"]
        ready_cmd = [sys.executable, "main.py", "--db", str(db), "--exit-when-ready"]
        bare_cmd = [sys.executable, "-c", BARE]
        for cmd in (ready_cmd, bare_cmd):  # warm the file cache and the .pyc files once
            timed(cmd, env)
        bare, first, ready = [], [], []
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            bare.append(timed(bare_cmd, env))
            first.append(timed(first_cmd, env))
            ready.append(timed(ready_cmd, env))
    b, f, r = (statistics.median(x) for x in (bare, first, ready))
    bm, fm, rm = (min(x) for x in (bare, first, ready))
    print(f"runs: {args.runs} each, medians (fastest run in brackets)")
    print(f"bare PySide6 window with a label:       {b * 1000:6.0f} ms ({bm * 1000:.0f})")
    print(f"Buurtverbinder, first paint:            {f * 1000:6.0f} ms ({fm * 1000:.0f})   "
          f"ratio {f / b:.2f} ({fm / bm:.2f})   goal ≤ 1.5")
    print(f"Buurtverbinder, database open:          {r * 1000:6.0f} ms ({rm * 1000:.0f})   "
          f"ratio {r / b:.2f} ({rm / bm:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
