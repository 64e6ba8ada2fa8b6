"""Start-up time: Buurtverbinder with the demo data against a bare PySide6 window with one
label, both timed from process start to the first paint in the same run.

    python benchmarks/startup.py [--runs 7]

Prints the median of each and the ratio (goal: at most 1.5).
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
        db = Path(tmp) / "demo.sqlite3"
        subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db)], check=True,
                       env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        app_cmd = [sys.executable, "main.py", "--db", str(db), "--exit-when-ready"]
        bare_cmd = [sys.executable, "-c", BARE]
        timed(app_cmd, env)  # warm the file cache and write the .pyc files once
        timed(bare_cmd, env)
        bare, app = [], []
        for _ in range(args.runs):  # interleave, so both see the same machine load
            bare.append(timed(bare_cmd, env))
            app.append(timed(app_cmd, env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare PySide6 window with a label: median {b * 1000:.0f} ms over {args.runs} runs")
    print(f"Buurtverbinder with demo data:    median {a * 1000:.0f} ms over {args.runs} runs")
    print(f"ratio: {a / b:.2f} (goal ≤ 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
