"""Persona cards at the size of a big session: 100 cards, against a bare ReportLab script in
the same run.

The app (`cards.print_cards`) lays each card out (wrapping with hyphenation, limits, the
colour band), turns it onto the sheet with its crop marks and writes fronts and backs.
The baseline is what someone would write by hand with ReportLab: the same font, the same
texts wrapped with `simpleSplit`, the same boxes, bands and pictures, four cards to an A4
("4-up", no marks, no hyphenation, no limits). Both write to a file.

Four cases: fronts only and fronts with backs, each with the bundled drawings and with a
photo per persona (100 different 800 × 600 JPEGs, as the editor stores them). The goals:
the app within 2× the baseline without photos and within 3× with photos.

    python benchmarks/cards.py [--cards 100] [--runs 5]
"""
from __future__ import annotations

import argparse
import functools
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEXTS = [
    "Woont sinds de dood van haar man alleen in het ouderlijke huis aan de rand van het "
    "dorp. Haar kinderen wonen ver weg en bellen op zondag.",
    "De bakker en de bankautomaat zijn weg; de dichtste winkel ligt zes kilometer verder. "
    "De bus rijdt twee keer per dag.",
    "Dagelijks contact dat niet als liefdadigheid voelt, hulp om naar de winkel en de dokter "
    "te gaan, en een plek om samen koffie te drinken.",
    "Bakt de beste rijsttaart van de parochie, breit voor de kleinkinderen en kent de "
    "familiegeschiedenis van iedereen.",
]


def make_cards(n: int, photos: bool):
    from PIL import Image

    from app.services.participation import cards

    out = []
    for i in range(n):
        photo = b""
        if photos:
            img = Image.new("RGB", (800, 600), (60 + i % 150, 90 + (i * 7) % 120, 120))
            img.paste((200, 180 - i % 100, 90), (200 + i % 300, 100, 500 + i % 300, 450))
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=85)
            photo = buf.getvalue()
        out.append(cards.CardData(
            name=f"Persona {i:03d}", age=40 + i % 50, picture="older_woman", photo=photo,
            risk_groups=["Alleenstaande 75-plussers", "Alleenwonenden"],
            living_situation=TEXTS[i % 4], village_context=TEXTS[(i + 1) % 4],
            social_needs=TEXTS[(i + 2) % 4], strengths=TEXTS[(i + 3) % 4],
            quote="Ik wil niemand tot last zijn. Maar sommige dagen spreek ik niemand.",
            dream_question="Wat moet er in ons dorp gebeuren zodat zij zich minder alleen "
                           "voelt?"))
    return out


def app_run(cards_, path: str, backs: bool) -> None:
    from app.services.participation import cards

    cards.print_cards(cards_, Path(path), "a6", backs=backs)


