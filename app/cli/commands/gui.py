"""`gui`: open the window (same as `python main.py`)."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("gui", help="open the window")
    p.add_argument("--db", metavar="PATH|URL")
    p.add_argument("--exit-when-ready", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    from app.startup import run_gui

    argv = []
    if args.db:
        argv += ["--db", args.db]
    if args.lang:
        argv += ["--lang", args.lang]
    if args.exit_when_ready:
        argv.append("--exit-when-ready")
    return run_gui(argv)
