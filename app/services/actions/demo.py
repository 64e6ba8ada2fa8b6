"""Demo data for steps 6 and 7: actions at every status with partners, a policy signal, logs
and an anonymised set of before/after questionnaires."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.models.actions import ActionLog, ActionPartner, Measurement, PolicySignal
from app.models.core import Action
from app.services import method
from app.services.i18n import N_, _

ORDER = 30

ACTIONS: list[dict[str, Any]] = [
    dict(key="christmas", name=N_("Christmas card round in Sint-Maria-Heide"),
         status="evaluated", origin="practice", level="secondary", participation="advising",
         description=N_("In December, staff of the LDC and the social service bring a Christmas "
                        "card to everyone over 70 who lives alone and everyone over 80, with "
                        "an invitation to the New Year reception at the LDC."),
         element_codes=["meeting", "practical_support", "health_welfare_care",
                        "meaningful_contact"],
         risk_group_codes=["single_75", "older_75", "living_alone"], age_group_codes=["older"],
         partners=[("ldc", N_("Lead: lists, cards and planning")),
                   ("ocmw", N_("Social workers join the home visits"))],
         impact=dict(what=N_("A doorstep visit with a Christmas card and a personal "
                             "invitation."),
                     who_executes=N_("LDC De Linde and the social service."),
                     who_involved=N_("Volunteers of the Landelijke Gilde deliver the cards."),
                     results=N_("Everyone over 70 who lives alone has been seen; care needs "
                                "noticed."),
                     change=N_("More people come to the LDC's get-togethers."),
                     evidence=N_("We count visits, referrals and new visitors at the LDC in "
                                 "January and February."),
                     explanation=N_("A familiar face at the door makes it easier to come."))),
    dict(key="kgw", name="Kleine Grote Wensen", status="running", origin="practice",
         level="tertiary", participation="coproducing",
         description=N_("Home visits to widows and widowers from 70: time for stories and a "
                        "small wish that comes true together."),
         element_codes=["meaningful_contact", "social_support", "meaningful_role",
                        "health_welfare_care"],
         risk_group_codes=["grief_loss", "single_75"], age_group_codes=["older"],
         partners=[("ldc", N_("Coordinates and trains the home visitors")),
                   ("mutuality", N_("Points out widows and widowers and follows up care "
                                    "needs"))],
         impact=dict(what=N_("Warm home visits without forms."),
                     who_executes=N_("Three volunteer home visitors and the LDC's staff "
                                     "member."),
                     who_involved=N_("The health insurance fund and the GPs, for referrals."),
                     results=N_("Thirty visits a year, ten wishes come true."),
                     change=N_("Participants feel less lonely after their loss."),
                     evidence=N_("A short questionnaire (De Jong Gierveld, 6 questions), with "
                                 "consent, at the first and the last visit."),
                     explanation=N_("Attention and a meaningful wish give a new sense of "
                                    "direction."))),
    dict(key="koffie", name=N_("Koffie & Contact on the farm"), status="planned",
         origin="practice", level="tertiary", participation="consulting",
         description=N_("A monthly coffee morning on a different farm in Kapelhoek, with "
                        "transport for those who cannot get there."),
         element_codes=["meeting", "practical_support", "meaningful_contact"],
         risk_group_codes=["farmers", "carers", "social_isolation"],
         age_group_codes=["adults", "older"],
         partners=[("farmers", N_("Finds host farms and invites people in person")),
                   ("committee", N_("Helps with transport"))],
         impact=dict(what=N_("One coffee morning a month on a farm."),
                     who_executes=N_("Landelijke Gilde and LDC."),
                     who_involved=N_("Neighbourhood committee."),
                     results=N_("Fifteen regulars after six months."),
                     change=N_("Farmers and informal carers get to know each other."),
                     evidence="", explanation="")),
    dict(key="belbus", name=N_("Dial-a-bus to the village hall"), status="idea",
         origin="new", level="secondary", participation="",
         description=N_("Sint-Maria-Heide has almost no buses left; older people cannot get "
                        "to the activities in the village hall."),
         element_codes=["meeting"], risk_group_codes=["older_75"], age_group_codes=["older"],
         partners=[], impact={}),
    dict(key="gamecafe", name=N_("Game café for young people"), status="stopped",
         origin="new", level="secondary", participation="coproducing",
         description=N_("A trial with a weekly games evening at the library for young people "
                        "who rarely go out."),
         element_codes=["social_activities", "digital", "leisure"],
         risk_group_codes=["youth", "social_isolation"], age_group_codes=["youth"],
         partners=[("library", N_("Provides the room and the consoles"))],
         impact=dict(what=N_("A weekly games evening."),
                     who_executes=N_("The library and a youth worker."),
                     results=N_("Ten young people per evening."),
                     evidence=N_("Attendance, and a talk with the young people after three "
                                 "months."))),
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
        impact = {f"impact_{k}": _(v) if v else "" for k, v in spec["impact"].items()}
        action = Action(trajectory_id=tid, name=_(spec["name"]), status=spec["status"],
                        origin=spec["origin"], level=spec["level"],
                        participation=spec["participation"],
                        description=_(spec["description"]),
                        element_codes=spec["element_codes"],
                        risk_group_codes=spec["risk_group_codes"],
                        age_group_codes=spec["age_group_codes"], **impact)
        session.add(action)
        session.flush()
        for pkey, role in spec["partners"]:
            partner = ctx.partners.get(pkey)
            if partner is not None:
                session.add(ActionPartner(action_id=action.id, partner_id=partner.id,
                                          role=_(role)))
        made[spec["key"]] = action
    _ground_ideas(session, ctx)
    _logs(session, made, today)
    session.add(PolicySignal(
        trajectory_id=tid, action_id=made["belbus"].id,
        what=_("Sint-Maria-Heide has no bus after 6 p.m. or at weekends. Request: a dial-a-bus "
               "or a stop at the village hall."),
        to_whom=_("The alderman for mobility and De Lijn (Kempen transport region)"),
        sent_on=today - timedelta(days=40),
        answer=_("On the agenda of the transport region council in the spring."),
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
                                  role=_("Helps to plan and looks for a venue")))


def _logs(session: Session, made: dict[str, Action], today) -> None:
    xmas, kgw, game = made["christmas"].id, made["kgw"].id, made["gamecafe"].id
    start = today - timedelta(days=330)
    session.add_all([
        _log(xmas, start, "plan", _("Asked the population service for the list of people over "
                                    "70 who live alone; 140 addresses."), reached=0),
        _log(xmas, start + timedelta(days=20), "do", _("First round of cards delivered in the "
                                                       "village centre."), reached=52),
        _log(xmas, start + timedelta(days=34), "check", _("At half of the doors nobody "
                                                          "answered."),
             tried=_("A second visit on Saturday morning."),
             adjusted=_("A card with a phone number through the letterbox when nobody is in."),
             why=_("On weekdays many people are visiting family or the doctor."),
             reached=38),
        _log(xmas, start + timedelta(days=60), "adjust", _("New Year reception at the LDC."),
             adjusted=_("Transport offered to those who cannot get there."),
             why=_("Six people said they could not come otherwise."), reached=45),
        _log(kgw, today - timedelta(days=200), "plan", _("Three volunteers trained as home "
                                                         "visitors.")),
        _log(kgw, today - timedelta(days=150), "do", _("The first eight home visits."),
             reached=8),
        _log(kgw, today - timedelta(days=90), "check", _("Two wishes came true (a day at the "
                                                         "seaside, a photo book)."),
             tried=_("A second visit after six weeks."), reached=6),
        _log(kgw, today - timedelta(days=30), "adjust", _("New visits planned."),
             adjusted=_("From now on the GPs hand out the leaflet too."),
             why=_("Through the health insurance fund alone we reached few widowers."),
             reached=9),
        _log(game, today - timedelta(days=260), "do", _("Six games evenings at the library."),
             reached=14),
        _log(game, today - timedelta(days=210), "check", _("The young people we were looking "
                                                           "for did not come; mostly friends "
                                                           "of the youth worker did."),
             adjusted=_("Stopped; the budget goes to outreach youth work."),
             why=_("An open evening reaches those who already go out, not those who "
                   "withdraw.")),
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
