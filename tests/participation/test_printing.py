"""Persona cards and session documents as PDFs: page size, cards per page, duplex alignment,
text read back with pypdf (diacritics, €, language), determinism, and the CLI."""
from __future__ import annotations

import itertools
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


MM = 72 / 25.4


@pytest.mark.parametrize("layout, per_sheet", [("a6", 2), ("a5", 1)])
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
    assert "1 van 5" in front and "1 van 5" in back  # numbered on both sides


def test_cards_are_exact_a6_and_a5():
    assert len(cards.slots("a6")) == 2 and len(cards.slots("a5")) == 1
    assert cards.sheets(5, "a6") == [[0, 1], [2, 3], [4]]
    for layout, (w, h) in (("a6", (105, 148)), ("a5", (210, 148))):
        for slot in cards.slots(layout) + cards.slots(layout, back_side=True):
            cw, ch = slot.card_size
            assert cw == pytest.approx(w * MM, abs=0.01) and ch == pytest.approx(h * MM, abs=0.01)


@pytest.mark.parametrize("layout", ["a6", "a5"])
def test_bleed_and_marks_fit_between_the_trims_and_the_printable_area(layout):
    W, H = A4
    trims = cards.slots(layout)
    for s in trims:  # 3 mm bleed all round stays on the sheet, 6 mm from its edge
        assert s.x - cards.BLEED >= 6 * MM and s.y - cards.BLEED >= 6 * MM
        assert s.x + s.w + cards.BLEED <= W - 6 * MM and s.y + s.h + cards.BLEED <= H - 6 * MM
    for a, b in itertools.pairwise(trims):  # neighbours' bleeds do not touch
        assert b.y - (a.y + a.h) >= 2 * cards.BLEED
    marks = cards.crop_marks(layout)
    cut_x = {round(x, 3) for s in trims for x in (s.x, s.x + s.w)}
    cut_y = {round(y, 3) for s in trims for y in (s.y, s.y + s.h)}
    ends = set()
    for x1, y1, x2, y2 in marks:
        for x, y in ((x1, y1), (x2, y2)):
            assert 6 * MM <= x <= W - 6 * MM and 6 * MM <= y <= H - 6 * MM, (x, y)
            for s in trims:  # never inside a card or its bleed
                inside = (s.x - cards.BLEED < x < s.x + s.w + cards.BLEED
                          and s.y - cards.BLEED < y < s.y + s.h + cards.BLEED)
                assert not inside, (x, y)
        if x1 == x2:
            ends.add(("x", round(x1, 3)))
        else:
            ends.add(("y", round(y1, 3)))
    # every cut line is marked
    assert ends == {("x", x) for x in cut_x} | {("y", y) for y in cut_y}


@pytest.mark.parametrize("layout", ["a6", "a5"])
def test_backs_land_behind_their_fronts_with_long_edge_flip(layout):
    """Flipping the sheet on its long (vertical) edge puts back point (x, y) behind front
    point (W - x, y); turning the cut card over like a page puts back point (w - u, v) behind
    front point (u, v). Both must agree for every card."""
    W, _H = A4
    for front, back in zip(cards.slots(layout), cards.slots(layout, back_side=True), strict=True):
        cw, ch = front.card_size
        for u, v in ((0, 0), (cw, 0), (0, ch), (cw * 0.3, ch * 0.8)):
            fx, fy = front.to_sheet(u, v)
            bx, by = back.to_sheet(cw - u, v)
            assert (W - fx, fy) == pytest.approx((bx, by))


def test_pdf_asks_for_no_scaling_and_long_edge_duplex(tmp_path):
    from tests import pdfcheck

    out = cards.print_cards(make_cards(3), tmp_path / "d.pdf")
    prefs = pdfcheck.viewer_preferences(out)
    assert prefs["/PrintScaling"] == "/None" and prefs["/Duplex"] == "/DuplexFlipLongEdge"
    single = cards.print_cards(make_cards(3), tmp_path / "s.pdf", backs=False)
    assert "/Duplex" not in pdfcheck.viewer_preferences(single)
    pdfcheck.assert_fonts_clean(out)


