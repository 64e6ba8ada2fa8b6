"""The groundwork steps' own parts of 'Print this step' (steps 0–4): the records of each step,
the stakeholder map, the coverage matrix and simple charts of the figures."""
from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.core import FocusArea, Partner, Trajectory
from app.models.groundwork import (
    AreaFigure,
    AreaStory,
    ContactMoment,
    ExistingActivity,
    InterestedPerson,
    TrainingSession,
)
from app.services import reference
from app.services.groundwork import network
from app.services.groundwork.coverage import coverage_matrix
from app.services.groundwork.needs import has_reference, need_summaries
from app.services.groundwork.readiness import preconditions, readiness
from app.services.i18n import _, format_date, format_decimal
from app.services.printing.common import (
    FONT,
    FONT_BOLD,
    GREY,
    Styles,
    data_table,
    para,
    spacer,
)

WIDTH = 174 * mm  # A4 minus the margins
KEEP_WARM_MONTHS = 6


def _areas(session: Session, tid: str) -> dict[str, str]:
    return dict(session.execute(select(FocusArea.id, FocusArea.name).where(
        FocusArea.trajectory_id == tid)).all())


def _date(value: date | None) -> str:
    return format_date(value, "short") if value else "—"


# --- before you start --------------------------------------------------------------------------

def start_section(session: Session, tid: str, st: Styles) -> list:
    story = [para(_("Focus areas"), st.h1)]
    areas = session.scalars(select(FocusArea).where(FocusArea.trajectory_id == tid)
                            .order_by(FocusArea.name)).all()
    rows = [[a.name, reference.label("focus_area_kind", a.kind),
             ", ".join(reference.label("signal_source", c) for c in a.signal_sources),
             a.reason] for a in areas]
    story.append(data_table([_("Name"), _("Kind"), _("Signal from"), _("Why this area")], rows,
                            st, [38 * mm, 26 * mm, 36 * mm, None]) if rows
                 else para(_("No focus areas yet."), st.body))
    story.append(para(_("Preconditions"), st.h1))
    rows = [[reference.label("precondition", p.code),
             reference.label("precondition_status", p.status), p.note]
            for p in preconditions(session, tid)]
    story.append(data_table([_("Precondition"), _("Status"), _("Note")], rows, st,
                            [60 * mm, 24 * mm, None]))
    story += [para(_("Ready to start?"), st.h2),
              para(readiness(session, tid).sentence(), st.body)]
    return story


# --- step 1 ------------------------------------------------------------------------------------

def step1_section(session: Session, tid: str, st: Styles) -> list:
    traj = session.get(Trajectory, tid)
    partners = session.scalars(select(Partner).where(Partner.trajectory_id == tid)
                               .order_by(Partner.involvement, Partner.name)).all()
    lead = [p.name for p in partners if p.involvement == "lead"]
    story = [para(_("Lead organisation: {lead}").format(lead=", ".join(lead) or "—"), st.body),
             para(_("Network director: {name}").format(
                 name=(traj.network_director if traj else "") or "—"), st.body),
             para(_("Partners"), st.h1)]
    rows = [[p.name, reference.label("partner_type", p.partner_type),
             reference.label("involvement", p.involvement),
             _("Yes") if p.roles_agreed else _("No"),
             _("Yes") if p.essential else _("No")] for p in partners]
    story.append(data_table([_("Organisation"), _("Type"), _("Involvement"), _("Roles agreed"),
                             _("Essential")], rows, st,
                            [50 * mm, 38 * mm, 40 * mm, 22 * mm, None]) if rows
                 else para(_("No partners yet."), st.body))
    if partners:
        story.append(KeepTogether([para(_("Stakeholder map"), st.h2),
                                   stakeholder_drawing(session, tid)]))
    story.append(para(_("Contact log"), st.h1))
    names = {p.id: p.name for p in partners}
    moments = session.scalars(select(ContactMoment).where(ContactMoment.trajectory_id == tid)
                              .order_by(ContactMoment.held_on.desc())).all()
    rows = [[_date(m.held_on), reference.label("contact_kind", m.kind), m.title,
             ", ".join(names[i] for i in m.partner_ids if i in names)] for m in moments]
    story.append(data_table([_("Date"), _("Kind"), _("Title"), _("Partners present")], rows, st,
                            [22 * mm, 34 * mm, 50 * mm, None]) if rows
                 else para(_("No contact moments yet."), st.body))
    stale = network.keep_warm(session, tid, KEEP_WARM_MONTHS, date.today())
    if stale:
        story.append(para(_("Keep contacts warm: not contacted for {n} months or more").format(
            n=KEEP_WARM_MONTHS), st.h2))
        story.append(data_table([_("Partner"), _("Last contact")],
                                [[c.name, _date(c.last) if c.last else _("never")]
                                 for c in stale], st, [100 * mm, None]))
    return story


