"""Demo data: a Kleine Grote Wensen round and a Christmas-card round in progress, with
fictional people in clearly fictional streets, visits of every outcome and a referral made
with consent."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.models.outreach import OutreachVisitor
from app.services.i18n import N_, _
from app.services.outreach import campaigns, people, visits

ORDER = 40

CENTRE = N_("LDC De Linde – Lindeplein 1 (fictional), Heidebeek – 014 00 00 00")

VISITORS = [("Lieve Vermeulen", "staff", "0470 00 00 01"),
            ("Frans Mertens", "volunteer", "0470 00 00 02"),
            ("Nadia Bouzid", "volunteer", "0470 00 00 03")]

# first, last, street, number, birth, alone, widowed since, place
KGW_PEOPLE = [
    ("Godelieve", "Van den Eede", "Verzonnenstraat", "4", date(1942, 3, 8), True,
     date(2024, 2, 1)),
    ("Roger", "D'Haese", "Verzonnenstraat", "7 bus 2", date(1938, 11, 20), True,
     date(2023, 6, 1)),
    ("Maria", "Peetermans", "Fantasielaan", "12A", date(1944, 1, 15), True, date(2025, 3, 1)),
    ("Jozef", "Wouters", "Fantasielaan", "2", date(1936, 7, 2), True, date(2022, 9, 1)),
    ("Irma", "De Bie", "Denkbeeldweg", "19", date(1948, 5, 30), False, date(2025, 9, 1)),
    ("Paula", "Goossens", "Denkbeeldweg", "3", date(1940, 9, 9), True, date(2021, 1, 1)),
]
XMAS_PEOPLE = [
    ("Alfons", "Verhaegen", "Droomstraat", "1", date(1941, 2, 2), True),
    ("Rosa", "Jacobs", "Droomstraat", "5", date(1952, 4, 4), True),
    ("Marcel", "Van Looy", "Droomstraat", "5", date(1944, 8, 8), False),
    ("Jeanne", "Smolders", "Droomstraat", "11", date(1958, 12, 12), True),
    ("Emiel", "Bosmans", "Sprookjesdreef", "2", date(1939, 3, 3), False),
    ("Anna", "Cools", "Sprookjesdreef", "8 bus 1", date(1950, 10, 10), True),
    ("Victor", "Lenaerts", "Sprookjesdreef", "8 bus 3", date(1960, 6, 6), False),
    ("Simonne", "Hermans", "Sprookjesdreef", "14", date(1946, 1, 1), True),
]


def fill(session: Session, ctx) -> None:
    tid, today = ctx.trajectory.id, ctx.today
    actions = ctx.extra.get("actions", {})
    visitors = []
    for name, role, phone in VISITORS:
        v = OutreachVisitor(trajectory_id=tid, name=name, role=role, phone=phone)
        session.add(v)
        visitors.append(v)
    session.flush()
    heide = ctx.focus_areas.get("heide")
    village = heide.name if heide is not None else "Sint-Maria-Heide"
    kgw, _c = campaigns.create_campaign(
        session, tid, "Kleine Grote Wensen 2026", "kgw", action_id=_action(actions, "kgw"),
        village=village, start_date=today - timedelta(days=40),
        end_date=today + timedelta(days=60), centre_contact=_(CENTRE))
    xmas, _c = campaigns.create_campaign(
        session, tid, _("Christmas cards Sint-Maria-Heide"), "christmas",
        action_id=_action(actions, "christmas"), village=village,
        start_date=today - timedelta(days=10), end_date=today + timedelta(days=30),
        centre_contact=_(CENTRE))
    kgw_people = [people.add_person(session, kgw.id, first_name=f, last_name=ln, street=s,
                                    house_number=n, birth_date=b, living_alone=a,
                                    widowed_since=w, postcode="2431", place=village)[0]
                  for f, ln, s, n, b, a, w in KGW_PEOPLE]
    xmas_people = [people.add_person(session, xmas.id, first_name=f, last_name=ln, street=s,
                                     house_number=n, birth_date=b, living_alone=a,
                                     postcode="2431", place=village)[0]
                   for f, ln, s, n, b, a in XMAS_PEOPLE]
    people.select_by_rule(session, kgw.id, people.Rule(today, min_age=70, require_widowed=True))
    people.select_by_rule(session, xmas.id, people.Rule(today, min_age=80, alone_min_age=70,
                                                        village=village))
    for camp in (kgw, xmas):
        for street, visitor in zip(people.streets(session, camp.id), visitors, strict=False):
            people.assign_visitor(session, camp.id, visitor.id, street=street)
    _kgw_visits(session, kgw.id, kgw_people, ctx, today)
    _xmas_visits(session, xmas.id, xmas_people, today)


def _action(actions: dict, key: str):
    action = actions.get(key)
    return getattr(action, "id", action) if action is not None else None


def _kgw_visits(session, cid, ppl, ctx, today) -> None:
    d = lambda n: today - timedelta(days=n)  # noqa: E731
    v, _c = visits.log_visit(
        session, cid, person_id=ppl[0].id, outcome="inside", visited_on=d(20),
        visited_time="14:00", today=today, signals=["grief", "loneliness"],
        notes=_("Talked a lot about her husband and their years in the shop."),
        wish=_("To see the sea once more"),
        follow_up=_("Drop by with information about the LDC's day trip"),
        follow_up_due=d(3))
    visits.log_visit(session, cid, person_id=ppl[1].id, outcome="not_home", visited_on=d(12),
                     today=today)
    visits.log_visit(session, cid, person_id=ppl[2].id, outcome="declined", visited_on=d(12),
                     today=today, notes=_("Would rather not have visits; did take the card."))
    v2, _c = visits.log_visit(
        session, cid, person_id=ppl[3].id, outcome="inside", visited_on=d(8), today=today,
        signals=["mobility", "care_need"], wish=_("A beer together at the café"),
        notes=_("Finds it hard to get to the shop."), follow_up=_("Arrange transport"),
        follow_up_due=today + timedelta(days=5))
    visits.mark_wish_fulfilled(session, v2.id, d(1))
    visits.log_visit(session, cid, person_id=ppl[5].id, outcome="other", visited_on=d(4),
                     today=today, signals=["money"],
                     notes=_("Her daughter was there; we will come back another time."))
    partner = ctx.partners.get("ocmw")
    if partner is not None:
        _consent, _c = visits.record_consent(session, ppl[3].id, given_on=d(8),
                                            partner_id=partner.id,
                                            notes=_("Agreed out loud during the visit."))
        visits.record_referral(session, ppl[3].id, partner.id, referred_on=d(7),
                               reason=_("Asks about transport for people with limited "
                                        "mobility."), visit_id=v2.id)
    del v


def _xmas_visits(session, cid, ppl, today) -> None:
    d = lambda n: today - timedelta(days=n)  # noqa: E731
    plan = [(0, "door", 6, ["loneliness"]), (1, "not_home", 6, []), (2, "moved", 5, []),
            (4, "deceased", 5, [])]
    for i, outcome, days, signals in plan:
        if i < len(ppl):
            visits.log_visit(session, cid, person_id=ppl[i].id, outcome=outcome,
                             visited_on=d(days), today=today, signals=signals)
