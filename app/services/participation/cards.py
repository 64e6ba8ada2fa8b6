"""Persona cards: one layout, two renderers.

`front()` and `back()` lay a card out as a list of simple drawing operations in points (origin
top-left, y down), with text already wrapped using the bundled DejaVu font's metrics. The PDF
(`print_cards`) draws these operations with ReportLab; the on-screen preview
(app/views/participation/card_preview.py) draws the very same operations with QPainter, so
the preview looks like the printed card.

Layouts: "a6" = four A6 cards on portrait A4, "a5" = two A5 cards on portrait A4. Sheets come
in front/back pairs for long-edge duplex: on the back the columns are mirrored, so every
back lands behind its own front. Each card keeps a 6 mm safe margin; cut ticks mark the cuts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.services import reference
from app.services.errors import AppError
from app.services.i18n import N_, _, current_language, ngettext
from app.services.printing.common import FONT, FONT_BOLD, register_fonts, write_atomically
from app.services.progress import Progress

ACCENT = "#2f6f5e"
LIGHT = "#e8f1ee"
GREY = "#5f6b68"
TEXT = "#222222"
RULE = "#b9c6c2"
SAFE = 6 * mm
LAYOUTS = ("a6", "a5")


class NoPersonasToPrint(AppError):
    msgid = N_("There are no personas to print. Add or copy a persona first.")


class UnknownLayout(AppError):
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

    @classmethod
    def from_persona(cls, persona) -> "CardData":
        from app.services.participation.personas import PhotoInvalid, photo_bytes

        try:
            photo = photo_bytes(persona.photo)
        except PhotoInvalid:
            photo = b""
        return cls(
            name=persona.name, age=persona.age, picture=persona.picture, photo=photo,
            risk_groups=[reference.label("risk_group", c) for c in persona.risk_group_codes],
            living_situation=persona.living_situation, village_context=persona.village_context,
            social_needs=persona.social_needs, strengths=persona.strengths,
            quote=persona.quote, dream_question=persona.dream_question,
        )


# --- text -------------------------------------------------------------------------------------

def text_width(text: str, font: str, size: float) -> float:
    register_fonts()
    return stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap with the real font metrics; long words are broken."""
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if text_width(trial, font, size) <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            while text_width(word, font, size) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut] + "-", font, size) > width:
                    cut -= 1
                lines.append(word[:cut] + "-")
                word = word[cut:]
            line = word
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _ellipsize(line: str, font: str, size: float, width: float) -> str:
    while line and text_width(line + "…", font, size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


class Ops(list):
    """Drawing operations of one card (points, origin top-left, y down)."""

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

    def paragraph(self, x, y, width, text, font, size, color=TEXT, leading=1.25,
                  max_lines: int | None = None) -> float:
        """Wrapped text from top `y`; returns the y below it."""
        lines = wrap(text, font, size, width)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = _ellipsize(lines[-1], font, size, width)
        for line in lines:
            y += size * leading
            self.text(x, y - size * (leading - 1) / 2 - size * 0.18, line, font, size, color)
        return y


def _paragraph_height(text, font, size, width, leading=1.25) -> float:
    return len(wrap(text, font, size, width)) * size * leading


# --- the card faces ------------------------------------------------------------------------

def _sections(card: CardData) -> list[tuple[str, str]]:
    return [(title, body) for title, body in (
        (_("Living situation"), card.living_situation),
        (_("The village around them"), card.village_context),
        (_("Social needs"), card.social_needs),
        (_("Strengths and interests"), card.strengths),
    ) if body]


def _sections_height(card: CardData, width: float, size: float) -> float:
    total = 0.0
    for title, body in _sections(card):
        total += size * 1.5 + _paragraph_height(body, FONT, size, width) + size * 0.6
    return total


def _draw_sections(ops: Ops, card: CardData, x, y, width, size, bottom) -> None:
    for title, body in _sections(card):
        if y + size * 3 > bottom:
            break
        y = ops.paragraph(x, y, width, title.upper(), FONT_BOLD, size * 0.85, ACCENT,
                          leading=1.6)
        room = int((bottom - y) // (size * 1.25))
        y = ops.paragraph(x, y, width, body, FONT, size, TEXT, max_lines=max(room, 1))
        y += size * 0.6


def _age_text(card: CardData) -> str:
    if card.age is None:
        return ""
    return ngettext("{n} year", "{n} years", card.age).format(n=card.age)


def _identity(ops: Ops, card: CardData, x, y, width, scale) -> float:
    """Name, age and risk groups from top `y` in a column of `width`; returns y below."""
    size = 15 * scale
    while size > 8 and text_width(card.name, FONT_BOLD, size) > width:
        size -= 0.5
    y = ops.paragraph(x, y, width, card.name, FONT_BOLD, size, ACCENT, leading=1.15,
                      max_lines=2)
    if card.age is not None:
        y = ops.paragraph(x, y + 1, width, _age_text(card), FONT, 9 * scale, GREY)
    if card.risk_groups:
        y = ops.paragraph(x, y + 3, width, " · ".join(card.risk_groups), FONT, 6.8 * scale,
                          GREY, leading=1.2, max_lines=4)
    return y


def _quote(ops: Ops, card: CardData, x, y, width, size) -> float:
    if not card.quote:
        return y
    text = quoted(card.quote)
    pad = 2.2 * mm
    lines = wrap(text, FONT, size, width - 2 * pad)[:5]
    height = len(lines) * size * 1.3 + 2 * pad
    ops.rect(x, y, width, height, 2 * mm, fill=LIGHT)
    ops.rect(x, y, 1.2 * mm, height, 0, fill=ACCENT)
    yy = y + pad
    for line in lines:
        yy += size * 1.3
        ops.text(x + pad + 0.6 * mm, yy - size * 0.33, line, FONT, size, ACCENT)
    return y + height + 3 * mm


def quoted(text: str) -> str:
    """A quote with the quotation marks of the current language."""
    # TRANSLATORS: quotation marks around a persona's quote (French: « … »)
    return _("“{text}”").format(text=text)


def _footer(ops: Ops, w, h) -> None:
    ops.text(SAFE, h - SAFE + 1, _("Fictional persona · Buurtverbinder"), FONT, 5.5, GREY)


def front(card: CardData, w: float, h: float) -> Ops:
    ops = Ops()
    iw = w - 2 * SAFE
    bottom = h - SAFE - 6
    if w > h:  # landscape card (A5): identity left, text right
        col = iw * 0.38
        pic = min(col, 46 * mm)
        ops.picture(card, SAFE, SAFE, pic)
        y = _identity(ops, card, SAFE, SAFE + pic + 3 * mm, col, 1.25)
        _quote(ops, card, SAFE, y + 3 * mm, col, 10)
        x2, width2, top = SAFE + col + 6 * mm, iw - col - 6 * mm, SAFE
    else:
        pic = min(28 * mm, iw * 0.34)
        ops.picture(card, SAFE, SAFE, pic)
        x_id = SAFE + pic + 4 * mm
        y = _identity(ops, card, x_id, SAFE - 1, w - SAFE - x_id, 1.0)
        y = max(y, SAFE + pic) + 3 * mm
        top = _quote(ops, card, SAFE, y, iw, 8)
        x2, width2 = SAFE, iw
    size = 13.5 if w > h else 9.6
    while size > 5.6 and _sections_height(card, width2, size) > bottom - top:
        size -= 0.2
    _draw_sections(ops, card, x2, top, width2, size, bottom)
    _footer(ops, w, h)
    return ops


def back(card: CardData, w: float, h: float) -> Ops:
    ops = Ops()
    iw = w - 2 * SAFE
    y = ops.paragraph(SAFE, SAFE - 1, iw, _("Dream question for the table"), FONT_BOLD, 8,
                      ACCENT)
    question = card.dream_question or _("What should happen in our village so that {name} "
                                        "feels less lonely?").format(name=card.name)
    size = 13 if w < h else 15
    while size > 8 and len(wrap(question, FONT_BOLD, size, iw - 6 * mm)) > 5:
        size -= 0.5
    lines = wrap(question, FONT_BOLD, size, iw - 6 * mm)[:5]
    box_h = len(lines) * size * 1.3 + 6 * mm
    ops.rect(SAFE, y + 2 * mm, iw, box_h, 2.5 * mm, fill=LIGHT)
    yy = y + 2 * mm + 3 * mm
    for line in lines:
        yy += size * 1.3
        ops.text(SAFE + 3 * mm, yy - size * 0.33, line, FONT_BOLD, size, TEXT)
    y = y + 2 * mm + box_h + 5 * mm
    y = ops.paragraph(SAFE, y, iw, _("Ideas and notes"), FONT_BOLD, 8, ACCENT)
    step = 8 * mm
    small = 9 * mm
    y += step
    while y < h - SAFE - small - 8:
        ops.line(SAFE, y, w - SAFE, y)
        y += step
    ops.picture(card, w - SAFE - small, h - SAFE - small - 5, small)
    ops.text(w - SAFE - small - 2 * mm, h - SAFE - 8, card.name, FONT_BOLD, 7, GREY, "right")
    _footer(ops, w, h)
    return ops


# --- sheets and the PDF ------------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    x: float  # left, from the page's left edge (points)
    y: float  # top, from the page's top edge (points)
    w: float
    h: float


def slots(layout: str, back_side: bool = False) -> list[Slot]:
    """Card positions on an A4 sheet; on the back, columns are mirrored (long-edge flip)."""
    W, H = A4
    if layout == "a6":
        out = []
        for i in range(4):
            col, row = i % 2, i // 2
            if back_side:
                col = 1 - col
            out.append(Slot(col * W / 2, row * H / 2, W / 2, H / 2))
        return out
    if layout == "a5":
        return [Slot(0, row * H / 2, W, H / 2) for row in range(2)]
    raise UnknownLayout(layout=layout)


def _cut_ticks(canvas, layout: str) -> None:
    W, H = A4
    t = 5 * mm
    canvas.setStrokeColorRGB(0.35, 0.35, 0.35)
    canvas.setLineWidth(0.4)
    canvas.line(0, H / 2, t, H / 2)
    canvas.line(W - t, H / 2, W, H / 2)
    if layout == "a6":
        canvas.line(W / 2, 0, W / 2, t)
        canvas.line(W / 2, H - t, W / 2, H)
        canvas.line(W / 2 - 3 * mm, H / 2, W / 2 + 3 * mm, H / 2)
        canvas.line(W / 2, H / 2 - 3 * mm, W / 2, H / 2 + 3 * mm)


def draw_ops(canvas, ops: Iterable[tuple], left: float, top: float) -> None:
    """Draw card operations on a ReportLab canvas; (left, top) is the card's top-left."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.utils import ImageReader

    from app.services.participation import pictures

    def Y(y):
        return top - y

    for op in ops:
        kind = op[0]
        canvas.saveState()
        if kind == "rect":
            _k, x, y, w, h, r, fill, stroke, lw = op
            if fill:
                canvas.setFillColor(HexColor(fill))
            if stroke:
                canvas.setStrokeColor(HexColor(stroke))
                canvas.setLineWidth(lw)
            canvas.roundRect(left + x, Y(y + h), w, h, r, stroke=1 if stroke else 0,
                             fill=1 if fill else 0)
        elif kind == "line":
            _k, x1, y1, x2, y2, color, lw = op
            canvas.setStrokeColor(HexColor(color))
            canvas.setLineWidth(lw)
            canvas.line(left + x1, Y(y1), left + x2, Y(y2))
        elif kind == "text":
            _k, x, y, text, font, size, color, align = op
            canvas.setFont(font, size)
            canvas.setFillColor(HexColor(color))
            draw = {"left": canvas.drawString, "right": canvas.drawRightString,
                    "center": canvas.drawCentredString}[align]
            draw(left + x, Y(y), text)
        elif kind == "avatar":
            _k, key, x, y, size = op
            pictures.draw_reportlab(canvas, key, left + x, Y(y), size)
        elif kind == "photo":
            _k, data, x, y, size = op
            import io

            path = canvas.beginPath()
            path.roundRect(left + x, Y(y + size), size, size, size * 0.14)
            canvas.clipPath(path, stroke=0, fill=0)
            img = ImageReader(io.BytesIO(data))
            iw, ih = img.getSize()
            scale = size / min(iw, ih)  # cover the square, centred
            dw, dh = iw * scale, ih * scale
            canvas.drawImage(img, left + x - (dw - size) / 2, Y(y + size) - (dh - size) / 2,
                             dw, dh)
        canvas.restoreState()


def sheets(count: int, layout: str) -> list[list[int]]:
    per = len(slots(layout))
    return [list(range(i, min(i + per, count))) for i in range(0, count, per)]


def print_cards(cards: list[CardData], out: Path, layout: str = "a6", *, backs: bool = True,
                title: str = "", progress: Progress | None = None) -> Path:
    """Write the cards as a PDF: front sheet, back sheet, front sheet... Deterministic."""
    from reportlab.pdfgen.canvas import Canvas

    if layout not in LAYOUTS:
        raise UnknownLayout(layout=layout)
    if not cards:
        raise NoPersonasToPrint()
    register_fonts()
    groups = sheets(len(cards), layout)
    W, H = A4
    progress = progress or Progress()

    def build(tmp: str) -> None:
        c = Canvas(tmp, pagesize=A4, invariant=1, initialFontName=FONT,
                   lang=current_language())
        c.setTitle(title or _("Persona cards"))
        c.setAuthor("Buurtverbinder")
        for n, group in enumerate(groups):
            progress.step(n, len(groups), _("Sheet {n} of {total}").format(
                n=n + 1, total=len(groups)))
            for side in ((False, True) if backs else (False,)):
                for idx, slot in zip(group, slots(layout, side)):
                    maker = back if side else front
                    draw_ops(c, maker(cards[idx], slot.w, slot.h), slot.x, H - slot.y)
                _cut_ticks(c, layout)
                c.showPage()
        c.save()

    return write_atomically(out, build)


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
        raise UnknownLayout(layout=layout)
    return print_cards(persona_cards(session, trajectory_id, persona_ids), out, layout,
                       backs=backs, progress=progress)
