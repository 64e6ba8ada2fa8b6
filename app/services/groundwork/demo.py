"""Demo data for 'before you start' and steps 1–4 of the fictional municipality Heidebeek.

Some risk groups are deliberately left unreached (farmers, young people, newcomers...) so the
coverage matrix has something to show, and one need has no figures or stories behind it.
"""
from __future__ import annotations

from datetime import timedelta

from app.models.groundwork import (
    AreaFigure,
    AreaNeed,
    AreaStory,
    ContactMoment,
    ExistingActivity,
    InterestedPerson,
    TrainingSession,
)
from app.services import method
from app.services.groundwork.readiness import set_precondition
from app.services.i18n import N_, _

ORDER = 10

PRECONDITIONS = [
    ("mandate", "in_place", N_("The college of mayor and aldermen approved the trajectory; An "
                               "Verbiest leads it.")),
    ("time_budget", "partly", N_("Time is set aside; the budget for actions is still to be "
                                 "confirmed.")),
    ("cooperation", "in_place", N_("Monthly meeting of welfare, leisure and the LDC.")),
    ("intervision", "partly", N_("Intervision with two neighbouring municipalities; a coach "
                                 "is still to be found.")),
]

# name, organiser, risk groups, age groups, elements, reached, frequency, continuity, impact,
# lessons
ACTIVITIES = [
    (N_("Tuesday soup at De Linde"), "ldc", ["older_75", "single_75", "living_alone"],
     ["older"], ["meeting", "social_activities"], 35, N_("weekly"), "structural",
     N_("A steady group; newcomers find it hard to join."), N_("Inviting people in person "
                                                               "works.")),
    (N_("Home visits to people over 80"), "ocmw", ["frail_older", "older_75", "single_75"],
     ["older"], ["practical_support", "health_welfare_care"], 120, N_("yearly"), "structural",
     N_("Brings hidden needs to light."), N_("Volunteers need training.")),
    (N_("Talking café for informal carers"), "mutuality", ["carers", "grief_loss"],
     ["adults", "older"], ["social_support", "psychoeducation"], 14, N_("monthly"),
     "structural", "", N_("Someone to look after the person they care for makes it possible "
                          "to come.")),
    (N_("Digital help desk at the library"), "library", ["older_75", "social_isolation"],
     ["older"], ["skill_development", "digital"], 22, N_("every two weeks"), "one_off",
     N_("Participants dare to do more online by themselves."), ""),
    (N_("Budget café"), "caw", ["poverty", "single_parent"], ["adults"],
     ["practical_support", "meeting"], 18, N_("monthly"), "structural", "", ""),
    (N_("Loonbeek walking club"), None, ["health_disability", "living_alone"],
     ["adults", "older"], ["social_activities", "leisure"], 25, N_("weekly"), "structural", "",
     ""),
]

# area, indicator, value, unit, reference value, reference
FIGURES = [
    ("heide", N_("People over 75 living alone"), 18.4, "%", 14.1, N_("Flanders")),
    ("heide", N_("Distance to the nearest bus stop"), 1.8, "km", 0.6, N_("Municipality")),
    ("heide", N_("People aged 80 and over"), 212, N_("people"), None, ""),
    ("loonbeek", N_("New residents (last 3 years)"), 11.2, "%", 7.5, N_("Municipality")),
    ("loonbeek", N_("Single-parent families"), 9.8, "%", 8.7, N_("Flanders")),
    ("kapelhoek", N_("Farms and market gardens"), 37, N_("farms"), None, ""),
    ("kapelhoek", N_("Carer's allowances"), 6.3, N_("per 100 residents"), 4.2,
     N_("Municipality")),
]

STORIES = [
    ("heide", N_("No baker any more"),
     N_("“Since the baker closed I hardly ever see my neighbours. We always used to have a "
        "chat there.”"), "resident", ["services_leaving", "no_meeting_place"], 40),
    ("heide", N_("No bus on Sundays"),
     N_("A resident without a car says that on Sundays she cannot get anywhere."),
     "professional", ["mobility"], 55),
    ("loonbeek", N_("New housing estate"),
     N_("Young families do not know the clubs or the village centre; there is no place to "
        "meet."), "partner", ["newcomers", "no_meeting_place"], 70),
    ("kapelhoek", N_("Alone on the farm"),
     N_("A farmer says that since his wife died he goes days without speaking to anyone."),
     "own", ["care_burden"], 90),
    ("kapelhoek", N_("Dangerous main road"),
     N_("Older people no longer cycle to the village because of the heavy traffic."),
     "resident", ["traffic_safety", "mobility"], 120),
]


def fill(session, ctx) -> None:
    tid = ctx.trajectory.id
    today = ctx.today
    for code, status, note in PRECONDITIONS:
        set_precondition(session, tid, code, status, _(note))
    _network(session, ctx, tid, today)
    _training(session, tid, today)
    _inventory(session, ctx, tid)
    _needs(session, ctx, tid, today)
    for step, code in ((0, "signals_checked"), (0, "mandate_given"), (1, "network_meeting"),
                       (2, "training_held"), (2, "interested_noted"), (3, "actions_mapped"),
                       (4, "figures_gathered")):
        method.set_tick(session, tid, step, code, True)


