"""A trajectory name `=HYPERLINK(...)` arriving in a lead package never becomes a live formula
in the lead organisation's consolidated XLSX (OWASP CSV/formula injection)."""
from __future__ import annotations

from openpyxl import load_workbook

from app.models.core import Action, Trajectory
from app.services.exchange import consolidated

LINK = '=HYPERLINK("http://x","click")'


def test_hostile_names_from_a_package_stay_text(laptops, tmp_path):
    heide, lead = laptops("heide"), laptops("lead")
    with heide.db.transaction() as s:
        traj = Trajectory(name=LINK, municipality="@SUM(1+1)*cmd|' /C calc'!A0")
        s.add(traj)
        s.flush()
        s.add(Action(trajectory_id=traj.id, name="-2+3", status="running"))
    heide.trust(lead, "lead")
    lead.import_(heide.export("lead"))
    with lead.db.session() as s:
        data = consolidated.collect(s)
    book = load_workbook(consolidated.write_xlsx(data, tmp_path / "o.xlsx"))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert LINK in texts  # the name is there, as text
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    numbers = [c.value for c in cells if isinstance(c.value, (int, float))]
    assert numbers  # the figures stay numbers
