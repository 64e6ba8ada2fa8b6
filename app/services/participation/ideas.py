"""Ideas from the tables and the idea carousel: the appreciative reframe ("what goes wrong" →
"what we work towards"), grouping, a short plan, sign-ups with consent, and "make it an
action", which creates a core `Action` for step 6."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.core import Action
from app.models.participation import Idea, IdeaSignup, Persona, SessionTable
from app.services import records, reference
from app.services.changes import Changes
from app.services.errors import AppError
from app.services.i18n import N_, _

EDITABLE = ("title", "problem", "challenge", "description", "group_label", "plan", "status",
            "risk_group_codes", "session_id", "table_id", "persona_id")


class IdeaTitleMissingError(AppError):
    msgid = N_("Give the idea a short name.")


class IdeaMissingError(AppError):
    msgid = N_("This idea no longer exists.")


class SignupNameMissingError(AppError):
    msgid = N_("Fill in the name of the person who signs up.")


class SignupConsentMissingError(AppError):
    msgid = N_("Contact details can only be kept when the person agrees. Tick the consent box "
               "or leave the contact details empty.")


class AlreadyAnActionError(AppError):
    msgid = N_("This idea is already an action: “{name}”.")


def _clean(values: dict, partial: bool) -> dict:
    out = {k: v for k, v in values.items() if k in EDITABLE}
    if "title" in out or not partial:
        out["title"] = (out.get("title") or "").strip()
        if not out["title"]:
            raise IdeaTitleMissingError()
    for key in ("problem", "challenge", "description", "group_label", "plan"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "status" in out and out["status"] not in reference.codes("idea_status"):
        out["status"] = "new"
    if "risk_group_codes" in out:
        known = set(reference.codes("risk_group"))
        out["risk_group_codes"] = sorted(c for c in set(out["risk_group_codes"] or [])
                                         if c in known)
    return out


def _from_table(session: Session, fields: dict) -> None:
    """An idea noted at a table belongs to that table's session and persona."""
    table = session.get(SessionTable, fields["table_id"]) if fields.get("table_id") else None
    if table is None:
        return
    fields["session_id"] = table.session_id
    if not fields.get("persona_id"):
        fields["persona_id"] = table.persona_id


def create_idea(session: Session, trajectory_id: str, **values) -> tuple[Idea, Changes]:
    fields = _clean(values, partial=False)
    _from_table(session, fields)
    if fields.get("persona_id") and not values.get("risk_group_codes"):
        persona = session.get(Persona, fields["persona_id"])
        # an idea for a persona is for that persona's risk groups, unless some were chosen
        if persona is not None:
            fields["risk_group_codes"] = list(persona.risk_group_codes)
    return records.create(session, Idea, trajectory_id=trajectory_id, **fields)


def update_idea(session: Session, idea_id: str, **values) -> Changes:
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise IdeaMissingError()
    fields = _clean(values, partial=True)
    _from_table(session, fields)
    return records.update(session, idea, **fields)


def ideas(session: Session, trajectory_id: str, session_id: str | None = None) -> list[Idea]:
    stmt = select(Idea).where(Idea.trajectory_id == trajectory_id)
    if session_id:
        stmt = stmt.where(Idea.session_id == session_id)
    return list(session.scalars(stmt.order_by(Idea.group_label, Idea.title, Idea.id)))


def groups(session: Session, trajectory_id: str) -> list[str]:
    """The group names used so far (for the carousel's grouping box)."""
    return sorted(g for g in session.scalars(
        select(Idea.group_label).where(Idea.trajectory_id == trajectory_id).distinct()) if g)


# --- sign-ups --------------------------------------------------------------------------------


SIGNUP_FIELDS = ("name", "contact", "help_offer", "consent", "consent_date")


def clean_signup(values: dict) -> dict:
    """A sign-up's fields by the rules of step 5: a name, and contact details only kept
    when the person agrees (then with the date they did)."""
    out = {k: values.get(k) for k in SIGNUP_FIELDS}
    out["name"] = (out["name"] or "").strip()
    if not out["name"]:
        raise SignupNameMissingError()
    out["contact"] = (out["contact"] or "").strip()
    out["consent"] = bool(out["consent"])
    if out["contact"] and not out["consent"]:
        raise SignupConsentMissingError()
    out["help_offer"] = (out["help_offer"] or "").strip()
    out["consent_date"] = out["consent_date"] or (date.today() if out["consent"] else None)
    return out


