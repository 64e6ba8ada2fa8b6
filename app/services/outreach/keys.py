"""Derived keys: a name key for duplicate detection and search (accents, particles and
punctuation folded away) and an address key that sorts as one walks a street: by street, then
house number in natural order (2, 7 bus 2, 12, 12A)."""
from __future__ import annotations

import re
import unicodedata

# Flemish surname particles: "Van den Broeck", "Vandenbroeck" and "Van Den Broeck" are one name.
PARTICLES = ("van", "den", "der", "de", "d", "ver", "vande", "vanden", "vander", "ten", "ter",
             "te", "t", "le", "la", "du", "des")

_NUMBER = re.compile(
    r"^\s*(?P<num>\d+)\s*(?P<suffix>[a-zA-Z]{0,3})?\s*"
    r"(?:(?:bus|bte|boîte|boite|b\.?|/|-)\s*(?P<box>[\w.]+))?\s*$",
    re.IGNORECASE,
)
# "5-7": one building over house numbers 5 to 7, not number 5 box 7
_RANGE = re.compile(r"^\s*(\d+[a-zA-Z]?)\s*-\s*(\d+[a-zA-Z]?)\s*$")


def fold(text: str) -> str:
    """Lower case without accents: 'Dré Gôris' → 'dre goris'."""
    nfkd = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in nfkd if not unicodedata.combining(ch)).lower()


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as every list of the app shows it: first name, then last name."""
    return f"{(first_name or '').strip()} {(last_name or '').strip()}".strip()


def name_key(first_name: str, last_name: str) -> str:
    """'D'Hondt', 'Dhondt' and 'd' Hondt' give the same key; the first name comes last so a
    key sorts by surname. Letters and digits only, one space between first and last."""
    last = re.sub(r"[^a-z0-9]", "", fold(last_name))
    first = re.sub(r"[^a-z0-9]", "", fold(first_name))
    return f"{last} {first}".strip()


def split_house_number(text: str) -> tuple[str, str]:
    """'7 bus 2' → ('7', '2'); '12A' → ('12A', ''); '12/3' → ('12', '3'); a range '5-7' stays
    ('5-7', ''); other text as is."""
    s = (text or "").strip()
    r = _RANGE.match(s)
    if r:
        return f"{r[1].upper()}-{r[2].upper()}", ""
    m = _NUMBER.match(s)
    if not m:
        return s, ""
    number = m["num"] + (m["suffix"] or "").upper()
    return number, (m["box"] or "").strip()


def _natural(text: str) -> str:
    """Digits padded so text compares as numbers would: 'a7' → 'a000007'."""
    return re.sub(r"\d+", lambda m: m.group().zfill(6), fold(text).strip())


def address_sort(street: str, number: str, box: str = "") -> str:
    """One text column that sorts in walking order; SQL sorts and indexes it."""
    street_part = re.sub(r"\s+", " ", fold(street).strip())
    m = re.match(r"^\s*(\d+)\s*(.*)$", number or "")
    if m:
        num_part = m[1].zfill(6) + fold(m[2]).strip()
    else:
        num_part = "999999" + fold(number or "")
    # \x1f sorts below every letter and digit, so "12" comes before "12A" and "7" before
    # "7 bus 2".
    return f"{street_part}\x1f{num_part}\x1f{_natural(box)}"[:260]


def house_label(number: str, box: str) -> str:
    return f"{number} bus {box}" if box else number