def _full_card(lang="nl"):
    sample = {"nl": "Woont sinds de dood van haar man alleen in het ouderlijke huis aan de rand "
                    "van het dorp, ver van de bushalte en de winkels, en rijdt sinds vorige "
                    "winter geen auto meer. Haar kinderen wonen ver weg. ",
              "fr": "Vit seule depuis le décès de son mari dans la maison familiale au bord du "
                    "village, loin de l'arrêt de bus et des magasins, et ne conduit plus. "}[lang]

    def full(key):
        text = (sample * 5)[:cards.FIELD_LIMITS[key]]
        return text[:text.rfind(" ")]

    return cards.CardData(
        name="Marie-Louise Vandenbroucke-Verstraeten", age=88,
        risk_groups=["Alleenstaande 75-plussers", "Alleenwonenden", "Mantelzorgers"],
        **{k: full(k) for k in ("living_situation", "village_context", "social_needs",
                                 "strengths", "quote", "dream_question")})


def _texts(ops):
    return [op for op in ops if op[0] == "text"]


@pytest.mark.parametrize("lang", ["nl", "fr"])
@pytest.mark.parametrize("layout", ["a6", "a5"])
def test_a_card_with_every_field_at_its_limit_fits_at_full_size(lang, layout):
    i18n.set_language(lang)
    card = _full_card(lang)
    w, h = cards.card_size(layout)
    for ops in (cards.front(card, w, h), cards.back(card, w, h)):
        texts = _texts(ops)
        assert not [t[3] for t in texts if "…" in t[3]]
        sizes = {t[5] for t in texts}
        assert len(sizes) <= 4, sizes
        assert max(t[2] for t in texts) <= h - cards.SAFE
    front = _texts(cards.front(card, w, h))
    body = [t[5] for t in front if "alleen" in t[3] or "seule" in t[3]]
    name = [t[5] for t in front if "Marie" in t[3]]
    age = [t[5] for t in front if "88" in t[3]]
    quote = [t for t in front if t[4] == cards.FONT_ITALIC]
    assert name[0] > age[0] and quote and quote[0][5] >= body[0]
    # every word of the texts is on the card: nothing cut
    printed = " ".join(t[3] for t in front)
    assert printed.replace("- ", "").count("dorp") >= card.living_situation.count("dorp")


def test_too_long_text_is_cut_with_an_ellipsis_not_shrunk():
    card = _full_card()
    long_question = "Wat moet er gebeuren zodat iedereen in het dorp zich minder alleen voelt? " * 6
    card.dream_question = long_question  # 444 characters: more than the limit
    card.living_situation = card.living_situation * 3
    w, h = cards.card_size("a6")
    front, back = cards.front(card, w, h), cards.back(card, w, h)
    assert any(t[3].endswith("…") for t in _texts(front))
    question = [t for t in _texts(back) if t[4] == cards.FONT_BOLD and t[5] == 14]
    assert question[-1][3].endswith("…")
    assert {t[5] for t in _texts(front)} == {t[5] for t in _texts(cards.front(_full_card(), w, h))}
    assert cards.over_limit({"dream_question": long_question, "quote": "kort"}) == {
        "dream_question": len(long_question)}


def test_card_content_stays_inside_the_safe_margin():
    long = cards.CardData(name="Marie-Louise Vandenbroucke-Verstraeten", age=88,
                          living_situation="lang " * 400, social_needs="nood " * 300,
                          strengths="sterk " * 200, village_context="dorp " * 200,
                          quote="citaat " * 80, dream_question="vraag " * 60,
                          risk_groups=["Ouderen"] * 9, number=12, total=12)
    for layout in ("a6", "a5"):
        w, h = cards.card_size(layout)
        for ops in (cards.front(long, w, h), cards.back(long, w, h)):
            for op in ops:
                if op[0] == "text":
                    _k, x, y, text, font, size, _c, align = op
                    width = cards.text_width(text, font, size)
                    left = x - width if align == "right" else x
                    assert left >= cards.SAFE - 0.5 and left + width <= w - cards.SAFE + 0.5
                    assert 0 < y <= h - cards.SAFE, text
                elif op[0] == "rect" and op[1] < 0:  # the colour band: bleeds on three sides
                    _k, x, y, rw, _rh = op[:5]
                    assert (x, y) == (-cards.BLEED, -cards.BLEED)
                    assert x + rw == pytest.approx(w + cards.BLEED)
                elif op[0] in ("rect", "avatar", "photo", "line"):
                    x, y = op[1:3] if op[0] in ("rect", "line") else op[2:4]
                    assert x >= cards.SAFE - 0.5 and y >= cards.SAFE - 1.5


