"""The lead organisation's consolidated overview over packages from several municipalities."""
from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader

from app.models.core import Action, Partner, Trajectory
from app.services.exchange import consolidated


def _municipality(lt, name, actions):
    with lt.db.transaction() as s:
        traj = Trajectory(name=f"Traject {name}", municipality=name)
        s.add(traj)
        s.flush()
        s.add(Partner(trajectory_id=traj.id, name="OCMW", contact_person="Jan Peeters"))
        for i, (elements, groups) in enumerate(actions):
            s.add(Action(trajectory_id=traj.id, name=f"Actie {i}", element_codes=elements,
                         risk_group_codes=groups, status="running"))


def test_overview_per_municipality_with_pdf_and_xlsx(laptops, tmp_path):
    heide, beek, lead = laptops("heide"), laptops("beek"), laptops("lead")
    _municipality(heide, "Heide", [(["meeting"], ["older_75"]), (["meeting", "digital"], [])])
    _municipality(beek, "Beek", [(["digital"], ["youth", "older_75"])])
    for lt in (heide, beek):
        lt.trust(lead, "lead")
        lead.import_(lt.export("lead"))
    with lead.db.session() as s:
        data = consolidated.collect(s)
    rows = {r.municipality: r for r in data.rows}
    assert set(rows) == {"Heide", "Beek"} and data.packages == 2
    assert rows["Heide"].actions == 2 and rows["Heide"].by_element["meeting"] == 2
    assert rows["Beek"].by_risk_group == {"youth": 1, "older_75": 1}
    assert len(rows["Heide"].progress) == 8 and all(0 <= p <= 1 for p in rows["Heide"].progress)
    pdf = consolidated.write_pdf(data, tmp_path / "o.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Heide" in text and "Beek" in text and "Samengevoegd overzicht" in text
    assert "Jan Peeters" not in text
    book = load_workbook(consolidated.write_xlsx(data, tmp_path / "o.xlsx"))
    assert "Voortgang per stap" in book.sheetnames
    sheet = book["Acties per werkzaam element"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Gemeente" and len(values) == 3


def test_overview_chart_writes_every_value_and_keeps_headings_with_their_chart(tmp_path):
    """13 municipalities: each chart has its percentages as text (readable in grey), and no
    municipality's heading is left alone at the foot of a page."""
    from app.services.i18n import format_percent
    from tests import pdfcheck

    rows = [consolidated.MunicipalityFigures(f"Gemeente {i:02d}", [f"Traject {i}"],
                                             [min(1.0, 0.1 * ((i + s) % 11)) for s in range(8)],
                                             actions=i)
            for i in range(13)]
    data = consolidated.Consolidated(rows, 13)
    chart = consolidated._progress_chart(rows[3], consolidated.step_titles())
    texts = [getattr(x, "text", "") for x in chart.contents]
    for value in rows[3].progress:
        assert format_percent(value) in texts
    pdf = consolidated.write_pdf(data, tmp_path / "o.pdf")
    pdfcheck.assert_fonts_clean(pdf)
    for page in PdfReader(pdf).pages:
        lines = [ln for ln in page.extract_text().splitlines() if ln.strip()]
        body = [ln for ln in lines if not ln.startswith(("Afgedrukt", "Pagina"))]
        assert not body[-1].startswith(("Gemeente ", "Trajecten")), body[-3:]  # not alone


BOTH_ENGINES = True  # the laptops (and `db`) run on SQLite and on a real PostgreSQL


def _expected_outreach(session):
    """The outreach figures counted row by row in Python (the reference the SQL must match):
    every live record, and erased ones (tombstoned, still counted), in the municipality of
    its campaign's (or visitor's) trajectory."""
    from sqlalchemy import select

    from app.models import outreach as o

    def rows(model):
        return session.scalars(select(model).execution_options(include_deleted=True)).all()

    campaign = {c.id: c.trajectory_id for c in rows(o.OutreachCampaign)}
    person = {p.id: campaign[p.campaign_id] for p in rows(o.OutreachPerson)}
    owner = {o.OutreachCampaign: lambda r: r.trajectory_id,
             o.OutreachVisitor: lambda r: r.trajectory_id,
             o.OutreachPerson: lambda r: campaign[r.campaign_id],
             o.OutreachVisit: lambda r: campaign[r.campaign_id],
             o.OutreachConsent: lambda r: person[r.person_id],
             o.OutreachReferral: lambda r: person[r.person_id]}
    expected: dict[str, dict[str, int]] = {}
    for model, traj_of in owner.items():
        for r in rows(model):
            if r.deleted_at is None or getattr(r, "erased_at", None) is not None:
                counts = expected.setdefault(traj_of(r), {})
                counts[model.__tablename__] = counts.get(model.__tablename__, 0) + 1
    return expected


def test_the_figures_are_counted_in_sql_as_row_by_row_on_both_engines(db, demo_db):
    """Tombstones left out, erased people counted, two trajectories of one municipality
    (one with a stray space in its name) added up, a municipality without outreach at 0."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from app.models import outreach as o

    now = datetime.now(UTC)
    with db.transaction() as s:
        demo = s.scalars(select(Trajectory)).one()
        visits = s.scalars(select(o.OutreachVisit).order_by(o.OutreachVisit.id)).all()
        visits[0].deleted_at = now  # a visit removed: no longer counted
        people = s.scalars(select(o.OutreachPerson).order_by(o.OutreachPerson.id)).all()
        people[0].deleted_at = people[0].erased_at = now  # erased: still counted
        people[1].deleted_at = now  # removed
        twin = Trajectory(name="Tweede", municipality=f" {demo.municipality} ")
        other = Trajectory(name="Elders", municipality="Elders")
        s.add_all([twin, other])
        s.flush()
        s.add(o.OutreachCampaign(trajectory_id=twin.id, name="Ronde 2"))
        s.add(Action(trajectory_id=other.id, name="Soep", element_codes=["meeting"],
                     risk_group_codes=[], status="running"))
    with db.session() as s:
        data = consolidated.collect(s)
        expected = _expected_outreach(s)
        trajs = {t.name: t for t in s.scalars(select(Trajectory))}
        actions = s.scalars(select(Action)).all()
    rows = {r.municipality: r for r in data.rows}
    assert set(rows) == {demo.municipality.strip(), "Elders"}
    mine = rows[demo.municipality.strip()]
    wanted = {}
    for name in (demo.name, "Tweede"):
        for table, n in expected.get(trajs[name].id, {}).items():
            wanted[table] = wanted.get(table, 0) + n
    assert mine.outreach == {t: wanted.get(t, 0) for t in mine.outreach}
    assert set(mine.outreach) == set(consolidated.OUTREACH_LABELS)
    assert mine.outreach["outreach_campaign"] == expected[trajs[demo.name].id][
        "outreach_campaign"] + 1
    assert set(rows["Elders"].outreach.values()) == {0} and rows["Elders"].actions == 1
    assert mine.actions + 1 == len(actions) and len(mine.progress) == 8
    assert data.packages == 0 and data.last_import is None


def test_every_trajectory_counts_answer_as_one_query_per_trajectory(db, demo_db):
    """The overview's step progress from one query per counter for all trajectories is the
    very progress each trajectory's own queries give, trajectory by trajectory."""
    from sqlalchemy import select

    from app.models.core import Partner
    from app.services import method
    from app.services.stepdefs import EveryTrajectoryReader, reader

    with db.transaction() as s:
        other = Trajectory(name="Elders", municipality="Elders")
        empty = Trajectory(name="Leeg", municipality="Leeg")
        s.add_all([other, empty])
        s.flush()
        s.add_all(Partner(trajectory_id=other.id, name=f"Club {i}") for i in range(4))
        s.add(Action(trajectory_id=other.id, name="Soep", status="running"))
        method.set_tick(s, other.id, 1, method.step(1).checklist[0].code, True)
    with db.session() as s:
        every = EveryTrajectoryReader(reader(s))
        ids = s.scalars(select(Trajectory.id)).all()
        assert len(ids) == 3
        for tid in ids:
            assert method.step_status(every, tid) == method.step_status(s, tid)
        assert every.scalar("SELECT count(*) FROM partner WHERE trajectory_id = "
                            ":trajectory_id AND deleted_at IS NULL",
                            trajectory_id=other.id) == 4
        assert len(every._answers) > 10  # counts were answered for all at once
