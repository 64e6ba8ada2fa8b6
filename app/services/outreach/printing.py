"""Printables of a campaign: walking lists (per visitor or street, in walking order, with
tick boxes and room to write), the cards left behind (Kleine Grote Wensen card, "sorry we
missed you" card, addressed Christmas cards: exact A6 cards, front and back, two to an A4 with
crop marks) and the erasure report."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageBreak, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import Trajectory
from app.models.outreach import STATUSES as STATUS_CODES
from app.models.outreach import OutreachCampaign, OutreachPerson, OutreachVisitor
from app.services.atomic import atomic_write
from app.services.i18n import _, format_date
from app.services.outreach import dashboard, rounds
from app.services.outreach.campaigns import erase_after, get_campaign
from app.services.outreach.keys import full_name, house_label
from app.services.printing import common, imposition
from app.services.printing.imposition import BLEED, SAFE
from app.services.reference import label


def _people(session: Session, campaign_id: str, *, only_list: bool = True,
            visitor_id: str | None = None, street: str | None = None,
            statuses: tuple[str, ...] | None = None,
            person_ids: list[str] | None = None) -> list[OutreachPerson]:
    P = OutreachPerson
    stmt = select(P).where(P.campaign_id == campaign_id, P.erased_at.is_(None))
    if person_ids is not None:  # chosen by hand: whatever their place on the list
        stmt = stmt.where(P.id.in_(person_ids))
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

WALKING_ORDERS = ("number", "sides")


class TickBox(Flowable):
    """An empty square to tick with a pen (drawn, so no font has to have the sign)."""

    def __init__(self, size: float = 4.5 * mm):
        super().__init__()
        self.size = size

    def wrap(self, *_args):
        return self.size, self.size

    def draw(self):
        self.canv.setLineWidth(0.8)
        self.canv.setStrokeColor(colors.black)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


def walking_list(session: Session, campaign_id: str, out: Path, *, group_by: str = "visitor",
                 visitor_id: str | None = None, street: str | None = None,
                 open_only: bool = True, order: str = "number") -> Path:
    """One section per visitor (or street), each on its own page, in walking order. The
    visitor (or street) and the campaign stand on every page, with "page x of y". Each
    section is a round: its code and row numbers open the same rows in the round entry."""
    campaign = get_campaign(session, campaign_id)
    statuses = ("todo", "retry") if open_only else None
    chosen = _people(session, campaign_id, visitor_id=visitor_id, street=street,
                     statuses=statuses)
    people = rounds.walking_order(chosen, order)
    groups = _sections(session, people, group_by)
    st = common.styles(10)
    story: list = [common.para(_("Walking list – {name}").format(name=campaign.name), st.title),
                   common.para(_("Tick what came of each visit and type it in afterwards with "
                                 "the round code (Home visits › Enter a round). Keep this list "
                                 "with you and destroy it when the visits are logged: it holds "
                                 "personal data."), st.small)]
    if order == "sides":
        story.append(common.para(_("Walking order: up the odd side of each street, back down "
                                   "the even side."), st.small))
    if not groups:
        story.append(common.para(_("Nobody on the visit list is waiting for a visit."), st.body))
    today = date.today()
    # the code in large type, but free to leave its table to the next page (a long round)
    code_style = ParagraphStyle("roundcode", parent=st.h2, fontSize=st.h1.fontSize,
                                leading=st.h1.leading, keepWithNext=0)
    for n, ((title, key), members) in enumerate(sorted(groups.items())):
        if n:
            story.append(PageBreak())
        code = rounds.round_code(rounds.RoundKey(campaign_id, group_by, key, today, order,
                                                 open_only))
        # the code stands on every page of the section: a long round runs over several
        story += [common.RunningHeader(f"{title} · {code}"), common.para(title, st.h1),
                  common.para(_("Round code: {code}").format(code=code), code_style),
                  _walking_table(members, st, today),
                  common.para(ngettext_people(len(members)), st.small)]
    return common.build_a4(out, story, title=_("Walking list – {name}").format(
        name=campaign.name), subtitle=campaign.name, landscape_mode=True)


def _sections(session: Session, people: list[OutreachPerson], group_by: str
              ) -> dict[tuple[str, str], list[OutreachPerson]]:
    """(title, round key) → the section's people: per visitor (key: their id, "" for nobody)
    or per street."""
    visitors = _visitor_names(session)
    groups: dict[tuple[str, str], list[OutreachPerson]] = {}
    for p in people:
        if group_by == "street":
            title, key = p.street or _("(no street)"), p.street
        else:
            v = visitors.get(p.visitor_id or "")
            title = v.name if v else _("(no visitor assigned)")
            key = v.id if v else ""
        groups.setdefault((title, key), []).append(p)
    return groups


def tick_headers() -> list[str]:
    """The tick columns, numbered as the keys of the round entry."""
    return [rounds.outcome_label(outcome) for outcome in rounds.ROUND_OUTCOMES]


def _walking_table(members: list[OutreachPerson], st, today: date):
    from app.services.outreach.people import age_on

    centred = ParagraphStyle("tickhead", parent=st.cell_bold, alignment=1)
    header = ["#", _("Address"), _("Name"), _("Age"), _("Visit"),
              *[common.para(t, centred) for t in tick_headers()], _("Notes")]
    inner = common.text_width_of(landscape_mode=True)
    fixed = [8 * mm, 44 * mm, 40 * mm, 11 * mm, 12 * mm, *[18 * mm] * 5]
    widths = [*fixed, inner - sum(fixed)]  # the rest (57 mm): a line of handwriting
    rows = []
    for i, p in enumerate(members, 1):
        age = age_on(p, today) if p.birth_year else None
        rows.append([str(i), f"{p.street} {house_label(p.house_number, p.box)}".strip(),
                     full_name(p.first_name, p.last_name), "" if age is None else str(age),
                     str(p.attempts + 1), *[TickBox() for _i in range(5)], ""])
    table = common.data_table(header, rows, st, widths)
    # room to tick and to write on the doorstep: rows a handwritten line high
    table.setStyle([("TOPPADDING", (0, 1), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 8),
                    ("ALIGN", (5, 0), (9, -1), "CENTER"),
                    ("VALIGN", (5, 1), (9, -1), "MIDDLE"),
                    ("LINEBEFORE", (10, 1), (10, -1), 0.25, common.RULE),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.HexColor("#8d9a97"))])
    return table


def ngettext_people(n: int) -> str:
    from app.services.i18n import ngettext

    return ngettext("{n} address", "{n} addresses", n).format(n=n)


# --- cards -------------------------------------------------------------------------------------
# Cards left with older residents: exact A6, front and back (long-edge duplex), large type
# (body 13 pt, the contact lines 15 pt), the organisation's name and logo on the back.

TITLE_SIZE, BODY_SIZE, CONTACT_SIZE = 22, 13, 15


def _card_styles() -> dict[str, ParagraphStyle]:
    st = common.styles(BODY_SIZE)
    return {
        "title": ParagraphStyle("ctitle", parent=st.title, fontSize=TITLE_SIZE,
                                leading=TITLE_SIZE * 1.15, spaceAfter=4 * mm,
                                hyphenationLang=""),
        # no hyphenation: whole words read more easily, and 13 pt leaves room for them
        "body": ParagraphStyle("cbody", parent=st.body, leading=BODY_SIZE * 1.35,
                               spaceAfter=2.5 * mm, hyphenationLang=""),
        "address": ParagraphStyle("caddr", parent=st.body, leading=BODY_SIZE * 1.35,
                                  spaceAfter=0, hyphenationLang=""),
        "contact": ParagraphStyle("ccontact", parent=st.body, fontName=common.FONT_BOLD,
                                  fontSize=CONTACT_SIZE, leading=CONTACT_SIZE * 1.3,
                                  spaceAfter=1.5 * mm, hyphenationLang=""),
        "org": ParagraphStyle("corg", parent=st.body, fontName=common.FONT_BOLD,
                              fontSize=CONTACT_SIZE, leading=CONTACT_SIZE * 1.3,
                              textColor=common.ACCENT, alignment=1, hyphenationLang=""),
        "centre": ParagraphStyle("ccentre", parent=st.body, alignment=1),
    }


def _title(text: str, style: ParagraphStyle) -> Paragraph:
    """A title whose last two words stay together (no lone word on the last line)."""
    words = text.split()
    if len(words) > 2:
        text = " ".join([*words[:-2], words[-2] + "\xa0" + words[-1]])
    return Paragraph(common.markup(text), style)


@dataclass
class Card:
    front_top: list          # title and texts, from the top
    front_bottom: list       # the contact block, at the foot of the front
    back_top: list           # e.g. an address
    greeting: str = ""       # free text that is shortened with an ellipsis if it cannot fit
    greeting_at: int = -1    # its place in front_top
    contact_on_back: bool = True  # False when the front already gives the centre's contact


def _height(flowables: list, width: float) -> float:
    """Height the flowables take in a frame (the first one's space before is dropped there;
    the last one's space after still has to fit)."""
    total = 0.0
    for i, f in enumerate(flowables):
        _w, h = f.wrap(width, 10_000)
        total += h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
    return total


def _fit_front(card: Card, width: float, height: float, style) -> tuple[list, float]:
    """The front's top story, with the greeting shortened (at a word, with an ellipsis)
    until top and bottom fit; returns it and the gap between them."""
    bottom_h = _height(card.front_bottom, width)
    words = card.greeting.split()
    keep = len(words)
    while True:
        top = list(card.front_top)
        if card.greeting_at >= 0:
            text = " ".join(words[:keep]) + ("…" if keep < len(words) else "")
            top.insert(card.greeting_at, Paragraph(common.markup(text), style))
        gap = height - _height(top, width) - bottom_h - 1  # 1 pt: rounding in the frame
        if gap >= 0 or keep == 0:
            return top, max(gap, 0)
        keep = max(0, keep - max(1, len(words) // 10))


def _frame(c: Canvas, x: float, y: float, w: float, h: float, story: list) -> None:
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
                  showBoundary=0)
    frame.addFromList(list(story), c)


def _band(c: Canvas, w: float, h: float, height: float, text: str = "") -> None:
    """The colour band across the top, bleeding off three edges, with the organisation."""
    c.saveState()
    c.setFillColor(common.ACCENT)
    c.rect(-BLEED, h - height, w + 2 * BLEED, height + BLEED, stroke=0, fill=1)
    if text:
        c.setFillColor(colors.white)
        c.setFont(common.FONT_BOLD, 12)
        c.drawString(SAFE, h - height / 2 - 12 * 0.35,
                     common._clip_to(text, common.FONT_BOLD, 12, w - 2 * SAFE))
    c.restoreState()


def _note_lines(c: Canvas, w: float, top: float, bottom: float) -> None:
    """Ruled lines for a handwritten note, from `top` down to `bottom`."""
    c.saveState()
    c.setFont(common.FONT_BOLD, 12)
    c.setFillColor(common.ACCENT)
    c.drawString(SAFE, top - 12, _("A note from your visitor"))
    c.setStrokeColor(common.RULE)
    c.setLineWidth(0.6)
    y = top - 12 - 10 * mm
    while y >= bottom:
        c.line(SAFE, y, w - SAFE, y)
        y -= 10 * mm
    c.restoreState()


def _front(c: Canvas, card: Card, w: float, h: float, st, org: str = "") -> None:
    band = 10 * mm
    _band(c, w, h, band, org)
    iw = w - 2 * SAFE
    top_y = h - band - 5 * mm
    avail = top_y - SAFE
    story, gap = _fit_front(card, iw, avail, st["body"])
    _frame(c, SAFE, SAFE, iw, avail, [*story, Spacer(1, gap), *card.front_bottom])


def _back(c: Canvas, card: Card, w: float, h: float, org: str, logo: bytes,
          contact: str, st) -> None:
    band = 10 * mm
    _band(c, w, h, band)
    iw = w - 2 * SAFE
    y = h - band - 6 * mm
    if logo:
        from reportlab.lib.utils import ImageReader

        try:
            img = ImageReader(io.BytesIO(logo))
            lw, lh = img.getSize()
            scale = min(iw * 0.7 / lw, 30 * mm / lh)
            c.drawImage(img, (w - lw * scale) / 2, y - lh * scale, lw * scale, lh * scale,
                        mask="auto")
            y -= lh * scale + 4 * mm
        except Exception:  # noqa: BLE001 (a logo file damaged since it was chosen: leave it out)
            pass
    head = [Paragraph(common.markup(org), st["org"])] if org else []
    if contact and card.contact_on_back:
        head += [Spacer(1, 3 * mm),
                 Paragraph(common.markup(_("Questions, or would you like a visit? Call us:")),
                           st["centre"]),
                 Paragraph(common.markup(contact), ParagraphStyle(
                     "cc", parent=st["contact"], alignment=1))]
    story = [*head, Spacer(1, 6 * mm), *card.back_top]
    _frame(c, SAFE, SAFE, iw, y - SAFE, story)
    if not card.back_top:  # room left: lines for a note from the visitor
        used = _height(story, iw)
        if y - used - SAFE > 30 * mm:
            _note_lines(c, w, y - used - 2 * mm, SAFE + 2 * mm)


def _cards_pdf(out: Path, title: str, cards: list[Card], campaign: OutreachCampaign,
               org: str) -> Path:
    common.register_fonts()
    st = _card_styles()
    from app.services.outreach.logo import logo as campaign_logo

    logo = campaign_logo(campaign.id)
    cards = cards or [Card([], [], [])]

    def build(tmp: str) -> None:
        c = common.new_canvas(tmp, title=title, duplex=True)
        for group in imposition.sheets(len(cards), "a6"):
            for back_side in (False, True):
                for idx, slot in zip(group, imposition.slots("a6", back_side), strict=False):
                    w, h = slot.card_size
                    c.saveState()
                    imposition.place(c, slot)
                    if back_side:
                        _back(c, cards[idx], w, h, org, logo, campaign.centre_contact, st)
                    else:
                        _front(c, cards[idx], w, h, st, org)
                    c.restoreState()
                imposition.draw_marks(c, "a6")
                c.showPage()
        c.save()

    return atomic_write(out, build)


def _organisation(session: Session, campaign: OutreachCampaign) -> str:
    traj = session.get(Trajectory, campaign.trajectory_id)
    return (traj.organisation or "").strip() if traj else ""


def _contact_block(visitor: OutreachVisitor | None, campaign: OutreachCampaign, st) -> list:
    """Who to call, at the foot of the front: the visitor, or else the service centre."""
    if visitor is not None:
        out = [Paragraph(common.markup(_("Your contact person")), st["body"]),
               Paragraph(common.markup(visitor.name), st["contact"])]
        if visitor.phone:
            out.append(Paragraph(common.markup(_("Phone: {phone}").format(
                phone=visitor.phone)), st["contact"]))
        return out
    if campaign.centre_contact:
        return [Paragraph(common.markup(_("Call us:")), st["body"]),
                Paragraph(common.markup(campaign.centre_contact), st["contact"])]
    return []


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
    for_whom: list[OutreachVisitor | None] = [*sorted(visitors, key=lambda v: v.name)]
    for v in for_whom or [None]:
        cards.append(Card(
            [_title(_("Thank you for the visit"), st["title"]),
             Paragraph(common.markup(_("Would you like a chat or a hand with something? "
                                       "Call us any time.")), st["body"])],
            _contact_block(v, campaign, st), [], campaign.greeting, 1))
    return _cards_pdf(out, _("Cards – {name}").format(name=campaign.name), cards, campaign,
                      _organisation(session, campaign))


def missed_you_cards(session: Session, campaign_id: str, out: Path,
                     person_ids: list[str] | None = None) -> Path:
    """A "sorry we missed you" card for everyone not at home who will get another visit (or
    for the people chosen)."""
    campaign = get_campaign(session, campaign_id)
    st = _card_styles()
    visitors = _visitor_names(session)
    cards = []
    chosen = person_ids is not None
    for p in _people(session, campaign_id, statuses=None if chosen else ("retry",),
                     only_list=not chosen, person_ids=person_ids):
        again = [Paragraph(common.markup(_("We will try again from {date}.").format(
            date=format_date(p.next_attempt_on, "long"))), st["body"])] \
            if p.next_attempt_on else []
        cards.append(Card(
            [_title(_("Sorry we missed you!"), st["title"]),
             Paragraph(common.markup(_("Dear {name},").format(
                 name=full_name(p.first_name, p.last_name))), st["body"]),
             Paragraph(common.markup(_("We came by today for a chat, but you were not at "
                                       "home.")), st["body"]), *again],
            _contact_block(visitors.get(p.visitor_id or ""), campaign, st), []))
    return _cards_pdf(out, _("Sorry we missed you!"), cards, campaign,
                      _organisation(session, campaign))


def christmas_cards(session: Session, campaign_id: str, out: Path,
                    person_ids: list[str] | None = None) -> Path:
    """Mail merge: one addressed Christmas card per person on the visit list, or per person
    chosen (never for people who moved or died); the address stands on the back."""
    campaign = get_campaign(session, campaign_id)
    st = _card_styles()
    cards = []
    statuses = tuple(s for s in STATUS_CODES if s not in ("moved", "deceased"))
    for p in _people(session, campaign_id, statuses=statuses,
                     only_list=person_ids is None, person_ids=person_ids):
        address = [full_name(p.first_name, p.last_name),
                   f"{p.street} {house_label(p.house_number, p.box)}".strip(),
                   f"{p.postcode} {p.place}".strip()]
        cards.append(Card(
            [_title(_("Merry Christmas"), st["title"])], _contact_block(None, campaign, st),
            [Paragraph(common.markup(line), st["contact"] if i == 0 else st["address"])
             for i, line in enumerate(address) if line],
            campaign.greeting, 1, contact_on_back=False))
    return _cards_pdf(out, _("Christmas cards – {name}").format(name=campaign.name), cards,
                      campaign, _organisation(session, campaign))


# --- erasure report ------------------------------------------------------------------------------

def erasure_report(session: Session, campaign_id: str, out: Path) -> Path:
    """What was erased and what anonymous counts remain, for the file of the organisation."""
    campaign = get_campaign(session, campaign_id, writable=False)
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

