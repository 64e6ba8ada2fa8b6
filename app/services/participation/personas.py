"""Personas: create, copy from an example, edit, photos, and the 'is this a real person?' check.

Personas are fictional by design. `real_person_warnings()` looks for signs that a text
describes someone real: a street with a house number, a phone number, an e-mail address, or a
name that matches a person on an outreach target list.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.participation import Persona
from app.services import records, reference
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_, _
from app.services.participation import examples, pictures

MAX_PHOTO_BYTES = 1_500_000
TEXT_FIELDS = ("living_situation", "village_context", "social_needs", "strengths", "quote",
               "dream_question")
EDITABLE = ("name", "age", "picture", "photo", *TEXT_FIELDS, "risk_group_codes")
MAX_AGE = 110


class PersonaError(AppError):
    msgid = N_("This persona cannot be saved.")


class PersonaNameMissingError(PersonaError):
    msgid = N_("Give the persona a first name.")


class PersonaAgeInvalidError(PersonaError):
    msgid = N_("The age must be a whole number between 0 and {max}.")


class UnknownExampleError(PersonaError):
    msgid = N_("This example persona does not exist (anymore).")


class PhotoInvalidError(PersonaError):
    msgid = N_("Choose a JPEG or PNG photo of at most {size} MB.")


class UnknownRiskGroupError(PersonaError):
    msgid = N_("Unknown risk group: {code}.")


# --- validation and saving -----------------------------------------------------------------

def clean(values: dict) -> dict:
    """Validated, trimmed fields for a persona; raises a PersonaError."""
    out = {k: v for k, v in values.items() if k in EDITABLE}
    if "name" in out or not values.get("_partial"):
        out["name"] = (out.get("name") or "").strip()
        if not out["name"]:
            raise PersonaNameMissingError()
    if "age" in out and out["age"] not in (None, ""):
        try:
            age = int(out["age"])
        except (TypeError, ValueError):
            raise PersonaAgeInvalidError(max=MAX_AGE) from None
        if not 0 <= age <= MAX_AGE:
            raise PersonaAgeInvalidError(max=MAX_AGE)
        out["age"] = age
    elif "age" in out:
        out["age"] = None
    for key in TEXT_FIELDS:
        if key in out:
            out[key] = (out[key] or "").strip()
    if "risk_group_codes" in out:
        known = set(reference.codes("risk_group"))
        for code in out["risk_group_codes"] or []:
            if code not in known:
                raise UnknownRiskGroupError(code=code)
        out["risk_group_codes"] = sorted(set(out["risk_group_codes"] or []))
    if "picture" in out and out["picture"] and pictures.get(out["picture"]) is None:
        out["picture"] = pictures.AVATARS[-1].key
    if out.get("photo"):
        photo_bytes(out["photo"])  # validates
    return out


def create_persona(session: Session, trajectory_id: str, **values) -> tuple[Persona, Changes]:
    fields = clean(values)
    if not fields.get("picture") and not fields.get("photo"):
        fields["picture"] = pictures.AVATARS[-1].key
    if not fields.get("dream_question"):
        fields["dream_question"] = _(examples.DREAM_QUESTION).format(name=fields["name"])
    return records.create(session, Persona, trajectory_id=trajectory_id, **fields)


def update_persona(session: Session, persona_id: str, **values) -> Changes:
    persona = session.get(Persona, persona_id)
    if persona is None:
        raise PersonaError()
    fields = clean({**values, "_partial": True})
    return records.update(session, persona, **fields)


def copy_example(session: Session, trajectory_id: str, key: str) -> tuple[Persona, Changes]:
    """A new persona from a bundled example, in the current language, ready to adapt."""
    example = examples.get(key)
    if example is None:
        raise UnknownExampleError()
    return records.create(session, Persona, trajectory_id=trajectory_id,
                          **example.translated())


def personas(session: Session, trajectory_id: str) -> list[Persona]:
    return list(session.scalars(
        select(Persona).where(Persona.trajectory_id == trajectory_id)
        .order_by(Persona.name, Persona.id)))


# --- photos -----------------------------------------------------------------------------------

def encode_photo(data: bytes) -> str:
    """Check a JPEG/PNG and return it as the text stored in `Persona.photo`."""
    if not data or len(data) > MAX_PHOTO_BYTES or not _is_image(data):
        raise PhotoInvalidError(size=MAX_PHOTO_BYTES // 1_000_000 + 0.5)
    return base64.b64encode(data).decode("ascii")


def photo_bytes(stored: str) -> bytes:
    if not stored:
        return b""
    try:
        data = base64.b64decode(stored.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise PhotoInvalidError(size=MAX_PHOTO_BYTES // 1_000_000 + 0.5) from None
    if not _is_image(data):
        raise PhotoInvalidError(size=MAX_PHOTO_BYTES // 1_000_000 + 0.5)
    return data


def _is_image(data: bytes) -> bool:
    return data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))


# --- "is this a real person?" ---------------------------------------------------------------

_STREET = re.compile(
    r"\b[\w'’-]*(?:straat|laan|weg|baan|plein|dreef|steenweg|lei|kouter|dries|hoek|veld|"
    r"berg|dijk|markt|hof|singel|pad)\s+\d{1,4}\s?[a-zA-Z]?\b"
    r"|\b\d{1,4}\s?[a-zA-Z]?,?\s+(?:rue|avenue|chemin|place|chaussée|boulevard)"
    r"(?:\s+(?:de\s+la|de|du|des|la|le)?\s*[\w'’-]+)?"
    r"|\b(?:rue|avenue|chemin|place|chaussée)\s+[\w'’ -]{2,40}?\s\d{1,4}\b"
    r"|\b\d{1,4}\s+[A-Z]\w+\s+(?:Street|Road|Lane|Avenue)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w/])(?:\+|00)?\d[\d ./-]{7,16}\d(?![\w/])")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


@dataclass(frozen=True)
class RealPersonWarning:
    kind: str  # address, phone, email, name
    found: str

    MESSAGES: ClassVar[dict[str, str]] = {
        "address": N_("“{found}” looks like a real address (street and house number)."),
        "phone": N_("“{found}” looks like a phone number."),
        "email": N_("“{found}” looks like an e-mail address."),
        "name": N_("“{found}” matches a person on an outreach list."),
    }

    def user_message(self) -> str:
        return _(self.MESSAGES[self.kind]).format(found=self.found)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def text_warnings(text: str) -> list[RealPersonWarning]:
    """Warnings found in one text, without the outreach lists."""
    found: list[RealPersonWarning] = []
    for m in _EMAIL.finditer(text):
        found.append(RealPersonWarning("email", m.group(0)))
    without_mail = _EMAIL.sub(" ", text)
    for m in _PHONE.finditer(without_mail):
        if 9 <= _digits(m.group(0)) <= 13:
            found.append(RealPersonWarning("phone", m.group(0).strip()))
    for m in _STREET.finditer(without_mail):
        found.append(RealPersonWarning("address", m.group(0).strip()))
    return found


def _outreach_matches(session: Session, text: str) -> list[str]:
    try:
        from app.services.outreach.lookup import matching_names
    except ImportError:
        return []  # no outreach lists in this installation
    return list(matching_names(session, text))


def real_person_warnings(session: Session | None, values: dict) -> list[RealPersonWarning]:
    """All warnings for a persona's fields (name and texts), without duplicates."""
    text = "\n".join(str(values.get(k) or "") for k in ("name", *TEXT_FIELDS))
    result = text_warnings(text)
    if session is not None:
        result += [RealPersonWarning("name", n) for n in _outreach_matches(session, text)]
    seen, unique = set(), []
    for w in result:
        if (w.kind, w.found) not in seen:
            seen.add((w.kind, w.found))
            unique.append(w)
    return unique
