"""The outreach part of the step-7 PDF: each campaign with its anonymous figures only (no
names or addresses: the step report is shared with partners)."""
from __future__ import annotations

from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from app.services.i18n import _, format_date, format_percent
from app.services.outreach import campaigns, dashboard
from app.services.printing.common import Styles, data_table, para
from app.services.reference import label


def step7_section(session: Session, trajectory_id: str, st: Styles) -> list:
    rows = campaigns.list_campaigns(session, trajectory_id)
    if not rows:
        return []
    out = [para(_("Home visits and outreach"), st.h1)]
    table = []
    for camp in rows:
        d = dashboard.compute(session, camp.id)
        share = format_percent(d.progress.reached / d.on_list) if d.on_list else "–"
        period = " – ".join(format_date(x, "short") for x in (camp.start_date, camp.end_date)
                            if x)
        referrals = sum(d.referrals.values())
        table.append([f"{camp.name}\n{label('outreach_kind', camp.kind)}", period,
                      str(d.on_list), str(d.visits), share, str(referrals),
                      f"{d.wishes_fulfilled}/{d.wishes}"])
    out.append(data_table([_("Campaign"), _("Period"), _("On the visit list"), _("Visits"),
                           _("Reached"), _("Referrals"), _("Wishes fulfilled")], table, st,
                          [48 * mm, 30 * mm, 20 * mm, 17 * mm, 17 * mm, 20 * mm, 22 * mm]))
    out.append(para(_("Only anonymous figures are printed here; the lists of people stay in "
                      "the app."), st.small))
    return out


SECTIONS = {7: step7_section}
