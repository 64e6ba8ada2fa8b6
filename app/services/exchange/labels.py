"""Names of record kinds and fields as people read them (msgids; translate at display)."""
from __future__ import annotations

from app.services.i18n import N_, _

KIND_LABELS = {
    "trajectory": N_("Trajectories"), "focus_area": N_("Focus areas"),
    "partner": N_("Partners"), "action": N_("Actions"),
    "checklist_tick": N_("Checklist ticks"), "step_note": N_("Step notes"),
    "action_log": N_("Action log entries"), "action_partner": N_("Partners in actions"),
    "area_figure": N_("Area figures"), "area_need": N_("Needs of the area"),
    "area_story": N_("Stories about the area"), "contact_moment": N_("Contact moments"),
    "existing_activity": N_("Existing activities"), "idea": N_("Ideas"),
    "idea_signup": N_("Sign-ups for ideas"), "interested_person": N_("Interested people"),
    "measurement": N_("Loneliness questionnaires"),
    "outreach_campaign": N_("Outreach campaigns"), "outreach_consent": N_("Consents"),
    "outreach_person": N_("People on outreach lists"), "outreach_referral": N_("Referrals"),
    "outreach_visit": N_("Visits"), "outreach_visitor": N_("Visitors"),
    "participatory_session": N_("Participatory sessions"), "persona": N_("Personas"),
    "policy_signal": N_("Policy signals"), "precondition": N_("Preconditions"),
    "session_participant": N_("Session participants"), "session_seat": N_("Seating"),
    "session_table": N_("Session tables"), "training_session": N_("Training sessions"),
}

SCOPE_LABELS = {
    "full": N_("Everything, for a colleague of your organisation"),
    "lead": N_("For the lead organisation (no personal data)"),
    "practices": N_("Practices only, to inspire another municipality"),
}


def kind_label(kind: str) -> str:
    msgid = KIND_LABELS.get(kind)
    return _(msgid) if msgid else kind.replace("_", " ").capitalize()


def field_label(field: str) -> str:
    """A readable field name (the fields' own labels live with each feature's forms)."""
    return _(field.replace("_", " ").capitalize())


def value_text(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