def stakeholder_drawing(session: Session, tid: str, width: float = WIDTH) -> Drawing:
    """Rings by involvement (lead in the middle), dots coloured by type, and a legend."""
    nodes = network.stakeholder_layout(session, tid)
    size = 105 * mm
    d = Drawing(width, size)
    cx, cy, r = size / 2, size / 2, size / 2 - 4 * mm
    for ring in (2, 1, 0):
        d.add(Circle(cx, cy, r * network.ring_bound(ring), fillColor=colors.HexColor(
            ("#f4f8f7", "#e8f1ee", "#dbe9e4")[ring]), strokeColor=GREY, strokeWidth=0.5))
        d.add(String(cx, cy + r * network.ring_bound(ring) - 9, _ring_label(ring),
                     fontName=FONT, fontSize=6.5, fillColor=GREY, textAnchor="middle"))
    for n in nodes:
        x, y = cx + n.x * r, cy - n.y * r
        d.add(Circle(x, y, 4.2 if n.essential else 3.2,
                     fillColor=colors.HexColor(network.type_colour(n.partner_type)),
                     strokeColor=colors.black, strokeWidth=1.2 if n.essential else 0.4))
        d.add(String(x, y - 10, n.name[:26], fontName=FONT, fontSize=6, textAnchor="middle"))
    # legend: the partner types that occur, and what a thick outline means
    types = sorted({n.partner_type for n in nodes},
                   key=lambda c: reference.label("partner_type", c))
    lx, ly = size + 6 * mm, size - 6 * mm
    for code in types:
        d.add(Rect(lx, ly - 2, 7, 7, fillColor=colors.HexColor(network.type_colour(code)),
                   strokeColor=colors.black, strokeWidth=0.3))
        d.add(String(lx + 11, ly, reference.label("partner_type", code)[:48], fontName=FONT,
                     fontSize=7))
        ly -= 11
    d.add(Circle(lx + 3.5, ly + 1.5, 4.2, fillColor=colors.white, strokeColor=colors.black,
                 strokeWidth=1.2))
    d.add(String(lx + 11, ly, _("thick outline: essential partner"), fontName=FONT, fontSize=7))
    return d


def _ring_label(ring: int) -> str:
    return reference.label("involvement", network.RING_ORDER[ring]).split(":")[0]


# --- step 2 ------------------------------------------------------------------------------------

def step2_section(session: Session, tid: str, st: Styles) -> list:
    story = [para(_("Sessions"), st.h1)]
    sessions = session.scalars(select(TrainingSession).where(TrainingSession.trajectory_id == tid)
                               .order_by(TrainingSession.held_on)).all()
    rows = [[_date(s.held_on), reference.label("training_kind", s.kind), s.place, s.topics,
             _participants(s), f"{s.evaluation}/5" if s.evaluation else "—"] for s in sessions]
    story.append(data_table([_("Date"), _("Kind"), _("Place"), _("Topics"), _("Participants"),
                             _("Score")], rows, st,
                            [20 * mm, 30 * mm, 30 * mm, None, 40 * mm, 14 * mm]) if rows
                 else para(_("No sessions yet."), st.body))
    story.append(para(_("People who want to stay involved"), st.h1))
    people = session.scalars(select(InterestedPerson).where(
        InterestedPerson.trajectory_id == tid, InterestedPerson.erased_at.is_(None))
        .order_by(InterestedPerson.name)).all()
    rows = [[p.name, reference.label("interested_role", p.role), p.contact,
             _("Yes, on {date}").format(date=_date(p.consent_date)) if p.consent else _("No")]
            for p in people]
    story.append(data_table([_("Name"), _("Role"), _("Contact"), _("May be contacted")], rows,
                            st, [45 * mm, 40 * mm, 50 * mm, None]) if rows
                 else para(_("Nobody noted yet."), st.body))
    return story


