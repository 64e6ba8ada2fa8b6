"""One registry of printables (issue 20): the window's save-PDF flow and the `print` command
line write each printable through `app.services.printables`, and only `app/views/save_pdf.py`
asks where a PDF goes."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models.core import Trajectory
from app.models.outreach import OutreachCampaign
from app.models.participation import ParticipatorySession, Persona
from app.services import printables

VIEWS = Path(__file__).resolve().parents[2] / "app" / "views"


def test_every_printable_but_the_overview_has_its_writer():
    without = [k for k, p in printables.PRINTABLES.items() if p.write is None]
    assert without == ["consolidated"]  # written from the figures the dialog shows
    with pytest.raises(KeyError):
        printables.write(None, "consolidated", Path("x.pdf"))
    assert printables.of_feature("outreach", cards=True) == ["kgw", "missed", "christmas"]
    assert "kgw" not in printables.of_feature("outreach", cards=False)


def test_the_command_line_offers_the_registrys_cards():
    from app.cli import build_parser

    parser = build_parser()
    for kind in printables.of_feature("outreach", cards=True):
        args = parser.parse_args(["print", "outreach-cards", "--campaign", "K", "--out", "o.pdf",
                                  "--kind", kind])
        assert args.kind == kind
    with pytest.raises(SystemExit):
        parser.parse_args(["print", "outreach-cards", "--campaign", "K", "--out", "o.pdf",
                           "--kind", "walk_street"])


def test_each_writer_makes_a_pdf_of_the_demo(demo_db, tmp_path):
    with demo_db.session() as s:
        tid = s.scalars(select(Trajectory.id)).first()
        sid = s.scalars(select(ParticipatorySession.id)).first()
        cid = s.scalars(select(OutreachCampaign.id)).first()
        personas = list(s.scalars(select(Persona.id)))[:2]
    about = {"step": {"trajectory_id": tid, "step_number": 4},
             "plan": {"trajectory_id": tid},
             "persona_cards": {"trajectory_id": tid, "persona_ids": personas, "layout": "a5"},
             "table_sheets": {"session_id": sid}, "participants": {"session_id": sid},
             "ideas": {"trajectory_id": tid}}
    about.update({key: {"campaign_id": cid} for key in printables.of_feature("outreach")})
    assert set(about) == {k for k, p in printables.PRINTABLES.items() if p.write}
    for key, ids in about.items():
        with demo_db.session() as s:
            out = printables.write(s, key, tmp_path / f"{key}.pdf", **ids)
        assert out.read_bytes()[:5] == b"%PDF-", key


def _pdf_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and "*.pdf" in n.value.lower()]


def test_only_the_save_pdf_flow_asks_where_a_pdf_goes():
    asking = sorted(str(p.relative_to(VIEWS)) for p in VIEWS.rglob("*.py")
                    if _pdf_strings(p))
    assert asking == ["save_pdf.py"]
