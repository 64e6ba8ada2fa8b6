"""Every field of every incoming record is checked against its model: type, length, range,
code lists, dates Python can hold, version counters within reason. One bad field refuses the
whole package with a translated message that names the field; the database stays unchanged."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import String, Text, select

from app.models.base import sync_models
from app.services import i18n
from app.services.exchange import codec, package
from app.services.exchange import errors as E
from app.services.exchange.errors import RecordError

from .test_bad_input import _forge, _refused, pair  # noqa: F401  (pair is a fixture)

RID = "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11"
OTHER = "7a2d4d2f-9e3b-4e8f-8b6a-3c9d2d1e1b22"


def _package(anna, kind: str, values: dict, *, vector=None, meta=None, bases=None,
             record_id=RID) -> bytes:
    """A package signed by anna with one hand-made record of `kind`."""
    line = {"id": record_id, "vector": vector or {"d": 1}, "values": values}
    if meta is not None:
        line["meta"] = meta
    if bases is not None:
        line["bases"] = bases
    body = json.dumps(line).encode()

    def manifest(m):
        m["scope"] = "full"
        m["kinds"][kind] = {"fields": sorted(values), "masked": []}
        m["counts"][kind] = 1

    return _forge(anna, manifest, members=lambda b: b.update({f"records/{kind}.jsonl": body}))


BAD_FIELDS = [
    ("outreach_campaign", "retention_months", -600),
    ("outreach_campaign", "retention_months", 9_000_000_000_000_000_000),
    ("outreach_campaign", "retention_months", 121),
    ("outreach_campaign", "max_attempts", 0),
    ("outreach_campaign", "retry_days", 2**63),
    ("outreach_campaign", "retention_months", True),
    ("outreach_campaign", "retention_months", 12.0),
    ("action", "name", "x" * 999_999),
    ("action", "name", "x" * 201),
    ("action", "name", "Soep\x00babbel"),
    ("action", "description", "y" * (codec.MAX_TEXT + 1)),
    ("outreach_visit", "outcome", "exploded"),
    ("outreach_visit", "signals", ["loneliness", "invented"]),
    ("action", "element_codes", ["meeting", "=HYPERLINK(1)"]),
    ("action", "element_codes", ["meeting"] * (codec.MAX_CODES + 1)),
    ("action", "status", "gone"),
    ("outreach_person", "language", "xx"),
    ("outreach_person", "birth_year", 1200),
    ("outreach_person", "birth_date", "0001-01-01"),
    ("outreach_person", "birth_date", "9999-12-31"),
    ("outreach_person", "birth_date", "2026-02-30"),
    ("action", "deleted_at", "0001-01-01T00:00:00+05:00"),
    ("action", "deleted_at", "9999-12-31T23:59:59-05:00"),
    ("action", "deleted_at", "2026-01-01T10:00:00"),
    ("area_figure", "value", float("nan")),
    ("area_figure", "value", float("inf")),
    ("area_figure", "value", 1e308),
    ("area_figure", "value", "12"),
    ("persona", "age", 400),
    ("action", "trajectory_id", "not an id"),
]


@pytest.mark.parametrize(("kind", "field", "value"), BAD_FIELDS,
                         ids=[f"{k}.{f}-{i}" for i, (k, f, _v) in enumerate(BAD_FIELDS)])
def test_a_bad_field_refuses_the_whole_package(pair, tmp_path, kind, field, value):  # noqa: F811
    anna, bert = pair
    err = _refused(bert, tmp_path, _package(anna, kind, {field: value}), E.MALFORMED_RECORD)
    assert isinstance(err, RecordError)
    assert (err.kind, err.field) == (kind, field)


BAD_VECTORS = [
    {"vector": {"d": 2**53 - 1}},
    {"vector": {"d": package.MAX_COUNTER + 1}},
    {"vector": {"d": -1}},
    {"vector": {"": 1}},
    {"vector": {f"d{i}": 1 for i in range(package.MAX_DEVICES + 1)}},
    {"vector": {"d": 1}, "bases": [{"vector": {"d": 2}, "values": {}}]},  # a base ahead
    {"vector": {"d": 3}, "bases": [{"vector": {"d": 2**53}, "values": {}}]},
    {"meta": {"created_at": "0001-01-01T00:00:00+05:00"}},
    {"meta": {"revision": -1}},
    {"meta": {"revision": 2**70}},
    {"meta": {"device_id": "x" * 37}},
]


@pytest.mark.parametrize("change", BAD_VECTORS)
def test_poisoned_versions_and_meta_are_refused(pair, tmp_path, change):  # noqa: F811
    anna, bert = pair
    _refused(bert, tmp_path, _package(anna, "action", {"name": "Soep"}, **change),
             E.MALFORMED_RECORD)


def test_a_manifest_date_python_cannot_hold_is_refused_calmly(pair, tmp_path):  # noqa: F811
    anna, bert = pair
    forged = _forge(anna, lambda m: m.update(created_at="0001-01-01T00:00:00+05:00"))
    _refused(bert, tmp_path, forged, E.MALFORMED_MANIFEST)


def test_values_at_the_limits_are_accepted(pair, tmp_path):  # noqa: F811
    anna, bert = pair
    values = {"name": "x" * 200, "element_codes": ["meeting", "digital"], "status": "",
              "deleted_at": "2199-12-31T20:00:00-03:00"}
    path = tmp_path / "ok.bvx"
    path.write_bytes(_package(anna, "action", values, vector={"d": package.MAX_COUNTER}))
    pkg = bert.load(path)
    (rec,) = pkg.records["action"]
    assert rec.values["name"] == "x" * 200
    assert rec.values["deleted_at"] == "2199-12-31T23:00:00+00:00"


def test_the_message_names_the_record_and_field_in_the_users_language(pair, tmp_path):  # noqa: F811
    anna, bert = pair
    err = _refused(bert, tmp_path, _package(anna, "outreach_campaign",
                                            {"retention_months": -600}))
    try:
        for lang, words in (("nl", ("Bewaartermijn", "0", "120")),
                            ("fr", ("Durée de conservation", "0", "120")),
                            ("en", ("Retention period", "0", "120"))):
            i18n.set_language(lang)
            text = err.user_message()
            assert all(w in text for w in words), text
            assert "{" not in text and "retention_months" not in text
    finally:
        i18n.set_language("en")


def _columns():
    for model in sync_models():
        for key, col in codec.columns(model).items():
            yield model, key, col


def test_every_column_of_every_shared_table_is_checked_by_its_type():
    """Generic: a new column gets a checker from its type, with no one remembering it."""
    for model, key, col in _columns():
        check = codec.prepare(model)[key]
        kind = codec._kind(col.type)
        with pytest.raises(codec.CodecError):
            check({"not": "a value"} if kind != "json" else {"x": float("nan")})
        if kind == "str":
            length = col.type.length if isinstance(col.type, String) and not isinstance(
                col.type, Text) and col.type.length else codec.MAX_TEXT
            with pytest.raises(codec.CodecError):
                check("a" * (length + 1))
            with pytest.raises(codec.CodecError):
                check("a\x00")
        if kind == "int":
            low, high = getattr(model, "FIELD_RANGES", {}).get(key, codec.DEFAULT_INT_RANGE)
            for bad in (low - 1, high + 1, 2**63):
                with pytest.raises(codec.CodecError):
                    check(bad)
            assert check(low) == low and check(high) == high
        if kind in ("date", "datetime", "utcdatetime"):
            for bad in ("0001-01-01T00:00:00+05:00", "9999-12-31", "0001-01-01"):
                with pytest.raises(codec.CodecError):
                    check(bad)
        if not col.nullable and kind != "codelist":
            with pytest.raises(codec.CodecError):
                check(None)


def test_declared_code_lists_exist_and_the_defaults_are_in_them():
    lists = codec._code_lists()
    declared = 0
    for model in sync_models():
        cols = codec.columns(model)
        for key, list_name in model.CODE_FIELDS.items():
            declared += 1
            assert key in cols, f"{model.__name__}.{key}"
            assert list_name in lists, f"{model.__name__}.{key}: {list_name}"
            default = cols[key].default
            if default is not None and isinstance(default.arg, str) and default.arg:
                assert default.arg in lists[list_name], f"{model.__name__}.{key}"
        for key, (low, high) in model.FIELD_RANGES.items():
            assert key in cols and low < high
    assert declared >= 30


def test_a_demo_package_passes_every_check(demo_laptop, laptops):
    """The declarations fit real data: the demo's full package is accepted as a whole."""
    bert = laptops("bert")
    pkg = bert.load(demo_laptop.export("full", to=bert))
    assert sum(len(v) for v in pkg.records.values()) > 100


