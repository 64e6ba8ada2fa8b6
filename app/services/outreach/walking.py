"""The order a visitor walks a street: shared by the printed walking list and the round entry
that mirrors it (so both number the addresses alike)."""
from __future__ import annotations

import re

from app.models.outreach import OutreachPerson


def _house_number(p: OutreachPerson) -> int | None:
    m = re.match(r"\s*(\d+)", p.house_number or "")
    return int(m[1]) if m else None


def walking_order(people: list[OutreachPerson], order: str = "number") -> list[OutreachPerson]:
    """People in the order a visitor walks. "number": street by street, numbers up (as the
    address key sorts). "sides": per street up the odd side and back down the even side, so
    nobody crosses the street at every house; addresses without a number come last."""
    if order == "number":
        return list(people)
    streets: dict[str, list[OutreachPerson]] = {}
    for p in people:  # already sorted by street and number
        streets.setdefault(p.address_sort.split("\x1f")[0], []).append(p)
    out: list[OutreachPerson] = []
    for members in streets.values():
        numbered = [(n, p) for p in members if (n := _house_number(p)) is not None]
        odd = [p for n, p in numbered if n % 2]
        even = [(n, p) for n, p in numbered if not n % 2]
        even_back: list[OutreachPerson] = []
        for number in sorted({n for n, _p in even}, reverse=True):
            even_back += [p for n, p in even if n == number]  # 12, 12A, 12 bus 1
        out += odd + even_back + [p for p in members if _house_number(p) is None]
    return out
