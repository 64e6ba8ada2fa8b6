"""Launcher: `python main.py [--db PATH] [--lang nl|fr|en] [--exit-when-ready] [FILE.bvx]`."""
import sys

from app.startup import exit_now, run_gui

if __name__ == "__main__":
    exit_now(run_gui(sys.argv[1:]))
