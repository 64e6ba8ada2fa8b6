"""The groundwork steps' own parts of 'Print this step' (steps 0–4): the records of each step,
the stakeholder map, the coverage matrix and simple charts of the figures."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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
from app.services.printing.text import fit_lines, wrap

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


# Each partner type has a shape and a fill as well as a colour, so the map reads in grey
# and for colour-blind readers: 6 shapes × 3 fills = 18 distinct markers for 17 types.
SHAPES = ("circle", "square", "triangle", "diamond", "hexagon", "triangle_down")
FILLS = ("solid", "open", "dot")
MARKERS = {code: (SHAPES[i % len(SHAPES)], FILLS[i // len(SHAPES)])
           for i, code in enumerate(network.TYPE_COLOURS)}
MAP_SIZE = 112 * mm
LABEL_SIZE = 6.5
LABEL_WIDTH = 32 * mm


def marker_of(code: str) -> tuple[str, str]:
    return MARKERS.get(code, ("circle", "open"))


def _polygon(shape: str, x: float, y: float, r: float) -> list[float]:
    import math

    corners = {"square": (4, 45), "triangle": (3, 90), "diamond": (4, 0), "hexagon": (6, 0),
               "triangle_down": (3, -90)}[shape]
    n, start = corners
    scale = 1.2 if shape in ("square", "diamond") else 1.3
    points = []
    for k in range(n):
        a = math.radians(start + 360 * k / n)
        points += [x + r * scale * math.cos(a), y + r * scale * math.sin(a)]
    return points


def draw_marker(d: Drawing, code: str, x: float, y: float, r: float = 3.6) -> None:
    """The partner type's marker centred on (x, y)."""
    from reportlab.graphics.shapes import Polygon

    shape, fill = marker_of(code)
    colour = colors.HexColor(network.type_colour(code))
    face = colour if fill == "solid" else colors.white
    # open markers get a dark outline: a light colour alone would vanish in grey
    stroke, width = (colors.black, 0.5) if fill == "solid" else (colors.black, 1.1)
    if shape == "circle":
        d.add(Circle(x, y, r, fillColor=face, strokeColor=stroke, strokeWidth=width))
    else:
        d.add(Polygon(_polygon(shape, x, y, r), fillColor=face, strokeColor=stroke,
                      strokeWidth=width))
    if fill == "dot":
        d.add(Circle(x, y, r * 0.38, fillColor=colors.black, strokeWidth=0))


