"""A4 documents of a session: a sheet per table, the participant list and the ideas report."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Table, TableStyle
from sqlalchemy.orm import Session

from app.models.participation import ParticipatorySession, Persona
from app.services import reference
from app.services.i18n import _, format_date
from app.services.participation import ideas as ideas_service
from app.services.participation import pictures
from app.services.participation import sessions as sessions_service
from app.services.participation.cards import quoted
from app.services.printing.common import (
    LIGHT,
    Styles,
    build_a4,
    data_table,
    para,
    spacer,
    styles,
)


class AvatarFlowable(Flowable):
    """A persona's bundled picture in a document."""

    def __init__(self, key: str, size: float):
        super().__init__()
        self.key, self.size = key, size

    def wrap(self, *_args):
        return self.size, self.size

    def draw(self):
        pictures.draw_reportlab(self.canv, self.key, 0, self.size, self.size)


def session_heading(obj: ParticipatorySession) -> str:
    parts = [obj.title]
    if obj.session_date:
        parts.append(format_date(obj.session_date, "long"))
    if obj.place:
        parts.append(obj.place)
    return " · ".join(parts)


def _notes_grid(st: Styles, rows: int) -> Table:
    body = [[para(_("What goes wrong?"), st.cell_bold),
             para(_("What do we work towards?"), st.cell_bold)]]
    body += [["", ""] for _i in range(rows)]
    table = Table(body, colWidths=[87 * mm, 87 * mm], rowHeights=[None] + [9 * mm] * rows)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b9c6c2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def table_sheets_story(session: Session, session_id: str, st: Styles) -> list:
    obj = sessions_service._get_session(session, session_id)
    seating = sessions_service.seating(session, session_id)
    story: list = []
    table_rows = sessions_service.tables(session, session_id)
    for i, table in enumerate(table_rows):
        persona = session.get(Persona, table.persona_id) if table.persona_id else None
        story.append(para(_("Table {n}").format(n=table.number), st.title))
        story.append(para(session_heading(obj), st.small))
        story.append(para(_("Facilitator: {name}").format(name=table.facilitator or "—"),
                          st.body))
        if persona is not None:
            header = Table([[AvatarFlowable(persona.picture or "neutral_b", 22 * mm),
                             [para(persona.name, st.h1),
                              para(persona.quote and quoted(persona.quote), st.body)]]],
                           colWidths=[26 * mm, None])
            header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [header, para(_("Dream question"), st.h2),
                      para(persona.dream_question, st.h1)]
        for round_ in range(1, obj.rounds + 1):
            names = [p.name for p in seating.get(round_, {}).get(table.id, [])]
            title = (_("Before the break") if round_ == 1 else _("After the break"))
            story.append(para(f"{title} ({len(names)})", st.h2))
            story.append(para(", ".join(names) or "—", st.body))
        story += [spacer(3), _notes_grid(st, 11 if persona else 16)]
        if i < len(table_rows) - 1:
            story.append(PageBreak())
    if not story:
        story.append(para(_("This session has no tables yet."), st.body))
    return story


def participant_list_story(session: Session, session_id: str, st: Styles) -> list:
    obj = sessions_service._get_session(session, session_id)
    seating = sessions_service.seating(session, session_id)
    table_rows = sessions_service.tables(session, session_id)
    names = sessions_service.persona_names(session, obj.trajectory_id)
    where: dict[tuple[int, str], str] = {}
    for table in table_rows:
        label = _("Table {n}").format(n=table.number)
        if table.persona_id in names:
            label += f" – {names[table.persona_id]}"
        for round_, by_table in seating.items():
            for person in by_table.get(table.id, []):
                where[(round_, person.id)] = label
    header = [_("Name"), _("Role")] + [
        _("Before the break") if r == 1 else _("After the break")
        for r in range(1, obj.rounds + 1)]
    rows = []
    for person in sessions_service.participants(session, session_id):
        rows.append([person.name, reference.label("participant_role", person.role)] +
                    [where.get((r, person.id), "—") for r in range(1, obj.rounds + 1)])
    story = [para(_("Participants"), st.title), para(session_heading(obj), st.small),
             spacer(2)]
    if rows:
        story.append(data_table(header, rows, st))
        story += [PageBreak(), para(_("Slips to hand out"), st.h1),
                  para(_("Cut along the lines and give everyone their slip at the door."),
                       st.small), spacer(2),
                  _slips(obj, sessions_service.participants(session, session_id), where, st)]
    else:
        story.append(para(_("No participants yet."), st.body))
    return story


