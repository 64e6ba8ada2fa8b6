import re
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
    assert len(PdfReader(tmp_path / "x.pdf").pages) == 4  # 4 cards: 2 A4s, fronts and backs
    assert "Nr7bus2" in _text(tmp_path / "x.pdf") and "7 bus 2" in _text(tmp_path / "x.pdf")
    missed = _text(tmp_path / "m.pdf")
    assert "Nr2" in missed and "Nr12" not in missed and "0470 12 34 56" in missed
    assert "Lieve Janssens" in _text(tmp_path / "k.pdf")


def _sizes(path, page_numbers):
    """(text, font size) of every text run on the given pages."""
    runs = []
    for n in page_numbers:
        page = PdfReader(path).pages[n]
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(
            (text.strip(), size)) if text.strip() else None)
    return runs


def test_cards_for_older_readers(db, campaign, trajectory, tmp_path):
    from tests import pdfcheck

    v = _setup(db, campaign, trajectory)
    with db.transaction() as s:
        from app.models.outreach import OutreachCampaign

        camp = s.get(OutreachCampaign, campaign.id)
        camp.centre_contact = "LDC De Linde – 014 00 00 00"
        camp.greeting = "Warme wensen. " * 200  # far too long for a card: shortened
        from app.models.core import Trajectory

        s.get(Trajectory, trajectory.id).organisation = "OCMW Sint-Maria-Heide"
    with db.session() as s:
        out = printing.kgw_cards(s, campaign.id, tmp_path / "k.pdf", visitor_id=v.id)
    front, back = (PdfReader(out).pages[i].extract_text() for i in (0, 1))
    assert "Bedankt voor\nhet bezoek" in front and "Lieve Janssens" in front
    assert "0470 12 34 56" in front and "…" in front  # the greeting was cut, not shrunk
    assert " u " in front and " je " not in front  # "u" for older readers
    assert "OCMW Sint-Maria-Heide" in back and "LDC De Linde – 014 00 00 00" in back
    runs = _sizes(out, [0, 1])
    assert min(size for _t, size in runs) >= 12
    assert all(size >= 14 for t, size in runs if "0470" in t or "014 00 00 00" in t)
    prefs = pdfcheck.viewer_preferences(out)
    assert prefs["/Duplex"] == "/DuplexFlipLongEdge" and prefs["/PrintScaling"] == "/None"
    pdfcheck.assert_fonts_clean(out)


def test_logo_on_the_back(db, campaign, trajectory, tmp_path):
    from io import BytesIO

    import pytest
    from PIL import Image

    from app.services.outreach import logo

    v = _setup(db, campaign, trajectory)
    with pytest.raises(logo.LogoInvalidError):
        logo.set_logo(campaign.id, b"not a picture")
    with pytest.raises(logo.LogoInvalidError):
        logo.set_logo("../../etc/passwd", b"\x89PNG\r\n\x1a\n")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)  # a PNG header and nothing else
    with pytest.raises(logo.LogoInvalidError):
        logo.set_logo_from_file(campaign.id, broken)
    assert logo.logo(campaign.id) == b""
    buf = BytesIO()
    Image.new("RGB", (400, 160), (30, 90, 160)).save(buf, "PNG")
    logo.set_logo(campaign.id, buf.getvalue())
    with db.session() as s:
        out = printing.kgw_cards(s, campaign.id, tmp_path / "k.pdf", visitor_id=v.id)
    pages = PdfReader(out).pages
    xobjects = [p["/Resources"].get("/XObject", {}) for p in pages]
    assert not xobjects[0] and xobjects[1]  # the logo is on the back only
    logo.remove_logo(campaign.id)
    assert logo.logo(campaign.id) == b""


def test_walking_list_for_a_long_round(db, campaign, trajectory, tmp_path):
    from tests import pdfcheck

    with db.transaction() as s:
        v = OutreachVisitor(trajectory_id=trajectory.id, name="Lieve Janssens")
        s.add(v)
    numbers = [str(n) for n in range(1, 61)] + ["5-7"]
    for number in numbers:
        add(db, campaign.id, last_name=f"P{number}", street="Dorpsstraat", house_number=number,
            on_visit_list=True, visitor_id=v.id)
    with db.session() as s:
        out = printing.walking_list(s, campaign.id, tmp_path / "w.pdf", order="sides")
        up = printing.walking_list(s, campaign.id, tmp_path / "u.pdf")
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert len(pages) > 2
    for i, text in enumerate(pages, 1):
        assert f"Pagina {i} van {len(pages)}" in text
        assert "Lieve Janssens" in text  # the visitor on every page
    text = "\n".join(pages)
    assert "Dorpsstraat 5-7" in text and "bus" not in text
    order = [int(n) for n in re.findall(r"Dorpsstraat (\d+)\b(?!-)", text)]
    assert order[:30] == list(range(1, 61, 2))  # up the odd side
    assert order[30:60] == list(range(60, 0, -2))  # back down the even side
    straight = "\n".join(p.extract_text() for p in PdfReader(up).pages)
    assert [int(n) for n in re.findall(r"Dorpsstraat (\d+)\b(?!-)", straight)][:3] == [1, 2, 3]
    pdfcheck.assert_fonts_clean(out)


def test_walking_list_notes_column_holds_a_line_of_handwriting(db, campaign, trajectory,
                                                              tmp_path, monkeypatch):
    from reportlab.platypus import Table

    from app.services.printing import common

    _setup(db, campaign, trajectory)
    tables = []
    original = common.data_table

    def spy(*args, **kwargs):
        table = original(*args, **kwargs)
        tables.append(table)
        return table

    monkeypatch.setattr(common, "data_table", spy)
    with db.session() as s:
        printing.walking_list(s, campaign.id, tmp_path / "w.pdf")
    (table,) = tables
    assert isinstance(table, Table)
    notes = table._colWidths[-1]
    assert notes >= 55 * 72 / 25.4  # at least 55 mm to write in
    assert sum(table._colWidths) <= common.text_width_of(landscape_mode=True) + 0.01
    assert min(table._rowHeights[1:]) >= 8 * 72 / 25.4  # a line of handwriting high


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
    assert main(["print", "walking-list", "--db", str(db_path), "--campaign",
                 "Kleine Grote Wensen 2026", "--out", str(pdf), "--order", "sides"]) == 0
    assert "oneven kant" in _text(pdf)
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


def test_christmas_card_gives_the_contact_once(db, campaign, trajectory, tmp_path):
    _setup(db, campaign, trajectory)
    with db.transaction() as s:
        from app.models.outreach import OutreachCampaign

        s.get(OutreachCampaign, campaign.id).centre_contact = "LDC De Linde – 014 00 00 00"
    with db.session() as s:
        out = printing.christmas_cards(s, campaign.id, tmp_path / "x.pdf")
    front, back = (PdfReader(out).pages[i].extract_text() for i in (0, 1))
    assert front.count("014 00 00 00") == 2  # two cards on the sheet, once each
    assert "014 00 00 00" not in back and "Kerkstraat" in back  # the back: the address
