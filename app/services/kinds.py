"""Record kinds (table names) in the words a social worker uses, for messages and the CLI.

Table names never reach a user: undo labels, the conflict inbox and command-line output name
a kind with `noun()` ("partner") or count it with `count()` ("2 partners"). The exchange
feature's `labels.kind_label` gives the plural list titles ("Partners").
"""
from __future__ import annotations

from collections.abc import Callable

from app.services.i18n import N_, _, ngettext

# table name -> singular noun (msgid), lower case so it fits inside a sentence
NOUNS: dict[str, str] = {
    "trajectory": N_("trajectory"), "focus_area": N_("focus area"),
    "partner": N_("partner"), "action": N_("action"),
    "checklist_tick": N_("checklist tick"), "step_note": N_("step note"),
    "action_log": N_("log entry"), "action_partner": N_("partner in an action"),
    "area_figure": N_("figure"), "area_need": N_("need"), "area_story": N_("story"),
    "contact_moment": N_("contact moment"), "existing_activity": N_("existing activity"),
    "idea": N_("idea"), "idea_signup": N_("sign-up"),
    "interested_person": N_("interested person"), "measurement": N_("questionnaire"),
    "outreach_campaign": N_("campaign"), "outreach_consent": N_("consent"),
    "outreach_person": N_("person"), "outreach_referral": N_("referral"),
    "outreach_visit": N_("visit"), "outreach_visitor": N_("visitor"),
    "participatory_session": N_("session"), "persona": N_("persona"),
    "policy_signal": N_("signal"), "precondition": N_("precondition"),
    "session_participant": N_("participant"), "session_seat": N_("seat at a table"),
    "session_table": N_("table"), "training_session": N_("training session"),
}

_COUNTS: dict[str, Callable[[int], str]] = {
    "trajectory": lambda n: ngettext("{n} trajectory", "{n} trajectories", n),
    "focus_area": lambda n: ngettext("{n} focus area", "{n} focus areas", n),
    "partner": lambda n: ngettext("{n} partner", "{n} partners", n),
    "action": lambda n: ngettext("{n} action", "{n} actions", n),
    "checklist_tick": lambda n: ngettext("{n} checklist tick", "{n} checklist ticks", n),
    "step_note": lambda n: ngettext("{n} step note", "{n} step notes", n),
    "action_log": lambda n: ngettext("{n} log entry", "{n} log entries", n),
    "action_partner": lambda n: ngettext("{n} partner in an action",
                                         "{n} partners in actions", n),
    "area_figure": lambda n: ngettext("{n} figure", "{n} figures", n),
    "area_need": lambda n: ngettext("{n} need", "{n} needs", n),
    "area_story": lambda n: ngettext("{n} story", "{n} stories", n),
    "contact_moment": lambda n: ngettext("{n} contact moment", "{n} contact moments", n),
    "existing_activity": lambda n: ngettext("{n} existing activity",
                                            "{n} existing activities", n),
    "idea": lambda n: ngettext("{n} idea", "{n} ideas", n),
    "idea_signup": lambda n: ngettext("{n} sign-up", "{n} sign-ups", n),
    "interested_person": lambda n: ngettext("{n} interested person",
                                            "{n} interested people", n),
    "measurement": lambda n: ngettext("{n} questionnaire", "{n} questionnaires", n),
    "outreach_campaign": lambda n: ngettext("{n} campaign", "{n} campaigns", n),
    "outreach_consent": lambda n: ngettext("{n} consent", "{n} consents", n),
    "outreach_person": lambda n: ngettext("{n} person", "{n} people", n),
    "outreach_referral": lambda n: ngettext("{n} referral", "{n} referrals", n),
    "outreach_visit": lambda n: ngettext("{n} visit", "{n} visits", n),
    "outreach_visitor": lambda n: ngettext("{n} visitor", "{n} visitors", n),
    "participatory_session": lambda n: ngettext("{n} session", "{n} sessions", n),
    "persona": lambda n: ngettext("{n} persona", "{n} personas", n),
    "policy_signal": lambda n: ngettext("{n} signal", "{n} signals", n),
    "precondition": lambda n: ngettext("{n} precondition", "{n} preconditions", n),
    "session_participant": lambda n: ngettext("{n} participant", "{n} participants", n),
    "session_seat": lambda n: ngettext("{n} seat at a table", "{n} seats at a table", n),
    "session_table": lambda n: ngettext("{n} table", "{n} tables", n),
    "training_session": lambda n: ngettext("{n} training session",
                                           "{n} training sessions", n),
    # counters of the steps' progress that are not tables
    "precondition_in_place": lambda n: ngettext("{n} precondition in place",
                                                "{n} preconditions in place", n),
    "idea_action": lambda n: ngettext("{n} idea turned into an action",
                                      "{n} ideas turned into an action", n),
    "action_running": lambda n: ngettext("{n} action running", "{n} actions running", n),
}


def noun(kind: str) -> str:
    """The singular word for a kind, translated ("partner"); an unknown kind reads as
    "record" rather than as a table name."""
    msgid = NOUNS.get(kind)
    return _(msgid) if msgid else _("record")


def count(kind: str, n: int) -> str:
    """"1 partner", "2 partners" in the current language."""
    counter = _COUNTS.get(kind)
    if counter is None:
        return ngettext("{n} record", "{n} records", n).format(n=n)
    return counter(n).format(n=n)
