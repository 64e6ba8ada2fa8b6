"""List specs of step 5. The lists inside a parent record (a session's participants, an
idea's sign-ups) save through the feature's services."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.models.participation import (
    Idea,
    IdeaSignup,
    ParticipatorySession,
    Persona,
    SessionParticipant,
)
from app.services import reference
from app.services.errors import AppError
from app.services.i18n import N_, _
from app.services.participation import ideas, personas, sessions
from app.services.participation import lists as queries
from app.views.widgets.specs import Column, Field, ListSpec


def _labels(kind: str) -> Callable[[Any], str]:
    def show(value) -> str:
        if isinstance(value, (list, tuple)):
            return ", ".join(reference.label(kind, c) for c in value)
        return reference.label(kind, value) if value else ""
    return show


def _round_options(_session, _trajectory_id):
    return [(2, _("Two rounds: people change tables after the break")),
            (1, _("One round"))]


def persona_spec() -> ListSpec:
    return ListSpec(
        model=Persona, title=N_("Personas"), item_name=N_("persona"),
        columns=[Column("name", N_("Name"), width=14),
                 Column("age", N_("Age"), width=7, searchable=False),
                 Column("risk_group_codes", N_("Risk groups"), display=_labels("risk_group"))],
        fields=[], keys=personas.EDITABLE,  # the persona editor has fields of its own
        create=lambda s, tid, values: personas.create_persona(s, tid, **values),
        update=lambda s, pid, values: personas.update_persona(s, pid, **values),
        default_sort="name")


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
        scope=queries.participants_of(session_id), parent=session_id,
        create=lambda s, _tid, values: sessions.add_participant(s, session_id(), **values),
        update=sessions.update_participant, default_sort="name")


def idea_spec() -> ListSpec:
    return ListSpec(
        model=Idea, title=N_("Ideas"), item_name=N_("idea"),
        columns=[Column("title", N_("Idea"), width=30),
                 Column("group_label", N_("Group"), width=18),
                 Column("status", N_("Status"), width=22, display=_labels("idea_status")),
                 Column("signups", N_("Sign-ups"), expr=queries.signup_count(), width=15,
                        searchable=False),
                 Column("challenge", N_("What we work towards"))],
        fields=[Field("title", N_("Idea"), required=True),
                Field("session_id", N_("Session"), "fk", options=queries.session_options),
                Field("table_id", N_("Table"), "fk", options=queries.table_options,
                      help=N_("The table where the idea came up; its session and persona "
                              "are filled in for you.")),
                Field("persona_id", N_("Persona"), "fk", options=queries.persona_options),
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
        # an idea for a persona gets its risk groups: the service knows how
        create=lambda s, tid, values: ideas.create_idea(s, tid, **values),
        update=lambda s, idea_id, values: ideas.update_idea(s, idea_id, **values),
        default_sort="group_label")


def _signup_problems(values: dict) -> list[str]:
    """The service's rules, checked while the form is still open."""
    try:
        ideas.clean_signup(values)
    except AppError as exc:
        return [exc.user_message()]
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
        scope=queries.signups_of(idea_id), parent=idea_id,
        create=lambda s, _tid, values: ideas.add_signup(s, idea_id(), **values),
        update=ideas.update_signup, validate=_signup_problems, default_sort="name")
