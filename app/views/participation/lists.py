"""List specs of step 5 and a record list that lives inside a parent record (a session's
participants, an idea's sign-ups) and saves through the feature's services."""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import false, func, select

from app.models.participation import (
    Idea,
    IdeaSignup,
    ParticipatorySession,
    Persona,
    SessionParticipant,
)
from app.services import reference
from app.services.i18n import N_, _
from app.views.widgets.record_list import RecordListPanel
from app.views.widgets.specs import Column, Field, ListSpec


def _labels(kind: str) -> Callable[[Any], str]:
    def show(value) -> str:
        if isinstance(value, (list, tuple)):
            return ", ".join(reference.label(kind, c) for c in value)
        return reference.label(kind, value) if value else ""
    return show


def _in_parent(stmt, column, parent_id: str, *more):
    """Rows of one parent record; nothing while no parent is chosen."""
    if not parent_id:
        return stmt.where(false())
    return stmt.where(column == parent_id, *more)


def _round_options(_session, _trajectory_id):
    return [(2, _("Two rounds: people change tables after the break")),
            (1, _("One round"))]


def _session_options(session, trajectory_id):
    return [(s.id, s.title) for s in session.scalars(
        select(ParticipatorySession).where(ParticipatorySession.trajectory_id == trajectory_id)
        .order_by(ParticipatorySession.title))]


def _table_options(session, trajectory_id):
    from app.models.participation import SessionTable

    names = dict(session.execute(select(Persona.id, Persona.name).where(
        Persona.trajectory_id == trajectory_id)).all())
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


def _persona_options(session, trajectory_id):
    return [(p.id, p.name) for p in session.scalars(
        select(Persona).where(Persona.trajectory_id == trajectory_id).order_by(Persona.name))]


def persona_spec() -> ListSpec:
    return ListSpec(
        model=Persona, title=N_("Personas"), item_name=N_("persona"),
        columns=[Column("name", N_("Name"), width=14),
                 Column("age", N_("Age"), width=7, searchable=False),
                 Column("risk_group_codes", N_("Risk groups"), display=_labels("risk_group"))],
        fields=[], default_sort="name")


def session_spec() -> ListSpec:
    return ListSpec(
        model=ParticipatorySession, title=N_("Sessions"), item_name=N_("session"),
        columns=[Column("title", N_("Session"), width=34),
                 Column("session_date", N_("Date"), width=13, searchable=False),
                 Column("place", N_("Place"), width=30),
                 Column("phase", N_("Phase"), display=_labels("session_phase"))],
        fields=[Field("title", N_("Name"), required=True,
                      help=N_("For example “Dream evening Loonbeek”.")),
                Field("session_date", N_("Date"), "date"),
                Field("place", N_("Place")),
                Field("phase", N_("Phase"), "choice", ref_kind="session_phase", required=True),
                Field("rounds", N_("Rounds"), "choice", options=_round_options, required=True,
                      default=2),
                Field("facilitators", N_("Facilitators"), "multiline",
                      help=N_("One facilitator per table, preferably professionals.")),
                Field("notes", N_("Notes"), "multiline")],
        defaults=lambda tid: {"trajectory_id": tid, "rounds": 2},
        default_sort="session_date")


def participant_spec(session_id: Callable[[], str]) -> ListSpec:
    return ListSpec(
        model=SessionParticipant, title=N_("Participants"), item_name=N_("participant"),
        columns=[Column("name", N_("Name"), width=22),
                 Column("role", N_("Role"), width=30, display=_labels("participant_role")),
                 Column("contact", N_("Contact"))],
        fields=[Field("name", N_("Name"), required=True, personal=True),
                Field("contact", N_("Contact (phone or e-mail)"), personal=True),
                Field("role", N_("Role"), "choice", ref_kind="participant_role",
                      required=True),
                Field("notes", N_("Notes"), "multiline", personal=True)],
        scope=lambda stmt, _tid: _in_parent(stmt, SessionParticipant.session_id, session_id(),
                                            SessionParticipant.erased_at.is_(None)),
        defaults=lambda _tid: {"session_id": session_id()}, default_sort="name")


def _signup_count_expr():
    return (select(func.count()).select_from(IdeaSignup)
            .where(IdeaSignup.idea_id == Idea.id, IdeaSignup.deleted_at.is_(None),
                   IdeaSignup.erased_at.is_(None))
            .correlate(Idea).scalar_subquery())


