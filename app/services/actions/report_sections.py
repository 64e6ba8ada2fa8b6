"""The actions steps' own parts of 'Print this step': step 6 prints every action with its
grounding and the checks, the checklist (table 2) and the policy signals; step 7 prints the
logs, the people reached and the group results of the measurements."""
from __future__ import annotations

from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from app.services import reference
from app.services.actions import report, service
from app.services.i18n import _
from app.services.printing.common import Styles, data_table, para


def step6_section(session: Session, tid: str, st: Styles) -> list:
    story = report.actions_overview(session, tid, st)[1:]  # no page break inside a step print
    story += checklist_table(session, tid, st)
    for action in service.actions_of(session, tid):
        story += report.action_detail(session, action, st)
    story += report.signals(session, tid, st)
    return story


def checklist_table(session: Session, tid: str, st: Styles) -> list:
    """Table 2 as text: per action its elements, level, age and risk groups and partners."""
    rows = []
    for row in service.checklist_matrix(session, tid):
        rows.append([row.name,
                     ", ".join(reference.label("element", c) for c in sorted(row.elements)),
                     reference.label("action_level", row.level) if row.level else "—",
                     ", ".join(reference.label("age_group", c) for c in sorted(row.age_groups)),
                     ", ".join(reference.label("risk_group", c)
                               for c in sorted(row.risk_groups)),
                     ", ".join(row.partners) or "—"])
    if not rows:
        return []
    return [para(_("Checklist: the whole portfolio"), st.h2),
            data_table([_("Action"), _("Effective elements"), _("Level"), _("Age groups"),
                        _("Risk groups"), _("Partners")], rows, st,
                       [28 * mm, 40 * mm, 22 * mm, 22 * mm, 32 * mm, None])]


def step7_section(session: Session, tid: str, st: Styles) -> list:
    story = report.results(session, tid, st)[1:]
    for action in service.actions_of(session, tid, ("running", "evaluated", "stopped")):
        logs = report.service_logs(session, action.id)
        if not logs:
            continue
        story.append(para(action.name, st.h2))
        story.append(data_table(
            [_("Date"), _("Phase"), _("What happened"), _("Reached")],
            [[report._d(log.log_date), reference.label("log_phase", log.phase),
              report.log_text(log), str(log.people_reached)] for log in logs],
            st, [24 * mm, 20 * mm, None, 16 * mm]))
    return story


SECTIONS = {6: step6_section, 7: step7_section}
