"""`print personas`: persona cards as a PDF (two exact A6 or one A5 per A4, with cut marks,
fronts and backs)."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    from app.cli import add_db_argument

    p = sub.add_parser("personas", help="persona cards (PDF): two A6 or one A5 per A4 sheet with "
                                        "cut marks, fronts and backs for double-sided printing")
    add_db_argument(p)
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    p.add_argument("--layout", choices=["a6", "a5"], default="a6",
                   help="a6: two cards per A4 (default); a5: one card per A4")
    p.add_argument("--trajectory", metavar="NAME",
                   help="only the personas of this trajectory (default: all in the file)")
    p.add_argument("--no-backs", action="store_true",
                   help="print only the fronts (for single-sided printers)")
    p.set_defaults(func=run)


def run(args) -> int:
    from app.services import printables
    from app.services.command_line import open_data_file, trajectory_filter

    db = open_data_file(args.db, must_exist=True)
    try:
        with db.session() as session:
            tid = trajectory_filter(session, args.trajectory)
            out = printables.write(session, "persona_cards", Path(args.out), layout=args.layout,
                                   trajectory_id=tid, backs=not args.no_backs)
    finally:
        db.close()
    print(out)
    return 0