def test_checking_is_prepared_once_per_table():
    from app.models.core import Action

    first, again = codec.prepare(Action), codec.prepare(Action)
    assert first is again
    assert first["name"] is again["name"]
    record = {"id": str(uuid.uuid4()), "vector": {"d": 1},
              "values": {"name": "Soep", "element_codes": ["meeting"]}}
    line = json.dumps(record).encode()
    for _n in range(200):
        assert package.parse_line(line, Action, {"name", "element_codes"}).values["name"] == "Soep"
    _ = OTHER


def test_a_new_record_without_its_required_fields_is_refused_by_name(pair, tmp_path):  # noqa: F811
    anna, bert = pair
    err = _refused(bert, tmp_path, _package(anna, "action", {"name": "Soep"}),
                   E.MALFORMED_RECORD)
    assert (err.kind, err.field) == ("action", "trajectory_id")


def test_a_record_pointing_at_a_missing_parent_is_refused_calmly(pair, tmp_path):  # noqa: F811
    anna, bert = pair
    err = _refused(bert, tmp_path, _package(anna, "action", {
        "name": "Soep", "trajectory_id": "0b8f8a4e-1111-4222-8333-944455556666"}),
        E.MALFORMED_RECORD)
    i18n.set_language("nl")
    assert "niet in het pakket" in err.user_message()


