"""Persona cards: one layout, two renderers.

`front()` and `back()` lay a card out as a list of simple drawing operations in points (origin
top-left of the trimmed card, y down), with text already wrapped with the bundled font's
metrics. The PDF (`print_cards`) draws these operations with ReportLab; the on-screen preview
(app/views/participation/card_preview.py) draws the very same operations with QPainter.

The type is fixed: each layout has three sizes (name, body, labels; the dream question on the
back uses the name size). Fields have length limits (`FIELD_LIMITS`, shown with a live counter
in the editor) chosen so a card with every field full still fits; older or imported text that
is longer is cut at a word with an ellipsis, never shrunk.

Sheets (app/services/printing/imposition.py): "a6" = two exact A6 cards (105 × 148 mm) on an
A4, "a5" = one A5 card (210 × 148 mm), turned a quarter, with 3 mm bleed for the colour band,
crop marks and long-edge duplex backs.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.lib.units import mm

from app.services import reference
from app.services.atomic import atomic_write
from app.services.errors import AppError
from app.services.i18n import N_, _, ngettext
from app.services.printing import imposition
from app.services.printing.common import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    new_canvas,
    register_fonts,
)
from app.services.printing.imposition import (  # noqa: F401 (part of this module's API)
    A5_SIZE,
    A6_SIZE,
    BLEED,
    SAFE,
    Slot,
    crop_marks,
    sheets,
)
from app.services.printing.text import (  # noqa: F401 (part of this module's API)
    ELLIPSIS,
    fit_lines,
    text_width,
    wrap,
)
from app.services.progress import Progress

ACCENT = "#2f6f5e"
LIGHT = "#e8f1ee"
GREY = "#55605d"
TEXT = "#1f2422"
RULE = "#b9c6c2"
WHITE = "#ffffff"
# one colour per persona, cycled; the card number in the band says the same in grey print
BANDS = ("#2f6f5e", "#8a4b2a", "#3d5a8c", "#7a3d6e", "#5b6b1f", "#3f6f78")

LAYOUTS = imposition.LAYOUTS

# longest text per field, in characters: at these lengths every field still fits its card
FIELD_LIMITS = {
    "name": 40,
    "living_situation": 190,
    "village_context": 190,
    "social_needs": 190,
    "strengths": 190,
    "quote": 120,
    "dream_question": 200,
}


class NoPersonasToPrintError(AppError):
    msgid = N_("There are no personas to print. Add or copy a persona first.")


class UnknownLayoutError(AppError):
    msgid = N_("Unknown card layout “{layout}”: choose a6 or a5.")


@dataclass
class CardData:
    """What a card shows, already in the current language."""

    name: str
    age: int | None = None
    picture: str = ""
    photo: bytes = b""
    risk_groups: list[str] = field(default_factory=list)  # translated labels
    living_situation: str = ""
    village_context: str = ""
    social_needs: str = ""
    strengths: str = ""
    quote: str = ""
    dream_question: str = ""
    number: int = 0  # place in the printed set (0: not numbered, e.g. the preview)
    total: int = 0
    colour: str = BANDS[0]

    @classmethod
    def from_persona(cls, persona) -> CardData:
        from app.services.participation.personas import PhotoInvalidError, photo_bytes

        try:
            photo = photo_bytes(persona.photo)
        except PhotoInvalidError:
            photo = b""
        return cls(
            name=persona.name, age=persona.age, picture=persona.picture, photo=photo,
            risk_groups=[reference.label("risk_group", c) for c in persona.risk_group_codes],
            living_situation=persona.living_situation, village_context=persona.village_context,
            social_needs=persona.social_needs, strengths=persona.strengths,
            quote=persona.quote, dream_question=persona.dream_question,
        )


def over_limit(fields: dict[str, str]) -> dict[str, int]:
    """Fields longer than their limit, with their length (for the editor's counters)."""
    return {k: len(v or "") for k, v in fields.items()
            if k in FIELD_LIMITS and len(v or "") > FIELD_LIMITS[k]}


# --- text -------------------------------------------------------------------------------------

class Ops(list):
    """Drawing operations of one card (points, origin top-left of the trim, y down)."""

    def rect(self, x, y, w, h, radius=0.0, fill=None, stroke=None, lw=0.6):
        self.append(("rect", x, y, w, h, radius, fill, stroke, lw))

    def line(self, x1, y1, x2, y2, color=RULE, lw=0.5):
        self.append(("line", x1, y1, x2, y2, color, lw))

    def text(self, x, y, text, font=FONT, size=8.0, color=TEXT, align="left"):
        self.append(("text", x, y, text, font, size, color, align))

    def picture(self, card: CardData, x, y, size):
        if card.photo:
            self.append(("photo", card.photo, x, y, size))
        else:
            self.append(("avatar", card.picture, x, y, size))

    def lines(self, x, y, lines: list[str], font, size, color=TEXT, leading=1.3) -> float:
        """Lines from top `y` (first baseline one ascent down); returns the y below them."""
        for line in lines:
            y += size * leading
            self.text(x, y - size * (leading - 1) / 2 - size * 0.2, line, font, size, color)
        return y

    def paragraph(self, x, y, width, text, font, size, color=TEXT, leading=1.3,
                  max_lines: int = 99) -> float:
        return self.lines(x, y, fit_lines(text, font, size, width, max_lines), font, size,
                          color, leading)


# --- the type and the card faces ----------------------------------------------------------------

@dataclass(frozen=True)
class Scale:
    name: float   # the name, and the dream question on the back
    body: float   # texts, quote, age
    label: float  # section labels, risk groups, band
    band: float   # height of the colour band inside the trim
    picture: float


A6_SCALE = Scale(name=14, body=9, label=7.5, band=8 * mm, picture=24 * mm)
A5_SCALE = Scale(name=20, body=12, label=9.5, band=10 * mm, picture=40 * mm)
LEADING = 1.3


def _scale(w: float, h: float) -> Scale:
    return A5_SCALE if w > h else A6_SCALE


def _sections(card: CardData) -> list[tuple[str, str]]:
    return [(title, body) for title, body in (
        (_("Living situation"), card.living_situation),
        (_("The village around them"), card.village_context),
        (_("Social needs"), card.social_needs),
        (_("Strengths and interests"), card.strengths),
    ) if body.strip()]


def _age_text(card: CardData) -> str:
    if card.age is None:
        return ""
    return ngettext("{n} year", "{n} years", card.age).format(n=card.age)


def _band(ops: Ops, card: CardData, w: float, s: Scale) -> float:
    """The persona's colour band across the top, bleeding off three edges; returns its bottom."""
    ops.rect(-BLEED, -BLEED, w + 2 * BLEED, s.band + BLEED, 0, fill=card.colour)
    base = s.band / 2 + s.label * 0.35
    ops.text(SAFE, base, _("Fictional persona").upper(), FONT_BOLD, s.label, WHITE)
    if card.number:
        ops.text(w - SAFE, base, _("{n} of {total}").format(n=card.number, total=card.total),
                 FONT_BOLD, s.label, WHITE, "right")
    return s.band


def _identity(ops: Ops, card: CardData, x, y, width, s: Scale, name_lines: int = 2) -> float:
    """Name, age and risk groups from top `y`; returns the y below them."""
    y = ops.paragraph(x, y, width, card.name, FONT_BOLD, s.name, card.colour, leading=1.15,
                      max_lines=name_lines)
    if card.age is not None:
        y = ops.paragraph(x, y, width, _age_text(card), FONT, s.body, GREY)
    if card.risk_groups:
        y = ops.paragraph(x, y + 1.5, width, " · ".join(card.risk_groups), FONT, s.label,
                          GREY, leading=1.25, max_lines=3)
    return y


def _quote(ops: Ops, card: CardData, x, y, width, s: Scale, max_lines: int = 4) -> float:
    """The quote in the persona's own words: body size, italic, in a tinted box."""
    if not card.quote.strip():
        return y
    pad = 2.2 * mm
    lines = fit_lines(quoted(card.quote), FONT_ITALIC, s.body, width - 2 * pad - 1.2 * mm,
                      max_lines)
    height = len(lines) * s.body * LEADING + 2 * pad - s.body * 0.25
    ops.rect(x, y, width, height, 1.5 * mm, fill=LIGHT)
    ops.rect(x, y, 1.2 * mm, height, 0, fill=card.colour)
    ops.lines(x + pad + 1.2 * mm, y + pad - s.body * 0.12, lines, FONT_ITALIC, s.body, TEXT,
              LEADING)
    return y + height + 3 * mm


def quoted(text: str) -> str:
    """A quote with the quotation marks of the current language."""
    # TRANSLATORS: quotation marks around a persona's quote (French: « … »)
    return _("“{text}”").format(text=text)


def _draw_sections(ops: Ops, card: CardData, x, y, width, s: Scale, bottom) -> None:
    """Each section its label and text; when the card is full, the last text that fits is
    cut with an ellipsis and the rest left out (the limits make this rare)."""
    label_h = s.label * 1.5
    line_h = s.body * LEADING
    for title, body in _sections(card):
        room = int((bottom - y - label_h) // line_h)
        if room < 1:
            break
        y = ops.paragraph(x, y, width, title.upper(), FONT_BOLD, s.label, card.colour,
                          leading=1.5, max_lines=1)
        y = ops.paragraph(x, y, width, body, FONT, s.body, TEXT, LEADING, max_lines=room)
        y += s.body * 0.55


def front(card: CardData, w: float, h: float) -> Ops:
    ops = Ops()
    s = _scale(w, h)
    iw = w - 2 * SAFE
    top = _band(ops, card, w, s) + 4 * mm
    bottom = h - SAFE
    if w > h:  # landscape card (A5): identity and quote left, texts right
        col = iw * 0.36
        ops.picture(card, SAFE, top, s.picture)
        y = _identity(ops, card, SAFE, top + s.picture + 3 * mm, col, s, name_lines=3)
        _quote(ops, card, SAFE, y + 3 * mm, col, s, max_lines=6)
        _draw_sections(ops, card, SAFE + col + 6 * mm, top - 1, iw - col - 6 * mm, s, bottom)
    else:
        ops.picture(card, SAFE, top, s.picture)
        x_id = SAFE + s.picture + 4 * mm
        y = _identity(ops, card, x_id, top - 2, w - SAFE - x_id, s)
        y = max(y, top + s.picture) + 3 * mm
        y = _quote(ops, card, SAFE, y, iw, s)
        _draw_sections(ops, card, SAFE, y, iw, s, bottom)
    return ops


def back(card: CardData, w: float, h: float) -> Ops:
    ops = Ops()
    s = _scale(w, h)
    iw = w - 2 * SAFE
    y = _band(ops, card, w, s) + 4 * mm
    y = ops.paragraph(SAFE, y, iw, _("Dream question for the table").upper(), FONT_BOLD,
                      s.label, card.colour, leading=1.5, max_lines=1)
    question = card.dream_question.strip() or _(
        "What should happen in our village so that {name} feels less lonely?").format(
        name=card.name)
    pad = 3 * mm
    lines = fit_lines(question, FONT_BOLD, s.name, iw - 2 * pad, 8)
    box_h = len(lines) * s.name * 1.25 + 2 * pad - s.name * 0.2
    ops.rect(SAFE, y + 1.5 * mm, iw, box_h, 2 * mm, fill=LIGHT)
    ops.lines(SAFE + pad, y + 1.5 * mm + pad - s.name * 0.1, lines, FONT_BOLD, s.name, TEXT,
              1.25)
    y += 1.5 * mm + box_h + 5 * mm
    y = ops.paragraph(SAFE, y, iw, _("Ideas and notes").upper(), FONT_BOLD, s.label,
                      card.colour, leading=1.5, max_lines=1)
    small = 10 * mm
    foot = h - SAFE - small
    step = 8 * mm
    y += step
    while y < foot - 3 * mm:
        ops.line(SAFE, y, w - SAFE, y)
        y += step
    ops.picture(card, w - SAFE - small, foot, small)
    name = fit_lines(card.name, FONT_BOLD, s.body, iw - small - 3 * mm, 1)[0]
    ops.text(w - SAFE - small - 2 * mm, h - SAFE - small / 2 + s.body * 0.35, name, FONT_BOLD,
             s.body, GREY, "right")
    return ops


# --- sheets -----------------------------------------------------------------------------------

def card_size(layout: str) -> tuple[float, float]:
    if layout not in LAYOUTS:
        raise UnknownLayoutError(layout=layout)
    return imposition.card_size(layout)


def slots(layout: str, back_side: bool = False) -> list[Slot]:
    if layout not in LAYOUTS:
        raise UnknownLayoutError(layout=layout)
    return imposition.slots(layout, back_side)


# --- drawing -------------------------------------------------------------------------------------

class _Images:
    """Each photo decoded, hashed and embedded once per document, then drawn by reference."""

    def __init__(self, canvas):
        self.canvas = canvas
        self.known: dict[bytes, tuple[str, str, int, int]] = {}

    def draw(self, data: bytes, x: float, y: float, w: float, h: float) -> tuple[int, int]:
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfbase import pdfdoc

        c = self.canvas
        hit = self.known.get(data)
        if hit is None:
            name = "bvimg" + hashlib.sha1(data).hexdigest()
            reg = c._doc.getXObjectName(name)
            if reg not in c._doc.idToObject:
                img = pdfdoc.PDFImageXObject(name, ImageReader(io.BytesIO(data)))
                img.name = name
                c._setXObjects(img)
                c._doc.Reference(img, reg)
                c._doc.addForm(name, img)
                size = (img.width, img.height)
            else:
                obj = c._doc.idToObject[reg]
                size = (obj.width, obj.height)
            hit = self.known[data] = (name, reg, *size)
        name, reg, iw, ih = hit
        if w and h:
            c._currentPageHasImages = 1
            c.saveState()
            c.translate(x, y)
            c.scale(w, h)
            c._code.append(f"/{reg} Do")
            c.restoreState()
            c._formsinuse.append(name)
        return iw, ih


def draw_ops(canvas, ops: Iterable[tuple], left: float, top: float,
             images: _Images | None = None) -> None:
    """Draw card operations on a ReportLab canvas; (left, top) is the card's top-left."""
    from reportlab.lib.colors import HexColor

    from app.services.participation import pictures

    images = images or _Images(canvas)
    colours: dict[str, object] = {}

    def colour(hexa):
        if hexa not in colours:
            colours[hexa] = HexColor(hexa)
        return colours[hexa]

    def Y(y):
        return top - y

    for op in ops:
        kind = op[0]
        if kind == "text":
            _k, x, y, text, font, size, color, align = op
            canvas.setFont(font, size)
            canvas.setFillColor(colour(color))
            if align == "right":
                canvas.drawRightString(left + x, Y(y), text)
            elif align == "center":
                canvas.drawCentredString(left + x, Y(y), text)
            else:
                canvas.drawString(left + x, Y(y), text)
        elif kind == "rect":
            _k, x, y, w, h, r, fill, stroke, lw = op
            canvas.saveState()
            if fill:
                canvas.setFillColor(colour(fill))
            if stroke:
                canvas.setStrokeColor(colour(stroke))
                canvas.setLineWidth(lw)
            if r:
                canvas.roundRect(left + x, Y(y + h), w, h, r, stroke=1 if stroke else 0,
                                 fill=1 if fill else 0)
            else:
                canvas.rect(left + x, Y(y + h), w, h, stroke=1 if stroke else 0,
                            fill=1 if fill else 0)
            canvas.restoreState()
        elif kind == "line":
            _k, x1, y1, x2, y2, color, lw = op
            canvas.setStrokeColor(colour(color))
            canvas.setLineWidth(lw)
            canvas.line(left + x1, Y(y1), left + x2, Y(y2))
        elif kind == "avatar":
            _k, key, x, y, size = op
            pictures.draw_reportlab(canvas, key, left + x, Y(y), size)
        elif kind == "photo":
            _k, data, x, y, size = op
            try:
                iw, ih = images.draw(data, 0, 0, 0, 0)
            except Exception:  # noqa: BLE001 (a damaged photo: print the plain silhouette)
                pictures.draw_reportlab(canvas, "", left + x, Y(y), size)
                continue
            canvas.saveState()
            path = canvas.beginPath()
            path.roundRect(left + x, Y(y + size), size, size, size * 0.14)
            canvas.clipPath(path, stroke=0, fill=0)
            scale = size / min(iw, ih)  # cover the square, centred
            dw, dh = iw * scale, ih * scale
            images.draw(data, left + x - (dw - size) / 2, Y(y + size) - (dh - size) / 2, dw, dh)
            canvas.restoreState()


def print_cards(cards: list[CardData], out: Path, layout: str = "a6", *, backs: bool = True,
                title: str = "", progress: Progress | None = None) -> Path:
    """Write the cards as a PDF: front sheet, back sheet, front sheet... Each card numbered
    "n of total" with its own band colour."""
    if layout not in LAYOUTS:
        raise UnknownLayoutError(layout=layout)
    if not cards:
        raise NoPersonasToPrintError()
    register_fonts()
    groups = sheets(len(cards), layout)
    progress = progress or Progress()
    cards = [replace(card, number=i + 1, total=len(cards), colour=BANDS[i % len(BANDS)])
             for i, card in enumerate(cards)]

    def build(tmp: str) -> None:
        c = new_canvas(tmp, title=title or _("Persona cards"), duplex=backs)
        images = _Images(c)
        for n, group in enumerate(groups):
            progress.step(n, len(groups), _("Sheet {n} of {total}").format(
                n=n + 1, total=len(groups)))
            for side in ((False, True) if backs else (False,)):
                maker = back if side else front
                for idx, slot in zip(group, slots(layout, side), strict=False):
                    cw, ch = slot.card_size
                    c.saveState()
                    imposition.place(c, slot)
                    draw_ops(c, maker(cards[idx], cw, ch), 0, ch, images)
                    c.restoreState()
                imposition.draw_marks(c, layout)
                c.showPage()
        c.save()

    return atomic_write(out, build)


def persona_cards(session, trajectory_id: str | None = None,
                  persona_ids: list[str] | None = None) -> list[CardData]:
    """Cards for one, a selection or all personas (of a trajectory, or of the whole file)."""
    from sqlalchemy import select

    from app.models.participation import Persona

    stmt = select(Persona)
    if trajectory_id:
        stmt = stmt.where(Persona.trajectory_id == trajectory_id)
    if persona_ids is not None:
        stmt = stmt.where(Persona.id.in_(list(persona_ids)))
    rows = session.scalars(stmt.order_by(Persona.trajectory_id, Persona.name, Persona.id))
    order = {pid: i for i, pid in enumerate(persona_ids or [])}
    personas = sorted(rows, key=lambda p: order.get(p.id, 0))
    return [CardData.from_persona(p) for p in personas]


def print_personas(session, out: Path, layout: str = "a6", *, trajectory_id: str | None = None,
                   persona_ids: list[str] | None = None, backs: bool = True,
                   progress: Progress | None = None) -> Path:
    if layout not in LAYOUTS:
        raise UnknownLayoutError(layout=layout)
    return print_cards(persona_cards(session, trajectory_id, persona_ids), out, layout,
                       backs=backs, progress=progress)
