"""The package check's compiled per-table checks (`codec.quick_json`, `package._quick_values`)
take one call per value for the forms this app writes: for every column of every table and
every odd form the other tests use, they give exactly what the generic checks give, and
refuse exactly what they refuse (same problem, same details, same field)."""
from __future__ import annotations

import pytest

from app.models.base import sync_models
from app.services.exchange import codec, package

from .test_normal_json import EXTRA
from .test_stored_form import ID, ODD

TEXTS = ["", "a", "Buurtcomité", "x\x00", "\ud800", "\U0001f600", "x" * 300, "x" * 100_001,
         "\x00", " ", "0", "true", "e\u0301"]
NUMBERS = [0, 1, -1, 7, 10**9, 10**9 + 1, 2**63, -(2**63), 1.0, 0.5, float("nan"),
           float("inf"), True, False, "1", None]
LISTS = [[], [""], ["a"], [ID], [1], {"a": 1}, [[]], ["x" * 65]]


def _outcome(fn, value):
    try:
        result = fn(value)
    except codec.CodecError as exc:
        return "refused", exc.problem, exc.params, exc.field
    return "ok", type(result), repr(result)  # float/int and nan compared exactly


def _values_for(model) -> list:
    codes = [c for v in codec._code_lists().values() for c in sorted(v)[:3]]
    return ([v for forms in ODD.values() for v in forms] + EXTRA + TEXTS + NUMBERS + LISTS
            + codes + [c + "x" for c in codes] + [c.upper() for c in codes])


@pytest.mark.parametrize("model", sync_models(), ids=lambda m: m.__tablename__)
def test_each_quick_check_equals_the_generic_check(model):
    quick, full = codec.quick_json(model), codec.prepare_json(model)
    assert quick.keys() == full.keys()
    taken = 0
    for key in full:
        for value in _values_for(model):
            expected = _outcome(full[key], value)
            assert _outcome(quick[key], value) == expected, (key, value)
            taken += expected[0] == "ok"
    assert taken


@pytest.mark.parametrize("model", sync_models(), ids=lambda m: m.__tablename__)
def test_a_record_s_values_are_checked_as_the_generic_way_checks_them(model):
    full, carried = codec.prepare_json(model), set(codec.columns(model))
    some = sorted(carried - {"id"})[:3]
    records = [{}, [], "x", None, 42, {"no_such_field": 1}, {ID: None}]
    for value in _values_for(model):
        records.append(dict.fromkeys(some, value))
        records.append({some[0]: None, "no_such_field": value})
    for raw in records:
        expected = _outcome(lambda r: package._values(r, full, carried), raw)
        assert _outcome(lambda r: package._quick_values(r, model, carried), raw) == expected
    narrower = set(some[:1])
    for raw in ({some[0]: None}, {some[-1]: None}):
        assert (_outcome(lambda r: package._quick_values(r, model, narrower), raw)
                == _outcome(lambda r: package._values(r, full, narrower), raw))
