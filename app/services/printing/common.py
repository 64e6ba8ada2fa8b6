"""Shared ReportLab set-up: one type system (bundled Noto Sans, a small type scale, hyphenation
for nl/fr/en), an A4 document template whose header, body and footer sit on one grid, PDF
settings every printable shares (no print scaling, real creation dates, the document
language). Every PDF is written with `app.services.atomic.atomic_write`."""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.services import paths
from app.services.atomic import atomic_write
from app.services.i18n import _, current_language, format_date

# --- type --------------------------------------------------------------------------------------

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
FONT_BOLD_ITALIC = "NotoSans-BoldItalic"
# Noto Sans has no ballot boxes, stars or bullets-as-dots: those few signs come from DejaVu
# Sans, only where they occur (ReportLab embeds just the glyphs used).
SYMBOLS = "BVSymbols"
FONT_FILES = {FONT: "NotoSans-Regular.ttf", FONT_BOLD: "NotoSans-Bold.ttf",
              FONT_ITALIC: "NotoSans-Italic.ttf", FONT_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
              SYMBOLS: "DejaVuSans.ttf"}

ACCENT = colors.HexColor("#2f6f5e")
LIGHT = colors.HexColor("#e8f1ee")
GREY = colors.HexColor("#55605d")
RULE = colors.HexColor("#c9d4d1")

# ReportLab hands these to pyphen; the print language decides the rules
HYPHENATION = {"nl": "nl_NL", "fr": "fr", "en": "en_GB"}


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = paths.resources_dir() / "fonts"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)
    # ReportLab's defaults name Helvetica: a table sets its cell font and a drawing its state
    # font even when every text has its own, and the PDF then references a font nobody uses
    # (print shops flag it). Our documents only ever use the bundled fonts.
    from reportlab.graphics import shapes
    from reportlab.platypus import tables

    tables.CellStyle.fontname = FONT
    shapes.STATE_DEFAULTS["fontName"] = FONT


@lru_cache(maxsize=1)
def _main_charset() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def with_symbols(markup: str) -> str:
    """Paragraph markup with every character Noto Sans lacks set in the symbol font."""
    charset = _main_charset()
    if all(ord(c) in charset or c in "\n\t" for c in markup):
        return markup
    out: list[str] = []
    run: list[str] = []
    for c in markup:
        if ord(c) in charset or c in "\n\t":
            if run:
                out.append(f'<font name="{SYMBOLS}">{"".join(run)}</font>')
                run = []
            out.append(c)
        else:
            run.append(c)
    if run:
        out.append(f'<font name="{SYMBOLS}">{"".join(run)}</font>')
    return "".join(out)


def hyphenation_lang(lang: str | None = None) -> str:
    return HYPHENATION.get((lang or current_language())[:2], "nl_NL")


@lru_cache(maxsize=8)
def hyphenator(lang: str):
    """A ReportLab hyphenator: (head, tail) pairs, the best first. The print language's rules
    come first, then Dutch (names and notes are mostly Dutch whatever the print language),
    and as a last resort any split two letters in, so ReportLab never has to break a word in
    a narrow column without a hyphen."""
    import pyphen

    rules = [pyphen.Pyphen(lang=code) for code in dict.fromkeys((lang, "nl_NL"))]

    def pairs(word: str):
        seen = set()
        for dic in rules:
            for head, tail in dic.iterate(word):
                if (head, tail) not in seen:
                    seen.add((head, tail))
                    yield head, tail
        for i in range(len(word) - 2, 1, -1):
            if (word[:i], word[i:]) not in seen:
                yield word[:i], word[i:]

    return pairs


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def styles(base_size: float = 10) -> Styles:
    """Four sizes: title, h1, body (h2 is body size in bold), small (cells, notes).
    Headings keep with what follows and are not hyphenated; text and cells hyphenate in the
    print language."""
    register_fonts()
    small_size = round(base_size * 0.85 * 2) / 2
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=base_size, leading=round(base_size * 1.4, 1),
        alignment=TA_LEFT, spaceAfter=base_size * 0.5,
        hyphenationLang=hyphenator(hyphenation_lang()),
        embeddedHyphenation=1, uriWasteReduce=0.3)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=base_size * 2,
                             leading=base_size * 2.4, textColor=ACCENT,
                             spaceAfter=base_size * 0.8, keepWithNext=1, hyphenationLang=""),
        h1=ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=base_size * 1.4,
                          leading=base_size * 1.8, textColor=ACCENT,
                          spaceBefore=base_size * 1.2, spaceAfter=base_size * 0.5,
                          keepWithNext=1, hyphenationLang=""),
        h2=ParagraphStyle("h2", parent=body, fontName=FONT_BOLD,
                          spaceBefore=base_size * 0.8, spaceAfter=base_size * 0.3,
                          keepWithNext=1, hyphenationLang=""),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=small_size,
                             leading=round(small_size * 1.35, 1), textColor=GREY),
        cell=ParagraphStyle("cell", parent=body, fontSize=small_size,
                            leading=round(small_size * 1.3, 1), spaceAfter=0),
        cell_bold=ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD, fontSize=small_size,
                                 leading=round(small_size * 1.3, 1), spaceAfter=0),
    )


_FR_SPACE_BEFORE = re.compile(r" +([?!:;»])")
_FR_SPACE_AFTER = re.compile(r"« +")


def french_spaces(text: str) -> str:
    """French puts a space before ? ! : ; » and after «; it must not break there, or a lone
    "?" starts the next line."""
    text = _FR_SPACE_BEFORE.sub("\u00a0\\1", text)
    return _FR_SPACE_AFTER.sub("«\u00a0", text)


