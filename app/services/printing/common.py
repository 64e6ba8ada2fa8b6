"""Shared ReportLab set-up: the bundled Unicode font, paragraph styles, an A4 document
template with a header, page numbers and the document language, and atomic writing."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.services import paths
from app.services.i18n import _, current_language, format_date

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
ACCENT = colors.HexColor("#2f6f5e")
LIGHT = colors.HexColor("#e8f1ee")
GREY = colors.HexColor("#5f6b68")


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = paths.resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


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
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=base_size, leading=base_size * 1.35,
                          alignment=TA_LEFT, spaceAfter=4)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=base_size * 2,
                             leading=base_size * 2.4, textColor=ACCENT, spaceAfter=8),
        h1=ParagraphStyle("h1", parent=body, fontName=FONT_BOLD, fontSize=base_size * 1.5,
                          leading=base_size * 1.9, textColor=ACCENT, spaceBefore=10,
                          spaceAfter=6),
        h2=ParagraphStyle("h2", parent=body, fontName=FONT_BOLD, fontSize=base_size * 1.15,
                          leading=base_size * 1.5, spaceBefore=8, spaceAfter=4),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=base_size * 0.8,
                             leading=base_size * 1.05, textColor=GREY),
        cell=ParagraphStyle("cell", parent=body, fontSize=base_size * 0.9,
                            leading=base_size * 1.15, spaceAfter=0),
        cell_bold=ParagraphStyle("cellb", parent=body, fontName=FONT_BOLD,
                                 fontSize=base_size * 0.9, leading=base_size * 1.15,
                                 spaceAfter=0),
    )


def para(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; newlines kept)."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def data_table(header: list[str], rows: Iterable[list], st: Styles,
               col_widths: list[float] | None = None) -> Table:
    """A plain table with a shaded header row that repeats on every page."""
    body = [[para(h, st.cell_bold) for h in header]]
    for row in rows:
        body.append([c if isinstance(c, Flowable) else para("" if c is None else str(c), st.cell)
                     for c in row])
    table = Table(body, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9d4d1")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def write_atomically(path: Path, build: Callable[[str], None]) -> Path:
    """Call `build(tmp_path)` and move the result into place only when it is complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".part")
    os.close(fd)
    try:
        build(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def build_a4(path: Path, story: list[Flowable], *, title: str, subtitle: str = "",
             landscape_mode: bool = False) -> Path:
    """An A4 document with a running header (title, subtitle) and 'page x' footer."""
    from reportlab.lib.pagesizes import landscape

    register_fonts()
    pagesize = landscape(A4) if landscape_mode else A4
    printed = _("Printed on {date}").format(date=format_date(date.today(), "long"))

    def decorate(canvas, doc):
        canvas.saveState()
        w, h = pagesize
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(18 * mm, h - 12 * mm, title[:110])
        if subtitle:
            canvas.drawRightString(w - 18 * mm, h - 12 * mm, subtitle[:80])
        canvas.drawString(18 * mm, 10 * mm, printed)
        canvas.drawRightString(w - 18 * mm, 10 * mm,
                               _("Page {page}").format(page=doc.page))
        canvas.restoreState()

    def build(tmp: str) -> None:
        doc = SimpleDocTemplate(
            tmp, pagesize=pagesize, leftMargin=18 * mm, rightMargin=18 * mm,
            topMargin=20 * mm, bottomMargin=18 * mm, title=title, author="Buurtverbinder",
            lang=current_language(), initialFontName=FONT, invariant=1,
        )
        doc.build(list(story), onFirstPage=decorate, onLaterPages=decorate)

    return write_atomically(path, build)
