"""Printables of a campaign: walking lists (per visitor or street, in walking order, with
tick boxes), the cards left behind (Kleine Grote Wensen card, "sorry we missed you" card,
addressed Christmas cards: four A6 cards on an A4 with cut ticks) and the erasure report."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageBreak
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.outreach import STATUSES as STATUS_CODES
from app.models.outreach import OutreachCampaign, OutreachPerson, OutreachVisitor
from app.services.i18n import _, current_language, format_date
from app.services.outreach import dashboard
from app.services.outreach.campaigns import erase_after, get_campaign
from app.services.outreach.keys import house_label
from app.services.printing import common
from app.services.reference import label

BOX = "☐"



def _people(session: Session, campaign_id: str, *, only_list: bool = True,
            visitor_id: str | None = None, street: str | None = None,
            statuses: tuple[str, ...] | None = None) -> list[OutreachPerson]:
    P = OutreachPerson
    stmt = select(P).where(P.campaign_id == campaign_id, P.erased_at.is_(None))
    if only_list:
        stmt = stmt.where(P.on_visit_list.is_(True))
    if visitor_id:
        stmt = stmt.where(P.visitor_id == visitor_id)
    if street:
        stmt = stmt.where(P.street == street)
    if statuses:
        stmt = stmt.where(P.status.in_(statuses))
    return list(session.scalars(stmt.order_by(P.address_sort, P.name_key)))


def _visitor_names(session: Session) -> dict[str, OutreachVisitor]:
    return {v.id: v for v in session.scalars(select(OutreachVisitor))}


# --- walking lists -----------------------------------------------------------------------------

def walking_list(session: Session, campaign_id: str, out: Path, *, group_by: str = "visitor",
                 visitor_id: str | None = None, street: str | None = None,
                 open_only: bool = True) -> Path:
    """One section per visitor (or street), each on its own page, in walking order."""
    campaign = get_campaign(session, campaign_id)
    statuses = ("todo", "retry") if open_only else None
    people = _people(session, campaign_id, visitor_id=visitor_id, street=street,
                     statuses=statuses)
    visitors = _visitor_names(session)
    st = common.styles(9.5)
    groups: dict[str, list[OutreachPerson]] = {}
    for p in people:
        if group_by == "street":
            key = p.street or _("(no street)")
        else:
            v = visitors.get(p.visitor_id or "")
            key = v.name if v else _("(no visitor assigned)")
        groups.setdefault(key, []).append(p)
    story: list = [common.para(_("Walking list – {name}").format(name=campaign.name), st.title),
                   common.para(_("Tick what came of each visit and write it in the visit log "
                                 "afterwards. Keep this list with you and destroy it when the "
                                 "visits are logged: it holds personal data."), st.small)]
    if not groups:
        story.append(common.para(_("Nobody on the visit list is waiting for a visit."), st.body))
    header = ["#", _("Address"), _("Name"), _("Age"), _("Attempt"),
              _("At the door"), _("Inside"), _("Not home"), _("Declined"), _("Notes")]
    widths = [9 * mm, 55 * mm, 50 * mm, 16 * mm, 18 * mm, 22 * mm, 20 * mm, 22 * mm,
              22 * mm, 27 * mm]
    today = date.today()
    box_style = ParagraphStyle("tick", parent=st.cell, fontSize=15, leading=17)
    for n, (key, members) in enumerate(sorted(groups.items())):
        if n:
            story.append(PageBreak())
        story.append(common.para(key, st.h1))
        rows = []
        for i, p in enumerate(members, 1):
            age = ""
            if p.birth_year:
                from app.services.outreach.people import age_on

                age = str(age_on(p, today))
            rows.append([str(i), f"{p.street} {house_label(p.house_number, p.box)}".strip(),
                         f"{p.last_name} {p.first_name}".strip(), age,
                         str(p.attempts + 1), *[common.para(BOX, box_style)] * 4, ""])
        table = common.data_table(header, rows, st, widths)
        # room to tick and scribble on the doorstep
        table.setStyle([("TOPPADDING", (0, 1), (-1, -1), 6),
                        ("BOTTOMPADDING", (0, 1), (-1, -1), 6)])
        story.append(table)
        story.append(common.para(ngettext_people(len(members)), st.small))
    return common.build_a4(out, story, title=_("Walking list"), subtitle=campaign.name,
                           landscape_mode=True)


def ngettext_people(n: int) -> str:
    from app.services.i18n import ngettext

    return ngettext("{n} address", "{n} addresses", n).format(n=n)


# --- cards -------------------------------------------------------------------------------------

CARD_W, CARD_H = A4[0] / 2, A4[1] / 2
SAFE = 8 * mm


def _cut_ticks(c: Canvas) -> None:
    w, h = A4
    c.setLineWidth(0.3)
    c.setStrokeColor(common.GREY)
    for x in (w / 2,):
        c.line(x, 0, x, 5 * mm)
        c.line(x, h - 5 * mm, x, h)
        c.line(x, h / 2 - 3 * mm, x, h / 2 + 3 * mm)
    for y in (h / 2,):
        c.line(0, y, 5 * mm, y)
        c.line(w - 5 * mm, y, w, y)
        c.line(w / 2 - 3 * mm, y, w / 2 + 3 * mm, y)


def _card(c: Canvas, slot: int, flowables: list) -> None:
    col, row = slot % 2, 1 - slot // 2
    frame = Frame(col * CARD_W + SAFE, row * CARD_H + SAFE, CARD_W - 2 * SAFE,
                  CARD_H - 2 * SAFE, showBoundary=0, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    frame.addFromList(list(flowables), c)


def _cards_pdf(out: Path, title: str, cards: list[list]) -> Path:
    common.register_fonts()

    def build(tmp: str) -> None:
        c = Canvas(tmp, pagesize=A4, invariant=1, initialFontName=common.FONT,
                   lang=current_language())
        c.setTitle(title)
        c.setAuthor("Buurtverbinder")
        for i, flowables in enumerate(cards or [[]]):
            if i and i % 4 == 0:
                c.showPage()
            if i % 4 == 0:
                _cut_ticks(c)
            _card(c, i % 4, flowables)
        c.showPage()
        c.save()

    return common.write_atomically(out, build)


def _card_styles():
    st = common.styles(11)
    return st


def _contact_block(campaign: OutreachCampaign, visitor: OutreachVisitor | None, st) -> list:
    out = []
    if visitor is not None:
        out.append(common.para(_("Your visitor: {name}").format(name=visitor.name), st.h2))
        if visitor.phone:
            out.append(common.para(_("Phone: {phone}").format(phone=visitor.phone), st.body))
    if campaign.centre_contact:
        out.append(common.para(campaign.centre_contact, st.body))
    return out


def kgw_cards(session: Session, campaign_id: str, out: Path,
              visitor_id: str | None = None) -> Path:
    """One card per visitor (or for the chosen one): left behind after a Kleine Grote
    Wensen visit, with the visitor's name and how to reach the service centre."""
    campaign = get_campaign(session, campaign_id)
    st = _card_styles()
    visitors = [v for v in _visitor_names(session).values()
                if v.trajectory_id == campaign.trajectory_id and v.active
                and (visitor_id is None or v.id == visitor_id)]
    cards = []
    for v in sorted(visitors, key=lambda v: v.name) or [None]:
        cards.append([common.para(_("Thank you for the visit"), st.title),
                      common.para(campaign.greeting, st.body), common.spacer(4),
                      *_contact_block(campaign, v, st),
                      common.para(_("Call us whenever you would like a chat or need a hand."),
                                  st.small)])
    return _cards_pdf(out, _("Cards – {name}").format(name=campaign.name), cards)


