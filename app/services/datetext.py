"""Dates as a Belgian user types them: day first (d/m/yyyy), the year may be left out or
shortened. Qt-free, so the form's date field and its tests share one rule."""
from __future__ import annotations

import re
from datetime import date

_SEPARATORS = re.compile(r"\s*[/.\-\s]\s*")
# a two-digit year lands in the hundred years that end ten years from now: 95 -> 1995,
# 31 -> 2031 (in 2026), 37 -> 1937
_AHEAD = 10


def format_date(value: date | None) -> str:
    """d/m/yyyy, the order every Belgian form uses, without leading zeros."""
    return "" if value is None else f"{value.day}/{value.month}/{value.year}"


def _full_year(text: str, today: date) -> int:
    year = int(text)
    if len(text) <= 2:
        pivot = today.year + _AHEAD
        year += (pivot // 100) * 100
        if year > pivot:
            year -= 100
    return year


def parse_date(text: str, today: date | None = None, year: int | None = None,
               past: bool = False) -> date | None:
    """The date in `text`, or None when it is empty. Raises ValueError when it is no date.

    "1/12" takes `year` (the form's own year, e.g. the campaign's) or else this year;
    "1/12/26" becomes 2026; "1-12-2026", "1.12.2026" and "1 12 2026" are read too.
    `past`: a date that cannot lie ahead (a birth date): a date after today is refused, and
    so is a two-digit year ("3/4/25" may be 1925 or 2025: Excel's guess put the 1925 births
    of a population extract in 2025).
    """
    today = today or date.today()
    text = (text or "").strip().rstrip("/.-").strip()
    if not text:
        return None
    parts = _SEPARATORS.split(text)
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() and len(p) <= 4 for p in parts):
        raise ValueError(text)
    if len(parts) == 3 and len(parts[0]) == 4:  # 2026-12-01, as machines write it
        parts = [parts[2], parts[1], parts[0]]
    day, month = int(parts[0]), int(parts[1])
    if len(parts) == 3:
        if len(parts[2]) == 3:  # "202" is half a year, not 202 AD
            raise ValueError(text)
        if past and len(parts[2]) <= 2:
            raise ValueError(text)
        full = _full_year(parts[2], today)
    else:
        full = year or today.year
    if not 1850 <= full <= 2200:  # a typo such as 0226, not a real year
        raise ValueError(text)
    value = date(full, month, day)  # raises ValueError for 31/2 and month 13
    if past and value > today:
        raise ValueError(text)
    return value