def _participants(s: TrainingSession) -> str:
    parts = [(s.professionals, _("professionals")), (s.volunteers, _("volunteers")),
             (s.residents, _("residents")), (s.lived_experience, _("with lived experience"))]
    return ", ".join(f"{n} {label}" for n, label in parts if n) or "—"


# --- step 3 ------------------------------------------------------------------------------------

def step3_section(session: Session, tid: str, st: Styles) -> list:
    story = [para(_("What already runs"), st.h1)]
    stmt = (select(ExistingActivity, Partner.name)
            .outerjoin(Partner, Partner.id == ExistingActivity.organiser_id)
            .where(ExistingActivity.trajectory_id == tid).order_by(ExistingActivity.name))
    rows = [[a.name, org or "—", reference.label("continuity", a.continuity), a.frequency,
             str(a.people_reached or "—"),
             ", ".join(reference.label("element", c) for c in a.element_codes)]
            for a, org in session.execute(stmt)]
    story.append(data_table([_("Action"), _("Organiser"), _("Continuity"), _("Frequency"),
                             _("Reached"), _("Effective elements")], rows, st,
                            [38 * mm, 30 * mm, 22 * mm, 22 * mm, 18 * mm, None]) if rows
                 else para(_("No actions mapped yet."), st.body))
    story += [para(_("Coverage of risk groups"), st.h1)] + coverage_flowables(session, tid, st)
    return story


def coverage_flowables(session: Session, tid: str, st: Styles) -> list:
    from reportlab.platypus import Table, TableStyle

    matrix = coverage_matrix(session, tid)
    unreached = matrix.unreached
    text = (_("Not reached by any action yet: {groups}.").format(
        groups=", ".join(reference.label("risk_group", c) for c in unreached))
        if unreached else _("Every risk group is reached by at least one action."))
    out = [para(text, st.body)]
    if not matrix.activities:
        return out
    acts = matrix.activities[:12]  # the page is only so wide; the list above has them all
    header = [para(_("Risk group"), st.cell_bold)] + [
        para(f"{i + 1}", st.cell_bold) for i in range(len(acts))]
    body = [header]
    for r, row in enumerate(matrix.rows):
        label = reference.label("risk_group", row.code)
        if row.unreached:
            label = "⚠ " + label + " — " + _("not reached")
        cells = [para(label, st.cell_bold if row.unreached else st.cell)]
        cells += ["●" if matrix.cell(r, c) else "" for c in range(len(acts))]
        body.append(cells)
    col = min(10 * mm, (WIDTH - 70 * mm) / max(len(acts), 1))
    table = Table(body, colWidths=[WIDTH - col * len(acts)] + [col] * len(acts), repeatRows=1)
    style = [("FONT", (1, 1), (-1, -1), FONT, 9), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
             ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9d4d1")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1ee")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, row in enumerate(matrix.rows, start=1):
        if row.unreached:  # hatched look: a tint plus the ⚠ text, never colour alone
            style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#fbe3dc")))
    table.setStyle(TableStyle(style))
    out.append(table)
    out.append(spacer(2))
    out.append(para(" · ".join(f"{i + 1} = {a.name}" for i, a in enumerate(acts)), st.small))
    return out


# --- step 4 ------------------------------------------------------------------------------------

