"""A round of home visits: the people of one printed walking list, typed in afterwards.

A round is one section of a walking list: one visitor's (or one street's) people of a
campaign, in walking order, as they stood open on the day the list was printed. Its code is
derived, not stored: a short hash of campaign, section and walking order, and the day of
printing ("7KQ2-3011"). Typing the code rebuilds the same rows with the same numbers, also
after some of them have been logged: who was open on that day is replayed from the visits
made before it. The round entry grid (app/views/outreach/round_entry.py) loads a round here
and saves all its visits in one transaction (`save_round`).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.outreach import OutreachCampaign, OutreachPerson, OutreachVisit, OutreachVisitor
from app.services.changes import Changes
from app.services.i18n import N_, _
from app.services.outreach import visits
from app.services.outreach.campaigns import get_campaign
from app.services.outreach.errors import (
    FollowUpBeforeVisitError,
    InvalidOutcomeError,
    RoundAlreadyLoggedError,
    RoundDateRequiredError,
    RoundNotFoundError,
    RoundPersonUnknownError,
)
from app.services.outreach.keys import fold, full_name, house_label

# one key per outcome, in the order of the walking list's tick columns
ROUND_OUTCOMES = ("door", "inside", "not_home", "declined", "card_left")
_OUTCOME_TEXTS = {"door": N_("At the door"), "inside": N_("Inside"), "not_home": N_("Not home"),
                  "declined": N_("Declined"), "card_left": N_("Card left")}
DETAIL_OUTCOMES = ("door", "inside")
OPEN = ("todo", "retry")
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O or U to misread
_CODE = re.compile(r"^\s*([0-9A-Z]{4})\s*-?\s*(\d{2})(\d{2})\s*$")


@dataclass(frozen=True)
class RoundKey:
    """What a printed walking list section is: enough to rebuild its rows."""

    campaign_id: str
    group: str  # "visitor" or "street"
    key: str  # the visitor's id ("" for nobody assigned) or the street
    on: date  # the day the list was printed
    order: str = "number"
    open_only: bool = True


@dataclass
class RoundRow:
    number: int
    person_id: str
    name: str
    address: str
    visitor_id: str | None
    logged: str = ""  # the outcome already logged for this round, if any


@dataclass
class Round:
    key: RoundKey
    code: str
    title: str
    visitor_id: str | None  # the round's visitor, the default for every visit
    rows: list[RoundRow] = field(default_factory=list)


@dataclass
class Entry:
    """What was ticked on the paper for one address."""

    person_id: str
    outcome: str  # one of ROUND_OUTCOMES
    notes: str = ""
    signals: list[str] = field(default_factory=list)
    wish: str = ""
    follow_up: str = ""
    follow_up_due: date | None = None


def outcome_label(outcome: str) -> str:
    """'3 Not home': the key that ticks it in the round entry, and the tick column's name on
    the walking list."""
    return f"{ROUND_OUTCOMES.index(outcome) + 1} {_(_OUTCOME_TEXTS[outcome])}"


# --- the code ------------------------------------------------------------------------------------

def _group_hash(key: RoundKey) -> str:
    text = "\x1f".join((key.campaign_id, key.group, fold(key.key).strip(), key.order,
                        "open" if key.open_only else "all"))
    number = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")
    return "".join(_ALPHABET[(number >> shift) & 31] for shift in (15, 10, 5, 0))


def round_code(key: RoundKey) -> str:
    """'7KQ2-3011': the section's hash and the day of printing (day, month)."""
    return f"{_group_hash(key)}-{key.on:%d%m}"


def _normal(code: str) -> str:
    table = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
    return (code or "").upper().translate(table)


def _printed_on(day: int, month: int, today: date) -> date | None:
    """The last such day on or before today (a list is printed before it is typed in)."""
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _candidates(session: Session, trajectory_id: str, on: date) -> list[RoundKey]:
    camps = session.scalars(select(OutreachCampaign.id).where(
        OutreachCampaign.trajectory_id == trajectory_id,
        OutreachCampaign.erased_at.is_(None))).all()
    person = OutreachPerson
    out = []
    for cid in camps:
        rows = session.execute(select(person.visitor_id, person.street).where(
            person.campaign_id == cid, person.on_visit_list.is_(True),
            person.erased_at.is_(None))).all()
        groups = {("visitor", vid or "") for vid, _s in rows}
        groups |= {("street", street) for _v, street in rows}
        out += [RoundKey(cid, group, key, on, order, open_only)
                for group, key in sorted(groups) for order in ("number", "sides")
                for open_only in (True, False)]
    return out


def find_round(session: Session, trajectory_id: str, code: str,
               today: date | None = None) -> RoundKey:
    """The walking list section a typed code stands for (RoundNotFoundError otherwise)."""
    match = _CODE.match(_normal(code))
    on = match and _printed_on(int(match[2]), int(match[3]), today or date.today())
    if not match or not on:
        raise RoundNotFoundError(code=code.strip())
    for key in _candidates(session, trajectory_id, on):
        if _group_hash(key) == match[1]:
            return key
    raise RoundNotFoundError(code=code.strip())


# --- the rows -------------------------------------------------------------------------------------