def test_output_is_deterministic_when_asked(tmp_path, monkeypatch):
    from tests import pdfcheck

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    real = cards.print_cards(make_cards(3), tmp_path / "r.pdf")
    assert not pdfcheck.creation_date(real).startswith("D:2000")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    a = cards.print_cards(make_cards(3), tmp_path / "a.pdf").read_bytes()
    b = cards.print_cards(make_cards(3), tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_each_photo_is_decoded_once_per_document(tmp_path, monkeypatch):
    from io import BytesIO

    from PIL import Image
    from reportlab.lib import utils

    buf = BytesIO()
    Image.new("RGB", (300, 200), (200, 120, 40)).save(buf, "JPEG")
    photo = buf.getvalue()
    decoded = []
    original = utils.ImageReader.__init__

    def counting(self, *args, **kwargs):
        decoded.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(utils.ImageReader, "__init__", counting)
    many = [cards.CardData(name=f"P{i}", photo=photo) for i in range(10)]
    out = cards.print_cards(many, tmp_path / "ph.pdf")
    assert len(decoded) == 1
    reader = PdfReader(str(out))
    images = {id(x.get_object()) for p in reader.pages
              for x in p["/Resources"].get("/XObject", {}).values()}
    assert len(reader.pages) == 10 and images


def test_no_cards_and_bad_layout_are_refused(tmp_path):
    with pytest.raises(cards.NoPersonasToPrintError):
        cards.print_cards([], tmp_path / "x.pdf")
    with pytest.raises(cards.UnknownLayoutError):
        cards.print_cards(make_cards(1), tmp_path / "x.pdf", "a4")
    assert not (tmp_path / "x.pdf").exists()


def test_fronts_only(tmp_path):
    out = cards.print_cards(make_cards(4), tmp_path / "f.pdf", backs=False)
    assert len(PdfReader(str(out)).pages) == 2


def test_print_personas_in_french_with_selection(db, filled, tmp_path):
    i18n.set_language("fr")
    with db.session() as s:
        out = cards.print_personas(s, tmp_path / "fr.pdf", "a6",
                                   persona_ids=filled["personas"][:1])
    reader = PdfReader(str(out))
    text = reader.pages[0].extract_text()
    assert "Ayşe" in text and "Zoë" not in text and "PERSONNAGE FICTIF" in text
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
    assert len(texts) == 12  # 6 demo personas, one A5 card per sheet, fronts and backs
    # labels follow the print language; the personas' own text stays as the user wrote it
    assert "QUESTION DE RÊVE POUR LA TABLE" in texts[1] and "Wat zou er in ons dorp" in texts[1]
    assert cli_main(["print", "personas", "--db", str(tmp_path / "none.sqlite3"),
                     "--out", str(out)]) == 2
    assert "Er is geen gegevensbestand" in capsys.readouterr().err


def test_a_damaged_photo_prints_the_silhouette_instead(tmp_path):
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (300, 200), (200, 120, 40)).save(buf, "JPEG")
    damaged = buf.getvalue()[:200]  # a JPEG cut short, as from a broken copy
    good = cards.CardData(name="Goed", photo=buf.getvalue())
    out = cards.print_cards([cards.CardData(name="Kapot", photo=damaged), good],
                            tmp_path / "d.pdf")
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "Kapot" in text and "Goed" in text