def markup(text: str | None) -> str:
    """Plain text as paragraph markup: escaped, newlines kept, symbols in the symbol font,
    French spaces that do not break."""
    text = text or ""
    if current_language().startswith("fr"):
        text = french_spaces(text)
    return with_symbols(escape(text).replace("\n", "<br/>"))


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept)."""
    return Paragraph(markup(text), style)


CELL_PAD = 3


def data_table(header: list[str], rows: Iterable[Sequence[Any]], st: Styles,
               col_widths: list[float | None] | None = None) -> Table:
    """A plain table with a shaded header row that repeats on every page. Give widths that
    add up to at most the text block (`text_width_of`); None columns share what is left."""
    body = [[h if isinstance(h, Flowable) else para(h, st.cell_bold) for h in header]]
    for row in rows:
        body.append([c if isinstance(c, Flowable) else para("" if c is None else str(c), st.cell)
                     for c in row])
    table = Table(body, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
    ]))
    return table


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


# --- PDF settings --------------------------------------------------------------------------------

def deterministic() -> bool:
    """Byte-identical output (fixed ids, dates from SOURCE_DATE_EPOCH) only when asked for:
    tests and reproducible builds set SOURCE_DATE_EPOCH; users get real creation dates."""
    return bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())


def set_print_preferences(canvas: Canvas, *, duplex: bool = False) -> None:
    """Print at 100 % (office printers' 'fit to page' shrinks cut lines and cards), and for
    front/back sheets ask for long-edge duplex so every back lands behind its front."""
    canvas.setViewerPreference("PrintScaling", "None")
    if duplex:
        canvas.setViewerPreference("Duplex", "DuplexFlipLongEdge")


def new_canvas(path: str, *, title: str, pagesize=A4, duplex: bool = False,
               canvasmaker=Canvas) -> Canvas:
    register_fonts()
    c = canvasmaker(path, pagesize=pagesize, invariant=1 if deterministic() else 0,
                    initialFontName=FONT, initialFontSize=10, lang=current_language())
    c.setTitle(title)
    c.setAuthor("Buurtverbinder")
    c.setCreator("Buurtverbinder")
    set_print_preferences(c, duplex=duplex)
    return c


# --- the A4 document -----------------------------------------------------------------------------

MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
HEADER_Y = 13 * mm  # baseline, from the top edge
FOOTER_Y = 10 * mm  # baseline, from the bottom edge


def text_width_of(landscape_mode: bool = False) -> float:
    """Width of the text block: tables and charts are never wider than this."""
    w = (landscape(A4) if landscape_mode else A4)[0]
    return w - 2 * MARGIN_X


class RunningHeader(Flowable):
    """Sets the right-hand header text from here on (e.g. the visitor on a walking list), so a
    section that runs over several pages names itself on every page."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def wrap(self, *_args):
        return 0, 0

    def draw(self):
        self.canv._bv_running = self.text


def _clip_to(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _numbered_canvas(page_label: Callable[[int, int], str], footer_x: float):
    """A canvas that writes 'page x of y' on every page once the total is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._bv_pages: list[dict] = []

        def showPage(self):
            self._bv_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._bv_pages)
            for state in self._bv_pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, 8)
                self.setFillColor(GREY)
                self.drawRightString(footer_x, FOOTER_Y,
                                     page_label(self._pageNumber, total))
                self.restoreState()
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def build_a4(path: Path, story: list[Flowable], *, title: str, subtitle: str = "",
             landscape_mode: bool = False) -> Path:
    """An A4 document: header (title left, subtitle or running header right, a hairline),
    body and footer (print date left, 'page x of y' right) share the same left and right
    edges; the body frame has no padding, so tables end where the text ends."""
    register_fonts()
    pagesize = landscape(A4) if landscape_mode else A4
    W, H = pagesize
    printed = _("Printed on {date}").format(date=format_date(date.today(), "long"))
    inner = W - 2 * MARGIN_X

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        right = getattr(canvas, "_bv_running", "") or subtitle
        right = _clip_to(right, FONT_BOLD, 8, inner * 0.45)
        left = _clip_to(title, FONT, 8,
                        inner - pdfmetrics.stringWidth(right, FONT_BOLD, 8) - 6 * mm)
        canvas.drawString(MARGIN_X, H - HEADER_Y, left)
        if right:
            canvas.setFont(FONT_BOLD, 8)
            canvas.drawRightString(W - MARGIN_X, H - HEADER_Y, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, H - HEADER_Y - 2.5 * mm, W - MARGIN_X, H - HEADER_Y - 2.5 * mm)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN_X, FOOTER_Y, printed)
        canvas.restoreState()

    def page_label(page: int, total: int) -> str:
        return _("Page {page} of {total}").format(page=page, total=total)

    def build(tmp: str) -> None:
        doc = BaseDocTemplate(
            tmp, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
            author="Buurtverbinder", creator="Buurtverbinder", lang=current_language(),
            initialFontName=FONT, initialFontSize=10,
            invariant=1 if deterministic() else 0)
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, inner, H - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        doc.addPageTemplates([PageTemplate("page", frames=[frame], onPageEnd=decorate)])
        maker = _numbered_canvas(page_label, W - MARGIN_X)

        def canvasmaker(*args, **kwargs):
            c = maker(*args, **kwargs)
            set_print_preferences(c)
            return c

        doc.build(list(story), canvasmaker=canvasmaker)

    return atomic_write(path, build)
