"""Persona cards and session documents as PDFs: page size, cards per page, duplex alignment,
text read back with pypdf (diacritics, €, language), determinism, and the CLI."""
from __future__ import annotations

import math

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from app.cli import main as cli_main
from app.services import i18n
from app.services.participation import cards, sheets
from app.services.printing.step_report import print_step


def make_cards(n):
    names = ["Ayşe", "Zoë", "Rémi", "François", "Jozef", "Mariette"]
    return [cards.CardData(name=names[i % len(names)], age=40 + i, picture="teen",
                           risk_groups=["Jongeren"], living_situation="Leeft van € 1.200.",
                           quote="Ik kom graag buiten.", dream_question=f"Vraag {i}?")
            for i in range(n)]


def pages_text(path):
    return [page.extract_text() for page in PdfReader(str(path)).pages]


@pytest.mark.parametrize("layout, per_sheet", [("a6", 4), ("a5", 2)])
def test_sheets_are_a4_with_fronts_and_backs(tmp_path, layout, per_sheet):
    out = cards.print_cards(make_cards(5), tmp_path / "c.pdf", layout)
    reader = PdfReader(str(out))
    sheets_needed = math.ceil(5 / per_sheet)
    assert len(reader.pages) == 2 * sheets_needed
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.01)
    texts = pages_text(out)
    front, back = texts[0], texts[1]
    assert sum(name in front for name in ("Ayşe", "Zoë", "Rémi", "François")) == per_sheet
    assert "€ 1.200" in front
    assert "Vraag 0?" in back and "Vraag 0?" not in front


def test_cards_per_page_and_slots():
    assert len(cards.slots("a6")) == 4 and len(cards.slots("a5")) == 2
    assert cards.sheets(9, "a6") == [[0, 1, 2, 3], [4, 5, 6, 7], [8]]
    W, H = A4
    for slot in cards.slots("a6"):
        assert slot.w == pytest.approx(105 * 72 / 25.4, abs=0.5)
        assert slot.h == pytest.approx(148.5 * 72 / 25.4, abs=0.5)


@pytest.mark.parametrize("layout", ["a6", "a5"])
def test_backs_line_up_with_fronts_for_long_edge_flip(layout):
    W, _H = A4
    for front, back in zip(cards.slots(layout), cards.slots(layout, back_side=True)):
        # flipping the sheet on its long (vertical) edge mirrors x: x' = W - x - w
        assert back.x == pytest.approx(W - front.x - front.w)
        assert back.y == pytest.approx(front.y)
        assert (back.w, back.h) == (front.w, front.h)


def test_card_content_stays_inside_the_safe_margin():
    w, h = cards.slots("a6")[0].w, cards.slots("a6")[0].h
    long = cards.CardData(name="Marie-Louise Vandenbroucke-Verstraeten", age=88,
                          living_situation="lang " * 400, social_needs="nood " * 300,
                          strengths="sterk " * 200, village_context="dorp " * 200,
                          quote="citaat " * 80, dream_question="vraag " * 60)
    for ops in (cards.front(long, w, h), cards.back(long, w, h)):
        for op in ops:
            if op[0] == "text":
                _k, x, y, text, font, size, _c, align = op
                width = cards.text_width(text, font, size)
                left = x - width if align == "right" else x
                assert left >= cards.SAFE - 0.5 and left + width <= w - cards.SAFE + 0.5, text
                assert cards.SAFE - 1 <= y <= h - cards.SAFE + 1.5
            elif op[0] in ("rect", "avatar", "photo"):
                x, y = op[1:3] if op[0] == "rect" else op[2:4]
                assert x >= cards.SAFE - 0.5 and y >= cards.SAFE - 1.5


