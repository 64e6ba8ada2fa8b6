"""The target list: adding and editing people, duplicate detection, merging, selection by
rule and assigning visitors to people or streets."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.outreach import (
    OutreachConsent,
    OutreachPerson,
    OutreachReferral,
    OutreachVisit,
)
from app.services.changes import Changes
from app.services.i18n import _
from app.services.outreach import checks, keys
from app.services.outreach.campaigns import add_months, get_campaign
from app.services.outreach.errors import (
    InvalidBirthYearError,
    PersonNameRequiredError,
    SamePersonError,
)
from app.services.outreach.visits import refresh_status

FIELDS = ("first_name", "last_name", "street", "house_number", "box", "postcode", "place",
          "birth_date", "birth_year", "living_alone", "widowed", "widowed_since", "phone",
          "language", "notes", "on_visit_list", "visitor_id")
TEXT_FIELDS = ("first_name", "last_name", "street", "house_number", "box", "postcode", "place",
               "phone", "language", "notes")
NAME_THRESHOLD = 88  # rapidfuzz ratio on name keys (0–100)


def clean(values: dict, today: date | None = None) -> dict:
    """Trim text, split '7 bus 2', fill the birth year from the date, check plausibility."""
    out = {k: v for k, v in values.items() if k in FIELDS}
    for key in TEXT_FIELDS:
        if key in out:
            out[key] = " ".join(str(out[key] or "").split()) if key != "notes" else \
                str(out[key] or "").strip()
    if "house_number" in out and not out.get("box"):
        out["house_number"], out["box"] = keys.split_house_number(out["house_number"])
    if out.get("widowed_since"):
        out["widowed"] = True
    if out.get("birth_date"):
        out["birth_year"] = out["birth_date"].year
    year = out.get("birth_year") or None
    out["birth_year"] = year
    this_year = (today or date.today()).year
    if year is not None and not this_year - 120 <= int(year) <= this_year:
        raise InvalidBirthYearError(year=year)
    return out


def _stamp_keys(person: OutreachPerson) -> None:
    person.name_key = keys.name_key(person.first_name, person.last_name)
    person.address_sort = keys.address_sort(person.street, person.house_number, person.box)


def add_person(session: Session, campaign_id: str, **values) -> tuple[OutreachPerson, Changes]:
    get_campaign(session, campaign_id)
    data = clean(values)
    if not (data.get("last_name") or data.get("first_name")):
        raise PersonNameRequiredError()
    person = OutreachPerson(campaign_id=campaign_id, **data)
    _stamp_keys(person)
    session.add(person)
    session.flush()
    return person, Changes.of("outreach_person")


def update_person(session: Session, person_id: str, **values) -> Changes:
    person = session.get(OutreachPerson, person_id)
    if person is None:
        return Changes()
    get_campaign(session, person.campaign_id)
    before = {k: getattr(person, k) for k in FIELDS}
    data = clean({**before, **values})
    if not (data.get("last_name") or data.get("first_name")):
        raise PersonNameRequiredError()
    for key, value in data.items():
        if getattr(person, key) != value:
            setattr(person, key, value)
    checks.refresh(person, before)  # saving clears the warnings that no longer apply
    _stamp_keys(person)
    session.flush()
    return Changes.of("outreach_person")


# --- duplicates -------------------------------------------------------------------------------

@dataclass
class Candidate:
    person_id: str
    label: str
    score: int
    reasons: list[str] = field(default_factory=list)  # translated


def _address_key(street: str, number: str, box: str) -> str:
    return keys.address_sort(street, number, box)


class DuplicateIndex:
    """The people of a campaign, indexed to find likely duplicates quickly: only people with
    the same birth year (or none), the same address, or the same first letter of the surname
    are compared."""

    def __init__(self, session: Session, campaign_id: str):
        rows = session.execute(
            select(OutreachPerson.id, OutreachPerson.name_key, OutreachPerson.birth_year,
                   OutreachPerson.address_sort, OutreachPerson.first_name,
                   OutreachPerson.last_name)
            .where(OutreachPerson.campaign_id == campaign_id,
                   OutreachPerson.erased_at.is_(None))).all()
        self._by_year: dict[int | None, list[tuple]] = {}
        self._by_address: dict[str, list[tuple]] = {}
        self._by_letter: dict[str, list[tuple]] = {}
        for row in rows:
            self.add(*row)

    def add(self, pid, name_key, year, address, first, last) -> None:
        row = (pid, name_key, year, address, first, last)
        self._by_year.setdefault(year, []).append(row)
        if address.strip("\x1f9"):
            self._by_address.setdefault(address, []).append(row)
        self._by_letter.setdefault(name_key[:1], []).append(row)

    def find(self, first_name: str, last_name: str, birth_year: int | None, street: str = "",
             number: str = "", box: str = "", exclude: str | None = None) -> list[Candidate]:
        nk = keys.name_key(first_name, last_name)
        address = _address_key(street, *keys.split_house_number(number)) if not box else \
            _address_key(street, number, box)
        pool: dict[str, tuple] = {}
        if birth_year is not None:
            for year in (birth_year, None):
                pool.update((r[0], r) for r in self._by_year.get(year, []))
        else:
            pool.update((r[0], r) for r in self._by_letter.get(nk[:1], []))
        pool.update((r[0], r) for r in self._by_address.get(address, []))
        found = []
        for pid, other_key, year, other_address, first, last in pool.values():
            if pid == exclude:
                continue
            score = int(fuzz.ratio(nk, other_key))
            same_year = birth_year is not None and year == birth_year
            same_address = bool(street) and other_address == address
            if score >= NAME_THRESHOLD and (same_year or same_address or
                                            birth_year is None or year is None):
                reasons = [_("similar name")]
            elif score >= 75 and same_year and same_address:
                reasons = [_("name looks alike")]
            else:
                continue
            if same_year:
                reasons.append(_("same birth year"))
            if same_address:
                reasons.append(_("same address"))
            found.append(Candidate(pid, f"{first} {last}".strip(), score, reasons))
        return sorted(found, key=lambda c: -c.score)


def person_values(session: Session, person_id: str) -> dict | None:
    """A person's fields as a form or the duplicate search takes them; None: not there."""
    person = session.get(OutreachPerson, person_id)
    return None if person is None else {k: getattr(person, k) for k in FIELDS}


