"""The code lists of the loneliness questionnaires (step 7), registered with the reference
data. A module of their own, importing nothing of the app but the reference data: the exchange
codec imports it to know every code, and the questionnaire service (which reaches the codec
through the erasure) imports it too, so neither needs the other. Qt-free."""
from __future__ import annotations

from app.services import reference
from app.services.i18n import N_

INSTRUMENTS = (
    reference.Ref("djg6", N_("De Jong Gierveld, short scale (6 questions)")),
    reference.Ref("djg11", N_("De Jong Gierveld scale (11 questions)")),
    reference.Ref("ucla3", N_("UCLA loneliness scale (3 questions)")),
)
ANSWERS = (
    reference.Ref("yes", N_("Yes")),
    reference.Ref("more_or_less", N_("More or less")),
    reference.Ref("no", N_("No")),
    reference.Ref("hardly_ever", N_("Hardly ever")),
    reference.Ref("some_of_the_time", N_("Some of the time")),
    reference.Ref("often", N_("Often")),
)
MODES = (
    reference.Ref("face_to_face", N_("Face to face")),
    reference.Ref("phone", N_("By phone")),
    reference.Ref("self", N_("Filled in by the person")),
)
SETTINGS = (
    reference.Ref("activity", N_("At an activity")),
    reference.Ref("home_visit", N_("During a home visit")),
    reference.Ref("other", N_("Elsewhere")),
)
MOMENTS = (
    reference.Ref("before", N_("Before")),
    reference.Ref("after", N_("After")),
)
CATEGORIES = (
    reference.Ref("not_lonely", N_("Not lonely")),
    reference.Ref("moderate", N_("Moderately lonely")),
    reference.Ref("severe", N_("Severely lonely")),
    reference.Ref("very_severe", N_("Very severely lonely")),
)
for _kind, _items in (("instrument", INSTRUMENTS), ("loneliness_answer", ANSWERS),
                      ("measure_mode", MODES), ("measure_setting", SETTINGS),
                      ("measure_moment", MOMENTS), ("loneliness_category", CATEGORIES)):
    reference.register_list(_kind, _items)