def wrap_label(text: str, width: float = LABEL_WIDTH, size: float = LABEL_SIZE) -> list[str]:
    """A partner's name over as many short lines as it needs (hyphenated, never cut)."""
    return wrap(text, FONT, size, width) or [""]


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _area(a, b) -> float:
    """How much two boxes overlap (0 if they do not)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@dataclass
class Label:
    """Where a partner's name goes: its lines and box (x0, y0, x1, y1, points, y up); when
    the ring is too crowded for the whole name, a number there and the name in the key."""

    marker: tuple[float, float]
    lines: list[str]
    box: tuple[float, float, float, float]
    number: int = 0


def _candidates(x, y, cx, cy, w, h) -> list[tuple]:
    import math

    angle = math.atan2(y - cy, x - cx) if (x, y) != (cx, cy) else -math.pi / 2
    out = []
    for da in (0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.0, -2.0, 2.6, -2.6, math.pi):
        for dist in (7, 10, 14, 19, 25):
            a = angle + da
            px, py = x + dist * math.cos(a), y + dist * math.sin(a)
            # anchor the box on the side facing away from the marker
            bx = px - w / 2 * (1 - math.cos(a))
            by = py - h / 2 * (1 - math.sin(a))
            out.append((bx, by, bx + w, by + h))
    return out


def _best_box(candidates, placed, markers) -> tuple[tuple, float]:
    best, best_cost = candidates[0], float("inf")
    for rank, box in enumerate(candidates):
        cost = 0.01 * rank  # prefer the nearer, outward spots
        if box[0] < 0 or box[1] < 0 or box[2] > MAP_SIZE or box[3] > MAP_SIZE:
            cost += 10_000
        cost += 10 * sum(_area(box, other) for other in placed)
        cost += 10 * sum(_area(box, (mx - 6, my - 6, mx + 6, my + 6)) for mx, my in markers)
        if cost < best_cost:
            best, best_cost = box, cost
        if cost < 1:
            break
    return best, best_cost


def map_layout(nodes) -> list[Label]:
    """Marker centres and name labels of the map's nodes: whole names wrapped beside their
    marker where they fit without touching another name or marker, numbers elsewhere."""
    cx = cy = MAP_SIZE / 2
    r = MAP_SIZE / 2 - 4 * mm
    markers = [(cx + n.x * r, cy - n.y * r) for n in nodes]
    lead = LABEL_SIZE * 1.15
    placed: list[tuple] = []  # the rings' own names are taken spots too
    for ring in (0, 1, 2):
        w = stringWidth(_ring_label(ring), FONT_BOLD, 6.5)
        y = cy + r * network.ring_bound(ring) - 9
        placed.append((cx - w / 2, y - 2, cx + w / 2, y + 7))
    labels: list[Label] = []
    numbers = 0
    for n, (x, y) in zip(nodes, markers, strict=True):
        lines = wrap_label(n.name)
        w = max(stringWidth(line, FONT, LABEL_SIZE) for line in lines)
        box, cost = _best_box(_candidates(x, y, cx, cy, w, len(lines) * lead), placed, markers)
        number = 0
        if cost >= 1:  # no room for the name: a number here, the name in the key
            numbers += 1
            number, lines = numbers, [str(numbers)]
            w = stringWidth(lines[0], FONT_BOLD, LABEL_SIZE) + 1
            box, _cost = _best_box(_candidates(x, y, cx, cy, w, lead), placed, markers)
        placed.append(box)
        labels.append(Label((x, y), lines, box, number))
    return labels


def stakeholder_drawing(session: Session, tid: str, width: float = WIDTH) -> Drawing:
    """Rings by involvement (lead in the middle), partners as markers whose shape, fill and
    colour give the type, names wrapped beside them without overlap, and a legend."""
    nodes = network.stakeholder_layout(session, tid)
    size = MAP_SIZE
    types = sorted({n.partner_type for n in nodes},
                   key=lambda c: reference.label("partner_type", c))
    labels = map_layout(nodes)
    lx = size + 6 * mm
    legend_w = width - lx - 16
    key = [(lab.number, n.name) for lab, n in zip(labels, nodes, strict=True) if lab.number]
    key_lines = [wrap_label(f"{number} = {name}", legend_w, 7) for number, name in key]
    legend_h = sum(13 if len(wrap_label(reference.label("partner_type", c), legend_w, 7)) == 1
                   else 21 for c in types) + 30 + sum(8 * len(k) + 3 for k in key_lines)
    d = Drawing(width, max(size, legend_h + 8))
    oy = d.height - size  # the map at the top of the drawing
    cx, cy, r = size / 2, oy + size / 2, size / 2 - 4 * mm
    for ring in (2, 1, 0):
        d.add(Circle(cx, cy, r * network.ring_bound(ring), fillColor=colors.HexColor(
            ("#f6f9f8", "#edf3f1", "#e2ece8")[ring]), strokeColor=GREY, strokeWidth=0.5))
        d.add(String(cx, cy + r * network.ring_bound(ring) - 9, _ring_label(ring),
                     fontName=FONT_BOLD, fontSize=6.5, fillColor=GREY, textAnchor="middle"))
    for n, lab in zip(nodes, labels, strict=True):
        x, y = lab.marker[0], lab.marker[1] + oy
        if n.essential:
            d.add(Circle(x, y, 6.4, fillColor=None, strokeColor=colors.black, strokeWidth=0.9))
        draw_marker(d, n.partner_type, x, y)
        font = FONT_BOLD if lab.number else FONT
        for i, line in enumerate(lab.lines):
            d.add(String(lab.box[0], oy + lab.box[3] - (i + 1) * LABEL_SIZE * 1.15 + 1.2, line,
                         fontName=font, fontSize=LABEL_SIZE))
    # legend: the partner types that occur, what the ring around a marker means, the key
    ly = d.height - 6 * mm
    for code in types:
        draw_marker(d, code, lx + 3.5, ly + 2.2)
        lines = wrap_label(reference.label("partner_type", code), legend_w, 7)
        for i, line in enumerate(lines[:2]):
            d.add(String(lx + 13, ly - i * 8, line, fontName=FONT, fontSize=7))
        ly -= 13 if len(lines) == 1 else 21
    d.add(Circle(lx + 3.5, ly + 2.2, 6.4, fillColor=None, strokeColor=colors.black,
                 strokeWidth=0.9))
    d.add(Circle(lx + 3.5, ly + 2.2, 2.2, fillColor=colors.HexColor("#999999"),
                 strokeWidth=0))
    for i, line in enumerate(wrap_label(_("ring around the marker: essential partner"),
                                        legend_w, 7)):
        d.add(String(lx + 13, ly - i * 8, line, fontName=FONT, fontSize=7))
    ly -= 22
    for lines in key_lines:
        for line in lines:
            d.add(String(lx, ly, line, fontName=FONT, fontSize=7))
            ly -= 8
        ly -= 3
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
    story += [para(_("Coverage of risk groups"), st.h1), *coverage_flowables(session, tid, st)]
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
    rows = [[areas.get(f.focus_area_id or "", "—"), f.indicator,
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
        reference = f.reference_value or 0.0  # the caller gives figures with a reference
        top = max(abs(f.value), abs(reference)) or 1
        lines = fit_lines(f.indicator, FONT, 7.5, label_w - 3 * mm, 2)  # wrapped, not cut
        for i, line in enumerate(lines):
            d.add(String(0, y + 7 + (len(lines) - 1) * 4.5 - i * 9, line, fontName=FONT,
                         fontSize=7.5))
        for value, colour, dy, bold in ((f.value, "#2f6f5e", 8, True),
                                        (reference, "#b9c7c3", 0, False)):
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
