"""What step 5's lists ask the database: the choices of their forms, the sign-ups column of
the ideas, and the scopes of the lists that live inside a parent record (a session's
participants, an idea's sign-ups). Qt-free; the views call these."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.participation import (
    Idea,
    IdeaSignup,
    ParticipatorySession,
    Persona,
    SessionParticipant,
    SessionTable,
)
from app.services.i18n import _
from app.services.list_query import Scope, in_parent


def session_options(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(s.id, s.title) for s in session.scalars(
        select(ParticipatorySession).where(ParticipatorySession.trajectory_id == trajectory_id)
        .order_by(ParticipatorySession.title))]


def table_options(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    """Every table of the trajectory's sessions: "Session – Table 2 (persona)"."""
    names = dict(persona_options(session, trajectory_id))
    rows = session.execute(
        select(SessionTable.id, SessionTable.number, SessionTable.persona_id,
               ParticipatorySession.title)
        .join(ParticipatorySession, ParticipatorySession.id == SessionTable.session_id)
        .where(ParticipatorySession.trajectory_id == trajectory_id)
        .order_by(ParticipatorySession.title, SessionTable.number))
    out = []
    for tid, number, persona_id, title in rows:
        label = f"{title} – " + _("Table {n}").format(n=number)
        if persona_id in names:
            label += f" ({names[persona_id]})"
        out.append((tid, label))
    return out


def persona_options(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(pid, name) for pid, name in session.execute(
        select(Persona.id, Persona.name).where(Persona.trajectory_id == trajectory_id)
        .order_by(Persona.name))]


def persona_card(session: Session, persona_id: str) -> Any:
    """The card of one persona as the preview draws it (`cards.CardData`); None when gone."""
    from app.services.participation.cards import CardData

    persona = session.get(Persona, persona_id) if persona_id else None
    return CardData.from_persona(persona) if persona is not None else None


def signup_count() -> Any:
    """An idea's live sign-ups, as a sortable list column."""
    return (select(func.count()).select_from(IdeaSignup)
            .where(IdeaSignup.idea_id == Idea.id, IdeaSignup.deleted_at.is_(None),
                   IdeaSignup.erased_at.is_(None))
            .correlate(Idea).scalar_subquery())


def participants_of(session_id: Callable[[], str]) -> Scope:
    """The participants of the chosen session, without those erased for good."""
    return in_parent(SessionParticipant.session_id, session_id,
                     SessionParticipant.erased_at.is_(None))


def signups_of(idea_id: Callable[[], str]) -> Scope:
    """The sign-ups of the chosen idea, without those erased for good."""
    return in_parent(IdeaSignup.idea_id, idea_id, IdeaSignup.erased_at.is_(None))
