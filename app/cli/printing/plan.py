"""`print plan`: the plan report for the board and partners, with one sheet per action."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    from app.cli import add_db_argument

    p = sub.add_parser("plan", help="the plan report (PDF) for the municipal board, with a "
                                    "one-page sheet per action")
    add_db_argument(p)
    p.add_argument("--trajectory", metavar="NAME",
                   help="name of the trajectory (default: the first one in the file)")
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    p.set_defaults(func=run)


def run(args) -> int:
    from app.services import printables
    from app.services.actions import service
    from app.services.actions.errors import NoDataFileError
    from app.services.database import open_database

    if args.db and not Path(args.db).is_file():
        raise NoDataFileError(path=args.db)
    db = open_database(args.db)
    try:
        with db.session() as session:
            traj = service.trajectory_by_name(session, args.trajectory)
            out = printables.write(session, "plan", Path(args.out), trajectory_id=traj.id)
    finally:
        db.close()
    print(out)
    return 0
