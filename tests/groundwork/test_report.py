"""'Print this step' for steps 0–4 of the demo: every PDF is built and holds the step's own
records, the stakeholder map's legend, the coverage matrix and the needs' gut-feeling flag."""
from __future__ import annotations

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.models.core import Trajectory
from app.services.i18n import set_language
from app.services.printing.step_report import print_step


def _text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("step,expected", [
    (0, ["Focus areas", "Sint-Maria-Heide", "Preconditions", "Not ready to start yet",
         "Enough time, room and budget"]),
    (1, ["Lead organisation: LDC De Linde", "Network director: An Verbiest", "Stakeholder map",
         "thick outline: essential partner", "Contact log", "Startmoment netwerk",
         "Keep contacts warm", "Huisartsenkring Heidebeek"]),
    (2, ["Sessions", "Open local", "9 professionals", "5/5",
         "People who want to stay involved", "Marleen Goossens", "Yes, on"]),
    (3, ["What already runs", "Dinsdagsoep in De Linde", "Coverage of risk groups",
         "Not reached by any action yet", "Farmers — not reached", "1 = "]),
    (4, ["Figures", "Alleenwonende 75-plussers", "compared with their reference",
         "Stories and observations", "Geen bakker meer", "Needs in order of priority",
         "Gut feeling, not yet checked"]),
])
def test_step_pdfs_of_the_demo(demo_db, tmp_path, step, expected):
    set_language("en")
    with demo_db.session() as s:
        tid = s.scalar(select(Trajectory.id))
        out = print_step(s, tid, step, tmp_path / f"step{step}.pdf")
    text = _text(out)
    for part in expected:
        assert part in text, part


def test_step_pdfs_of_an_empty_trajectory_in_french(db, trajectory, tmp_path):
    set_language("fr")
    with db.session() as s:
        for step in range(5):
            out = print_step(s, trajectory.id, step, tmp_path / f"vide{step}.pdf")
            assert len(PdfReader(out).pages) >= 1
