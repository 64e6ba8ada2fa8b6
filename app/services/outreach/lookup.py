"""Names on the target lists that appear in a text: the step-5 persona editor warns that a
persona may describe a real person."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.outreach import OutreachPerson
from app.services.outreach.keys import fold


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text).replace("'", ""))) + " "


def matching_names(session: Session, text: str) -> list[str]:
    """Full names ("Maria Peeters" or "Peeters Maria") of non-erased people found in `text`,
    ignoring case, accents and punctuation; each name once, in the order of the list."""
    haystack = _words(text)
    if not haystack.strip():
        return []
    stmt = select(OutreachPerson.first_name, OutreachPerson.last_name).where(
        OutreachPerson.erased_at.is_(None), OutreachPerson.first_name != "",
        OutreachPerson.last_name != "")
    found: dict[str, None] = {}
    for first, last in session.execute(stmt):
        f, ln = _words(first).strip(), _words(last).strip()
        if not f or not ln:
            continue
        if f" {f} {ln} " in haystack or f" {ln} {f} " in haystack:
            found.setdefault(f"{first} {last}", None)
    return list(found)
