"""`demo`: fill a fictional demo trajectory."""
from __future__ import annotations

from app.cli import add_db_argument
from app.services.i18n import _


def register(sub) -> None:
    p = sub.add_parser("demo", help="fill a realistic, fictional demo trajectory")
    add_db_argument(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from app.services.command_line import open_data_file
    from app.services.demo import create_demo

    db = open_data_file(args.db)
    try:
        with db.transaction() as session:
            traj = create_demo(session)
            name = traj.name
    finally:
        db.close()
    print(_("Demo trajectory created: {name}").format(name=name))
    return 0
