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
    "lead": N_("For the lead organisation: figures, without names of people or notes"),
    "practices": N_("Practices only, to inspire another municipality"),
}


# Fields that are often edited on two laptops; others fall back to the other features'
# catalogs or a readable form of the column name.
FIELD_LABELS = {
    "status": N_("Status"), "text": N_("Text"), "contact": N_("Contact details"),
    "email": N_("E-mail"), "done": N_("Done"), "reason": N_("Reason"),
    "problem": N_("Problem"), "challenge": N_("Challenge"), "contributes": N_("Contributes"),
    "expects": N_("Expects"), "impact": N_("Impact"), "impact_what": N_("Impact: what"),
    "impact_results": N_("Impact: results"), "impact_change": N_("Impact: change"),
    "impact_evidence": N_("Impact: evidence"), "impact_explanation": N_("Impact: explanation"),
    "impact_who_executes": N_("Impact: who carries it out"),
    "impact_who_involved": N_("Impact: who is involved"),
    "element_codes": N_("Effective elements"), "risk_group_codes": N_("Risk groups"),
    "age_group_codes": N_("Age groups"), "tag_codes": N_("Tags"),
    "signal_sources": N_("Signal sources"), "deleted_at": N_("Deleted on"),
    "erased_at": N_("Erased on"), "partner_type": N_("Kind of partner"), "origin": N_("Origin"),
    "follow_up": N_("Follow-up"), "follow_up_done": N_("Follow-up done"),
    "follow_up_due": N_("Follow-up due"), "purpose": N_("Purpose"), "quote": N_("Quote"),
    "lessons": N_("Lessons"), "setting": N_("Setting"), "step": N_("Step"),
    "consent_date": N_("Date of consent"), "evaluation": N_("Evaluation"),
    "strengths": N_("Strengths"), "help_offer": N_("Offer of help"), "mode": N_("Mode"),
    "indicator": N_("Indicator"), "postcode": N_("Postcode"), "moment": N_("Moment"),
    "session_date": N_("Date of the session"), "held_on": N_("Held on"),
    "visited_on": N_("Visited on"), "greeting": N_("Greeting"), "photo": N_("Photo"),
    "village_context": N_("Village context"), "lived_experience": N_("Lived experience"),
    "tried": N_("Already tried"), "professionals": N_("Professionals"),
    "retention_months": N_("Retention period"), "retry_days": N_("Try again after (days)"),
    "max_attempts": N_("Maximum attempts"), "created_at": N_("Created on"),
    "updated_at": N_("Last changed on"), "revision": N_("Version number"),
    "base_revision": N_("Version number"), "device_id": N_("Computer"),
}


def kind_label(kind: str) -> str:
    msgid = KIND_LABELS.get(kind)
    return _(msgid) if msgid else kind.replace("_", " ").capitalize()


def field_label(field: str) -> str:
    """A readable field name (the fields' own labels live with each feature's forms)."""
    if field in FIELD_LABELS:
        return _(FIELD_LABELS[field])
    for suffix in ("_ids", "_id", "_codes"):  # trajectory_id reads as "Trajectory"
        if field.endswith(suffix) and len(field) > len(suffix):
            field = field[:-len(suffix)]
            break
    return _(field.replace("_", " ").capitalize())


def value_text(value, field: str = "") -> str:
    if field == "deleted_at":  # an edit against a delete: what each choice means
        return _("deleted") if value else _("kept (not deleted)")
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
