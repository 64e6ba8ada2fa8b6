"""List and editor descriptions of the groundwork records (contact log, sessions, people,
inventory, figures, stories, needs)."""
from __future__ import annotations

import json

from app.models.groundwork import (
    AreaFigure,
    AreaNeed,
    AreaStory,
    ContactMoment,
    ExistingActivity,
    InterestedPerson,
    TrainingSession,
)
from app.services import reference
from app.services.groundwork import (
    codes,  # noqa: F401  (registers the code lists)
    needs,
)
from app.services.groundwork.lists import (
    area_options,
    figure_options,
    interested_not_erased,
    need_support,
    partner_options,
    story_options,
    training_total,
)
from app.services.i18n import N_, _, format_decimal
from app.views.widgets.specs import Column, Field, ListSpec


def _labels(kind: str):
    return lambda v: ", ".join(reference.label(kind, c) for c in (v or []))


def _label(kind: str):
    return lambda v: reference.label(kind, v) if v else ""


def contact_spec(partner_names) -> ListSpec:
    """`partner_names()` gives {id: name} of the live partners, for the 'present' column."""
    def present(v):
        names = partner_names()
        return ", ".join(names[i] for i in (v or []) if i in names)

    return ListSpec(
        model=ContactMoment, title=N_("Contact log"), item_name=N_("contact moment"),
        columns=[
            Column("held_on", N_("Date"), width=14, searchable=False),
            Column("kind", N_("Kind"), display=_label("contact_kind"), width=20),
            Column("title", N_("Title"), width=30),
            Column("partner_ids", N_("Partners present"), display=present, searchable=False,
                   width=40),
        ],
        fields=[
            Field("held_on", N_("Date"), kind="date", required=True),
            Field("kind", N_("Kind"), kind="choice", ref_kind="contact_kind", required=True),
            Field("title", N_("Title")),
            Field("partner_ids", N_("Partners present"), kind="codes", options=partner_options),
            Field("notes", N_("Notes"), kind="multiline"),
        ],
        default_sort="held_on",
    )


def training_spec() -> ListSpec:
    def score(v):
        return f"{v}/5" if v else "—"

    return ListSpec(
        model=TrainingSession, title=N_("Sessions"), item_name=N_("session"),
        columns=[
            Column("held_on", N_("Date"), width=14, searchable=False),
            Column("kind", N_("Kind"), display=_label("training_kind"), width=22),
            Column("place", N_("Place"), width=20),
            Column("facilitator", N_("Facilitator"), width=16),
            Column("total", N_("Participants"), width=14, searchable=False,
                   expr=training_total()),
            Column("evaluation", N_("Score"), display=score, width=9, searchable=False),
            Column("topics", N_("Topics"), width=30),
        ],
        fields=[
            Field("kind", N_("Kind"), kind="choice", ref_kind="training_kind", required=True),
            Field("held_on", N_("Date"), kind="date"),
            Field("place", N_("Place")),
            Field("facilitator", N_("Facilitator")),
            Field("topics", N_("Topics"), kind="multiline"),
            Field("professionals", N_("Professionals"), kind="int", maximum=10_000),
            Field("volunteers", N_("Volunteers"), kind="int", maximum=10_000),
            Field("residents", N_("Residents"), kind="int", maximum=10_000),
            Field("lived_experience", N_("People with lived experience"), kind="int",
                  maximum=10_000),
            Field("evaluation", N_("Evaluation score (1–5, 0 = none)"), kind="int", maximum=5),
            Field("notes", N_("Notes"), kind="multiline"),
        ],
        default_sort="held_on",
    )


def interested_spec() -> ListSpec:
    def consent(v):
        return _("Yes") if v else _("No — do not contact")

    def validate(values):
        if values.get("consent") and not values.get("consent_date"):
            return [_("Fill in the date the consent was given.")]
        return []

    return ListSpec(
        model=InterestedPerson, title=N_("People who want to stay involved"),
        item_name=N_("person"),
        columns=[
            Column("name", N_("Name"), width=22),
            Column("role", N_("Role"), display=_label("interested_role"), width=26),
            Column("contact", N_("Contact"), width=24),
            Column("consent", N_("May be contacted"), display=consent, searchable=False,
                   width=26),
            Column("consent_date", N_("Consent given on"), width=12, searchable=False),
        ],
        fields=[
            Field("name", N_("Name"), required=True),
            Field("role", N_("Role"), kind="choice", ref_kind="interested_role", required=True),
            Field("contact", N_("Phone or e-mail")),
            Field("consent", N_("Agrees to be contacted for step 5"), kind="bool",
                  help=N_("Ask it explicitly and note the date.")),
            Field("consent_date", N_("Consent given on"), kind="date"),
            Field("notes", N_("Notes"), kind="multiline", personal=True),
        ],
        scope=interested_not_erased,
        default_sort="name", validate=validate,
    )