def missed_you_cards(session: Session, campaign_id: str, out: Path) -> Path:
    """A "sorry we missed you" card for everyone not at home who will get another visit."""
    campaign = get_campaign(session, campaign_id)
    st = _card_styles()
    visitors = _visitor_names(session)
    cards = []
    for p in _people(session, campaign_id, statuses=("retry",)):
        back = _("We will try again from {date}.").format(
            date=format_date(p.next_attempt_on, "long")) if p.next_attempt_on else ""
        cards.append([common.para(_("Sorry we missed you"), st.title),
                      common.para(_("Dear {name},").format(
                          name=f"{p.first_name} {p.last_name}".strip()), st.body),
                      common.para(_("We came by for a chat today, but you were not at "
                                    "home."), st.body),
                      common.para(back, st.body), common.spacer(3),
                      *_contact_block(campaign, visitors.get(p.visitor_id or ""), st)])
    return _cards_pdf(out, _("Sorry we missed you"), cards)


def christmas_cards(session: Session, campaign_id: str, out: Path) -> Path:
    """Mail merge: one addressed Christmas card per person on the visit list (not for people
    who moved or died)."""
    campaign = get_campaign(session, campaign_id)
    st = _card_styles()
    cards = []
    statuses = tuple(s for s in STATUS_CODES if s not in ("moved", "deceased"))
    for p in _people(session, campaign_id, statuses=statuses):
        address = [f"{p.first_name} {p.last_name}".strip(),
                   f"{p.street} {house_label(p.house_number, p.box)}".strip(),
                   f"{p.postcode} {p.place}".strip()]
        cards.append([common.para(_("Merry Christmas"), st.title),
                      common.para(campaign.greeting, st.body), common.spacer(3),
                      *_contact_block(campaign, None, st), common.spacer(6),
                      *[common.para(line, st.h2 if i == 0 else st.body)
                        for i, line in enumerate(address) if line]])
    return _cards_pdf(out, _("Christmas cards – {name}").format(name=campaign.name), cards)


