"""Step 2: people who want to stay involved. Only those who agreed (with a date) may be
invited in step 5; someone who withdraws can be erased for good."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.groundwork import InterestedPerson
from app.services import records
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_


class PersonNotFoundError(AppError):
    msgid = N_("This person is no longer in the list.")


@dataclass(frozen=True)
class Invitee:
    id: str
    name: str
    contact: str
    role: str
    consent_date: date | None


def people_to_invite(session: Session, trajectory_id: str) -> list[Invitee]:
    """People who agreed to be contacted (for step 5 invitations), by name."""
    rows = session.scalars(select(InterestedPerson).where(
        InterestedPerson.trajectory_id == trajectory_id, InterestedPerson.consent.is_(True),
        InterestedPerson.consent_date.is_not(None), InterestedPerson.erased_at.is_(None))
        .order_by(InterestedPerson.name))
    return [Invitee(p.id, p.name, p.contact, p.role, p.consent_date) for p in rows]


def erase_person(session: Session, trajectory_id: str, person_id: str) -> Changes:
    """Blank the person's details for good and tombstone the record; an older copy arriving
    later from another laptop cannot bring them back (erased_at)."""
    person = records.get_any(session, InterestedPerson, person_id)
    if person is None or person.trajectory_id != trajectory_id or person.erased_at is not None:
        raise PersonNotFoundError()
    now = utcnow()
    person.name = ""
    person.contact = ""
    person.notes = ""
    person.consent = False
    person.consent_date = None
    person.erased_at = now
    if person.deleted_at is None:
        person.deleted_at = now
    session.flush()
    return Changes.of("interested_person")
