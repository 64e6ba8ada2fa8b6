"""The groundwork feature's own code lists, registered with `app.services.reference`."""
from __future__ import annotations

from app.services.i18n import N_
from app.services.reference import Ref, register_list

CONTACT_KINDS = (
    Ref("network_meeting", N_("Network meeting")),
    Ref("feedback", N_("Feedback moment")),
    Ref("inspiration", N_("Inspiration or exchange session")),
    Ref("one_to_one", N_("One-to-one conversation")),
    Ref("other", N_("Other contact")),
)

TRAINING_KINDS = (
    Ref("intervision", N_("Intervision with partners")),
    Ref("open_training", N_("Open local training")),
)

INTERESTED_ROLES = (
    Ref("professional", N_("Professional")),
    Ref("volunteer", N_("Volunteer")),
    Ref("resident", N_("Resident")),
    Ref("lived_experience", N_("Person with lived experience")),
)

CONTINUITY = (
    Ref("structural", N_("Structural")),
    Ref("one_off", N_("One-off or temporary")),
)

STORY_SOURCES = (
    Ref("resident", N_("Resident")),
    Ref("partner", N_("Partner")),
    Ref("professional", N_("Professional")),
    Ref("own", N_("Own observation")),
)

STORY_TAGS = (
    Ref("mobility", N_("Mobility")),
    Ref("no_meeting_place", N_("No meeting place")),
    Ref("traffic_safety", N_("Traffic safety")),
    Ref("services_leaving", N_("Services leaving the village")),
    Ref("digital_gap", N_("Digital gap")),
    Ref("care_burden", N_("Heavy care burden")),
    Ref("newcomers", N_("Newcomers not yet connected")),
    Ref("poverty", N_("Money worries")),
    Ref("housing", N_("Housing")),
    Ref("other", N_("Other")),
)

register_list("contact_kind", CONTACT_KINDS)
register_list("training_kind", TRAINING_KINDS)
register_list("interested_role", INTERESTED_ROLES)
register_list("continuity", CONTINUITY)
register_list("story_source", STORY_SOURCES)
register_list("story_tag", STORY_TAGS)
