"""`print plan`: the plan report for the board and partners, with one sheet per action."""
from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    from app.cli import add_db_argument

    p = sub.add_parser("plan", help="the plan report (PDF) for the municipal board, with a "
                                    "one-page sheet per action")
    add_db_argument(p)
    p.add_argument("--trajectory", metavar="NAME",
                   help="name of the trajectory (default: the only one in the file)")
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")
    p.set_defaults(func=run)


def run(args) -> int:
    from app.services import printables
    from app.services.command_line import choose_trajectory, open_data_file

    db = open_data_file(args.db, must_exist=True)
    try:
        with db.session() as session:
            traj = choose_trajectory(session, args.trajectory)
            out = printables.write(session, "plan", Path(args.out), trajectory_id=traj.id)
    finally:
        db.close()
    print(out)
    return 0
