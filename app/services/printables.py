"""Everything the app can print, in one place: what it is called, its default file name in the
user's language, and what it misses before it is printed.

The window's save-PDF flow (`app.views.save_pdf`) reads this for every printable, so each
gets the same file names, the same folder and the same warnings. Qt-free.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.services.i18n import N_, _

if TYPE_CHECKING:  # the window imports this before the database layer is loaded
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Printable:
    key: str
    feature: str
    title: str  # msgid: what it is, e.g. "Persona cards"
    # what is missing before printing: (session, ids) -> translated problems
    check: Callable[[Session, dict], list[str]] | None = None


def _campaign_contact(session: Session, ids: dict) -> list[str]:
    """Cards carry the centre's contact line: warn when the campaign has none."""
    from app.models.outreach import OutreachCampaign

    campaign = session.get(OutreachCampaign, ids.get("campaign_id"))
    if campaign is None or (campaign.centre_contact or "").strip():
        return []
    return [_("The cards have no contact line: this campaign has no contact details for the "
              "cards. Fill them in with “Campaign settings…”, under “Contact details on the "
              "cards”, so people know whom to call.")]


PRINTABLES: dict[str, Printable] = {p.key: p for p in (
    Printable("step", "core", N_("Step report")),
    Printable("plan", "actions", N_("Plan report")),
    Printable("persona_cards", "participation", N_("Persona cards")),
    Printable("table_sheets", "participation", N_("Table sheets")),
    Printable("participants", "participation", N_("Participant list")),
    Printable("ideas", "participation", N_("Ideas report")),
    Printable("walk_visitor", "outreach", N_("Walking list per visitor")),
    Printable("walk_street", "outreach", N_("Walking list per street")),
    Printable("kgw", "outreach", N_("Visit cards"), _campaign_contact),
    Printable("missed", "outreach", N_("Missed-you cards"), _campaign_contact),
    Printable("christmas", "outreach", N_("Christmas cards"), _campaign_contact),
    Printable("erase_preview", "outreach", N_("Erasure preview")),
    Printable("erase_report", "outreach", N_("Erasure report")),
    Printable("consolidated", "exchange", N_("Consolidated overview")),
)}

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def title(key: str) -> str:
    return _(PRINTABLES[key].title)


def default_file_name(key: str, context: str = "", when: date | None = None) -> str:
    """"Persona-kaarten Heidebeek 2026-11-30.pdf": the printable in the user's language, what
    it is about (trajectory, campaign, session), and the date. Safe on every file system."""
    parts = [title(key), context.strip(), (when or date.today()).isoformat()]
    name = " ".join(" ".join(p.split()) for p in parts if p)
    name = _UNSAFE.sub("-", name).strip(" .-")
    return name[:150] + ".pdf"


def missing(session: Session, key: str, **ids) -> list[str]:
    """What this printable lacks right now (empty when it can be printed as it is)."""
    check = PRINTABLES[key].check
    return check(session, ids) if check is not None else []
