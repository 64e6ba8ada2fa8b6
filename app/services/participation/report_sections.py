"""Step 5's part of 'Print this step': personas, sessions and ideas."""
from __future__ import annotations

from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from app.services import reference
from app.services.i18n import _, format_date
from app.services.participation import ideas as ideas_service
from app.services.participation import personas as personas_service
from app.services.participation import sessions as sessions_service
from app.services.printing.common import Styles, data_table, para


def step5_section(session: Session, trajectory_id: str, st: Styles) -> list:
    story: list = [para(_("Personas"), st.h1)]
    rows = [[p.name, "" if p.age is None else str(p.age),
             ", ".join(reference.label("risk_group", c) for c in p.risk_group_codes)]
            for p in personas_service.personas(session, trajectory_id)]
    story.append(data_table([_("Name"), _("Age"), _("Risk groups")], rows, st,
                            [50 * mm, 18 * mm, None])
                 if rows else para(_("No personas yet."), st.body))
    story.append(para(_("Sessions"), st.h1))
    rows = []
    for s in sessions_service.sessions(session, trajectory_id):
        rows.append([s.title, format_date(s.session_date, "short"), s.place,
                     reference.label("session_phase", s.phase),
                     str(len(sessions_service.tables(session, s.id))),
                     str(len(sessions_service.participants(session, s.id)))])
    story.append(data_table([_("Session"), _("Date"), _("Place"), _("Phase"), _("Number of tables"),
                             _("Participants")], rows, st) if rows
                 else para(_("No sessions yet."), st.body))
    story.append(para(_("Ideas"), st.h1))
    counts = ideas_service.signup_counts(session, trajectory_id)
    rows = [[i.title, reference.label("idea_status", i.status), str(counts.get(i.id, 0)),
             i.challenge] for i in ideas_service.ideas(session, trajectory_id)]
    if not rows:
        story.append(para(_("No ideas yet."), st.body))
        return story
    story.append(data_table([_("Idea"), _("Status"), _("Sign-ups"), _("What we work towards")],
                            rows, st, [45 * mm, 30 * mm, 24 * mm, None]))
    return story


SECTIONS = {5: step5_section}