def activity_spec(partner_names) -> ListSpec:
    def organiser(v):
        return partner_names().get(v, "—") if v else "—"

    return ListSpec(
        model=ExistingActivity, title=N_("Actions already running"), item_name=N_("action"),
        columns=[
            Column("name", N_("Action"), width=26),
            Column("organiser_id", N_("Organiser"), display=organiser, searchable=False,
                   width=22),
            Column("risk_group_codes", N_("Risk groups reached"),
                   display=_labels("risk_group"), searchable=False, width=34),
            Column("continuity", N_("Continuity"), display=_label("continuity"), width=17),
            Column("people_reached", N_("Reached"), width=11, searchable=False),
            Column("frequency", N_("Frequency"), width=14),
        ],
        fields=[
            Field("name", N_("Name"), required=True),
            Field("organiser_id", N_("Organiser"), kind="fk", options=partner_options),
            Field("description", N_("Description"), kind="multiline"),
            Field("risk_group_codes", N_("Risk groups reached"), kind="codes",
                  ref_kind="risk_group"),
            Field("age_group_codes", N_("Age groups"), kind="codes", ref_kind="age_group"),
            Field("element_codes", N_("Effective elements used"), kind="codes",
                  ref_kind="element"),
            Field("people_reached", N_("Number of people reached"), kind="int",
                  maximum=1_000_000),
            Field("frequency", N_("Frequency"), help=N_("For example weekly, monthly, yearly.")),
            Field("continuity", N_("Continuity"), kind="choice", ref_kind="continuity",
                  required=True),
            Field("impact", N_("What is known about its impact"), kind="multiline"),
            Field("lessons", N_("Lessons for our approach"), kind="multiline"),
        ],
        default_sort="name",
    )


def figure_spec(area_names) -> ListSpec:
    def area(v):
        return area_names().get(v, "—") if v else "—"

    def number(v):
        return "" if v is None else format_decimal(v)

    return ListSpec(
        model=AreaFigure, title=N_("Figures"), item_name=N_("figure"),
        columns=[
            Column("indicator", N_("Indicator"), width=30),
            Column("focus_area_id", N_("Focus area"), display=area, searchable=False, width=18),
            Column("value", N_("Value"), display=number, width=10),
            Column("unit", N_("Unit"), width=12),
            Column("reference_value", N_("Reference"), display=number, width=13),
            Column("reference_label", N_("Compared with"), width=18),
            Column("year", N_("Year"), width=8, searchable=False,
                   display=lambda v: str(v) if v else ""),
            Column("source", N_("Source"), width=20),
        ],
        fields=[
            Field("indicator", N_("Indicator"), required=True),
            Field("focus_area_id", N_("Focus area"), kind="fk", options=area_options),
            Field("value", N_("Value"), kind="float", minimum=-1e12, maximum=1e12),
            Field("unit", N_("Unit"), help=N_("For example %, persons, km.")),
            Field("year", N_("Year"), kind="int", minimum=0, maximum=2100,
                  help=N_("Leave at 0 when the year is unknown.")),
            Field("source", N_("Source")),
            Field("reference_value", N_("Reference value"), kind="float", minimum=-1e12,
                  maximum=1e12, help=N_("The same figure for the municipality or Flanders. Leave "
                                        "at 0 when there is none.")),
            Field("reference_label", N_("Compared with"),
                  help=N_("For example: municipality, Flanders.")),
            Field("notes", N_("Notes"), kind="multiline"),
        ],
        default_sort="indicator",
    )


def story_spec(area_names) -> ListSpec:
    def area(v):
        return area_names().get(v, "—") if v else "—"

    return ListSpec(
        model=AreaStory, title=N_("Stories and observations"), item_name=N_("story"),
        columns=[
            Column("heard_on", N_("Date"), width=14, searchable=False),
            Column("title", N_("Title"), width=26),
            Column("focus_area_id", N_("Focus area"), display=area, searchable=False, width=16),
            Column("source_kind", N_("Source"), display=_label("story_source"), width=14),
            Column("tag_codes", N_("Tags"), display=_labels("story_tag"), searchable=False,
                   width=24),
            Column("text", N_("Story"), width=40),
        ],
        fields=[
            Field("title", N_("Title"), required=True),
            Field("focus_area_id", N_("Focus area"), kind="fk", options=area_options),
            Field("source_kind", N_("Source"), kind="choice", ref_kind="story_source",
                  required=True),
            Field("heard_on", N_("Date"), kind="date"),
            Field("text", N_("Story or observation"), kind="multiline", personal=True),
            Field("tag_codes", N_("Tags"), kind="codes", ref_kind="story_tag"),
        ],
        default_sort="heard_on",
    )


def need_spec(area_names, live_evidence) -> ListSpec:
    """`live_evidence()` gives (live figure ids, live story ids) for the gut-feeling flag."""
    def area(v):
        return area_names().get(v, "—") if v else "—"

    def support(v):
        figs, stories = (json.loads(part or "[]") for part in (v or "[]|[]").split("|", 1))
        live_f, live_s = live_evidence()
        n_f, n_s = len(set(figs) & live_f), len(set(stories) & live_s)
        if not n_f and not n_s:
            return "⚠ " + _("Gut feeling, not yet checked")
        return _("figures: {figures}, stories: {stories}").format(figures=n_f, stories=n_s)

    return ListSpec(
        model=AreaNeed, title=N_("Needs"), item_name=N_("need"),
        columns=[
            Column("priority", N_("Priority"), width=8, searchable=False),
            Column("title", N_("Need"), width=36),
            Column("focus_area_id", N_("Focus area"), display=area, searchable=False, width=16),
            Column("support", N_("Supported by"), display=support, searchable=False, width=26,
                   expr=need_support()),
        ],
        fields=[
            Field("title", N_("Need"), required=True),
            Field("priority", N_("Priority (1 = most urgent)"), kind="int", minimum=1,
                  maximum=999),
            Field("focus_area_id", N_("Focus area"), kind="fk", options=area_options),
            Field("description", N_("Description"), kind="multiline"),
            Field("figure_ids", N_("Figures that support it"), kind="codes",
                  options=figure_options),
            Field("story_ids", N_("Stories that support it"), kind="codes",
                  options=story_options),
        ],
        create=needs.create_need, update=needs.update_need, default_sort="priority",
    )
