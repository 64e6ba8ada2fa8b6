"""Code lists of step 5, registered with app.services.reference (codes stored, labels shown)."""
from __future__ import annotations

from app.services.i18n import N_
from app.services.reference import Ref, register_list

SESSION_PHASES = (
    Ref("dream", N_("Dream phase with personas")),
    Ref("carousel", N_("Idea carousel")),
)

PARTICIPANT_ROLES = (
    Ref("resident", N_("Resident")),
    Ref("volunteer", N_("Volunteer")),
    Ref("carer", N_("Informal carer")),
    Ref("professional", N_("Professional")),
    Ref("lived_experience", N_("Person with lived experience")),
)

IDEA_STATUSES = (
    Ref("new", N_("Noted, not worked out yet")),
    Ref("refined", N_("Refined in the carousel")),
    Ref("action", N_("Became an action")),
    Ref("parked", N_("Parked for later")),
)

MAX_PER_TABLE = 8
MAX_ROUNDS = 2

register_list("session_phase", SESSION_PHASES)
register_list("participant_role", PARTICIPANT_ROLES)
register_list("idea_status", IDEA_STATUSES)
