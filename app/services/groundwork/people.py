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


def erase_person(session: Session, trajectory_id: str, person_id: str, *,
                 found: set[str] | None = None) -> Changes:
    """Blank the person's details for good and tombstone the record; an older copy arriving
    later from another laptop cannot bring them back (erased_at). The exchange bookkeeping
    is purged too; the erased values are added to `found` (see app.services.erasure)."""
    from app.services import erasure

    person = records.get_any(session, InterestedPerson, person_id)
    if person is None or person.trajectory_id != trajectory_id or person.erased_at is not None:
        raise PersonNotFoundError()
    erasure.secure(session)
    erasure.note_values(found, person, ERASED_FIELDS)
    copies = participant_values(session, person_id)
    for copy in copies:
        erasure.note_values(found, copy, ("name", "contact", "notes"))
    for signup in _signups(session, [c.id for c in copies]):
        erasure.note_values(found, signup, ("name", "contact", "help_offer"))
    blank_person(session, person)
    session.flush()
    return Changes.of("interested_person", "session_participant", "idea_signup")


ERASED_FIELDS = ("name", "contact", "notes", "consent", "consent_date")


def blank_person(session: Session, person: InterestedPerson) -> None:
    """Blank an interested person and purge their exchange bookkeeping (again, harmlessly,
    for a person blanked before: the backup copies)."""
    from app.services import erasure

    now = utcnow()
    for key, value in (("name", ""), ("contact", ""), ("notes", ""), ("consent", False),
                       ("consent_date", None)):
        if getattr(person, key) != value:
            setattr(person, key, value)
    person.erased_at = person.erased_at or now
    if person.deleted_at is None:
        person.deleted_at = now
    erasure.purge(session, InterestedPerson, [person.id], ERASED_FIELDS)
    _blank_copies(session, person.id, now)


def _blank_copies(session: Session, person_id: str, now) -> None:
    """Step 5 keeps a copy of a person picked from this list as a session participant."""
    from app.models.participation import SessionParticipant
    from app.services import erasure

    copies = session.scalars(select(SessionParticipant).where(
        SessionParticipant.source_id == person_id).execution_options(include_deleted=True)
    ).all()
    for copy in copies:
        for key in ("name", "contact", "notes"):
            if getattr(copy, key) != "":
                setattr(copy, key, "")
        copy.erased_at = copy.erased_at or now
    erasure.purge(session, SessionParticipant, [c.id for c in copies],
                  ("name", "contact", "notes"))
    _blank_signups(session, [c.id for c in copies], now)


def _blank_signups(session: Session, participant_ids: list[str], now) -> None:
    """An idea sign-up made by one of those participants holds their name and contact."""
    from app.models.participation import IdeaSignup
    from app.services import erasure

    if not participant_ids:
        return
    signups = session.scalars(select(IdeaSignup).where(
        IdeaSignup.participant_id.in_(participant_ids)).execution_options(
        include_deleted=True)).all()
    for signup in signups:
        for key, value in (("name", ""), ("contact", ""), ("help_offer", ""),
                           ("consent", False), ("consent_date", None)):
            if getattr(signup, key) != value:
                setattr(signup, key, value)
        signup.erased_at = signup.erased_at or now
    erasure.purge(session, IdeaSignup, [x.id for x in signups],
                  ("name", "contact", "help_offer", "consent", "consent_date"))


def participant_values(session: Session, person_id: str) -> list:
    from app.models.participation import SessionParticipant

    return list(session.scalars(select(SessionParticipant).where(
        SessionParticipant.source_id == person_id).execution_options(include_deleted=True)))


def _signups(session: Session, participant_ids: list[str]) -> list:
    from app.models.participation import IdeaSignup

    if not participant_ids:
        return []
    return list(session.scalars(select(IdeaSignup).where(
        IdeaSignup.participant_id.in_(participant_ids)).execution_options(
        include_deleted=True)))


def find_people(session: Session, name: str, trajectory_id: str | None = None
                ) -> list[InterestedPerson]:
    """Interested people not yet erased whose name is exactly `name` (ignoring case and
    surrounding spaces)."""
    from sqlalchemy import func

    stmt = select(InterestedPerson).where(
        func.lower(InterestedPerson.name) == name.strip().lower(),
        InterestedPerson.erased_at.is_(None))
    if trajectory_id:
        stmt = stmt.where(InterestedPerson.trajectory_id == trajectory_id)
    return list(session.scalars(stmt))


def erase_person_now(db, trajectory_id: str, person_id: str, progress=None) -> tuple[int, int]:
    """The whole erasure of a person, as the window and the command line do it: the record
    and its copies, their exchange state, the file's free pages and log, the logs and every
    backup copy. Returns (backups cleaned, backups deleted)."""
    from app.services import erasure

    found: set[str] = set()
    with db.transaction() as session:
        erase_person(session, trajectory_id, person_id, found=found)
    erasure.after_commit(db.engine, found)
    return erasure.clean_backups(db.path, lambda copy: erase_in_copy(copy, person_id),
                                 progress)


def erase_in_copy(session: Session, person_id: str) -> None:
    """The same erasure in a backup copy (the person may not be there, or be blank)."""
    person = records.get_any(session, InterestedPerson, person_id)
    if person is not None:
        blank_person(session, person)
