"""Demo data for step 5: personas copied from the examples, a dream evening with four tables
and a rotation after the break, ideas reframed into challenges, an idea carousel with
sign-ups, and two ideas turned into actions (`ctx.extra["idea_actions"]`)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from app.services import method
from app.services.i18n import N_, _
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

# persona, title, problem, challenge, group
IDEAS = [
    ("mariette", N_("Vroom volunteers"),
     N_("Those who no longer drive cannot get to the shop, the market or the LDC any more."),
     N_("We work towards a village where volunteers take neighbours to the market, the doctor "
        "and the LDC, and have a chat on the way."), N_("Mobility")),
    ("mariette", N_("Coffee in the old bank office"),
     N_("Since the bank and the shop closed, there is no place left to run into each other."),
     N_("We work towards a fixed place in the village where you drop in without an "
        "appointment for coffee and a newspaper."), N_("Meeting place")),
    ("zoe", N_("Youth room with an evening shuttle"),
     N_("After seven there is no bus and no place to meet up."),
     N_("We work towards a place of their own for young people, with a shuttle on Friday "
        "evenings."), N_("Mobility")),
    ("jozef", N_("Farm breakfast"),
     N_("Farmers hardly leave the farmyard and do not talk about their worries."),
     N_("We work towards a monthly breakfast where farmers and villagers get to know each "
        "other."), N_("Meeting place")),
    ("luc", N_("Carers' café with a sitter"),
     N_("Informal carers cannot get away because nobody can stay with their partner."),
     N_("We work towards a monthly carers' café while volunteers sit in at home."),
     N_("Informal care")),
    ("ayse", N_("Language walk past the school"),
     N_("Newcomers only practise Dutch in class, not in the village."),
     N_("We work towards weekly walks where neighbours and newcomers talk together."),
     N_("Language and connection")),
]

PLANS = {
    "Vroom volunteers": N_("Start with five drivers through the Landelijke Gilde; book rides "
                           "through the LDC; ask the municipality about insurance."),
    "Carers' café with a sitter": N_("The first café at the LDC on a Tuesday afternoon; the "
                                     "health insurance fund looks for volunteer sitters."),
    "Language walk past the school": N_("Every Wednesday after school, starting at the school "
                                        "gate."),
}

SIGNUPS = {
    "Vroom volunteers": [("Dirk Verhaegen", "dirk.verhaegen@voorbeeld.be",
                          N_("Wants to be a driver")),
                         ("Greet Peeters", "", N_("Helps with the planning"))],
    "Carers' café with a sitter": [("Wim Hendrickx", "0470 00 00 12",
                                    N_("Wants to help organise")),
                                   ("Hilde Vermeulen", "", N_("Sits in"))],
    "Language walk past the school": [("Yusuf Demir", "", N_("Walks along")),
                                      ("Anouk Van Dyck", "anouk@voorbeeld.be",
                                       N_("Leads the group"))],
}


def fill(session: Session, ctx) -> None:
    tid = ctx.trajectory.id
    made = {key: personas.copy_example(session, tid, key)[0] for key in PERSONAS}
    dream, _c = sessions.create_session(
        session, tid, title=_("Dream evening Sint-Maria-Heide"),
        session_date=ctx.today - timedelta(days=60), place=_("De Linde hall (LDC)"),
        phase="dream", rounds=2, facilitators="An Verbiest, Koen Daems, Sara El Idrissi, "
                                              "Ingrid Claes")
    sessions.assign_personas(session, dream.id, [made[k].id for k in PERSONAS[:4]])
    hosts = ("An Verbiest", "Koen Daems", "Sara El Idrissi", "Ingrid Claes")
    for table, host in zip(sessions.tables(session, dream.id), hosts, strict=False):
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
            session, tid, title=_(title), problem=_(problem), challenge=_(challenge),
            persona_id=made[key].id, session_id=dream.id, table_id=table_of.get(made[key].id),
            group_label=_(group))
        by_title[title] = idea
    carousel, _c = sessions.create_session(
        session, tid, title=_("Idea carousel"), session_date=ctx.today - timedelta(days=30),
        place=_("Parish hall Sint-Maria-Heide"), phase="carousel", rounds=1,
        facilitators="An Verbiest, Dries Peeters", tables=3)
    for table, host in zip(sessions.tables(session, carousel.id),
                           ("An Verbiest", "Dries Peeters", "Nadia Bouzid"), strict=False):
        sessions.update_table(session, table.id, facilitator=host)
    for name, role in PEOPLE[:14]:
        sessions.add_participant(session, carousel.id, name=name, role=role)
    sessions.plan_session(session, carousel.id)
    for title, plan in PLANS.items():
        ideas.update_idea(session, by_title[title].id, plan=_(plan), status="refined")
    for title, people in SIGNUPS.items():
        for name, contact, offer in people:
            ideas.add_signup(session, by_title[title].id, name=name, contact=contact,
                             help_offer=_(offer), consent=True,
                             consent_date=ctx.today - timedelta(days=30))
    actions = [ideas.make_action(session, by_title[t].id)[0]
               for t in ("Vroom volunteers", "Carers' café with a sitter")]
    ctx.extra["idea_actions"] = actions
    for code in ("personas_chosen", "dream_session", "carousel_session", "signups"):
        method.set_tick(session, tid, 5, code, True)
