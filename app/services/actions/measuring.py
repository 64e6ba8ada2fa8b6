"""Optional loneliness measurement in step 7: only with consent, never offered by default at a
home visit, raw answers stored, before/after compared at group level. Qt-free.

The item wording follows the published scales (De Jong Gierveld & Van Tilburg; Hughes et al.
2004) because a validated questionnaire must not be reworded; the sources are printed with
every result.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.actions import Measurement
from app.models.core import Action
from app.services import loneliness, reference
from app.services.actions import codes  # noqa: F401  (registers the questionnaires' code lists)
from app.services.actions.errors import (
    ActionNotFoundError,
    ConsentMissingError,
    FutureDateError,
    RespondentCodeError,
    UnknownCodeError,
    UnknownInstrumentError,
)
from app.services.changes import Changes
from app.services.i18n import LANGUAGES, N_, _

DJG11_ITEMS = (
    N_("There is always someone I can talk to about my day-to-day problems."),
    N_("I miss having a really close friend."),
    N_("I experience a general sense of emptiness."),
    N_("There are plenty of people I can lean on when I have problems."),
    N_("I miss the pleasure of the company of others."),
    N_("I find my circle of friends and acquaintances too limited."),
    N_("There are many people I can trust completely."),
    N_("There are enough people I feel close to."),
    N_("I miss having people around me."),
    N_("I often feel rejected."),
    N_("I can call on my friends whenever I need them."),
)
# The short scale: three emotional items, then three social items (items 3, 9, 10, 4, 7, 8).
DJG6_ITEMS = tuple(DJG11_ITEMS[i - 1] for i in (3, 9, 10, 4, 7, 8))
UCLA3_ITEMS = (
    N_("How often do you feel that you lack companionship?"),
    N_("How often do you feel left out?"),
    N_("How often do you feel isolated from others?"),
)
ITEMS = {"djg11": DJG11_ITEMS, "djg6": DJG6_ITEMS, "ucla3": UCLA3_ITEMS}

NOT_A_DIAGNOSIS = N_("A questionnaire measures how people feel in a survey; it is not a "
                     "diagnosis. Look at changes for the group, never at one person.")
SMALL_GROUP_WARNING = N_("Careful: only {n} people were measured both before and after. With "
                         "so few people a change can be chance.")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


def offered_by_default(setting: str) -> bool:
    """Whether the questionnaire is proposed without being asked: never at a home visit, where
    a conversation should not turn into a survey."""
    return setting != "home_visit"


def items(instrument: str) -> tuple[str, ...]:
    if instrument not in ITEMS:
        raise UnknownInstrumentError(instrument=instrument)
    return ITEMS[instrument]


def source(instrument: str) -> str:
    return loneliness.SOURCES[instrument]


@dataclass(frozen=True)
class NewMeasurement:
    action_id: str
    respondent_code: str
    instrument: str
    answers: list[str | None]
    consent: bool
    moment: str = "before"
    mode: str = "face_to_face"
    setting: str = "activity"
    language: str = "nl"
    measured_on: date | None = None


def _validate(session: Session, m: NewMeasurement, today: date) -> None:
    if not m.consent:
        raise ConsentMissingError()
    if session.get(Action, m.action_id) is None:
        raise ActionNotFoundError()
    if not _CODE.match(m.respondent_code.strip()):
        raise RespondentCodeError()
    loneliness.score(m.instrument, m.answers)  # raises on a wrong count or answer
    for value, kind in ((m.moment, "measure_moment"), (m.mode, "measure_mode"),
                        (m.setting, "measure_setting")):
        if value not in reference.codes(kind):
            raise UnknownCodeError(code=value, what=kind)
    if m.language not in LANGUAGES:
        raise UnknownCodeError(code=m.language, what="language")
    if (m.measured_on or today) > today:
        raise FutureDateError()


def check_measurement(session: Session, m: NewMeasurement, today: date | None = None) -> None:
    """Raise what `add_measurement` would refuse, without writing anything (the
    questionnaire stays open with the problem shown)."""
    _validate(session, m, today or date.today())


def add_measurement_form(session: Session, trajectory_id: str,
                         values: dict[str, Any]) -> tuple[Measurement, Changes]:
    """The questionnaire list's `create` hook: `values` are a `NewMeasurement`'s fields."""
    return add_measurement(session, NewMeasurement(**values))


def add_measurement(session: Session, m: NewMeasurement,
                    today: date | None = None) -> tuple[Measurement, Changes]:
    today = today or date.today()
    _validate(session, m, today)
    row = Measurement(
        action_id=m.action_id, respondent_code=m.respondent_code.strip(), moment=m.moment,
        instrument=m.instrument, version=loneliness.VERSION, language=m.language,
        mode=m.mode, setting=m.setting, measured_on=m.measured_on or today,
        answers=json.dumps(list(m.answers)), consent_recorded=True,
    )
    session.add(row)
    session.flush()
    return row, Changes.of("measurement")


def answers_of(row: Measurement) -> list[str | None]:
    return list(json.loads(row.answers or "[]"))


def measurements(session: Session, action_id: str) -> list[Measurement]:
    return list(session.scalars(
        select(Measurement).where(Measurement.action_id == action_id,
                                  Measurement.erased_at.is_(None))
        .order_by(Measurement.measured_on, Measurement.respondent_code)))


def pairs(rows: list[Measurement], instrument: str) -> list[tuple[list, list]]:
    """Per respondent: the first 'before' and the last 'after' of one instrument. Rows
    without answers are left out: a reader of a shared database does not see them."""
    before: dict[str, Measurement] = {}
    after: dict[str, Measurement] = {}
    for row in sorted(rows, key=lambda r: r.measured_on):
        if row.instrument != instrument or not answers_of(row):
            continue
        if row.moment == "before":
            before.setdefault(row.respondent_code, row)
        else:
            after[row.respondent_code] = row
    return [(answers_of(before[c]), answers_of(after[c])) for c in sorted(before)
            if c in after]


def group_results(session: Session, action_id: str) -> list[loneliness.GroupChange]:
    rows = measurements(session, action_id)
    used = sorted({r.instrument for r in rows})
    return [loneliness.group_change(i, pairs(rows, i)) for i in used]


def describe_change(change: loneliness.GroupChange) -> list[str]:
    """Plain sentences about a group change, translated, with the small-group warning."""
    from app.services.i18n import format_decimal, ngettext

    name = reference.label("instrument", change.instrument)
    lines = [ngettext("{instrument}: {n} person measured before and after.",
                      "{instrument}: {n} people measured before and after.",
                      change.pairs).format(instrument=name, n=change.pairs)]
    if change.pairs and change.mean_before is not None and change.mean_after is not None:
        lines.append(_("Average score before {before}, after {after} (lower is less "
                       "lonely).").format(before=format_decimal(round(change.mean_before, 1)),
                                          after=format_decimal(round(change.mean_after, 1))))
        lines.append(_("Less lonely: {better} · the same: {same} · more lonely: {worse}")
                     .format(better=change.improved, same=change.same, worse=change.worse))
        if change.instrument != "ucla3":
            lines.append(_("In a lonely category: {before} before, {after} after.").format(
                before=change.lonely_before, after=change.lonely_after))
    if change.small_group:
        lines.append(_(SMALL_GROUP_WARNING).format(n=change.pairs))
    lines.append(_("Source: {source}").format(source=source(change.instrument)))
    return lines


def erase_measurement(session: Session, measurement_id: str) -> Changes:
    """Erase a questionnaire for good (the person withdrew consent): the answers and the code
    are wiped and `erased_at` keeps an older copy from bringing them back."""
    from app.models.base import utcnow

    row = session.get(Measurement, measurement_id,
                      execution_options={"include_deleted": True})
    if row is None or row.erased_at is not None:
        return Changes()
    from app.services import erasure

    erasure.secure(session)
    row.answers = "[]"
    row.respondent_code = "-"
    row.erased_at = utcnow()
    row.deleted_at = row.deleted_at or row.erased_at
    erasure.purge(session, Measurement, [row.id], ("answers", "respondent_code"))
    return Changes.of("measurement")


def erase_respondent(session: Session, action_id: str, respondent_code: str) -> Changes:
    """Erase every questionnaire of one person within an action."""
    rows = session.scalars(select(Measurement.id).where(
        Measurement.action_id == action_id, Measurement.respondent_code == respondent_code,
        Measurement.erased_at.is_(None))).all()
    changes = Changes()
    for mid in rows:
        changes |= erase_measurement(session, mid)
    return changes


def respondent_ids(session: Session, action_id: str, respondent_code: str) -> list[str]:
    return list(session.scalars(select(Measurement.id).where(
        Measurement.action_id == action_id, Measurement.respondent_code == respondent_code,
        Measurement.erased_at.is_(None))))


def erase_in_copy(session: Session, ids: list[str]) -> None:
    """In a backup copy: the same questionnaires, erased or not there yet."""
    from app.services import erasure

    for mid in ids:
        row = session.get(Measurement, mid, execution_options={"include_deleted": True})
        if row is None:
            continue
        if row.erased_at is None:
            erase_measurement(session, mid)
        else:
            erasure.purge(session, Measurement, [mid], ("answers", "respondent_code"))
