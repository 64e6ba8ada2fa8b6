"""Text set by hand on a canvas (cards, charts, maps): greedy wrapping with the real font
metrics, hyphenated with the print language's rules where a word does not fit, and an
ellipsis where text must be cut."""
from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.services.printing.common import hyphenation_lang, hyphenator, register_fonts

ELLIPSIS = "…"


def text_width(text: str, font: str, size: float) -> float:
    register_fonts()
    return stringWidth(text, font, size)


def _split_word(word: str, room: float, font: str, size: float) -> tuple[str, str] | None:
    """The longest hyphenated head of `word` that fits in `room`, and the rest."""
    for head, tail in hyphenator(hyphenation_lang())(word):
        if head.endswith("-"):
            text = head
        else:
            text = head + "-"
        if text_width(text, font, size) <= room:
            return text, tail
    return None


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap with the real font metrics; a word that does not fit the rest of a
    line is hyphenated there when that fills the line better (never broken bare)."""
    lines: list[str] = []
    space = text_width(" ", font, size)
    for paragraph in (text or "").split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line, used = "", 0.0
        i = 0
        while i < len(words):
            word = words[i]
            ww = text_width(word, font, size)
            extra = (space if line else 0.0) + ww
            if used + extra <= width:
                line, used = (f"{line} {word}" if line else word), used + extra
                i += 1
                continue
            room = width - used - (space if line else 0.0)
            split = None
            if len(word) >= 6 and (room > width * 0.25 or ww > width):
                split = _split_word(word, room, font, size)
            if split:
                head, tail = split
                lines.append(f"{line} {head}" if line else head)
                words[i] = tail
                line, used = "", 0.0
                continue
            if line:
                lines.append(line)
                line, used = "", 0.0
                continue
            # a single word wider than the column with no split that fits: let it be
            # (cannot happen with two letters per line; kept to never loop forever)
            lines.append(word)
            i += 1
        if line:
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _ellipsize(line: str, font: str, size: float, width: float) -> str:
    """The line cut at a word boundary where possible, ending in an ellipsis."""
    line = line.rstrip("-")
    while line and text_width(line + ELLIPSIS, font, size) > width:
        cut = line.rstrip().rfind(" ")
        line = line[:cut] if cut > len(line) * 0.5 else line[:-1]
    return line.rstrip(" ,;:-–") + ELLIPSIS


def fit_lines(text: str, font: str, size: float, width: float,
              max_lines: int) -> list[str]:
    lines = wrap(text, font, size, width)
    if len(lines) > max_lines:
        lines = lines[:max(max_lines, 1)]
        lines[-1] = _ellipsize(lines[-1], font, size, width)
    return lines
