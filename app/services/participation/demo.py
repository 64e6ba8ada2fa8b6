"""Demo data for step 5: personas copied from the examples, a dream evening with four tables
and a rotation after the break, ideas reframed into challenges, an idea carousel with
sign-ups, and two ideas turned into actions (`ctx.extra["idea_actions"]`)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from app.services import method
from app.services.participation import ideas, personas, sessions

ORDER = 20
DREAM_SIZE = 30  # a two-round evening for 30 people

PERSONAS = ("mariette", "jozef", "zoe", "luc", "ayse", "sofie")

PEOPLE = [
    ("Marleen Goossens", "resident"), ("Frans Jacobs", "resident"),
    ("Hilde Vermeulen", "volunteer"), ("Bart Wouters", "resident"),
    ("Ilse Mertens", "carer"), ("Tom Van Gorp", "professional"),
    ("Liesbeth Claes", "resident"), ("Yusuf Demir", "resident"),
    ("Greet Peeters", "volunteer"), ("Jan Smets", "resident"),
    ("Nadia Bouzid", "professional"), ("Wim Hendrickx", "carer"),
    ("Chantal Aerts", "resident"), ("Dirk Verhaegen", "volunteer"),
    ("Fien Laenen", "resident"), ("Raf Geens", "lived_experience"),
    ("Marie-Louise Dillen", "resident"), ("Koen Peeters", "resident"),
    ("Anouk Van Dyck", "volunteer"), ("Stijn Wuyts", "resident"),
    ("Martine Luyten", "resident"), ("Joris Meeus", "professional"),
    ("Emma Verstraeten", "resident"), ("Noël Cools", "lived_experience"),
    ("Rosa Van Looy", "resident"), ("Pieter Maes", "volunteer"),
    ("Zoë Vandenbroeck", "resident"), ("Lucas Janssens", "resident"),
    ("Sven Thys", "resident"),
]

IDEAS = [
    ("mariette", "Vroemvrijwilligers",
     "Wie niet meer met de auto rijdt, raakt niet meer bij de winkel, de markt of het LDC.",
     "We werken naar een dorp waar vrijwilligers buren meenemen naar de markt, de dokter en "
     "het LDC, en onderweg een babbel slaan.", "Mobiliteit"),
    ("mariette", "Koffie in het oude bankkantoor",
     "Sinds de bank en de winkel weg zijn, is er geen plek meer om elkaar toevallig te zien.",
     "We werken naar een vaste plek in het dorp waar je zonder afspraak binnenloopt voor "
     "koffie en een krant.", "Ontmoetingsplek"),
    ("zoe", "Jongerenlokaal met avondpendel",
     "Na zeven uur rijdt er geen bus meer en er is geen plek om af te spreken.",
     "We werken naar een eigen plek voor jongeren, met een pendel op vrijdagavond.",
     "Mobiliteit"),
    ("jozef", "Boerenontbijt op de hoeve",
     "Landbouwers komen nauwelijks nog buiten het erf en praten niet over zorgen.",
     "We werken naar een maandelijks ontbijt waar boeren en dorpelingen elkaar leren kennen.",
     "Ontmoetingsplek"),
    ("luc", "Mantelzorgcafé met oppas",
     "Mantelzorgers kunnen niet weg omdat niemand bij hun partner kan blijven.",
     "We werken naar een maandelijks mantelzorgcafé waar vrijwilligers intussen thuis oppassen.",
     "Mantelzorg"),
    ("ayse", "Taalwandeling langs de school",
     "Nieuwkomers oefenen Nederlands alleen in de les, niet in het dorp.",
     "We werken naar wekelijkse wandelingen waar buren en nieuwkomers samen praten.",
     "Taal en verbinding"),
]

PLANS = {
    "Vroemvrijwilligers": "Start met vijf chauffeurs via de Landelijke Gilde; ritten boeken via "
                          "het LDC; verzekering via de gemeente navragen.",
    "Mantelzorgcafé met oppas": "Eerste café in het LDC op een dinsdagnamiddag; de "
                                "mutualiteit zoekt oppasvrijwilligers.",
    "Taalwandeling langs de school": "Elke woensdag na schooltijd, vertrek aan de schoolpoort.",
}

SIGNUPS = {
    "Vroemvrijwilligers": [("Dirk Verhaegen", "dirk.verhaegen@voorbeeld.be", "Wil chauffeur zijn"),
                           ("Greet Peeters", "", "Helpt met de planning")],
    "Mantelzorgcafé met oppas": [("Wim Hendrickx", "0470 00 00 12", "Wil mee organiseren"),
                                 ("Hilde Vermeulen", "", "Past op")],
    "Taalwandeling langs de school": [("Yusuf Demir", "", "Wandelt mee"),
                                      ("Anouk Van Dyck", "anouk@voorbeeld.be", "Trekt de groep")],
}


def fill(session: Session, ctx) -> None:
    tid = ctx.trajectory.id
    made = {key: personas.copy_example(session, tid, key)[0] for key in PERSONAS}
    dream, _c = sessions.create_session(
        session, tid, title="Droomavond Sint-Maria-Heide",
        session_date=ctx.today - timedelta(days=60), place="Zaal De Linde (LDC)",
        phase="dream", rounds=2, facilitators="An Verbiest, Koen Daems, Sara El Idrissi, "
                                              "Ingrid Claes")
    sessions.assign_personas(session, dream.id, [made[k].id for k in PERSONAS[:4]])
    for table, host in zip(sessions.tables(session, dream.id),
                           ("An Verbiest", "Koen Daems", "Sara El Idrissi", "Ingrid Claes")):
        sessions.update_table(session, table.id, facilitator=host)
    # people from step 2 who agreed to be contacted, then the others invited for the evening
    sessions.add_from_interested(session, dream.id, tid, [
        c.source_id for c in sessions.interested_people(session, tid) if c.consent])
    present = {p.name for p in sessions.participants(session, dream.id)}
    for name, role in PEOPLE:
        if len(present) >= DREAM_SIZE:
            break
        if name not in present:
            sessions.add_participant(session, dream.id, name=name, role=role)
            present.add(name)
    sessions.plan_session(session, dream.id)
    table_of = {t.persona_id: t.id for t in sessions.tables(session, dream.id)}
    by_title = {}
    for key, title, problem, challenge, group in IDEAS:
        idea, _c = ideas.create_idea(
            session, tid, title=title, problem=problem, challenge=challenge,
            persona_id=made[key].id, session_id=dream.id, table_id=table_of.get(made[key].id),
            group_label=group)
        by_title[title] = idea
    carousel, _c = sessions.create_session(
        session, tid, title="Ideeëncarrousel", session_date=ctx.today - timedelta(days=30),
        place="Parochiezaal Sint-Maria-Heide", phase="carousel", rounds=1,
        facilitators="An Verbiest, Dries Peeters", tables=3)
    for table, host in zip(sessions.tables(session, carousel.id),
                           ("An Verbiest", "Dries Peeters", "Nadia Bouzid")):
        sessions.update_table(session, table.id, facilitator=host)
    for name, role in PEOPLE[:14]:
        sessions.add_participant(session, carousel.id, name=name, role=role)
    sessions.plan_session(session, carousel.id)
    for title, plan in PLANS.items():
        ideas.update_idea(session, by_title[title].id, plan=plan, status="refined")
    for title, people in SIGNUPS.items():
        for name, contact, offer in people:
            ideas.add_signup(session, by_title[title].id, name=name, contact=contact,
                             help_offer=offer, consent=True,
                             consent_date=ctx.today - timedelta(days=30))
    actions = [ideas.make_action(session, by_title[t].id)[0]
               for t in ("Vroemvrijwilligers", "Mantelzorgcafé met oppas")]
    ctx.extra["idea_actions"] = actions
    for code in ("personas_chosen", "dream_session", "carousel_session", "signups"):
        method.set_tick(session, tid, 5, code, True)
