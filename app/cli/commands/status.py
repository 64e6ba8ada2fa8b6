"""`status`: progress and record counts per trajectory and step."""
from __future__ import annotations

import json

from app.cli import add_db_argument
from app.services.i18n import _, format_percent


def register(sub) -> None:
    p = sub.add_parser("status", help="progress and record counts per trajectory and step")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def collect(session) -> list[dict]:
    from sqlalchemy import select

    from app.models.core import Trajectory
    from app.services import method
    from app.services.exchange.not_shared import not_shared

    result = []
    for traj in session.scalars(select(Trajectory).order_by(Trajectory.name)):
        steps = [
            {"step": st.step, "progress": round(st.progress, 4), "counts": st.counts}
            for st in method.step_status(session, traj.id)
        ]
        result.append({"id": traj.id, "name": traj.name, "steps": steps,
                       "not_shared": not_shared(session, traj.id).as_dict()})
    return result


def run(args) -> int:
    from app.services import kinds, method
    from app.services.command_line import open_data_file

    db = open_data_file(args.db)
    try:
        with db.session() as session:
            data = collect(session)
    finally:
        db.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not data:
        print(_("No trajectories yet."))
    for traj in data:
        print(traj["name"])
        for st in traj["steps"]:
            title = _(method.step(st["step"]).tab_title)
            # in user words ("3 partners"), never table names; --json keeps the keys
            counts = ", ".join(kinds.count(k, v) for k, v in sorted(st["counts"].items()))
            print(f"  {title:<22} {format_percent(st['progress']):>6}  {counts}")
    return 0
