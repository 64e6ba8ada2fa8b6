"""What the outreach page's pickers and list columns need from the database: choices as
(id, text) pairs in the app's one name order, and the SQL expressions of the computed
columns. The views ask here and build no query of their own (issue 20)."""
from __future__ import annotations

from sqlalchemy import literal, select
from sqlalchemy.orm import Session

from app.models.core import Action, Partner
from app.models.outreach import OutreachPerson, OutreachVisitor
from app.services.outreach.keys import fold, full_name, house_label


def person_name_expr(person_id_col):
    """The person's name, first name first, as a column of a record list."""
    person = OutreachPerson
    return (select(person.first_name + literal(" ") + person.last_name)
            .where(person.id == person_id_col).correlate_except(person).scalar_subquery())


def visitor_name_expr(visitor_id_col):
    return (select(OutreachVisitor.name).where(OutreachVisitor.id == visitor_id_col)
            .correlate_except(OutreachVisitor).scalar_subquery())


def partner_name_expr(partner_id_col):
    return (select(Partner.name).where(Partner.id == partner_id_col)
            .correlate_except(Partner).scalar_subquery())


def people_of(campaign_id: str):
    """The ids of a campaign's people, for a list of their consents or referrals."""
    return select(OutreachPerson.id).where(OutreachPerson.campaign_id == (campaign_id or None))


def person_choices(session: Session, campaign_id: str) -> list[tuple[str, str]]:
    """'Maria Peeters – Kerkstraat 12 bus 1': a campaign's people, by surname."""
    person = OutreachPerson
    rows = session.execute(select(person.id, person.first_name, person.last_name,
                                  person.street, person.house_number, person.box)
                           .where(person.campaign_id == (campaign_id or None),
                                  person.erased_at.is_(None))
                           .order_by(person.name_key))
    return [(pid, f"{full_name(fn, ln)} – {st} {house_label(nr, bx)}".strip(" –"))
            for pid, fn, ln, st, nr, bx in rows]


def matching(choices: list[tuple[str, str]], typed: str) -> list[tuple[str, str]]:
    """The choices whose text holds every typed word, ignoring case and accents: "pee kerk"
    finds Maria Peeters in the Kerkstraat."""
    words = fold(typed).split()
    return [c for c in choices if all(w in fold(c[1]) for w in words)]


def visitor_choices(session: Session, trajectory_id: str, *, active_only: bool = True
                    ) -> list[tuple[str, str]]:
    stmt = select(OutreachVisitor.id, OutreachVisitor.name).where(
        OutreachVisitor.trajectory_id == trajectory_id)
    if active_only:
        stmt = stmt.where(OutreachVisitor.active.is_(True))
    return [(vid, name) for vid, name in session.execute(stmt.order_by(OutreachVisitor.name))]


def partner_choices(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(pid, name) for pid, name in session.execute(
        select(Partner.id, Partner.name).where(Partner.trajectory_id == trajectory_id)
        .order_by(Partner.name))]


def action_choices(session: Session, trajectory_id: str) -> list[tuple[str, str]]:
    return [(aid, name) for aid, name in session.execute(
        select(Action.id, Action.name).where(Action.trajectory_id == trajectory_id)
        .order_by(Action.name))]


def person_visitor(session: Session, person_id: str | None) -> str | None:
    """The visitor a person is assigned to (the visit form starts with them)."""
    person = session.get(OutreachPerson, person_id) if person_id else None
    return person.visitor_id if person is not None else None
