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

ORDER = 10

PRECONDITIONS = [
    ("mandate", "in_place", "Schepencollege keurde het traject goed; An Verbiest is trekker."),
    ("time_budget", "partly", "Tijd is vrijgemaakt, werkingsbudget voor acties nog te bevestigen."),
    ("cooperation", "in_place", "Maandelijks overleg welzijn – vrije tijd – LDC."),
    ("intervision", "partly", "Intervisie met twee buurgemeenten; coach nog te zoeken."),
]

ACTIVITIES = [
    ("Dinsdagsoep in De Linde", "ldc", ["older_75", "single_75", "living_alone"], ["older"],
     ["meeting", "social_activities"], 35, "wekelijks", "structural",
     "Vaste groep; nieuwe mensen vinden moeilijk de weg.", "Persoonlijk uitnodigen werkt."),
    ("Huisbezoeken 80-plussers", "ocmw", ["frail_older", "older_75", "single_75"], ["older"],
     ["practical_support", "health_welfare_care"], 120, "jaarlijks", "structural",
     "Brengt verborgen noden in kaart.", "Vrijwilligers hebben vorming nodig."),
    ("Praatcafé mantelzorgers", "mutuality", ["carers", "grief_loss"], ["adults", "older"],
     ["social_support", "psychoeducation"], 14, "maandelijks", "structural",
     "", "Opvang voor de zorgvrager maakt deelname mogelijk."),
    ("Digidokter in de bib", "library", ["older_75", "social_isolation"], ["older"],
     ["skill_development", "digital"], 22, "tweewekelijks", "one_off",
     "Deelnemers durven meer zelf online.", ""),
    ("Budgetcafé", "caw", ["poverty", "single_parent"], ["adults"],
     ["practical_support", "meeting"], 18, "maandelijks", "structural", "", ""),
    ("Wandelclub Loonbeek", None, ["health_disability", "living_alone"], ["adults", "older"],
     ["social_activities", "leisure"], 25, "wekelijks", "structural", "", ""),
]

FIGURES = [
    ("heide", "Alleenwonende 75-plussers", 18.4, "%", 14.1, "Vlaanderen"),
    ("heide", "Afstand tot dichtstbijzijnde bushalte", 1.8, "km", 0.6, "Gemeente"),
    ("heide", "Inwoners 80+", 212, "personen", None, ""),
    ("loonbeek", "Nieuwe inwoners (laatste 3 jaar)", 11.2, "%", 7.5, "Gemeente"),
    ("loonbeek", "Eenoudergezinnen", 9.8, "%", 8.7, "Vlaanderen"),
    ("kapelhoek", "Land- en tuinbouwbedrijven", 37, "bedrijven", None, ""),
    ("kapelhoek", "Mantelzorgpremies", 6.3, "per 100 inw.", 4.2, "Gemeente"),
]

STORIES = [
    ("heide", "Geen bakker meer",
     "Sinds de bakker dicht is, zie ik mijn buren bijna nooit nog. Daar maakten we altijd "
     "een babbel.", "resident", ["services_leaving", "no_meeting_place"], 40),
    ("heide", "Bus rijdt niet op zondag",
     "Een bewoonster zonder auto vertelt dat ze op zondag nergens naartoe kan.", "professional",
     ["mobility"], 55),
    ("loonbeek", "Nieuwe verkaveling",
     "Jonge gezinnen kennen de vereniging en de dorpskern niet; er is geen plek om elkaar te "
     "ontmoeten.", "partner", ["newcomers", "no_meeting_place"], 70),
    ("kapelhoek", "Alleen op de hoeve",
     "Een landbouwer zegt dat hij na het overlijden van zijn vrouw dagen niemand spreekt.",
     "own", ["care_burden"], 90),
    ("kapelhoek", "Gevaarlijke steenweg",
     "Ouderen fietsen niet meer naar het dorp door het drukke verkeer.", "resident",
     ["traffic_safety", "mobility"], 120),
]


