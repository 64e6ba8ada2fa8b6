"""Outreach code lists (stored as codes, shown as translated labels) and the defaults each
campaign kind starts with."""
from __future__ import annotations

from app.services.i18n import N_
from app.services.reference import Ref, register_list

CAMPAIGN_KINDS: tuple[Ref, ...] = (
    Ref("kgw", N_("Kleine Grote Wensen (home visits)"),
        N_("A warm, unhurried home visit to widowed people of 70 and over: no forms, time to "
           "listen, room for a small wish, and a card with the visitor's contact details left "
           "behind.")),
    Ref("christmas", N_("Christmas-card round"),
        N_("A Christmas card and a short chat at the door, e.g. for everyone living alone "
           "over 60 or 70 and everyone over 80 in one village; tell people about the local "
           "service centre (LDC) and notice care needs.")),
    Ref("general", N_("General outreach"),
        N_("Any other round of doorstep contacts or home visits.")),
)

OUTCOMES: tuple[Ref, ...] = (
    Ref("door", N_("Talked at the door")),
    Ref("inside", N_("Visited inside")),
    Ref("not_home", N_("Not at home – card left")),
    Ref("declined", N_("Declined")),
    Ref("moved", N_("Moved")),
    Ref("deceased", N_("Deceased")),
    Ref("other", N_("Other")),
)

STATUSES: tuple[Ref, ...] = (
    Ref("todo", N_("To visit")),
    Ref("retry", N_("Try again")),
    Ref("reached", N_("Reached")),
    Ref("not_reached", N_("Not reached")),
    Ref("declined", N_("Declined")),
    Ref("moved", N_("Moved")),
    Ref("deceased", N_("Deceased")),
    Ref("other", N_("Other")),
)

SIGNALS: tuple[Ref, ...] = (
    Ref("loneliness", N_("Loneliness")),
    Ref("care_need", N_("Care need")),
    Ref("mobility", N_("Mobility")),
    Ref("money", N_("Money worries")),
    Ref("housing", N_("Housing")),
    Ref("grief", N_("Grief")),
    Ref("carer_strain", N_("Carer strain")),
    Ref("digital", N_("Digital exclusion")),
    Ref("safety", N_("Safety at home")),
    Ref("other", N_("Other signal")),
)

VISITOR_ROLES: tuple[Ref, ...] = (
    Ref("staff", N_("Staff member")),
    Ref("volunteer", N_("Volunteer")),
)

CONSENT_PURPOSES: tuple[Ref, ...] = (
    Ref("referral", N_("Referral to a partner")),
    Ref("contact_sharing", N_("Sharing contact details")),
    Ref("follow_up", N_("A follow-up visit or call")),
)

REFERRAL_STATUSES: tuple[Ref, ...] = (
    Ref("sent", N_("Handed over")),
    Ref("in_contact", N_("Partner in contact")),
    Ref("done", N_("Completed")),
    Ref("stopped", N_("Stopped")),
)

LANGUAGES: tuple[Ref, ...] = (
    Ref("nl", N_("Dutch")),
    Ref("fr", N_("French")),
    Ref("en", N_("English")),
    Ref("other", N_("Other language")),
)

REACHED = ("door", "inside")
# outcomes where something was talked about: only these carry signals, a wish or a follow-up
TALKS = ("door", "inside", "other")
FINAL_STATUS = {"door": "reached", "inside": "reached", "declined": "declined",
                "moved": "moved", "deceased": "deceased", "other": "other"}

for _kind, _items in (
    ("outreach_kind", CAMPAIGN_KINDS), ("visit_outcome", OUTCOMES),
    ("outreach_status", STATUSES), ("visit_signal", SIGNALS), ("visitor_role", VISITOR_ROLES),
    ("consent_purpose", CONSENT_PURPOSES), ("referral_status", REFERRAL_STATUSES),
    ("person_language", LANGUAGES),
):
    register_list(_kind, _items)

# Defaults per campaign kind: selection rule, retries, retention and the text on the cards.
KIND_DEFAULTS: dict[str, dict] = {
    "kgw": {
        "rule": {"min_age": 70, "widowed_months": 0, "require_widowed": True,
                 "living_alone": None},
        "retry_days": 7, "max_attempts": 3, "retention_months": 12,
        "greeting": N_("Thank you for the good talk. If you ever need someone, just call."),
    },
    "christmas": {
        "rule": {"min_age": 80, "alone_min_age": 70, "require_widowed": False,
                 "living_alone": None},
        "retry_days": 3, "max_attempts": 2, "retention_months": 6,
        "greeting": N_("Warm wishes for Christmas and the new year. You are welcome at the "
                       "service centre: drop in for a coffee and a chat."),
    },
    "general": {
        "rule": {"min_age": 0, "require_widowed": False, "living_alone": None},
        "retry_days": 7, "max_attempts": 3, "retention_months": 12,
        "greeting": N_("Sorry we missed you. We would like to come back for a chat."),
    },
}
