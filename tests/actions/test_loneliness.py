"""Scoring of the loneliness scales, rule by rule (field notes and issue 5)."""
from __future__ import annotations

import pytest

from app.services import loneliness
from app.services.actions.errors import (
    InvalidAnswersError,
    UnknownAnswerError,
    UnknownInstrumentError,
)
from app.services.loneliness import score

Y, M, N = "yes", "more_or_less", "no"
POSITIVE = (1, 4, 7, 8, 11)
NEGATIVE = (2, 3, 5, 6, 9, 10)


def djg11(**items):
    """All items 'not lonely' unless given: item number -> answer."""
    answers = [N if i in NEGATIVE else Y for i in range(1, 12)]
    for key, value in items.items():
        answers[int(key[1:]) - 1] = value
    return answers


def test_djg11_not_lonely_answers_score_zero():
    s = score("djg11", djg11())
    assert (s.total, s.emotional, s.social, s.category) == (0, 0, 0, "not_lonely")


@pytest.mark.parametrize("item", POSITIVE)
def test_djg11_positive_item_no_counts_as_social_loneliness(item):
    s = score("djg11", djg11(**{f"i{item}": N}))
    assert (s.total, s.social, s.emotional) == (1, 1, 0)


@pytest.mark.parametrize("item", NEGATIVE)
def test_djg11_negative_item_yes_counts_as_emotional_loneliness(item):
    s = score("djg11", djg11(**{f"i{item}": Y}))
    assert (s.total, s.social, s.emotional) == (1, 0, 1)


@pytest.mark.parametrize("item", range(1, 12))
def test_djg11_neutral_answer_counts_as_lonely_in_both_directions(item):
    assert score("djg11", djg11(**{f"i{item}": M})).total == 1


def test_djg11_all_lonely_is_very_severe_with_subscale_maxima():
    answers = [M] * 11
    s = score("djg11", answers)
    assert (s.total, s.emotional, s.social, s.category) == (11, 6, 5, "very_severe")


@pytest.mark.parametrize("total,category", [
    (0, "not_lonely"), (2, "not_lonely"), (3, "moderate"), (8, "moderate"), (9, "severe"),
    (10, "severe"), (11, "very_severe"),
])
def test_djg11_cut_offs(total, category):
    answers = [M] * total + djg11()[total:]
    s = score("djg11", answers)
    assert s.total == total
    assert s.category == category


def test_djg11_one_missing_keeps_total_but_drops_its_subscale():
    s = score("djg11", djg11(i2=None, i3=Y))
    assert s.total == 1
    assert s.emotional is None
    assert s.social == 0
    assert s.missing == 1


def test_djg11_two_missing_drop_total_and_category():
    s = score("djg11", djg11(i1=None, i2=None))
    assert s.total is None and s.category is None
    assert s.social is None and s.emotional is None


def djg6(emotional=(N, N, N), social=(Y, Y, Y)):
    return [*emotional, *social]


def test_djg6_order_is_three_emotional_then_three_social():
    s = score("djg6", djg6(emotional=(Y, Y, N), social=(N, Y, Y)))
    assert (s.emotional, s.social, s.total) == (2, 1, 3)


@pytest.mark.parametrize("total,category", [
    (0, "not_lonely"), (1, "not_lonely"), (2, "moderate"), (4, "moderate"), (5, "severe"),
    (6, "severe"),
])
def test_djg6_cut_offs(total, category):
    answers = [M] * total + djg6()[total:]
    s = score("djg6", answers)
    assert (s.total, s.category) == (total, category)


def test_djg6_neutral_counts_as_lonely_for_both_subscales():
    s = score("djg6", djg6(emotional=(M, N, N), social=(M, Y, Y)))
    assert (s.emotional, s.social) == (1, 1)


def test_djg6_total_kept_with_one_missing():
    s = score("djg6", djg6(emotional=(None, Y, N)))
    assert s.total == 1
    assert s.emotional is None
    assert s.social == 0
    assert s.category == "not_lonely"


def test_djg6_total_missing_with_more_than_one_missing():
    s = score("djg6", djg6(emotional=(None, N, N), social=(Y, None, Y)))
    assert s.total is None and s.category is None
    assert s.emotional is None and s.social is None


def test_djg6_subscale_missing_when_any_of_its_items_is():
    s = score("djg6", djg6(social=(Y, Y, None)))
    assert s.social is None and s.emotional == 0 and s.total == 0


@pytest.mark.parametrize("answers,total", [
    (["hardly_ever"] * 3, 3), (["often"] * 3, 9),
    (["hardly_ever", "some_of_the_time", "often"], 6),
])
def test_ucla3_scores_one_to_three_per_item_without_category(answers, total):
    s = score("ucla3", answers)
    assert s.total == total
    assert s.category is None and s.emotional is None and s.social is None


def test_ucla3_any_missing_item_drops_total():
    assert score("ucla3", ["often", None, "often"]).total is None


def test_wrong_number_of_answers_is_refused():
    with pytest.raises(InvalidAnswersError):
        score("djg6", [Y] * 5)


def test_unknown_answer_is_refused():
    with pytest.raises(UnknownAnswerError):
        score("djg11", ["maybe", *djg11()[1:]])
    with pytest.raises(UnknownAnswerError):
        score("ucla3", [Y, Y, Y])


def test_unknown_instrument_is_refused():
    with pytest.raises(UnknownInstrumentError):
        score("ucla20", [])


def test_group_change_pairs_and_small_group_warning():
    before = djg6(emotional=(Y, Y, Y))
    after = djg6(emotional=(Y, N, N))
    change = loneliness.group_change("djg6", [(before, after), (after, after),
                                              (before, [None, None, *after[2:]])])
    assert change.pairs == 2  # the pair with a missing total is left out
    assert change.improved == 1 and change.same == 1 and change.worse == 0
    assert change.mean_before == 2 and change.mean_after == 1
    assert change.mean_change == -1
    assert change.lonely_before == 1 and change.lonely_after == 0
    assert change.small_group


def test_group_change_without_warning_for_a_larger_group():
    pair = (djg6(emotional=(Y, Y, N)), djg6())
    change = loneliness.group_change("djg6", [pair] * loneliness.SMALL_GROUP)
    assert not change.small_group
    assert change.improved == loneliness.SMALL_GROUP
