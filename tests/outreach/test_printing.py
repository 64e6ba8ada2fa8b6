from datetime import date

from pypdf import PdfReader

from app.models.outreach import OutreachVisitor
from app.services.outreach import printing, retention, visits
from tests.outreach.conftest import TODAY, add


def _text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _setup(db, campaign, trajectory):
    with db.transaction() as s:
        v = OutreachVisitor(trajectory_id=trajectory.id, name="Lieve Janssens",
                            phone="0470 12 34 56")
        s.add(v)
    for number in ("12A", "2", "7 bus 2", "12"):
        add(db, campaign.id, last_name=f"Nr{number.replace(' ', '')}", street="Kerkstraat",
            house_number=number, on_visit_list=True, visitor_id=v.id, postcode="2431",
            place="Sint-Maria-Heide")
    add(db, campaign.id, last_name="Off", street="Kerkstraat", house_number="1")
    return v


def test_walking_list_in_walking_order(db, campaign, trajectory, tmp_path):
    _setup(db, campaign, trajectory)
    out = tmp_path / "walk.pdf"
    with db.session() as s:
        printing.walking_list(s, campaign.id, out)
    text = _text(out)
    assert "Lieve Janssens" in text and "Off" not in text
    pos = [text.index(n) for n in ("Nr2", "Nr7bus2", "Nr12\n", "Nr12A")]
    assert pos == sorted(pos)


def test_cards(db, campaign, trajectory, tmp_path):
    v = _setup(db, campaign, trajectory)
    with db.transaction() as s:
        from sqlalchemy import select

        from app.models.outreach import OutreachPerson

        p = s.scalars(select(OutreachPerson).where(OutreachPerson.last_name == "Nr2")).one()
        visits.log_visit(s, campaign.id, person_id=p.id, outcome="not_home",
                         visited_on=TODAY, today=TODAY)
    with db.session() as s:
        printing.christmas_cards(s, campaign.id, tmp_path / "x.pdf")
        printing.missed_you_cards(s, campaign.id, tmp_path / "m.pdf")
        printing.kgw_cards(s, campaign.id, tmp_path / "k.pdf", visitor_id=v.id)
    assert len(PdfReader(tmp_path / "x.pdf").pages) == 1  # four cards on one A4
    assert "Nr7bus2" in _text(tmp_path / "x.pdf") and "7 bus 2" in _text(tmp_path / "x.pdf")
    missed = _text(tmp_path / "m.pdf")
    assert "Nr2" in missed and "Nr12" not in missed and "0470 12 34 56" in missed
    assert "Lieve Janssens" in _text(tmp_path / "k.pdf")


def test_erasure_report(db, campaign, trajectory, tmp_path):
    _setup(db, campaign, trajectory)
    with db.transaction() as s:
        retention.erase_campaign(s, campaign.id, date(2027, 7, 1))
    with db.session() as s:
        printing.erasure_report(s, campaign.id, tmp_path / "e.pdf")
    text = _text(tmp_path / "e.pdf")
    assert "Kerkstraat" not in text and "Nr2" not in text and campaign.name in text


def test_demo_has_both_campaigns_in_progress(demo_db):
    from app.models.outreach import OutreachCampaign
    from app.services.outreach import dashboard

    with demo_db.session() as s:
        camps = {c.kind: c for c in s.query(OutreachCampaign)}
        assert set(camps) == {"kgw", "christmas"}
        for c in camps.values():
            d = dashboard.compute(s, c.id)
            assert d.progress.todo > 0 and d.progress.reached > 0
        all_outcomes = set()
        for c in camps.values():
            all_outcomes |= set(dashboard.compute(s, c.id).outcomes)
        assert all_outcomes == {"door", "inside", "not_home", "declined", "moved", "deceased",
                                "other"}
        assert dashboard.compute(s, camps["kgw"].id).referrals


def test_cli_import_and_walking_list(db_path, tmp_path, capsys):
    from app.cli import main

    csv = tmp_path / "l.csv"
    csv.write_bytes("Naam;Voornaam;Straat;Huisnr\r\nPeeters;Jan;Kerkstraat;12A\r\n"
                    "Peeters;Jan;Kerkstraat;12a\r\n;;x;1\r\n".encode("cp1252"))
    assert main(["demo", "--db", str(db_path)]) == 0
    assert main(["--lang", "en", "targets", "import", "--db", str(db_path), "--campaign",
                 "Nieuw", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "1 person added" in out and "1 row skipped" in out and "line 4" in out
    pdf = tmp_path / "w.pdf"
    assert main(["print", "walking-list", "--db", str(db_path), "--campaign",
                 "Kleine Grote Wensen 2026", "--out", str(pdf)]) == 0
    assert "Denkbeeldweg" in _text(pdf)
    assert main(["print", "walking-list", "--db", str(db_path), "--campaign", "Bestaat niet",
                 "--out", str(pdf)]) == 2


def test_step7_report_section_is_anonymous(demo_db, tmp_path):
    from app.models.core import Trajectory
    from app.services.printing.step_report import print_step

    with demo_db.session() as s:
        tid = s.query(Trajectory).one().id
        out = print_step(s, tid, 7, tmp_path / "s7.pdf")
    text = _text(out)
    assert "Kleine Grote Wensen 2026" in text
    assert "Verzonnenstraat" not in text and "Godelieve" not in text