def test_a_counter_aimed_at_the_receiver_cannot_stop_its_packages(pair, tmp_path):  # noqa: F811
    """The poisoning of issue 12: a counter for the receiver's own device at the very limit.
    The copy is left out, so the receiver's next edits still travel to everyone."""
    from app.models.core import Action, Trajectory
    from app.services.exchange import importer

    anna, bert = pair
    with anna.db.session() as s:
        traj = s.scalars(select(Trajectory)).one().id
    values = {"name": "Soep", "trajectory_id": traj}
    path = tmp_path / "poison.bvx"
    path.write_bytes(_package(anna, "action", values,
                              vector={bert.db.device_id: package.MAX_COUNTER}))
    bert.import_(anna.export("full", to=bert))  # bert has the trajectory
    result = bert.import_(path)
    assert result.preview.total("impossible") == 1
    i18n.set_language("en")
    assert "never made" in importer.impossible_note(1)
    with bert.db.session() as s:
        assert s.get(Action, RID) is None
    # the same record, honestly made by anna, arrives and bert edits and sends it on
    with anna.db.transaction() as s:
        s.add(Action(id=OTHER, trajectory_id=traj, name="Wandelclub"))
    bert.import_(anna.export("full", to=bert))
    with bert.db.transaction() as s:
        s.get(Action, OTHER).name = "Wandelclub op zondag"
    anna.import_(bert.export("full", to=anna))
    with anna.db.session() as s:
        assert s.get(Action, OTHER).name == "Wandelclub op zondag"


def test_a_colleague_ahead_of_a_restored_laptop_is_still_accepted(pair, tmp_path):  # noqa: F811
    """Below the limit a counter of the receiver's own above what it knows is believed: after
    restoring an older backup, colleagues hold versions the laptop forgot."""
    from app.models.core import Action, Trajectory

    anna, bert = pair
    bert.import_(anna.export("full", to=bert))
    with anna.db.session() as s:
        traj = s.scalars(select(Trajectory)).one().id
    path = tmp_path / "ahead.bvx"
    path.write_bytes(_package(anna, "action", {"name": "Soep", "trajectory_id": traj},
                              vector={bert.db.device_id: 40, "x": 2}))
    assert bert.import_(path).preview.total("added") == 1
    with bert.db.session() as s:
        assert s.get(Action, RID).name == "Soep"
