"""Cards on an A4 sheet: exact A6 or A5 trims with room for 3 mm bleed and for crop marks that
sit outside every trim and bleed and stay 6 mm or more from the sheet edge (office printers do
not print the outer 4–5 mm).

Four A6 cards fill an A4 exactly (2 × 105 = 210 mm), which leaves no room for bleed or marks,
so the cards lie turned a quarter: two A6 cards (148 × 105 mm as seen on the sheet) one above
the other, or one A5 card. Sheets come in front/back pairs for long-edge duplex: the back of a
card is turned the other way, so it lands behind its own front, right way up when the cut card
is turned over like a page.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

SAFE = 6 * mm        # nothing but colour that bleeds comes closer to the trim
BLEED = 3 * mm       # colour bands run this far past the trim
MARK_GAP = 3 * mm    # crop marks start this far from the trim (outside the bleed)
MARK_LEN = 5 * mm
A6_SIZE = (105 * mm, 148 * mm)
A5_SIZE = (210 * mm, 148 * mm)  # landscape A5 card
LAYOUTS = ("a6", "a5")


@dataclass(frozen=True)
class Slot:
    """Where a card's trim lies on the sheet: x, y of the top-left corner from the sheet's
    top-left (points), w, h as seen on the sheet, and how the card is turned: +90 = the card's
    top points to the sheet's left edge (fronts), -90 = to its right edge (backs)."""

    x: float
    y: float
    w: float
    h: float
    rotation: int = 0

    @property
    def card_size(self) -> tuple[float, float]:
        return (self.h, self.w) if self.rotation else (self.w, self.h)

    def to_sheet(self, u: float, v: float) -> tuple[float, float]:
        """A point of the card (u from its left, v from its top) on the sheet (from the
        sheet's top-left, y down)."""
        if self.rotation == 90:    # card top -> sheet left, card left -> sheet bottom
            return self.x + v, self.y + self.h - u
        if self.rotation == -90:   # card top -> sheet right, card left -> sheet top
            return self.x + self.w - v, self.y + u
        return self.x + u, self.y + v


def card_size(layout: str) -> tuple[float, float]:
    if layout == "a6":
        return A6_SIZE
    if layout == "a5":
        return A5_SIZE
    raise ValueError(layout)


def slots(layout: str, back_side: bool = False) -> list[Slot]:
    """Card positions on a portrait A4 sheet. Long-edge duplex mirrors x (x' = W - x - w);
    the cards are centred across, so a back sits where its front is, turned the other way."""
    W, H = A4
    cw, ch = card_size(layout)
    turn = -90 if back_side else 90
    sw, sh = ch, cw  # turned a quarter on the sheet
    x = (W - sw) / 2
    if layout == "a6":
        gutter = 2 * BLEED + 2 * SAFE
        top = (H - 2 * sh - gutter) / 2
        return [Slot(x, top + i * (sh + gutter), sw, sh, turn) for i in range(2)]
    return [Slot(x, (H - sh) / 2, sw, sh, turn)]


def crop_marks(layout: str) -> list[tuple[float, float, float, float]]:
    """Cut marks as lines (x1, y1, x2, y2) from the sheet's top-left, y down: at both ends of
    every cut, outside the trim and the bleed of every card."""
    marks = []
    cards = slots(layout)
    top = min(s.y for s in cards)
    bottom = max(s.y + s.h for s in cards)
    for s in cards:
        for y in (s.y, s.y + s.h):  # horizontal cuts, marked left and right
            marks.append((s.x - MARK_GAP - MARK_LEN, y, s.x - MARK_GAP, y))
            marks.append((s.x + s.w + MARK_GAP, y, s.x + s.w + MARK_GAP + MARK_LEN, y))
    for x in (cards[0].x, cards[0].x + cards[0].w):  # vertical cuts, marked above and below
        marks.append((x, top - MARK_GAP - MARK_LEN, x, top - MARK_GAP))
        marks.append((x, bottom + MARK_GAP, x, bottom + MARK_GAP + MARK_LEN))
    return marks


def draw_marks(canvas, layout: str) -> None:
    _W, H = A4
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.25)
    for x1, y1, x2, y2 in crop_marks(layout):
        canvas.line(x1, H - y1, x2, H - y2)
    canvas.restoreState()


def place(canvas, slot: Slot) -> None:
    """Move and turn the canvas so the card's trim box is (0, 0)–(w, h), y up."""
    _W, H = A4
    x, y_bottom = slot.x, H - slot.y - slot.h
    if slot.rotation == 90:
        canvas.translate(x + slot.w, y_bottom)
        canvas.rotate(90)
    elif slot.rotation == -90:
        canvas.translate(x, y_bottom + slot.h)
        canvas.rotate(-90)
    else:
        canvas.translate(x, y_bottom)


def sheets(count: int, layout: str) -> list[list[int]]:
    """Card indexes per sheet."""
    per = len(slots(layout))
    return [list(range(i, min(i + per, count))) for i in range(0, count, per)]
