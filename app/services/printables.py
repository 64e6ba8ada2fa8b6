"""Everything the app can print, in one place: what it is called, its default file name in the
user's language, what it misses before it is printed, and what writes it.

The window's save-PDF flow (`app.views.save_pdf.save_printable`) and the `print` command
line both go through this registry, so each printable gets the same file names, the same
folder, the same warnings and the same writer. Qt-free; a writer imports its feature's
printing code only when a PDF is made.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.i18n import N_, _

if TYPE_CHECKING:  # the window imports this before the database layer is loaded
    from sqlalchemy.orm import Session

    from app.services.progress import Progress


# writes one printable: (session, out, progress, **what it is about) -> the file written
Writer = Callable[..., Path]


@dataclass(frozen=True)
class Printable:
    key: str
    feature: str
    title: str  # msgid: what it is, e.g. "Persona cards"
    # what is missing before printing: (session, ids) -> translated problems
    check: Callable[[Session, dict], list[str]] | None = None
    # what writes it; None: the window hands over data it already holds (the overview)
    write: Writer | None = None
    cards: bool = False  # one of a campaign's cards (`print outreach-cards --kind`)
    menu: str = ""  # msgid of its entry in the feature's Print menu
    for_chosen: bool = False  # can be printed for people chosen by hand (`person_ids`)


def _campaign_contact(session: Session, ids: dict) -> list[str]:
    """Cards carry the centre's contact line: warn when the campaign has none."""
    from app.models.outreach import OutreachCampaign

    campaign = session.get(OutreachCampaign, ids.get("campaign_id"))
    if campaign is None or (campaign.centre_contact or "").strip():
        return []
    return [_("The cards have no contact line: this campaign has no contact details for the "
              "cards. Fill them in with “Campaign settings…”, under “Contact details on the "
              "cards”, so people know whom to call.")]


# --- the writers: each feature's own printing code, imported only when a PDF is made ----------
def _step(session: Session, out: Path, progress: Progress | None = None, *,
          trajectory_id: str, step_number: int) -> Path:
    from app.services.printing.step_report import print_step

    return print_step(session, trajectory_id, step_number, out)


def _plan(session: Session, out: Path, progress: Progress | None = None, *,
          trajectory_id: str) -> Path:
    from app.services.actions.report import write_plan_report

    return write_plan_report(session, trajectory_id, out, progress)


def _persona_cards(session: Session, out: Path, progress: Progress | None = None, *,
                   trajectory_id: str | None = None, persona_ids: list[str] | None = None,
                   layout: str = "a6", backs: bool = True) -> Path:
    from app.services.participation.cards import print_personas

    return print_personas(session, out, layout, trajectory_id=trajectory_id,
                          persona_ids=persona_ids, backs=backs, progress=progress)


def _table_sheets(session: Session, out: Path, progress: Progress | None = None, *,
                  session_id: str) -> Path:
    from app.services.participation.sheets import print_table_sheets

    return print_table_sheets(session, session_id, out)


def _participants(session: Session, out: Path, progress: Progress | None = None, *,
                  session_id: str) -> Path:
    from app.services.participation.sheets import print_participant_list

    return print_participant_list(session, session_id, out)


def _ideas(session: Session, out: Path, progress: Progress | None = None, *,
           trajectory_id: str, session_id: str | None = None) -> Path:
    from app.services.participation.sheets import print_ideas_report

    return print_ideas_report(session, trajectory_id, out, session_id=session_id)


def _walking_lists(group_by: str) -> Writer:
    def write(session: Session, out: Path, progress: Progress | None = None, *,
              campaign_id: str, **options) -> Path:
        from app.services.outreach.printing import walking_list

        return walking_list(session, campaign_id, out, group_by=group_by, **options)
    return write


def _kgw(session: Session, out: Path, progress: Progress | None = None, *,
         campaign_id: str, visitor_id: str | None = None) -> Path:
    from app.services.outreach.printing import kgw_cards

    return kgw_cards(session, campaign_id, out, visitor_id=visitor_id)


def _missed(session: Session, out: Path, progress: Progress | None = None, *,
            campaign_id: str, person_ids: list[str] | None = None) -> Path:
    from app.services.outreach.printing import missed_you_cards

    return missed_you_cards(session, campaign_id, out, person_ids=person_ids)


def _christmas(session: Session, out: Path, progress: Progress | None = None, *,
               campaign_id: str, person_ids: list[str] | None = None) -> Path:
    from app.services.outreach.printing import christmas_cards

    return christmas_cards(session, campaign_id, out, person_ids=person_ids)


def _erase_preview(session: Session, out: Path, progress: Progress | None = None, *,
                   campaign_id: str, today: date | None = None) -> Path:
    from app.services.outreach.printing import erasure_preview_report

    return erasure_preview_report(session, campaign_id, out, today or date.today())


def _erase_report(session: Session, out: Path, progress: Progress | None = None, *,
                  campaign_id: str) -> Path:
    from app.services.outreach.printing import erasure_report

    return erasure_report(session, campaign_id, out)


PRINTABLES: dict[str, Printable] = {p.key: p for p in (
    Printable("step", "core", N_("Step report"), write=_step),
    Printable("plan", "actions", N_("Plan report"), write=_plan),
    Printable("persona_cards", "participation", N_("Persona cards"), write=_persona_cards),
    Printable("table_sheets", "participation", N_("Table sheets"), write=_table_sheets),
    Printable("participants", "participation", N_("Participant list"), write=_participants),
    Printable("ideas", "participation", N_("Ideas report"), write=_ideas),
    Printable("walk_visitor", "outreach", N_("Walking list per visitor"),
              write=_walking_lists("visitor"), menu=N_("Walking lists per visitor…")),
    Printable("walk_street", "outreach", N_("Walking list per street"),
              write=_walking_lists("street"), menu=N_("Walking lists per street…")),
    Printable("kgw", "outreach", N_("Visit cards"), _campaign_contact, _kgw, cards=True,
              menu=N_("Cards to leave behind (Kleine Grote Wensen)…")),
    Printable("missed", "outreach", N_("Missed-you cards"), _campaign_contact, _missed,
              cards=True, menu=N_("“Sorry we missed you” cards…"), for_chosen=True),
    Printable("christmas", "outreach", N_("Christmas cards"), _campaign_contact, _christmas,
              cards=True, menu=N_("Addressed Christmas cards…"), for_chosen=True),
    Printable("erase_preview", "outreach", N_("Erasure preview"), write=_erase_preview,
              menu=N_("Erasure preview…")),
    Printable("erase_report", "outreach", N_("Erasure report"), write=_erase_report,
              menu=N_("Erasure report…")),
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


def write(session: Session, key: str, out: Path, progress: Progress | None = None,
          **about) -> Path:
    """Write printable `key` to `out`; `about` names what it is about (trajectory_id,
    session_id, campaign_id...) and its options."""
    writer = PRINTABLES[key].write
    if writer is None:
        raise KeyError(f"{key} is written from data the window holds")
    return writer(session, out, progress, **about)


def of_feature(feature: str, *, cards: bool | None = None,
               for_chosen: bool | None = None) -> list[str]:
    """The keys of a feature's printables, in the registry's order (only its cards, or
    everything but its cards; only those that can be printed for people chosen by hand)."""
    return [p.key for p in PRINTABLES.values()
            if p.feature == feature and (cards is None or p.cards == cards)
            and (for_chosen is None or p.for_chosen == for_chosen)]


def menu_text(key: str) -> str:
    """Its entry in the feature's Print menu, in the user's language."""
    printable = PRINTABLES[key]
    return _(printable.menu or printable.title)
