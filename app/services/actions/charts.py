"""Charts for the plan report, drawn with ReportLab graphics. Every bar and point carries its
number, and unreached groups are marked in words, so colour is never the only cue."""
from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.services.i18n import _, format_date
from app.services.printing.common import FONT, FONT_BOLD, GREY

WIDTH = 174 * mm
GREEN = colors.HexColor("#2f6f5e")
PALE = colors.HexColor("#b9c7c3")
WARM = colors.HexColor("#c0562f")
RULE = colors.HexColor("#e0e6e4")


def _label_lines(text: str, width: float, size: float = 7.5) -> list[str]:
    """A bar's label over at most two lines; only a label longer than that is shortened."""
    from app.services.printing.text import fit_lines

    return fit_lines(text, FONT, size, width, 2)


def _row_heights(labels: list[str], width: float) -> list[float]:
    return [15 if len(_label_lines(label, width)) == 1 else 22 for label in labels]


def _draw_label(d: Drawing, label: str, y: float, width: float, row_h: float) -> None:
    lines = _label_lines(label, width)
    top = y + 4 + (len(lines) - 1) * 8.5
    for i, line in enumerate(lines):
        d.add(String(0, top - i * 8.5, line, fontName=FONT, fontSize=7.5))


def hbars(rows: list[tuple[str, int]], *, empty_text: str, width: float = WIDTH,
          label_w: float = 70 * mm) -> Drawing:
    """One horizontal bar per row with its number; a zero row says `empty_text`."""
    heights = _row_heights([label for label, _n in rows], label_w - 3 * mm)
    d = Drawing(width, sum(heights) + 6)
    top = max((n for _l, n in rows), default=0) or 1
    bar_w = width - label_w - 30 * mm
    y = d.height
    for (label, n), row_h in zip(rows, heights, strict=True):
        y -= row_h
        _draw_label(d, label, y, label_w - 3 * mm, row_h)
        if n:
            w = bar_w * n / top
            d.add(Rect(label_w, y + 2, w, 9, fillColor=GREEN, strokeWidth=0))
            d.add(String(label_w + w + 3, y + 4, str(n), fontName=FONT_BOLD, fontSize=7.5))
        else:
            d.add(Rect(label_w, y + 2, 3, 9, fillColor=WARM, strokeWidth=0))
            d.add(String(label_w + 7, y + 4, "0 — " + empty_text, fontName=FONT_BOLD,
                         fontSize=7.5, fillColor=WARM))
    return d


def stacked_elements(rows: list[tuple[str, int, int]], width: float = WIDTH,
                     label_w: float = 62 * mm) -> Drawing:
    """Per action: proven elements (dark) and other elements (light), with both numbers."""
    heights = _row_heights([label for label, _p, _o in rows], label_w - 3 * mm)
    d = Drawing(width, sum(heights) + 22)
    top = max((p + o for _l, p, o in rows), default=0) or 1
    unit = (width - label_w - 40 * mm) / top
    y = d.height - 12
    d.add(Rect(label_w, y + 1, 8, 7, fillColor=GREEN, strokeWidth=0))
    d.add(String(label_w + 11, y + 2, _("proven in several reviews"), fontName=FONT,
                 fontSize=7))
    d.add(Rect(label_w + 120, y + 1, 8, 7, fillColor=PALE, strokeWidth=0))
    d.add(String(label_w + 131, y + 2, _("other elements"), fontName=FONT, fontSize=7))
    y -= 4
    for (label, proven, other), row_h in zip(rows, heights, strict=True):
        y -= row_h
        _draw_label(d, label, y, label_w - 3 * mm, row_h)
        d.add(Rect(label_w, y + 2, unit * proven, 9, fillColor=GREEN, strokeWidth=0))
        d.add(Rect(label_w + unit * proven, y + 2, unit * other, 9, fillColor=PALE,
                   strokeWidth=0))
        d.add(String(label_w + unit * (proven + other) + 3, y + 4,
                     _("{proven} proven + {other} other").format(proven=proven, other=other),
                     fontName=FONT, fontSize=7))
    return d


def reached_over_time(points: list[tuple[date, int]], width: float = WIDTH,
                      height: float = 60 * mm) -> Drawing:
    """A step line of the cumulative number of people reached, with the value written at
    each step (the latest in bold)."""
    d = Drawing(width, height)
    left, bottom, right, top_pad = 14 * mm, 10 * mm, 6 * mm, 6 * mm
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=GREY, strokeWidth=0.5))
    d.add(Line(left, bottom, left, bottom + plot_h, strokeColor=GREY, strokeWidth=0.5))
    if not points:
        return d
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    top = max(n for _d, n in points) or 1

    def xy(day: date, n: int) -> tuple[float, float]:
        return left + plot_w * (day - first).days / span, bottom + plot_h * n / top

    coords: list[float] = []
    prev_y = bottom
    for day, n in points:
        x, y = xy(day, n)
        coords += [x, prev_y, x, y]
        prev_y = y
    d.add(PolyLine(coords, strokeColor=GREEN, strokeWidth=1.6))
    for i in range(5):
        value = round(top * i / 4)
        y = bottom + plot_h * value / top
        d.add(Line(left, y, left + plot_w, y, strokeColor=RULE, strokeWidth=0.3))
        d.add(String(left - 2, y - 2.5, str(value), fontName=FONT, fontSize=6.5,
                     textAnchor="end"))
    d.add(String(left, 3 * mm, format_date(first, "medium"), fontName=FONT, fontSize=7))
    d.add(String(left + plot_w, 3 * mm, format_date(last, "medium"), fontName=FONT, fontSize=7,
                 textAnchor="end"))
    # every step of the line carries its value, unless two would touch: then the later wins
    labelled: list[tuple[float, float]] = []
    for i in range(len(points) - 1, -1, -1):
        day, n = points[i]
        if i and points[i - 1][1] == n:
            continue
        x, y = xy(day, n)
        if any(abs(x - lx) < 14 and abs(y - ly) < 9 for lx, ly in labelled):
            continue
        labelled.append((x, y))
        last_one = i == len(points) - 1
        d.add(String(x - 2, min(y + 3, height - 8), str(n),
                     fontName=FONT_BOLD if last_one else FONT, fontSize=8 if last_one else 7,
                     textAnchor="end"))
    return d