def step4_section(session: Session, tid: str, st: Styles) -> list:
    areas = _areas(session, tid)
    figures = session.scalars(select(AreaFigure).where(AreaFigure.trajectory_id == tid)
                              .order_by(AreaFigure.focus_area_id, AreaFigure.indicator)).all()
    story = [para(_("Figures"), st.h1)]
    rows = [[areas.get(f.focus_area_id, "—"), f.indicator,
             f"{format_decimal(f.value)} {f.unit}".strip(),
             f"{format_decimal(f.reference_value)} {f.reference_label}".strip()
             if has_reference(f.reference_value, f.reference_label) else "—",
             str(f.year or "—"), f.source]
            for f in figures]
    story.append(data_table([_("Focus area"), _("Indicator"), _("Value"), _("Reference"),
                             _("Year"), _("Source")], rows, st,
                            [28 * mm, 40 * mm, 22 * mm, 26 * mm, 12 * mm, None]) if rows
                 else para(_("No figures yet."), st.body))
    compared = [f for f in figures if has_reference(f.reference_value, f.reference_label)]
    if compared:
        story.append(KeepTogether([para(_("Figures compared with their reference"), st.h2),
                                   figure_chart(compared)]))
    story.append(para(_("Stories and observations"), st.h1))
    stories = session.scalars(select(AreaStory).where(AreaStory.trajectory_id == tid)
                              .order_by(AreaStory.heard_on.desc())).all()
    rows = [[_date(s.heard_on), s.title, reference.label("story_source", s.source_kind),
             ", ".join(reference.label("story_tag", t) for t in s.tag_codes), s.text]
            for s in stories]
    story.append(data_table([_("Date"), _("Title"), _("Source"), _("Tags"), _("Story")], rows,
                            st, [20 * mm, 34 * mm, 24 * mm, 34 * mm, None]) if rows
                 else para(_("No stories yet."), st.body))
    story.append(para(_("Needs in order of priority"), st.h1))
    rows = []
    for n in need_summaries(session, tid):
        support = "; ".join(n.figures + n.stories) if not n.gut_feeling else \
            "⚠ " + _("Gut feeling, not yet checked")
        rows.append([str(n.priority), n.title, support])
    story.append(data_table(["#", _("Need"), _("Supported by")], rows, st,
                            [8 * mm, 60 * mm, None]) if rows
                 else para(_("No needs yet."), st.body))
    return story


def figure_chart(figures: list[AreaFigure], width: float = WIDTH) -> Drawing:
    """Horizontal bars: each figure's value against its reference, scaled per figure (units
    differ), with the numbers printed so the bars are never the only cue."""
    row_h, label_w = 22, 62 * mm
    d = Drawing(width, row_h * len(figures) + 16)
    bar_w = width - label_w - 40 * mm
    y = d.height - 12
    d.add(Rect(label_w, y + 2, 8, 6, fillColor=colors.HexColor("#2f6f5e"), strokeWidth=0))
    d.add(String(label_w + 11, y + 2, _("value"), fontName=FONT, fontSize=7))
    d.add(Rect(label_w + 50, y + 2, 8, 6, fillColor=colors.HexColor("#b9c7c3"), strokeWidth=0))
    d.add(String(label_w + 61, y + 2, _("reference"), fontName=FONT, fontSize=7))
    for f in figures:
        y -= row_h
        top = max(abs(f.value), abs(f.reference_value or 0)) or 1
        d.add(String(0, y + 7, f.indicator[:40], fontName=FONT, fontSize=7.5))
        for value, colour, dy, bold in ((f.value, "#2f6f5e", 8, True),
                                        (f.reference_value, "#b9c7c3", 0, False)):
            w = bar_w * abs(value) / top
            d.add(Rect(label_w, y + dy, w, 7, fillColor=colors.HexColor(colour), strokeWidth=0))
            text = f"{format_decimal(value)} {f.unit}".strip()
            if not bold and f.reference_label:
                text += f" ({f.reference_label})"
            d.add(String(label_w + w + 3, y + dy + 1, text, fontName=FONT_BOLD if bold else FONT,
                         fontSize=7))
        d.add(Line(label_w, y - 3, label_w + bar_w, y - 3, strokeColor=colors.HexColor("#e0e6e4"),
                   strokeWidth=0.3))
    return d


SECTIONS = {0: start_section, 1: step1_section, 2: step2_section, 3: step3_section,
            4: step4_section}