def _open_on(person: OutreachPerson, earlier: list[OutreachVisit], max_attempts: int) -> bool:
    """Was the person still to visit on the day the list was printed?"""
    attempts = 0
    for v in earlier:
        if v.outcome != "not_home":
            return False
        attempts += 1
    return attempts < max_attempts


def _visits_by_person(session: Session, ids: list[str]) -> dict[str, list[OutreachVisit]]:
    out: dict[str, list[OutreachVisit]] = {pid: [] for pid in ids}
    for start in range(0, len(ids), 400):
        stmt = select(OutreachVisit).where(OutreachVisit.person_id.in_(ids[start:start + 400]))
        for v in session.scalars(stmt.order_by(OutreachVisit.visited_on,
                                               OutreachVisit.visited_time,
                                               OutreachVisit.created_at)):
            out[v.person_id].append(v)
    return out


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


def round_people(session: Session, key: RoundKey) -> list[tuple[OutreachPerson, str]]:
    """The section's people in walking order, as the list printed on `key.on` had them, each
    with the outcome already logged on or after that day ("" when none)."""
    campaign = get_campaign(session, key.campaign_id, writable=False)
    person = OutreachPerson
    stmt = select(person).where(person.campaign_id == key.campaign_id,
                                person.on_visit_list.is_(True), person.erased_at.is_(None))
    if key.group == "street":
        members = [p for p in session.scalars(stmt) if fold(p.street).strip() ==
                   fold(key.key).strip()]
    else:
        members = list(session.scalars(stmt.where(
            person.visitor_id == key.key if key.key else person.visitor_id.is_(None))))
    members.sort(key=lambda p: (p.address_sort, p.name_key))
    history = _visits_by_person(session, [p.id for p in members])
    out = []
    for p in members:
        if p.created_at.date() > key.on:
            continue  # added after the list was printed
        earlier = [v for v in history[p.id] if v.visited_on < key.on]
        later = [v for v in history[p.id] if v.visited_on >= key.on]
        if key.open_only and not _open_on(p, earlier, campaign.max_attempts):
            continue
        out.append((p, later[0].outcome if later else ""))
    order = walking_order([p for p, _l in out], key.order)
    logged = {p.id: o for p, o in out}
    return [(p, logged[p.id]) for p in order]


def _title(session: Session, key: RoundKey) -> str:
    if key.group == "street":
        return key.key
    visitor = session.get(OutreachVisitor, key.key) if key.key else None
    return visitor.name if visitor is not None else ""


def load_round(session: Session, key: RoundKey) -> Round:
    people = round_people(session, key)
    rows = [RoundRow(n, p.id, full_name(p.first_name, p.last_name),
                     f"{p.street} {house_label(p.house_number, p.box)}".strip(),
                     p.visitor_id, logged)
            for n, (p, logged) in enumerate(people, 1)]
    visitor = key.key if key.group == "visitor" and key.key else None
    return Round(key, round_code(key), _title(session, key), visitor, rows)


def visitor_round(campaign_id: str, visitor_id: str | None, today: date) -> RoundKey:
    """"This visitor's round": the list as it would be printed today."""
    return RoundKey(campaign_id, "visitor", visitor_id or "", today)


def street_round(campaign_id: str, street: str, today: date) -> RoundKey:
    return RoundKey(campaign_id, "street", street, today)


# --- saving ---------------------------------------------------------------------------------------

def _visit_values(entry: Entry, visited_on: date, visitor_id: str | None) -> dict:
    outcome = "not_home" if entry.outcome == "card_left" else entry.outcome
    values: dict = {"person_id": entry.person_id, "visited_on": visited_on,
                    "outcome": outcome, "card_left": entry.outcome == "card_left",
                    "visitor_id": visitor_id}
    if entry.outcome in DETAIL_OUTCOMES:  # nothing else carries a talk's details
        values.update(notes=entry.notes, signals=list(entry.signals), wish=entry.wish,
                      follow_up=entry.follow_up, follow_up_due=entry.follow_up_due)
    return values


def _check(session: Session, key: RoundKey, entries: list[Entry], visited_on: date) -> None:
    people = {p.id: logged for p, logged in round_people(session, key)}
    seen: set[str] = set()
    for entry in entries:
        if entry.person_id not in people:
            raise RoundPersonUnknownError()
        if people[entry.person_id] or entry.person_id in seen:
            raise RoundAlreadyLoggedError()
        seen.add(entry.person_id)
        if entry.outcome not in ROUND_OUTCOMES:
            raise InvalidOutcomeError()
        if entry.follow_up_due is not None and entry.follow_up_due < visited_on:
            raise FollowUpBeforeVisitError()


def save_round(session: Session, key: RoundKey, entries: list[Entry], *,
               visited_on: date | None,
               visitor_id: str | None = None, today: date | None = None
               ) -> tuple[list[OutreachVisit], Changes]:
    """Log every entry of the round as a visit, in the caller's one transaction: all of them
    or, when one is wrong, none. `visitor_id` None: each person's own visitor."""
    today = today or date.today()
    get_campaign(session, key.campaign_id)
    if visited_on is None:
        raise RoundDateRequiredError()
    _check(session, key, entries, visited_on)
    made = []
    for entry in entries:
        visit, _c = visits.log_visit(session, key.campaign_id, today=today,
                                     **_visit_values(entry, visited_on, visitor_id))
        made.append(visit)
    return made, visits.VISIT_CHANGES if made else Changes()
