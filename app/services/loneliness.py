"""Scoring of loneliness questionnaires (step 7, optional, only with consent). Qt-free.

Instruments:

- ``djg11``: the De Jong Gierveld loneliness scale, 11 items (De Jong Gierveld & Kamphuis
  1985; cut-offs Van Tilburg & De Jong Gierveld 1999). Items 1, 4, 7, 8, 11 are positively
  worded (social loneliness, 0–5), items 2, 3, 5, 6, 9, 10 negatively (emotional loneliness,
  0–6). Every item scores 0 or 1; the neutral answer "more or less" counts as lonely in both
  directions. Total 0–2 not lonely, 3–8 moderately, 9–10 severely, 11 very severely lonely.
- ``djg6``: the short scale (De Jong Gierveld & Van Tilburg 2006), asked as three emotional
  items (emptiness, missing people around, feeling rejected) then three social items (people
  to rely on, to trust completely, to feel close to). Total 0–1 not lonely, 2–4 moderately,
  5–6 severely lonely; a subscale of 1 or more counts as lonely.
- ``ucla3``: the three-item UCLA scale (Hughes et al. 2004), items scored 1–3, total 3–9,
  without an official cut-off.

Missing answers: a DJG subscale is missing when any of its items is missing; a DJG total is
missing when more than one item is missing (the short scale's rule, applied to the 11-item
scale as well); the UCLA total is missing when any item is missing. A missing DJG item inside
an allowed total counts as not lonely.

It is a survey instrument, not a diagnosis: report changes at group level only.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean

from app.services.actions.errors import (
    InvalidAnswersError,
    UnknownAnswerError,
    UnknownInstrumentError,
)

YES, MORE_OR_LESS, NO = "yes", "more_or_less", "no"
DJG_ANSWERS = (YES, MORE_OR_LESS, NO)
UCLA_ANSWERS = ("hardly_ever", "some_of_the_time", "often")
UCLA_POINTS = {"hardly_ever": 1, "some_of_the_time": 2, "often": 3}

INSTRUMENTS = ("djg11", "djg6", "ucla3")
SOURCES = {
    "djg11": "De Jong Gierveld & Kamphuis (1985); Van Tilburg & De Jong Gierveld (1999)",
    "djg6": "De Jong Gierveld & Van Tilburg (2006)",
    "ucla3": "Hughes, Waite, Hawkley & Cacioppo (2004)",
}
VERSION = "1"

# item index (0-based, in the order asked) -> ("social" | "emotional")
_DJG11_SOCIAL = (0, 3, 6, 7, 10)  # items 1, 4, 7, 8, 11: positively worded
_DJG11_EMOTIONAL = (1, 2, 4, 5, 8, 9)  # items 2, 3, 5, 6, 9, 10: negatively worded
_DJG6_EMOTIONAL = (0, 1, 2)
_DJG6_SOCIAL = (3, 4, 5)

SMALL_GROUP = 10  # fewer paired people than this: warn that the change says little

@dataclass(frozen=True)
class Score:
    instrument: str
    total: int | None
    emotional: int | None
    social: int | None
    category: str | None
    missing: int


def _check(instrument: str, answers: Sequence, allowed: tuple[str, ...], n: int) -> None:
    if len(answers) != n:
        raise InvalidAnswersError(expected=n, got=len(answers))
    for answer in answers:
        if answer is not None and answer not in allowed:
            raise UnknownAnswerError(answer=answer)


def _lonely(answer: str | None, positive: bool) -> int:
    """1 when the answer points to loneliness; neutral counts as lonely both ways."""
    if answer is None:
        return 0
    if answer == MORE_OR_LESS:
        return 1
    return int(answer == (NO if positive else YES))


def _subscale(answers: Sequence, items: tuple[int, ...], positive: bool) -> int | None:
    if any(answers[i] is None for i in items):
        return None
    return sum(_lonely(answers[i], positive) for i in items)


def _djg(instrument: str, answers: Sequence, emotional_items, social_items, n: int) -> Score:
    _check(instrument, answers, DJG_ANSWERS, n)
    missing = sum(a is None for a in answers)
    emotional = _subscale(answers, emotional_items, positive=False)
    social = _subscale(answers, social_items, positive=True)
    total = None
    if missing <= 1:
        total = (sum(_lonely(answers[i], False) for i in emotional_items)
                 + sum(_lonely(answers[i], True) for i in social_items))
    return Score(instrument, total, emotional, social, category(instrument, total), missing)


def category(instrument: str, total: int | None) -> str | None:
    """The category of a total score; None without a total or an official cut-off."""
    if total is None or instrument == "ucla3":
        return None
    if instrument == "djg11":
        if total <= 2:
            return "not_lonely"
        if total <= 8:
            return "moderate"
        return "severe" if total <= 10 else "very_severe"
    if instrument == "djg6":
        if total <= 1:
            return "not_lonely"
        return "moderate" if total <= 4 else "severe"
    raise UnknownInstrumentError(instrument=instrument)


def score(instrument: str, answers: Sequence[str | None]) -> Score:
    """Score one questionnaire. `answers` lists the items in the order they are asked."""
    answers = list(answers)
    if instrument == "djg11":
        return _djg(instrument, answers, _DJG11_EMOTIONAL, _DJG11_SOCIAL, 11)
    if instrument == "djg6":
        return _djg(instrument, answers, _DJG6_EMOTIONAL, _DJG6_SOCIAL, 6)
    if instrument == "ucla3":
        _check(instrument, answers, UCLA_ANSWERS, 3)
        missing = sum(a is None for a in answers)
        total = None if missing else sum(UCLA_POINTS[a] for a in answers if a is not None)
        return Score(instrument, total, None, None, None, missing)
    raise UnknownInstrumentError(instrument=instrument)


def answer_options(instrument: str) -> tuple[str, ...]:
    return UCLA_ANSWERS if instrument == "ucla3" else DJG_ANSWERS


# --- group level ------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupChange:
    """Before/after at group level for the people measured twice with the same instrument."""

    instrument: str
    pairs: int
    mean_before: float | None
    mean_after: float | None
    improved: int  # lower score after
    same: int
    worse: int
    lonely_before: int  # in a lonely category (DJG) before / after
    lonely_after: int
    small_group: bool

    @property
    def mean_change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


def group_change(instrument: str, pairs: Iterable[tuple[Sequence, Sequence]]) -> GroupChange:
    """Compare before/after answer lists per person; pairs with a missing total are left out."""
    totals: list[tuple[int, int]] = []
    lonely_before = lonely_after = 0
    for before, after in pairs:
        sb, sa = score(instrument, before), score(instrument, after)
        if sb.total is None or sa.total is None:
            continue
        totals.append((sb.total, sa.total))
        lonely_before += int(sb.category not in (None, "not_lonely"))
        lonely_after += int(sa.category not in (None, "not_lonely"))
    n = len(totals)
    return GroupChange(
        instrument=instrument,
        pairs=n,
        mean_before=mean(b for b, _a in totals) if n else None,
        mean_after=mean(a for _b, a in totals) if n else None,
        improved=sum(a < b for b, a in totals),
        same=sum(a == b for b, a in totals),
        worse=sum(a > b for b, a in totals),
        lonely_before=lonely_before,
        lonely_after=lonely_after,
        small_group=n < SMALL_GROUP,
    )
