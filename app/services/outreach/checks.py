"""“Needs checking”: what an import could not take over as it was, kept on the person
(`OutreachPerson.warnings`, a JSON list of codes with the value as it stood in the file and
the file's line) until it is fixed or the worker dismisses it. Codes, not texts, are stored:
the text is made in the reader's language when it is shown."""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from app.models.outreach import OutreachPerson
from app.services.changes import Changes
from app.services.i18n import N_, _

# code → (the person's field it is about, message); a warning holds while that field is empty
CODES: dict[str, tuple[str, str]] = {
    "no_last_name": ("last_name", N_("no last name")),
    "no_address": ("street", N_("no street or address")),
    "birth_date_impossible": ("birth_date", N_("birth date “{value}” does not exist")),
    "birth_date_unreadable": ("birth_date", N_("birth date “{value}” could not be read")),
    "birth_date_future": ("birth_date", N_("birth date “{value}” lies after today")),
    "birth_date_too_old": ("birth_date", N_("birth date “{value}” would make this person "
                                            "older than 110")),
    "birth_year_unreadable": ("birth_year", N_("birth year “{value}” could not be read")),
    "widowed_since_unreadable": ("widowed_since", N_("widowed since “{value}” could not be "
                                                     "read")),
    "living_alone_unknown": ("living_alone", N_("living alone or not: “{value}” is not "
                                                "understood")),
    "civil_status_unknown": ("widowed", N_("civil status “{value}” is not understood")),
    "national_number_removed": ("", N_("a national register number in the file was left "
                                       "out")),
}


def make(code: str, value: str = "", line: int | None = None) -> dict:
    return {"code": code, "value": value, "line": line}


def load(text: str | None) -> list[dict]:
    if not text:
        return []
    try:
        items = json.loads(text)
    except ValueError:
        return []
    return [w for w in items if isinstance(w, dict) and w.get("code") in CODES]


def dump(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, sort_keys=True) if items else ""


def describe(item: dict) -> str:
    """One warning in the reader's language."""
    _field, msgid = CODES[item["code"]]
    return _(msgid).format(value=item.get("value", ""))


def texts(text: str | None) -> list[str]:
    return [describe(w) for w in load(text)]


def _still_applies(person: OutreachPerson, item: dict, before: dict) -> bool:
    field_name = CODES[item["code"]][0]
    if not field_name:
        return False  # a remark only: the worker has seen the person now
    value = getattr(person, field_name)
    if field_name == "widowed":
        return before.get("widowed") == value  # only the worker can say; kept until changed
    return value is None or value == ""


def refresh(person: OutreachPerson, before: dict) -> None:
    """After an edit: drop the warnings that no longer apply (the field is filled in now, or
    the worker changed it). `before`: the person's field values before the edit."""
    kept = [w for w in load(person.warnings) if _still_applies(person, w, before)]
    new = dump(kept)
    if new != person.warnings:
        person.warnings = new


def dismiss(session: Session, person_id: str) -> Changes:
    """The worker has checked the person: the warnings go."""
    person = session.get(OutreachPerson, person_id)
    if person is None or not person.warnings:
        return Changes()
    person.warnings = ""
    session.flush()
    return Changes.of("outreach_person")