def _slips(obj, people, where, st: Styles) -> Table:
    """One slip per participant: where they sit before and after the break."""
    cells: list[Any] = []
    for person in people:
        lines = [para(person.name, st.h2)]
        for r in range(1, obj.rounds + 1):
            label = _("Before the break") if r == 1 else _("After the break")
            lines.append(para(f"{label}: {where.get((r, person.id), '—')}", st.cell))
        cells.append(lines)
    if len(cells) % 2:
        cells.append("")
    grid = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    table = Table(grid, colWidths=[87 * mm, 87 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa8a4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return table


def ideas_story(session: Session, trajectory_id: str, st: Styles,
                session_id: str | None = None) -> list:
    items = ideas_service.ideas(session, trajectory_id, session_id)
    names = sessions_service.persona_names(session, trajectory_id)
    story: list = []
    current_group = None
    for idea in items:
        group = idea.group_label or _("Not grouped yet")
        if group != current_group:
            story += [CondPageBreak(40 * mm), para(group, st.h1)]
            current_group = group
        block = [para(idea.title, st.h2)]
        meta = [reference.label("idea_status", idea.status)]
        if idea.persona_id in names:
            meta.append(_("persona {name}").format(name=names[idea.persona_id]))
        if idea.risk_group_codes:
            meta.append(", ".join(reference.label("risk_group", c)
                                  for c in idea.risk_group_codes))
        block.append(para(" · ".join(meta), st.small))
        rows = []
        if idea.problem or idea.challenge:
            rows.append([_("What goes wrong"), idea.problem or "—"])
            rows.append([_("What we work towards"), idea.challenge or "—"])
        if idea.description:
            rows.append([_("Description"), idea.description])
        if idea.plan:
            rows.append([_("Short plan"), idea.plan])
        people = ideas_service.signups(session, idea.id)
        if people:
            rows.append([_("Signed up"), "\n".join(
                f"{p.name}" + (f" ({p.contact})" if p.contact and p.consent else "") +
                (f": {p.help_offer}" if p.help_offer else "") for p in people)])
        if rows:
            block.append(data_table([_("Question"), _("Answer")], rows, st,
                                    [45 * mm, None]))
        story.append(KeepTogether(block))
    if not story:
        story.append(para(_("No ideas have been written down yet."), st.body))
    return story


def _write(out: Path, story: list, title: str, subtitle: str) -> Path:
    return build_a4(out, story, title=title, subtitle=subtitle)


def print_table_sheets(session: Session, session_id: str, out: Path) -> Path:
    obj = sessions_service._get_session(session, session_id)
    return _write(out, table_sheets_story(session, session_id, styles()),
                  _("Table sheets"), obj.title)


def print_participant_list(session: Session, session_id: str, out: Path) -> Path:
    obj = sessions_service._get_session(session, session_id)
    return _write(out, participant_list_story(session, session_id, styles()),
                  _("Participant list"), obj.title)


def print_ideas_report(session: Session, trajectory_id: str, out: Path,
                       session_id: str | None = None) -> Path:
    st = styles()
    story = [para(_("Ideas from the tables"), st.title)]
    if session_id:
        story.append(para(session_heading(sessions_service._get_session(session, session_id)),
                          st.small))
    story += ideas_story(session, trajectory_id, st, session_id)
    return _write(out, story, _("Ideas report"), "")
