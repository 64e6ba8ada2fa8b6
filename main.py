"""Launcher: `python main.py [--db PATH] [--lang nl|fr|en] [--exit-when-ready]`."""
import sys

from app.startup import run_gui

if __name__ == "__main__":
    sys.exit(run_gui(sys.argv[1:]))
