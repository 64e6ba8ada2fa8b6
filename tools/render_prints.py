"""Render every printable of the demo trajectory to PDF and PNG, in Dutch and French, in colour
and in grey, so a person can look at each page as it comes off an office printer.

    python -m tools.render_prints /tmp/prints                 # everything, nl + fr
    python -m tools.render_prints /tmp/prints --lang nl --only cards,plan --dpi 50

Needs `pdftoppm` (poppler-utils) for the PNGs; without it only the PDFs are written.
The demo database lives in a temporary profile: nothing touches the real one.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path


def _printables(session, tid: str, lead_session) -> dict:
    """name -> function(out_path) for every printable of the demo trajectory."""
    from sqlalchemy import select

    from app.models.outreach import OutreachCampaign
    from app.models.participation import ParticipatorySession
    from app.services import printables
    from app.services.actions.report import write_plan_report
    from app.services.exchange import consolidated
    from app.services.outreach import printing as outreach
    from app.services.participation import cards, sheets
    from app.services.printing.step_report import print_step

    out: dict = {}
    out["plan"] = lambda p: write_plan_report(session, tid, p)
    for step in range(8):
        out[f"step{step}"] = lambda p, step=step: print_step(session, tid, step, p)
    out["cards-a6"] = lambda p: cards.print_personas(session, p, "a6", trajectory_id=tid)
    out["cards-a5"] = lambda p: cards.print_personas(session, p, "a5", trajectory_id=tid)
    sessions = session.scalars(select(ParticipatorySession).where(
        ParticipatorySession.trajectory_id == tid)).all()
    if sessions:
        sid = sessions[0].id
        out["table-sheets"] = lambda p: sheets.print_table_sheets(session, sid, p)
        out["participants"] = lambda p: sheets.print_participant_list(session, sid, p)
    out["ideas"] = lambda p: sheets.print_ideas_report(session, tid, p)
    for camp in session.scalars(select(OutreachCampaign).where(
            OutreachCampaign.trajectory_id == tid).order_by(OutreachCampaign.name)):
        key = camp.kind
        out[f"walking-{key}"] = lambda p, c=camp.id: outreach.walking_list(session, c, p)
        out[f"walking-{key}-street"] = lambda p, c=camp.id: outreach.walking_list(
            session, c, p, group_by="street", open_only=False)
        card = "missed" if key == "general" else key  # the card a campaign leaves behind
        out[f"cards-{key}"] = lambda p, c=camp.id, k=card: printables.write(
            session, k, p, campaign_id=c)
        if key != "general":
            out[f"cards-missed-{key}"] = lambda p, c=camp.id: outreach.missed_you_cards(
                session, c, p)
        out[f"erasure-preview-{key}"] = lambda p, c=camp.id: outreach.erasure_preview_report(
            session, c, p, date.today())
    out["consolidated"] = lambda p: consolidated.write_pdf(consolidated.collect(lead_session), p)
    return out


def _lead_database(folder: Path):
    """A lead organisation's file: the demo trajectory copied under 13 municipality names,
    so the consolidated overview shows a long, realistic list."""
    from app.models.core import Trajectory
    from app.services.database import open_database
    from app.services.demo import create_demo

    db = open_database(folder / "lead.sqlite3")
    with db.transaction() as s:
        create_demo(s)
    names = ["Heidebeek", "Sint-Maria-Heide", "Loonbeek", "Overbroek-Kapellen",
             "Westerlo-Zoerle", "Herselt", "Hulshout", "Laakdal", "Meerhout", "Geel-Punt",
             "Kasterlee-Lichtaart", "Vorselaar", "Grobbendonk"]
    with db.transaction() as s:
        first = s.query(Trajectory).one()
        first.municipality = names[0]
        for name in names[1:]:
            s.add(Trajectory(name=f"Samen minder alleen {name}", municipality=name))
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="nl,fr")
    parser.add_argument("--only", default="", help="comma-separated name prefixes")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--no-png", action="store_true")
    args = parser.parse_args(argv)
    out_root = args.out.resolve()
    out_root.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="bv-prints-"))
    os.environ["BUURTVERBINDER_HOME"] = str(home)

    from sqlalchemy import select

    from app.models.core import Trajectory
    from app.services import i18n
    from app.services.database import open_database
    from app.services.demo import create_demo

    i18n.set_language(args.lang.split(",")[0])  # the demo's texts are in the first language
    db = open_database(home / "demo.sqlite3")
    with db.transaction() as s:
        create_demo(s)
    lead = _lead_database(home)
    only = [p for p in args.only.split(",") if p]
    pdftoppm = shutil.which("pdftoppm") if not args.no_png else None
    try:
        for lang in args.lang.split(","):
            i18n.set_language(lang)
            folder = out_root / lang
            folder.mkdir(exist_ok=True)
            with db.session() as s, lead.session() as ls:
                tid = s.scalars(select(Trajectory.id)).first()
                for name, render in _printables(s, tid, ls).items():
                    if only and not any(name.startswith(p) for p in only):
                        continue
                    pdf = folder / f"{name}.pdf"
                    for old in folder.glob(f"{name}-colour-*.png"):
                        old.unlink()
                    for old in folder.glob(f"{name}-grey-*.png"):
                        old.unlink()
                    render(pdf)
                    print(f"{lang}/{name}.pdf")
                    if pdftoppm:
                        for mode, extra in (("colour", []), ("grey", ["-gray"])):
                            subprocess.run([pdftoppm, "-png", "-r", str(args.dpi), *extra,
                                            str(pdf), str(folder / f"{name}-{mode}")],
                                           check=True)
    finally:
        db.close()
        lead.close()
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
