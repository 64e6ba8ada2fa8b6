"""Participatory sessions: tables, participants (typed or picked from step 2), the seating
plan and the checks a facilitator needs (no table above 8 participants)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.participation import (
    ParticipatorySession,
    Persona,
    SessionParticipant,
    SessionSeat,
    SessionTable,
)
from app.services import records, reference
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_, _, ngettext
from app.services.participation import planner
from app.services.participation.codes import MAX_PER_TABLE, MAX_ROUNDS


class SessionTitleMissingError(AppError):
    msgid = N_("Give the session a name, for example “Dream evening Loonbeek”.")


class UnknownPhaseError(AppError):
    msgid = N_("Unknown session phase: {phase}.")


class ParticipantNameMissingError(AppError):
    msgid = N_("Fill in the participant's name.")


class SessionMissingError(AppError):
    msgid = N_("This session no longer exists.")


class TableCountInvalidError(AppError):
    msgid = N_("A session has between 1 and {max} tables.")


MAX_TABLES = 30

# --- sessions ---------------------------------------------------------------------------------


def _clean_session(values: dict) -> dict:
    out = dict(values)
    if "title" in out:
        out["title"] = (out["title"] or "").strip()
        if not out["title"]:
            raise SessionTitleMissingError()
    if "phase" in out and out["phase"] not in reference.codes("session_phase"):
        raise UnknownPhaseError(phase=out["phase"])
    if "rounds" in out:
        out["rounds"] = min(max(int(out["rounds"] or 1), 1), MAX_ROUNDS)
    for key in ("place", "facilitators", "notes"):
        if key in out:
            out[key] = (out[key] or "").strip()
    return out


def create_session(session: Session, trajectory_id: str, *, title: str,
                   session_date: date | None = None, place: str = "", phase: str = "dream",
                   rounds: int = 2, facilitators: str = "", notes: str = "",
                   tables: int = 0) -> tuple[ParticipatorySession, Changes]:
    fields = _clean_session(dict(title=title, session_date=session_date, place=place,
                                 phase=phase, rounds=rounds, facilitators=facilitators,
                                 notes=notes))
    obj, changes = records.create(session, ParticipatorySession, trajectory_id=trajectory_id,
                                  **fields)
    if tables:
        changes |= set_table_count(session, obj.id, tables)
    return obj, changes


def _get_session(session: Session, session_id: str) -> ParticipatorySession:
    obj = session.get(ParticipatorySession, session_id)
    if obj is None:
        raise SessionMissingError()
    return obj


def find_session(session: Session, session_id: str) -> ParticipatorySession | None:
    """The session, or None when it is gone (deleted meanwhile, or undone)."""
    return session.get(ParticipatorySession, session_id)


def session_title(session: Session, session_id: str) -> str:
    """The session's name, for file names and headings ("" when it is gone)."""
    obj = session.get(ParticipatorySession, session_id) if session_id else None
    return obj.title if obj is not None else ""


def sessions(session: Session, trajectory_id: str) -> list[ParticipatorySession]:
    return list(session.scalars(
        select(ParticipatorySession).where(ParticipatorySession.trajectory_id == trajectory_id)
        .order_by(ParticipatorySession.session_date.is_(None),
                  ParticipatorySession.session_date, ParticipatorySession.title)))


# --- tables ---------------------------------------------------------------------------------


def tables(session: Session, session_id: str) -> list[SessionTable]:
    return list(session.scalars(
        select(SessionTable).where(SessionTable.session_id == session_id)
        .order_by(SessionTable.number)))


def set_table_count(session: Session, session_id: str, count: int) -> Changes:
    """Add or remove tables at the end (a removed table's seats go with it)."""
    _get_session(session, session_id)
    if not 1 <= count <= MAX_TABLES:
        raise TableCountInvalidError(max=MAX_TABLES)
    current = tables(session, session_id)
    changes = Changes()
    for number in range(len(current) + 1, count + 1):
        _obj, ch = records.create(session, SessionTable, session_id=session_id, number=number)
        changes |= ch
    for table in current[count:]:
        changes |= _clear_seats(session, session_id, table_id=table.id)
        changes |= records.soft_delete(session, SessionTable, table.id)
    return changes


