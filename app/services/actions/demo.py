"""Demo data for steps 6 and 7: actions at every status with partners, a policy signal, logs
and an anonymised set of before/after questionnaires."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.orm import Session

from app.models.actions import ActionLog, ActionPartner, Measurement, PolicySignal
from app.models.core import Action
from app.services import method

ORDER = 30

ACTIONS = [
    dict(key="christmas", name="Kerstkaartactie Sint-Maria-Heide", status="evaluated",
         origin="practice", level="secondary", participation="advising",
         description="Medewerkers van het LDC en de sociale dienst brengen in december een "
                     "kerstkaart aan huis bij alleenwonende 70-plussers en alle 80-plussers, "
                     "met een uitnodiging voor de nieuwjaarsreceptie in het LDC.",
         element_codes=["meeting", "practical_support", "health_welfare_care",
                        "meaningful_contact"],
         risk_group_codes=["single_75", "older_75", "living_alone"], age_group_codes=["older"],
         partners=[("ldc", "Trekker: lijsten, kaarten en planning"),
                   ("ocmw", "Maatschappelijk werkers gaan mee op huisbezoek")],
         impact=dict(what="Deurbezoek met een kerstkaart en een persoonlijke uitnodiging.",
                     who_executes="LDC De Linde en de sociale dienst.",
                     who_involved="Vrijwilligers van de Landelijke Gilde voor de bedeling.",
                     results="Elke alleenwonende 70-plusser gezien; zorgvragen opgemerkt.",
                     change="Meer mensen komen naar ontmoetingsmomenten in het LDC.",
                     evidence="We tellen bezoeken, doorverwijzingen en nieuwe bezoekers in "
                              "het LDC in januari en februari.",
                     explanation="Een bekend gezicht aan de deur verlaagt de drempel.")),
    dict(key="kgw", name="Kleine Grote Wensen", status="running", origin="practice",
         level="tertiary", participation="coproducing",
         description="Huisbezoeken bij weduwen en weduwnaars vanaf 70 jaar: tijd voor "
                     "verhalen en een kleine wens die samen werkelijkheid wordt.",
         element_codes=["meaningful_contact", "social_support", "meaningful_role",
                        "health_welfare_care"],
         risk_group_codes=["grief_loss", "single_75"], age_group_codes=["older"],
         partners=[("ldc", "Coördinatie en opleiding van huisbezoekers"),
                   ("mutuality", "Signaleert weduwen en weduwnaars en volgt zorgvragen op")],
         impact=dict(what="Warme huisbezoeken zonder formulieren.",
                     who_executes="Drie vrijwillige huisbezoekers en de LDC-medewerker.",
                     who_involved="De mutualiteit en de huisartsen voor doorverwijzing.",
                     results="Dertig bezoeken per jaar, tien vervulde wensen.",
                     change="Deelnemers voelen zich minder alleen na het verlies.",
                     evidence="Korte vragenlijst (De Jong Gierveld, 6 vragen) met toestemming "
                              "bij het eerste en het laatste bezoek.",
                     explanation="Aandacht en een betekenisvolle wens geven opnieuw richting.")),
    dict(key="koffie", name="Koffie & Contact op de hoeve", status="planned", origin="practice",
         level="tertiary", participation="consulting",
         description="Maandelijks koffiemoment op een andere hoeve in Kapelhoek, met vervoer "
                     "voor wie niet mobiel is.",
         element_codes=["meeting", "practical_support", "meaningful_contact"],
         risk_group_codes=["farmers", "carers", "social_isolation"],
         age_group_codes=["adults", "older"],
         partners=[("farmers", "Zoekt gastboerderijen en nodigt persoonlijk uit"),
                   ("committee", "Helpt met vervoer")],
         impact=dict(what="Een koffiemoment per maand op een hoeve.",
                     who_executes="Landelijke Gilde en LDC.", who_involved="Buurtcomité.",
                     results="Vijftien vaste deelnemers na een half jaar.",
                     change="Landbouwers en mantelzorgers leren elkaar kennen.",
                     evidence="", explanation="")),
    dict(key="belbus", name="Belbus naar het dorpshuis", status="idea", origin="new",
         level="secondary", participation="",
         description="Sint-Maria-Heide heeft bijna geen bus meer; ouderen geraken niet tot de "
                     "activiteiten in het dorpshuis.",
         element_codes=["meeting"], risk_group_codes=["older_75"], age_group_codes=["older"],
         partners=[], impact={}),
    dict(key="gamecafe", name="Gamecafé voor jongeren", status="stopped", origin="new",
         level="secondary", participation="coproducing",
         description="Proef met een wekelijkse game-avond in de bib voor jongeren die weinig "
                     "buitenkomen.",
         element_codes=["social_activities", "digital", "leisure"],
         risk_group_codes=["youth", "social_isolation"], age_group_codes=["youth"],
         partners=[("library", "Stelt de ruimte en de consoles ter beschikking")],
         impact=dict(what="Wekelijkse game-avond.", who_executes="Bib en jeugdwerker.",
                     results="Tien jongeren per avond.",
                     evidence="Aanwezigheden en een gesprek met de jongeren na drie maanden.")),
]


def _log(action_id, day, phase, done, tried="", adjusted="", why="", reached=0):
    return ActionLog(action_id=action_id, log_date=day, phase=phase, done=done, tried=tried,
                     adjusted=adjusted, why=why, people_reached=reached)


# Pseudonymous respondents of Kleine Grote Wensen: short scale before and after.
KGW_MEASUREMENTS = [
    ("KGW-01", ["yes", "yes", "more_or_less", "no", "more_or_less", "no"],
     ["more_or_less", "no", "no", "yes", "yes", "more_or_less"]),
    ("KGW-02", ["yes", "yes", "yes", "no", "no", "no"],
     ["yes", "more_or_less", "no", "more_or_less", "no", "yes"]),
    ("KGW-03", ["more_or_less", "no", "no", "yes", "yes", "yes"],
     ["no", "no", "no", "yes", "yes", "yes"]),
    ("KGW-04", ["yes", "yes", "no", "more_or_less", "no", "no"],
     ["yes", "yes", "no", "yes", "more_or_less", "no"]),
    ("KGW-05", ["no", "yes", "no", "yes", "more_or_less", "yes"],
     ["no", "more_or_less", "no", "yes", "yes", "yes"]),
    ("KGW-06", ["yes", "more_or_less", "yes", "no", "no", "more_or_less"], None),
]


def fill(session: Session, ctx) -> None:
    tid, today = ctx.trajectory.id, ctx.today
    made: dict[str, Action] = {}
    for spec in ACTIONS:
        impact = {f"impact_{k}": v for k, v in spec["impact"].items()}
        action = Action(trajectory_id=tid, name=spec["name"], status=spec["status"],
                        origin=spec["origin"], level=spec["level"],
                        participation=spec["participation"], description=spec["description"],
                        element_codes=spec["element_codes"],
                        risk_group_codes=spec["risk_group_codes"],
                        age_group_codes=spec["age_group_codes"], **impact)
        session.add(action)
        session.flush()
        for pkey, role in spec["partners"]:
            partner = ctx.partners.get(pkey)
            if partner is not None:
                session.add(ActionPartner(action_id=action.id, partner_id=partner.id,
                                          role=role))
        made[spec["key"]] = action
    _ground_ideas(session, ctx)
    _logs(session, made, today)
    session.add(PolicySignal(
        trajectory_id=tid, action_id=made["belbus"].id,
        what="Sint-Maria-Heide heeft na 18 uur en in het weekend geen bus meer. Vraag: een "
             "belbus of een halte aan het dorpshuis.",
        to_whom="Schepen van mobiliteit en De Lijn (vervoerregio Kempen)",
        sent_on=today - timedelta(days=40),
        answer="Op de agenda van de vervoerregioraad in het voorjaar.",
        answered_on=today - timedelta(days=12)))
    _measurements(session, made["kgw"], today)
    session.flush()
    for code in ("elements_chosen", "groups_chosen"):
        method.set_tick(session, tid, 6, code, True)
    method.set_tick(session, tid, 7, "started", True)
    method.set_tick(session, tid, 7, "logged", True)
    ctx.extra["actions"] = made


def _ground_ideas(session: Session, ctx) -> None:
    """Take the first idea from step 5 (if any) one step further: planned and grounded."""
    ideas = list(ctx.extra.get("idea_actions", []))
    if not ideas:
        return
    first = ideas[0]
    first.status = "planned"
    if not first.element_codes:
        first.element_codes = ["meeting", "social_networks", "meaningful_role"]
    if not first.level:
        first.level = "primary"
    if not first.age_group_codes:
        first.age_group_codes = ["all_ages"]
    partner = ctx.partners.get("ocmw")
    if partner is not None:
        session.add(ActionPartner(action_id=first.id, partner_id=partner.id,
                                  role="Denkt mee en zoekt een locatie"))


def _logs(session: Session, made: dict[str, Action], today) -> None:
    xmas, kgw, game = made["christmas"].id, made["kgw"].id, made["gamecafe"].id
    start = today - timedelta(days=330)
    session.add_all([
        _log(xmas, start, "plan", "Lijst van alleenwonende 70-plussers opgevraagd bij de "
             "dienst bevolking; 140 adressen.", reached=0),
        _log(xmas, start + timedelta(days=20), "do", "Eerste ronde kaarten aan huis gebracht "
             "in de dorpskern.", reached=52),
        _log(xmas, start + timedelta(days=34), "check", "Bij de helft deed niemand open.",
             tried="Een tweede bezoek op zaterdagvoormiddag.",
             adjusted="Kaart met een telefoonnummer in de bus bij wie niet thuis is.",
             why="Op weekdagen zijn veel mensen op bezoek bij familie of bij de dokter.",
             reached=38),
        _log(xmas, start + timedelta(days=60), "adjust", "Nieuwjaarsreceptie in het LDC.",
             adjusted="Vervoer aangeboden aan wie niet mobiel is.",
             why="Zes mensen zeiden dat ze anders niet konden komen.", reached=45),
        _log(kgw, today - timedelta(days=200), "plan", "Drie vrijwilligers opgeleid tot "
             "huisbezoeker."),
        _log(kgw, today - timedelta(days=150), "do", "Eerste acht huisbezoeken.", reached=8),
        _log(kgw, today - timedelta(days=90), "check", "Twee wensen vervuld (een uitstap naar "
             "zee, een fotoboek).", tried="Tweede bezoek na zes weken.", reached=6),
        _log(kgw, today - timedelta(days=30), "adjust", "Nieuwe bezoeken gepland.",
             adjusted="Huisartsen geven voortaan de folder mee.",
             why="Via de mutualiteit alleen bereikten we weinig weduwnaars.", reached=9),
        _log(game, today - timedelta(days=260), "do", "Zes game-avonden in de bib.",
             reached=14),
        _log(game, today - timedelta(days=210), "check", "De jongeren die we zochten kwamen "
             "niet; vooral vrienden van de jeugdwerker kwamen.",
             adjusted="Gestopt; het budget gaat naar outreachend jeugdwerk.",
             why="Een open avond bereikt wie al buitenkomt, niet wie zich terugtrekt."),
    ])


def _measurements(session: Session, kgw: Action, today) -> None:
    first = today - timedelta(days=150)
    for code, before, after in KGW_MEASUREMENTS:
        session.add(Measurement(action_id=kgw.id, respondent_code=code, moment="before",
                                instrument="djg6", language="nl", mode="face_to_face",
                                setting="home_visit", measured_on=first,
                                answers=json.dumps(before), consent_recorded=True))
        if after:
            session.add(Measurement(action_id=kgw.id, respondent_code=code, moment="after",
                                    instrument="djg6", language="nl", mode="face_to_face",
                                    setting="home_visit", measured_on=today - timedelta(days=20),
                                    answers=json.dumps(after), consent_recorded=True))