def _network(session, ctx, tid, today) -> None:
    p = ctx.partners
    moments = [
        (300, "network_meeting", N_("Kick-off of the loneliness network"),
         ["ldc", "ocmw", "caw", "elz", "mutuality", "farmers"]),
        (200, "feedback", N_("Feedback on where we stand"), ["ldc", "ocmw", "caw", "library"]),
        (45, "inspiration", N_("Inspiration session: meeting people in the countryside"),
         ["ldc", "ocmw", "mutuality", "committee"]),
    ]
    for days, kind, title, keys in moments:
        session.add(ContactMoment(trajectory_id=tid, held_on=today - timedelta(days=days),
                                  kind=kind, title=_(title),
                                  partner_ids=[p[k].id for k in keys if k in p]))


def _training(session, tid, today) -> None:
    session.add(TrainingSession(
        trajectory_id=tid, kind="intervision", held_on=today - timedelta(days=250),
        place="LDC De Linde", facilitator=_("Regional process coach"),
        topics=_("Shared challenges, the role of the lead organisation"), professionals=7,
        evaluation=4))
    session.add(TrainingSession(
        trajectory_id=tid, kind="open_training", held_on=today - timedelta(days=150),
        place=_("Ons Huis hall, Sint-Maria-Heide"), facilitator="Lore Mertens",
        topics=_("Recognising loneliness, starting the conversation"), professionals=9,
        volunteers=14, residents=11, lived_experience=3, evaluation=5,
        notes=_("Many questions about how to approach someone without being patronising.")))
    people = [
        ("Marleen Goossens", "0478 12 34 56", "volunteer", True),
        ("Jan Verheyen", "jan.verheyen@voorbeeld.be", "resident", True),
        ("Fatma Yilmaz", "fatma@voorbeeld.be", "lived_experience", True),
        ("Tom Wouters", "", "professional", False),
    ]
    for name, contact, role, consent in people:
        session.add(InterestedPerson(
            trajectory_id=tid, name=name, contact=contact, role=role, consent=consent,
            consent_date=today - timedelta(days=150) if consent else None))


def _inventory(session, ctx, tid) -> None:
    for (name, org, risks, ages, elements, reached, freq, continuity, impact,
         lessons) in ACTIVITIES:
        organiser = ctx.partners.get(org) if org else None
        session.add(ExistingActivity(
            trajectory_id=tid, name=_(name), organiser_id=organiser.id if organiser else None,
            risk_group_codes=risks, age_group_codes=ages, element_codes=elements,
            people_reached=reached, frequency=_(freq), continuity=continuity,
            impact=_(impact) if impact else "", lessons=_(lessons) if lessons else ""))


def _needs(session, ctx, tid, today) -> None:
    figs, stories = {}, {}
    for i, (area, indicator, value, unit, ref, ref_label) in enumerate(FIGURES):
        fig = AreaFigure(trajectory_id=tid, focus_area_id=ctx.focus_areas[area].id,
                         indicator=_(indicator), value=float(value),
                         unit=_(unit) if unit != "%" and unit != "km" else unit,
                         year=today.year - 1, source="Gemeente-Stadsmonitor / Statbel",
                         reference_value=ref, reference_label=_(ref_label) if ref_label else "")
        session.add(fig)
        figs[i] = fig
    for i, (area, title, text, source, tags, days) in enumerate(STORIES):
        story = AreaStory(trajectory_id=tid, focus_area_id=ctx.focus_areas[area].id,
                          title=_(title), text=_(text), source_kind=source, tag_codes=tags,
                          heard_on=today - timedelta(days=days))
        session.add(story)
        stories[i] = story
    session.flush()
    heide, loonbeek, kapel = (ctx.focus_areas[k].id for k in ("heide", "loonbeek", "kapelhoek"))
    needs = [
        (1, heide, N_("A welcoming, easy-to-reach meeting place in Sint-Maria-Heide"),
         [figs[0].id, figs[2].id], [stories[0].id]),
        (2, heide, N_("Transport to the village and the LDC"), [figs[1].id],
         [stories[1].id, stories[4].id]),
        (3, kapel, N_("Attention for single farmers"), [figs[5].id], [stories[3].id]),
        (4, loonbeek, N_("Connecting new families with the village"), [figs[3].id],
         [stories[2].id]),
        # a gut feeling, not yet checked against figures
        (5, None, N_("Young people feel lonely too"), [], []),
    ]
    for priority, area, title, fig_ids, story_ids in needs:
        session.add(AreaNeed(trajectory_id=tid, focus_area_id=area, title=_(title),
                             priority=priority, figure_ids=fig_ids, story_ids=story_ids))