def find_duplicates(session: Session, campaign_id: str, values: dict,
                    exclude: str | None = None) -> list[Candidate]:
    data = clean(values)
    return DuplicateIndex(session, campaign_id).find(
        data.get("first_name", ""), data.get("last_name", ""), data.get("birth_year"),
        data.get("street", ""), data.get("house_number", ""), data.get("box", ""), exclude)


def merge_people(session: Session, keep_id: str, other_id: str) -> Changes:
    """Keep one record: fill its empty fields from the other, move the other's visits,
    consents and referrals to it, and tombstone the other."""
    if keep_id == other_id:
        raise SamePersonError()
    keep = session.get(OutreachPerson, keep_id)
    other = session.get(OutreachPerson, other_id)
    if keep is None or other is None:
        return Changes()
    get_campaign(session, keep.campaign_id)
    for key in FIELDS:
        if getattr(keep, key) in (None, "", False) and getattr(other, key) not in (None, ""):
            setattr(keep, key, getattr(other, key))
    if other.notes and other.notes not in keep.notes:
        keep.notes = (keep.notes + "\n" + other.notes).strip()
    linked: tuple[type[Any], ...] = (OutreachVisit, OutreachConsent, OutreachReferral)
    for model in linked:
        for rec in session.scalars(select(model).where(model.person_id == other_id)):
            rec.person_id = keep_id
    keep.attempts = max(keep.attempts, other.attempts)
    _stamp_keys(keep)
    other.deleted_at = utcnow()
    session.flush()
    refresh_status(session, keep)
    return Changes.of("outreach_person", "outreach_visit", "outreach_consent",
                      "outreach_referral")


# --- selection -------------------------------------------------------------------------------

@dataclass
class Rule:
    """Who goes on the visit list. Ages are counted on `reference_date`.

    Someone qualifies when they are at least `min_age`, or living alone and at least
    `alone_min_age` (when given); `require_widowed` / `widowed_months` and `village` narrow it.
    """

    reference_date: date
    min_age: int = 0
    alone_min_age: int | None = None
    living_alone: bool | None = None  # True: only people living alone
    require_widowed: bool = False
    widowed_months: int = 0
    village: str = ""


def age_on(person: OutreachPerson, day: date) -> int | None:
    if person.birth_date is not None:
        b = person.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
    if person.birth_year:
        return day.year - person.birth_year  # age reached at some point this year
    return None


def matches(person: OutreachPerson, rule: Rule) -> bool:
    if rule.village and keys.fold(person.place).strip() != keys.fold(rule.village).strip():
        return False
    if rule.living_alone and not person.living_alone:
        return False
    if rule.require_widowed and not (person.widowed or person.widowed_since):
        return False
    if rule.widowed_months:
        if person.widowed_since is None:
            return False
        if add_months(person.widowed_since, rule.widowed_months) > rule.reference_date:
            return False
    age = age_on(person, rule.reference_date)
    if age is None:
        return False
    if age >= rule.min_age:
        return True
    return bool(rule.alone_min_age is not None and person.living_alone
                and age >= rule.alone_min_age)


