"""Records added from a package go from their checked JSON values straight to the text SQLite
stores (codec.stored_plan), skipping the Python values in between for ids, dates and UTC
times. That shortcut must store exactly what the long way (JSON -> Python value -> the column
type's bind processor) stores, and refuse exactly what it refuses, for every input."""
from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy.dialects import sqlite

from app.models.base import sync_models
from app.services.exchange import codec

from .test_bad_input import pair  # noqa: F401  (a fixture)
from .test_validation import _package

ID = "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11"
ODD = {
    "guid": [ID, ID.upper(), "{" + ID + "}", "urn:uuid:" + ID, ID.replace("-", ""), "",
             ID[:-1] + "g", ID + "\x00", "\u0666" * 36, " " + ID, 42, None, ["x"]],
    "utcdatetime": [
        "2026-11-30T09:38:26+00:00", "2026-11-30T09:38:26.123456+00:00",
        "2026-11-30T09:38:26.123+00:00", "2026-11-30T11:38:26+02:00",
        "2026-11-30T09:38:26Z", "2026-11-30 09:38:26+00:00", "2026-11-30T09:38:26",
        "2026-11-30T09:38:26-00:00", "2026-02-30T00:00:00+00:00", "2026-13-01T00:00:00+00:00",
        "2026-11-30T24:00:00+00:00", "2026-11-30T23:59:60+00:00", "1799-12-31T23:59:59+00:00",
        "1800-01-01T00:00:00+00:00", "2199-12-31T23:59:59.999999+00:00",
        "2200-01-01T00:00:00+00:00", "0001-01-01T00:00:00+05:00",
        "2026-11-30T0\u0669:38:26+00:00", "\u0662026-11-30T09:38:26+00:00",
        "2026-11-30T09:38:26+00:00\n", "2026-11-30T09:38:26+00:00\x00", "", 0, None],
    "bool": [True, False, 1, 0, "true", "", None, [], 1.0],
    "codelist": [[], ["a"], ["b", "a", "a"], [""], [1], ["x\x00"], ["\ud800"], ["x" * 999],
                 "", "[]", {}, (), None, [None], [[]]],
    "date": ["2026-11-30", "1800-01-01", "2199-12-31", "1799-12-31", "2200-01-01",
             "2026-02-29", "2024-02-29", "2026-11-31", "2026-W48-1", "20261130", "2026-1-30",
             "\u0662026-11-30", "2026-11-30\n", "2026-11-30T00:00:00", "", 20261130, None],
}


def _long_way(column, value):
    """JSON -> Python value -> bind processor, as SQLAlchemy would store it."""
    process = column.type._cached_bind_processor(sqlite.dialect())
    if codec._kind(column.type) not in codec._SAME_IN_JSON or value is None:
        value = codec.from_json(column, value)
    return value if process is None else process(value)


def _outcome(fn, column, value):
    try:
        return "stored", fn(column, value)
    except codec.CodecError as exc:
        return "refused", exc.problem, exc.params
    except (ValueError, TypeError, AttributeError) as exc:  # the bind processor's own
        return "failed", type(exc), str(exc)


def _shortcut(column, value):
    plan = {key: convert for key, convert, _p in codec.stored_plan(
        _model_of(column), sqlite.dialect())}
    return codec.stored_value(column, plan[column.key], value)


def _model_of(column):
    return next(m for m in sync_models() if m.__table__ is column.table)


def _columns_of_kind():
    for model in sync_models():
        for key, column in codec.columns(model).items():
            yield model.__tablename__, key, column


@pytest.mark.parametrize(("kind", "values"), sorted(ODD.items()))
def test_the_shortcut_stores_and_refuses_exactly_as_the_long_way(kind, values):
    columns = [c for _t, _k, c in _columns_of_kind() if codec._kind(c.type) == kind]
    assert columns, kind
    stored = 0
    for column in columns:
        for value in values:
            expected = _outcome(_long_way, column, value)
            assert _outcome(_shortcut, column, value) == expected, (column, value)
            stored += expected[0] == "stored"
    assert stored  # the odd forms include ones that are stored


def test_text_and_numbers_are_stored_as_they_are_but_never_an_empty_required_field():
    for _table, key, column in _columns_of_kind():
        kind = codec._kind(column.type)
        if kind not in ("str", "int"):
            continue
        convert = {k: c for k, c, _p in codec.stored_plan(_model_of(column), sqlite.dialect())
                   }[key]
        for value in ("Soep\x00babbel", "x" * 300_000, "\ud800", 2**70, -1):
            assert codec.stored_value(column, convert, value) == _long_way(column, value)
        assert _outcome(_shortcut, column, None) == _outcome(_long_way, column, None)


def test_odd_forms_in_a_package_are_stored_in_their_normal_form(pair, tmp_path):  # noqa: F811
    anna, bert = pair
    values = {"name": "Dorp\u00e9 \u0645", "municipality": "Gem", "start_date": "2024-02-29",
              "planned_end_date": None, "deleted_at": "2026-11-30T11:38:26.5+02:00"}
    meta = {"created_at": "2026-11-29T23:30:00-01:00", "updated_at": "2026-11-30T09:00:00Z",
            "device_id": "d", "revision": 3, "base_revision": 2}
    path = tmp_path / "odd.bvx"
    path.write_bytes(_package(anna, "trajectory", values, meta=meta, record_id=ID.upper()))
    result = bert.import_(path)
    assert result.preview.total("added") == 1
    with sqlite3.connect(bert.db.path) as raw:
        row = raw.execute("SELECT id, name, start_date, planned_end_date, deleted_at, "
                          "created_at, updated_at, revision FROM trajectory").fetchone()
        state = raw.execute("SELECT record_id, content FROM exchange_record_state "
                            "WHERE kind = 'trajectory'").fetchone()
    assert row == (ID, "Dorp\u00e9 \u0645", "2024-02-29", None, "2026-11-30 09:38:26.500000",
                   "2026-11-30 00:30:00.000000", "2026-11-30 09:00:00.000000", 3)
    assert state[0] == ID
    content = json.loads(state[1])
    assert content["deleted_at"] == "2026-11-30T09:38:26.500000+00:00"
    assert content["start_date"] == "2024-02-29" and content["planned_end_date"] is None