def baseline_run(cards_, path: str, backs: bool) -> None:
    """The same cards drawn by hand, 4-up on A4."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader, simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from app.services.participation import pictures
    from app.services.printing.common import FONT, FONT_BOLD, FONT_ITALIC, register_fonts

    register_fonts()
    W, H = A4
    cw, ch = W / 2, H / 2
    c = Canvas(path, pagesize=A4, initialFontName=FONT)
    green, light, grey = HexColor("#2f6f5e"), HexColor("#e8f1ee"), HexColor("#55605d")
    readers = {}

    def picture(card, x, y_top, size):
        if card.photo:
            if id(card) not in readers:
                readers[id(card)] = ImageReader(io.BytesIO(card.photo))
            c.drawImage(readers[id(card)], x, y_top - size, size, size)
        else:
            pictures.draw_reportlab(c, card.picture, x, y_top, size)

    def text(x, y, width, value, font, size, leading):
        for line in simpleSplit(value, font, size, width):
            c.drawString(x, y, line)
            y -= leading
        return y

    def front(card, x, top):
        c.setFillColor(green)
        c.rect(x, top - 8 * mm, cw, 8 * mm, stroke=0, fill=1)
        c.setFillColor(HexColor("#ffffff"))
        c.setFont(FONT_BOLD, 7.5)
        c.drawString(x + 6 * mm, top - 5 * mm, "FICTIEF PERSONAGE")
        picture(card, x + 6 * mm, top - 12 * mm, 24 * mm)
        c.setFillColor(green)
        c.setFont(FONT_BOLD, 14)
        c.drawString(x + 34 * mm, top - 17 * mm, card.name)
        c.setFillColor(grey)
        c.setFont(FONT, 9)
        c.drawString(x + 34 * mm, top - 22 * mm, f"{card.age} jaar")
        c.setFont(FONT, 7.5)
        text(x + 34 * mm, top - 26 * mm, 60 * mm, " · ".join(card.risk_groups), FONT, 7.5, 9)
        c.setFillColor(light)
        c.roundRect(x + 6 * mm, top - 52 * mm, cw - 12 * mm, 13 * mm, 4, stroke=0, fill=1)
        c.setFillColor(HexColor("#1f2422"))
        c.setFont(FONT_ITALIC, 9)
        text(x + 9 * mm, top - 44 * mm, cw - 18 * mm, card.quote, FONT_ITALIC, 9, 11.7)
        y = top - 58 * mm
        for label, body in (("LEEFSITUATIE", card.living_situation),
                            ("HET DORP RONDOM", card.village_context),
                            ("SOCIALE NODEN", card.social_needs),
                            ("STERKTES EN INTERESSES", card.strengths)):
            c.setFillColor(green)
            c.setFont(FONT_BOLD, 7.5)
            c.drawString(x + 6 * mm, y, label)
            c.setFillColor(HexColor("#1f2422"))
            c.setFont(FONT, 9)
            y = text(x + 6 * mm, y - 11, cw - 12 * mm, body, FONT, 9, 11.7) - 5

    def back(card, x, top):
        c.setFillColor(green)
        c.rect(x, top - 8 * mm, cw, 8 * mm, stroke=0, fill=1)
        c.setFont(FONT_BOLD, 7.5)
        c.drawString(x + 6 * mm, top - 14 * mm, "DROOMVRAAG VOOR DE TAFEL")
        c.setFillColor(light)
        c.roundRect(x + 6 * mm, top - 45 * mm, cw - 12 * mm, 28 * mm, 6, stroke=0, fill=1)
        c.setFillColor(HexColor("#1f2422"))
        c.setFont(FONT_BOLD, 14)
        text(x + 9 * mm, top - 24 * mm, cw - 18 * mm, card.dream_question, FONT_BOLD, 14, 17.5)
        c.setStrokeColor(HexColor("#b9c6c2"))
        for i in range(10):
            yy = top - 60 * mm - i * 8 * mm
            c.line(x + 6 * mm, yy, x + cw - 6 * mm, yy)
        picture(card, x + cw - 16 * mm, top - ch + 16 * mm, 10 * mm)
        c.setFont(FONT_BOLD, 9)
        c.drawRightString(x + cw - 18 * mm, top - ch + 10 * mm, card.name)

    for start in range(0, len(cards_), 4):
        group = cards_[start:start + 4]
        for side in ((False, True) if backs else (False,)):
            for i, card in enumerate(group):
                col, row = i % 2, i // 2
                if side:
                    col = 1 - col
                (back if side else front)(card, col * cw, H - row * ch)
            c.showPage()
    c.save()


def best_pair(app, baseline, runs: int) -> tuple[float, float]:
    """Best times of the two, run in turns so a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for func, out in ((app, times[0]), (baseline, times[1])):
            start = time.perf_counter()
            func()
            out.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bv-cards-"))
    os.environ.setdefault("BUURTVERBINDER_HOME", str(folder / "home"))
    from app.services import i18n

    i18n.set_language("nl")
    print(f"{args.cards} persona cards, best of {args.runs} runs")
    print(f"{'case':<28}{'app':>10}{'baseline':>11}{'ratio':>8}{'goal':>7}")
    worst = 0.0
    for photos in (False, True):
        deck = make_cards(args.cards, photos)
        app_run(deck[:4], str(folder / "warm.pdf"), True)  # fonts, hyphenation rules
        baseline_run(deck[:4], str(folder / "warm-b.pdf"), True)
        for backs in (False, True):
            app_t, base_t = best_pair(
                functools.partial(app_run, deck, str(folder / "app.pdf"), backs),
                functools.partial(baseline_run, deck, str(folder / "base.pdf"), backs),
                args.runs)
            goal = 3.0 if photos else 2.0
            ratio = app_t / base_t
            worst = max(worst, ratio / goal)
            case = ("fronts and backs" if backs else "fronts only") + (
                ", photos" if photos else "")
            print(f"{case:<28}{app_t * 1000:>8.0f}ms{base_t * 1000:>9.0f}ms{ratio:>7.2f}×"
                  f"{goal:>6.0f}×")
    return 0 if worst <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