def idea_spec() -> ListSpec:
    return ListSpec(
        model=Idea, title=N_("Ideas"), item_name=N_("idea"),
        columns=[Column("title", N_("Idea"), width=30),
                 Column("group_label", N_("Group"), width=18),
                 Column("status", N_("Status"), width=22, display=_labels("idea_status")),
                 Column("signups", N_("Sign-ups"), expr=_signup_count_expr(), width=15,
                        searchable=False),
                 Column("challenge", N_("What we work towards"))],
        fields=[Field("title", N_("Idea"), required=True),
                Field("session_id", N_("Session"), "fk", options=_session_options),
                Field("table_id", N_("Table"), "fk", options=_table_options,
                      help=N_("The table where the idea came up; its session and persona "
                              "are filled in for you.")),
                Field("persona_id", N_("Persona"), "fk", options=_persona_options),
                Field("problem", N_("What goes wrong?"), "multiline",
                      help=N_("The problem as people put it at the table.")),
                Field("challenge", N_("What do we work towards?"), "multiline",
                      help=N_("The same problem turned into a positive challenge.")),
                Field("description", N_("Description"), "multiline"),
                Field("group_label", N_("Group"),
                      help=N_("Ideas with the same group name are worked out together in "
                              "the carousel.")),
                Field("plan", N_("Short plan"), "multiline",
                      help=N_("What, who, when: the first steps.")),
                Field("status", N_("Status"), "choice", ref_kind="idea_status", required=True,
                      default="new"),
                Field("risk_group_codes", N_("Risk groups"), "codes", ref_kind="risk_group")],
        default_sort="group_label")


def _signup_problems(values: dict) -> list[str]:
    if values.get("contact") and not values.get("consent"):
        from app.services.participation.ideas import SignupConsentMissing

        return [SignupConsentMissing().user_message()]
    return []


def signup_spec(idea_id: Callable[[], str]) -> ListSpec:
    return ListSpec(
        model=IdeaSignup, title=N_("Sign-ups"), item_name=N_("sign-up"),
        columns=[Column("name", N_("Name"), width=20),
                 Column("contact", N_("Contact"), width=24),
                 Column("consent", N_("Consent"), width=15, searchable=False),
                 Column("help_offer", N_("Wants to help with"))],
        fields=[Field("name", N_("Name"), required=True, personal=True),
                Field("contact", N_("Contact (phone or e-mail)"), personal=True),
                Field("consent", N_("Agrees that we keep these details to contact them"),
                      "bool"),
                Field("consent_date", N_("Consent given on"), "date"),
                Field("help_offer", N_("Wants to help with"), "multiline", personal=True)],
        scope=lambda stmt, _tid: _in_parent(stmt, IdeaSignup.idea_id, idea_id(),
                                            IdeaSignup.erased_at.is_(None)),
        defaults=lambda _tid: {"idea_id": idea_id()}, validate=_signup_problems,
        default_sort="name")


class ChildListPanel(RecordListPanel):
    """A record list inside a parent record: adding needs a parent; `create` saves through
    a service (session, parent_id, values) -> (obj, Changes) instead of a plain insert."""

    def __init__(self, ctx, spec: ListSpec, parent_id: Callable[[], str], create=None,
                 parent=None):
        self._parent_id = parent_id
        self._create = create
        super().__init__(ctx, spec, parent)

    def reload(self) -> None:
        super().reload()
        self.add_button.setEnabled(bool(self._parent_id()))

    def _update_count(self) -> None:
        super()._update_count()
        self.add_button.setEnabled(bool(self._parent_id()))

    def add_record(self) -> str | None:
        if not self._parent_id():
            return None
        if self._create is None:
            return super().add_record()
        dialog = self._dialog(_("New {item}").format(item=_(self.spec.item_name)), None)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return None
        return self.save_new(dialog.values())

    def save_new(self, values: dict) -> str | None:
        from app.services.errors import AppError
        from app.views.util import show_error

        try:
            new_id = self.ctx.add_with(self.spec.model, self._create, self._parent_id(), values)
        except AppError as exc:
            show_error(self, exc)
            return None
        self.select_id(new_id)
        self.record_saved.emit(new_id)
        return new_id