def add_signup(session: Session, idea_id: str, *, name: str, contact: str = "",
               help_offer: str = "", consent: bool = False, consent_date: date | None = None,
               participant_id: str = "") -> tuple[IdeaSignup, Changes]:
    if session.get(Idea, idea_id) is None:
        raise IdeaMissingError()
    fields = clean_signup({"name": name, "contact": contact, "help_offer": help_offer,
                            "consent": consent, "consent_date": consent_date})
    return records.create(session, IdeaSignup, idea_id=idea_id, participant_id=participant_id,
                          **fields)


def update_signup(session: Session, signup_id: str, values: dict) -> Changes:
    """Edit a sign-up by the rules of a new one: the consent cannot be taken back while the
    contact details are still filled in (the form alone never held this rule)."""
    obj = session.get(IdeaSignup, signup_id)
    if obj is None:
        return Changes()
    current = {k: getattr(obj, k) for k in SIGNUP_FIELDS}
    return records.update(session, obj, **clean_signup({**current, **values}))


def signups(session: Session, idea_id: str) -> list[IdeaSignup]:
    return list(session.scalars(
        select(IdeaSignup).where(IdeaSignup.idea_id == idea_id, IdeaSignup.erased_at.is_(None))
        .order_by(IdeaSignup.name, IdeaSignup.id)))


def signup_counts(session: Session, trajectory_id: str) -> dict[str, int]:
    rows = session.execute(
        select(IdeaSignup.idea_id, func.count()).join(Idea, Idea.id == IdeaSignup.idea_id)
        .where(Idea.trajectory_id == trajectory_id, Idea.deleted_at.is_(None),
               IdeaSignup.deleted_at.is_(None), IdeaSignup.erased_at.is_(None))
        .group_by(IdeaSignup.idea_id))
    return dict(rows.all())


# --- make it an action ------------------------------------------------------------------


def idea_of(session: Session, idea_id: str) -> Idea | None:
    return session.get(Idea, idea_id) if idea_id else None


def follow_action(session: Session, idea_id: str, status_before: str,
                  action_id: str) -> Changes:
    """After an undo or redo of "make it an action": the idea points to its action while
    that lives, and is as it was before while it does not."""
    idea = session.get(Idea, idea_id)
    action = records.get_any(session, Action, action_id)
    if idea is None or action is None:
        return Changes()
    gone = action.deleted_at is not None
    idea.action_id, idea.status = (None, status_before) if gone else (action_id, "action")
    session.flush()
    return Changes.of("idea", "action")


def make_action(session: Session, idea_id: str) -> tuple[Action, Changes]:
    """Create a step-6 action from an idea, carrying its risk groups and persona along."""
    idea = session.get(Idea, idea_id)
    if idea is None:
        raise IdeaMissingError()
    if idea.action_id:
        existing = session.get(Action, idea.action_id)
        if existing is not None:
            raise AlreadyAnActionError(name=existing.name)
    parts = []
    if idea.challenge:
        parts.append(_("What we work towards: {text}").format(text=idea.challenge))
    if idea.problem:
        parts.append(_("What goes wrong now: {text}").format(text=idea.problem))
    if idea.description:
        parts.append(idea.description)
    if idea.plan:
        parts.append(_("Plan: {text}").format(text=idea.plan))
    persona = session.get(Persona, idea.persona_id) if idea.persona_id else None
    codes = set(idea.risk_group_codes)
    if persona is not None:
        parts.append(_("Thought up for persona {name}.").format(name=persona.name))
        codes |= set(persona.risk_group_codes)
    action, changes = records.create(
        session, Action, trajectory_id=idea.trajectory_id, name=idea.title[:200],
        description="\n\n".join(parts), origin="idea", status="idea",
        participation="coproducing", risk_group_codes=sorted(codes))
    idea.action_id = action.id
    idea.status = "action"
    session.flush()
    return action, changes | Changes.of("idea")