def select_by_rule(session: Session, campaign_id: str, rule: Rule, *,
                   replace: bool = False, dry_run: bool = False) -> tuple[int, Changes]:
    """Put everyone who matches on the visit list (with `replace`, take the others off it).
    Returns how many people match; `dry_run` only counts."""
    get_campaign(session, campaign_id)
    people = session.scalars(select(OutreachPerson).where(
        OutreachPerson.campaign_id == campaign_id, OutreachPerson.erased_at.is_(None))).all()
    chosen = [p for p in people if matches(p, rule)]
    if dry_run:
        return len(chosen), Changes()
    chosen_ids = {p.id for p in chosen}
    for p in people:
        wanted = p.id in chosen_ids or (p.on_visit_list and not replace)
        if p.on_visit_list != wanted:
            p.on_visit_list = wanted
    session.flush()
    return len(chosen), Changes.of("outreach_person")


def assign_visitor(session: Session, campaign_id: str, visitor_id: str | None, *,
                   person_ids: list[str] | None = None, street: str | None = None) -> Changes:
    """Assign a visitor to some people, or to everyone on the visit list in one street."""
    get_campaign(session, campaign_id)
    stmt = select(OutreachPerson).where(OutreachPerson.campaign_id == campaign_id)
    if person_ids is not None:
        people = session.scalars(stmt.where(OutreachPerson.id.in_(person_ids))).all()
    elif street is not None:
        wanted = keys.fold(street).strip()
        people = [p for p in session.scalars(stmt) if keys.fold(p.street).strip() == wanted]
    else:
        return Changes()
    for p in people:
        if p.visitor_id != visitor_id:
            p.visitor_id = visitor_id
    session.flush()
    return Changes.of("outreach_person")


def set_on_visit_list(session: Session, campaign_id: str, person_ids: list[str],
                      on: bool) -> Changes:
    """Put these people on the visit list, or take them off it."""
    get_campaign(session, campaign_id)
    stmt = select(OutreachPerson).where(OutreachPerson.campaign_id == campaign_id,
                                        OutreachPerson.id.in_(person_ids))
    for p in session.scalars(stmt):
        if p.on_visit_list != on:
            p.on_visit_list = on
    session.flush()
    return Changes.of("outreach_person")


def ids_in_street(session: Session, campaign_id: str, street: str) -> list[str]:
    """Everyone of the target list in this street (as the street assignment matches it)."""
    wanted = keys.fold(street).strip()
    stmt = select(OutreachPerson.id, OutreachPerson.street).where(
        OutreachPerson.campaign_id == campaign_id, OutreachPerson.erased_at.is_(None))
    return [pid for pid, st in session.execute(stmt) if keys.fold(st).strip() == wanted]


def people_rows(session: Session, campaign_id: str, *, needs_checking: bool = False
                ) -> list[dict]:
    """The target list as plain values (the command line's `targets list --json`)."""
    get_campaign(session, campaign_id)
    stmt = select(OutreachPerson).where(OutreachPerson.campaign_id == campaign_id,
                                        OutreachPerson.erased_at.is_(None))
    if needs_checking:
        stmt = stmt.where(OutreachPerson.warnings != "")
    out = []
    for p in session.scalars(stmt.order_by(OutreachPerson.address_sort, OutreachPerson.id)):
        out.append({
            "id": p.id, "last_name": p.last_name, "first_name": p.first_name,
            "street": p.street, "house_number": p.house_number, "box": p.box,
            "postcode": p.postcode, "place": p.place,
            "birth_date": p.birth_date.isoformat() if p.birth_date else None,
            "birth_year": p.birth_year, "living_alone": p.living_alone,
            "widowed": bool(p.widowed or p.widowed_since),
            "widowed_since": p.widowed_since.isoformat() if p.widowed_since else None,
            "phone": p.phone, "language": p.language, "on_visit_list": bool(p.on_visit_list),
            "status": p.status, "warnings": checks.texts(p.warnings),
        })
    return out


def streets(session: Session, campaign_id: str) -> list[str]:
    rows = session.scalars(select(OutreachPerson.street).where(
        OutreachPerson.campaign_id == campaign_id, OutreachPerson.street != "").distinct())
    return sorted(set(rows), key=keys.fold)


def villages(session: Session, campaign_id: str) -> list[str]:
    rows = session.scalars(select(OutreachPerson.place).where(
        OutreachPerson.campaign_id == campaign_id, OutreachPerson.place != "").distinct())
    return sorted(set(rows), key=keys.fold)
