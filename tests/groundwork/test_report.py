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
         "ring around the marker: essential partner", "Contact log", "Startmoment netwerk",
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


def test_partner_map_reads_in_grey_and_places_every_whole_name(db, trajectory):
    """Each type has its own shape and fill (not colour alone), every name is wrapped in full
    beside its marker, and no name overlaps another name, a marker or the map's edge."""
    from app.models.core import Partner
    from app.services.groundwork import network
    from app.services.groundwork import report_sections as rs

    assert len(set(rs.MARKERS.values())) == len(rs.MARKERS) == len(network.TYPE_COLOURS)
    colours = {network.type_colour(c) for c in ("caw", "ldc", "library")}
    assert len(colours) == 3
    types = list(network.TYPE_COLOURS)
    with db.transaction() as s:
        for i in range(24):
            s.add(Partner(trajectory_id=trajectory.id, partner_type=types[i % len(types)],
                          involvement=("lead", "core", "informed", "informed")[i % 4],
                          name=f"Vereniging {i:02d} van de Gepensioneerden Sint-Maria-Heide"))
    with db.session() as s:
        nodes = network.stakeholder_layout(s, trajectory.id)
        drawing = rs.stakeholder_drawing(s, trajectory.id)
    labels = rs.map_layout(nodes)
    texts = [getattr(x, "text", "") for x in drawing.contents]
    on_map = 0
    for n, label in zip(nodes, labels, strict=True):
        if label.number:  # crowded: a number at the marker, the whole name in the key
            assert any(t.startswith(f"{label.number} = Vereniging") for t in texts)
            continue
        on_map += 1
        joined = ""
        for line in label.lines:
            joined += line[:-1] if line.endswith("-") and line[-2:-1].isalpha() else line + " "
        assert joined.replace(" ", "") == n.name.replace(" ", ""), n.name
    assert on_map >= len(nodes) // 2  # most names stand on the map itself
    boxes = [label.box for label in labels]
    for i, box in enumerate(boxes):
        assert 0 <= box[0] and 0 <= box[1] and box[2] <= rs.MAP_SIZE and box[3] <= rs.MAP_SIZE
        for other in boxes[i + 1:]:
            assert not rs._overlaps(box, other), (box, other)
        for label in labels:
            mx, my = label.marker
            assert not rs._overlaps(box, (mx - 3.5, my - 3.5, mx + 3.5, my + 3.5))
    assert not any(t.endswith("…") for t in texts)