def fill(session, ctx) -> None:
    tid = ctx.trajectory.id
    today = ctx.today
    for code, status, note in PRECONDITIONS:
        set_precondition(session, tid, code, status, note)
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
        (300, "network_meeting", "Startmoment netwerk eenzaamheid",
         ["ldc", "ocmw", "caw", "elz", "mutuality", "farmers"]),
        (200, "feedback", "Terugkoppeling stand van zaken", ["ldc", "ocmw", "caw", "library"]),
        (45, "inspiration", "Inspiratiemoment: ontmoeten op het platteland",
         ["ldc", "ocmw", "mutuality", "committee"]),
    ]
    for days, kind, title, keys in moments:
        session.add(ContactMoment(trajectory_id=tid, held_on=today - timedelta(days=days),
                                  kind=kind, title=title,
                                  partner_ids=[p[k].id for k in keys if k in p]))


def _training(session, tid, today) -> None:
    session.add(TrainingSession(
        trajectory_id=tid, kind="intervision", held_on=today - timedelta(days=250),
        place="LDC De Linde", facilitator="Procescoach regio", topics="Gedeelde uitdagingen, "
        "rol van de trekker", professionals=7, evaluation=4))
    session.add(TrainingSession(
        trajectory_id=tid, kind="open_training", held_on=today - timedelta(days=150),
        place="Zaal Ons Huis, Sint-Maria-Heide", facilitator="Lore Mertens",
        topics="Eenzaamheid herkennen, het gesprek aangaan", professionals=9, volunteers=14,
        residents=11, lived_experience=3, evaluation=5,
        notes="Veel vragen over hoe je iemand aanspreekt zonder te betuttelen."))
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
            trajectory_id=tid, name=name, organiser_id=organiser.id if organiser else None,
            risk_group_codes=risks, age_group_codes=ages, element_codes=elements,
            people_reached=reached, frequency=freq, continuity=continuity, impact=impact,
            lessons=lessons))


def _needs(session, ctx, tid, today) -> None:
    figs, stories = {}, {}
    for i, (area, indicator, value, unit, ref, ref_label) in enumerate(FIGURES):
        fig = AreaFigure(trajectory_id=tid, focus_area_id=ctx.focus_areas[area].id,
                         indicator=indicator, value=float(value), unit=unit,
                         year=today.year - 1, source="Gemeente-Stadsmonitor / Statbel",
                         reference_value=ref, reference_label=ref_label)
        session.add(fig)
        figs[i] = fig
    for i, (area, title, text, source, tags, days) in enumerate(STORIES):
        story = AreaStory(trajectory_id=tid, focus_area_id=ctx.focus_areas[area].id,
                          title=title, text=text, source_kind=source, tag_codes=tags,
                          heard_on=today - timedelta(days=days))
        session.add(story)
        stories[i] = story
    session.flush()
    heide, loonbeek, kapel = (ctx.focus_areas[k].id for k in ("heide", "loonbeek", "kapelhoek"))
    needs = [
        (1, heide, "Een laagdrempelige ontmoetingsplek in Sint-Maria-Heide",
         [figs[0].id, figs[2].id], [stories[0].id]),
        (2, heide, "Vervoer naar het dorp en het LDC", [figs[1].id],
         [stories[1].id, stories[4].id]),
        (3, kapel, "Aandacht voor alleenstaande landbouwers", [figs[5].id], [stories[3].id]),
        (4, loonbeek, "Nieuwe gezinnen verbinden met het dorp", [figs[3].id], [stories[2].id]),
        (5, None, "Jongeren voelen zich ook eenzaam", [], []),  # a gut feeling, not yet checked
    ]
    for priority, area, title, fig_ids, story_ids in needs:
        session.add(AreaNeed(trajectory_id=tid, focus_area_id=area, title=title,
                             priority=priority, figure_ids=fig_ids, story_ids=story_ids))