def test_output_is_deterministic(tmp_path):
    a = cards.print_cards(make_cards(3), tmp_path / "a.pdf").read_bytes()
    b = cards.print_cards(make_cards(3), tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_no_cards_and_bad_layout_are_refused(tmp_path):
    with pytest.raises(cards.NoPersonasToPrint):
        cards.print_cards([], tmp_path / "x.pdf")
    with pytest.raises(cards.UnknownLayout):
        cards.print_cards(make_cards(1), tmp_path / "x.pdf", "a4")
    assert not (tmp_path / "x.pdf").exists()


def test_fronts_only(tmp_path):
    out = cards.print_cards(make_cards(4), tmp_path / "f.pdf", backs=False)
    assert len(PdfReader(str(out)).pages) == 1


def test_print_personas_in_french_with_selection(db, filled, tmp_path):
    i18n.set_language("fr")
    with db.session() as s:
        out = cards.print_personas(s, tmp_path / "fr.pdf", "a6",
                                   persona_ids=filled["personas"][:1])
    reader = PdfReader(str(out))
    text = reader.pages[0].extract_text()
    assert "Ayşe" in text and "Zoë" not in text
    assert "SITUATION DE VIE" in text and "41 ans" in text  # labels in the print language
    assert "« " in text and " »" in text  # French quotation marks
    assert "/Lang" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "fr"


def test_photo_prints(db, tid, tmp_path):
    from io import BytesIO

    from PIL import Image

    from app.services.participation import personas

    buf = BytesIO()
    Image.new("RGB", (60, 40), (200, 120, 40)).save(buf, "JPEG")
    with db.transaction() as s:
        personas.create_persona(s, tid, name="Foto", photo=personas.encode_photo(buf.getvalue()))
    with db.session() as s:
        out = cards.print_personas(s, tmp_path / "p.pdf", trajectory_id=tid)
    page = PdfReader(str(out)).pages[0]
    assert any("/Image" in str(x.get_object().get("/Subtype")) for x in
               page["/Resources"]["/XObject"].values())


def test_session_documents(db, tid, filled, tmp_path):
    from app.services.participation import ideas

    with db.transaction() as s:
        idea, _c = ideas.create_idea(s, tid, title="Vroemvrijwilligers", problem="Geen vervoer",
                                     challenge="Iedereen geraakt op de markt",
                                     session_id=filled["session"], group_label="Mobiliteit")
        ideas.add_signup(s, idea.id, name="Dirk", contact="dirk@voorbeeld.be", consent=True)
    with db.session() as s:
        t = sheets.print_table_sheets(s, filled["session"], tmp_path / "t.pdf")
        p = sheets.print_participant_list(s, filled["session"], tmp_path / "p.pdf")
        i = sheets.print_ideas_report(s, tid, tmp_path / "i.pdf")
        r = print_step(s, tid, 5, tmp_path / "step.pdf")
    table_pages = pages_text(t)
    assert len(table_pages) == 4
    assert "Tafel 1" in table_pages[0] and "Ayşe" in table_pages[0]
    assert "Voor de pauze" in table_pages[0] and "Na de pauze" in table_pages[0]
    participant_pages = pages_text(p)
    assert "Deelnemer 00" in participant_pages[0]
    slips = "".join(participant_pages[1:])
    assert "Briefjes om uit te delen" in slips and slips.count("Na de pauze:") == 30
    ideas_text = "".join(pages_text(i))
    assert "Mobiliteit" in ideas_text and "Iedereen geraakt op de markt" in ideas_text
    assert "dirk@voorbeeld.be" in ideas_text
    step_text = "".join(pages_text(r))
    assert "Persona’s" in step_text and "Mariette" in step_text and "Droomavond" in step_text


def test_cli_prints_all_personas(demo_db, db_path, tmp_path, capsys):
    demo_db.close()
    out = tmp_path / "cards.pdf"
    code = cli_main(["print", "personas", "--db", str(db_path), "--out", str(out),
                     "--layout", "a5", "--lang", "fr"])
    assert code == 0 and out.exists()
    texts = pages_text(out)
    assert len(texts) == 6  # 6 demo personas, two per sheet, fronts and backs
    # labels follow the print language; the personas' own text stays as the user wrote it
    assert "Question de rêve pour la table" in texts[1] and "Wat zou er in ons dorp" in texts[1]
    assert cli_main(["print", "personas", "--db", str(tmp_path / "none.sqlite3"),
                     "--out", str(out)]) == 2
    assert "Er is geen gegevensbestand" in capsys.readouterr().err