def update_table(session: Session, table_id: str, *, facilitator: str | None = None,
                 persona_id: str | bool | None = False) -> Changes:
    table = session.get(SessionTable, table_id)
    if table is None:
        raise SessionMissingError()
    fields: dict = {}
    if facilitator is not None:
        fields["facilitator"] = facilitator.strip()
    if persona_id is not False:
        fields["persona_id"] = persona_id or None
    return records.update(session, table, **fields)


def assign_personas(session: Session, session_id: str, persona_ids: list[str]) -> Changes:
    """Give table 1 the first persona, table 2 the second... adding tables when needed."""
    changes = Changes()
    if len(tables(session, session_id)) < len(persona_ids):
        changes |= set_table_count(session, session_id, len(persona_ids))
    for table, pid in zip(tables(session, session_id), persona_ids, strict=False):
        changes |= update_table(session, table.id, persona_id=pid)
    return changes


# --- participants --------------------------------------------------------------------------


def participants(session: Session, session_id: str) -> list[SessionParticipant]:
    return list(session.scalars(
        select(SessionParticipant).where(SessionParticipant.session_id == session_id,
                                         SessionParticipant.erased_at.is_(None))
        .order_by(SessionParticipant.name, SessionParticipant.id)))


def add_participant(session: Session, session_id: str, *, name: str, contact: str = "",
                    role: str = "resident", source_id: str = "",
                    notes: str = "") -> tuple[SessionParticipant, Changes]:
    _get_session(session, session_id)
    name = (name or "").strip()
    if not name:
        raise ParticipantNameMissingError()
    if role not in reference.codes("participant_role"):
        role = "resident"
    return records.create(session, SessionParticipant, session_id=session_id, name=name,
                          contact=(contact or "").strip(), role=role, source_id=source_id,
                          notes=(notes or "").strip())


def update_participant(session: Session, participant_id: str, values: dict) -> Changes:
    """Edit a participant by the rules of a new one: a name, a known role."""
    obj = session.get(SessionParticipant, participant_id)
    if obj is None:
        return Changes()
    name = (values.get("name", obj.name) or "").strip()
    if not name:
        raise ParticipantNameMissingError()
    role = values.get("role", obj.role)
    return records.update(
        session, obj, name=name, contact=(values.get("contact", obj.contact) or "").strip(),
        role=role if role in reference.codes("participant_role") else obj.role,
        notes=(values.get("notes", obj.notes) or "").strip())


def remove_participant(session: Session, participant_id: str) -> Changes:
    obj = session.get(SessionParticipant, participant_id)
    if obj is None:
        return Changes()
    changes = _clear_seats(session, obj.session_id, participant_id=participant_id)
    return changes | records.soft_delete(session, SessionParticipant, participant_id)


@dataclass(frozen=True)
class Candidate:
    """Someone from step 2's list of interested people who can be invited."""

    source_id: str
    name: str
    contact: str
    role: str
    consent: bool


def interested_people(session: Session, trajectory_id: str) -> list[Candidate]:
    """Step 2's interested people (groundwork); empty when that feature is not installed."""
    try:
        from app.models.groundwork import InterestedPerson
    except ImportError:
        return []
    rows = session.scalars(
        select(InterestedPerson).where(InterestedPerson.trajectory_id == trajectory_id,
                                       InterestedPerson.erased_at.is_(None))
        .order_by(InterestedPerson.name))
    roles = set(reference.codes("participant_role"))
    return [Candidate(p.id, p.name, p.contact or "", p.role if p.role in roles else "resident",
                      bool(p.consent)) for p in rows]


def add_from_interested(session: Session, session_id: str, trajectory_id: str,
                        source_ids: list[str]) -> Changes:
    """Copy name, role and (only with their consent) contact of the chosen people; someone
    already in the session is skipped."""
    present = {p.source_id for p in participants(session, session_id) if p.source_id}
    chosen = {c.source_id: c for c in interested_people(session, trajectory_id)}
    changes = Changes()
    for sid in source_ids:
        cand = chosen.get(sid)
        if cand is None or sid in present:
            continue
        _obj, ch = add_participant(session, session_id, name=cand.name,
                                   contact=cand.contact if cand.consent else "",
                                   role=cand.role, source_id=sid)
        present.add(sid)
        changes |= ch
    return changes


# --- seating plan ------------------------------------------------------------------------