# --- erasure report ------------------------------------------------------------------------------

def erasure_report(session: Session, campaign_id: str, out: Path) -> Path:
    """What was erased and what anonymous counts remain, for the file of the organisation."""
    campaign = session.get(OutreachCampaign, campaign_id)
    st = common.styles()
    d = dashboard.compute(session, campaign_id)
    story = [common.para(_("Erasure report – {name}").format(name=campaign.name), st.title)]
    when = format_date(campaign.erased_at, "long") if campaign.erased_at else _("not yet")
    due = erase_after(campaign)
    facts = [
        (_("Campaign"), campaign.name),
        (_("Kind"), label("outreach_kind", campaign.kind)),
        (_("End date"), format_date(campaign.end_date, "long")),
        (_("Retention period"), _("{n} months").format(n=campaign.retention_months)),
        (_("Erase from"), format_date(due, "long") if due else "—"),
        (_("Personal data erased on"), when),
    ]
    story.append(common.data_table([_("What"), _("Value")], facts, st, [55 * mm, 115 * mm]))
    story.append(common.para(_("What was erased"), st.h1))
    story.append(common.para(_("Names, addresses, phone numbers, birth dates and all free text "
                               "(notes, wishes, follow-ups, reasons for referral) of the "
                               "people on this campaign's list. The records are marked as "
                               "erased, so an older copy from another computer cannot bring "
                               "them back."), st.body))
    story.append(common.para(_("What remains (anonymous)"), st.h1))
    rows = [(_("People on the list"), d.people), (_("Visits"), d.visits),
            (_("Reached"), d.progress.reached), (_("Attempted"), d.progress.attempted),
            (_("Wishes noted / fulfilled"), f"{d.wishes} / {d.wishes_fulfilled}")]
    rows += [(label("visit_outcome", k), v) for k, v in sorted(d.outcomes.items())]
    rows += [(_("Signal: {s}").format(s=label("visit_signal", k)), v)
             for k, v in sorted(d.signals.items())]
    rows += [(_("Referrals to {p}").format(p=k), v) for k, v in sorted(d.referrals.items())]
    story.append(common.data_table([_("Count"), _("Number")], rows, st, [120 * mm, 50 * mm]))
    return common.build_a4(out, story, title=_("Erasure report"), subtitle=campaign.name)


def erasure_preview_report(session: Session, campaign_id: str, out: Path,
                           today: date) -> Path:
    from app.services.outreach.retention import preview

    pv = preview(session, campaign_id, today)
    st = common.styles()
    story = [common.para(_("Erasure preview – {name}").format(name=pv.campaign_name), st.title),
             common.data_table([_("What will be erased"), _("Number")], [
                 (_("People: name, address, phone, birth date, notes"), pv.people),
                 (_("Visits with free text"), pv.visits_with_text),
                 (_("Consents (notes)"), pv.consents),
                 (_("Referrals (reason and notes)"), pv.referrals)], st,
                 [120 * mm, 50 * mm])]
    return common.build_a4(out, story, title=_("Erasure preview"), subtitle=pv.campaign_name)


KIND_CARDS = {"kgw": kgw_cards, "christmas": christmas_cards, "general": missed_you_cards}