def _clear_seats(session: Session, session_id: str, *, table_id: str | None = None,
                 participant_id: str | None = None) -> Changes:
    stmt = select(SessionSeat).where(SessionSeat.session_id == session_id)
    if table_id:
        stmt = stmt.where(SessionSeat.table_id == table_id)
    if participant_id:
        stmt = stmt.where(SessionSeat.participant_id == participant_id)
    changes = Changes()
    for seat_id in list(session.scalars(stmt.with_only_columns(SessionSeat.id))):
        changes |= records.soft_delete(session, SessionSeat, seat_id)
    return changes


def plan_session(session: Session, session_id: str) -> tuple[planner.Plan, Changes]:
    """Propose and store tables for every round; adds tables when there are too few."""
    obj = _get_session(session, session_id)
    people = participants(session, session_id)
    if not people:
        raise planner.NoParticipantsError()
    changes = Changes()
    need = planner.tables_needed(len(people))
    if len(tables(session, session_id)) < need:
        changes |= set_table_count(session, session_id, need)
    table_rows = tables(session, session_id)
    result = planner.plan([planner.Participant(p.id, p.role) for p in people],
                          [planner.Table(t.id, t.persona_id) for t in table_rows],
                          rounds=obj.rounds)
    changes |= _clear_seats(session, session_id)
    for number, assignment in enumerate(result.rounds, start=1):
        for pid, tid in assignment.items():
            session.add(SessionSeat(session_id=session_id, participant_id=pid, table_id=tid,
                                    round=number))
    session.flush()
    return result, changes | Changes.of("session_seat")


def seating(session: Session, session_id: str) -> dict[int, dict[str, list[SessionParticipant]]]:
    """round -> table id -> participants (by name)."""
    people = {p.id: p for p in participants(session, session_id)}
    out: dict[int, dict[str, list[SessionParticipant]]] = {}
    for seat in session.scalars(select(SessionSeat).where(SessionSeat.session_id == session_id)):
        person = people.get(seat.participant_id)
        if person is not None:
            out.setdefault(seat.round, {}).setdefault(seat.table_id, []).append(person)
    for by_table in out.values():
        for members in by_table.values():
            members.sort(key=lambda p: p.name.casefold())
    return out


def move_participant(session: Session, session_id: str, participant_id: str, round_: int,
                     table_id: str) -> Changes:
    """Put someone at another table in one round (by hand, after planning)."""
    seat = session.scalar(select(SessionSeat).where(
        SessionSeat.session_id == session_id, SessionSeat.participant_id == participant_id,
        SessionSeat.round == round_))
    if seat is None:
        session.add(SessionSeat(session_id=session_id, participant_id=participant_id,
                                table_id=table_id, round=round_))
    elif seat.table_id != table_id:
        seat.table_id = table_id
    else:
        return Changes()
    session.flush()
    return Changes.of("session_seat")


def session_warnings(session: Session, session_id: str) -> list[str]:
    """Translated problems to show next to the plan: crowded tables, missing personas..."""
    obj = _get_session(session, session_id)
    table_rows = tables(session, session_id)
    warnings: list[str] = []
    for round_, by_table in sorted(seating(session, session_id).items()):
        for t in table_rows:
            n = len(by_table.get(t.id, []))
            if n > MAX_PER_TABLE:
                warnings.append(ngettext(
                    "Table {table}, round {round}: {n} participant; keep it to {max} plus a "
                    "facilitator.",
                    "Table {table}, round {round}: {n} participants; keep it to {max} plus a "
                    "facilitator.", n).format(table=t.number, round=round_, n=n,
                                              max=MAX_PER_TABLE))
    n_people = len(participants(session, session_id))
    if n_people > MAX_PER_TABLE * max(len(table_rows), 1):
        warnings.append(_("{n} participants need at least {tables} tables of at most {max} "
                          "people.").format(n=n_people, tables=planner.tables_needed(n_people),
                                            max=MAX_PER_TABLE))
    if obj.phase == "dream" and any(t.persona_id is None for t in table_rows):
        warnings.append(_("Not every table has a persona yet."))
    if any(not t.facilitator for t in table_rows):
        warnings.append(_("Every table needs a facilitator, preferably a professional."))
    return warnings


def persona_names(session: Session, trajectory_id: str) -> dict[str, str]:
    return dict(session.execute(select(Persona.id, Persona.name).where(
        Persona.trajectory_id == trajectory_id)).all())
