"""The export reads rows as the database driver returns them and turns each value into its
JSON form with one function per column (`codec.from_read`), with shortcuts on SQLite for the
forms it stores. That must give exactly what reading through SQLAlchemy's column types and
`codec.to_json` gives, or fail the same way, for every column and any stored value; and the
export's own JSON encoder must write exactly `state.dumps`."""
from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from app.models.base import sync_models
from app.services.exchange import codec, exporter, state, tables

from .test_roundtrip import _members

ID = "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11"
# values as SQLite may hold them: what this app writes, and what a hand-edited or older
# file could hold
STORED = {
    "guid": [ID, ID.upper(), "{" + ID + "}", "", "x", 42, 4.5, b"\x00" * 16, None],
    "utcdatetime": [
        "2026-11-30 09:38:26.000000", "2026-11-30 09:38:26.123456", "2026-11-30 09:38:26",
        "2026-11-30T09:38:26", "2026-11-30T09:38:26+02:00", "2026-11-30T09:38:26Z",
        "2026-11-30T09:38:26.5-05:30", "2026-11-30 09:38:26.000000+00:00", "2026-11-30",
        "2026-02-30 00:00:00.000000", "2026-11-30 24:00:00.000000", " 2026-11-30 09:38:26",
        "2026-11-30 09:38:26.000000\n", "\u0662026-11-30 09:38:26", "0001-01-01 00:00:00",
        "9999-12-31 23:59:59.999999", "20261130T093826", "", "garbage", 0, 1.5, b"x", None],
    "date": ["2026-11-30", "2024-02-29", "2026-02-29", "2026-W48-1", "20261130", "2026-1-30",
             "2026-11-30 00:00:00", "2026-11-30T00:00", " 2026-11-30", "\u0662026-11-30", "",
             20261130, 1.5, b"2026-11-30", None],
    "codelist": ["[]", '["b","a","a"]', '["a"]', "[ ]", "", '"xy"', "{}", '{"a":1}', "null",
                 "[1]", "[[]]", "not json", 0, None],
    "bool": [0, 1, 2, -1, "1", "true", "", 1.0, None],
    "int": [0, 7, -3, 2**62, "12", "x", 1.5, None],
    "str": ["", "tekst", "é\u2028\"\\\x01", 12, 1.5, b"x", None],
}


def _columns(kind: str):
    found = [column for model in sync_models() for column in codec.columns(model).values()
             if codec._kind(column.type) == kind]
    assert found, kind
    return found


def _outcome(fn, value):
    try:
        result = fn(value)
    except Exception as exc:  # noqa: BLE001  (the very failure is what is compared)
        return "failed", type(exc), str(exc)
    return "read", type(result), result


def _through_types(column, dialect):
    """What the export read before: SQLAlchemy's own result processor, then `to_json`."""
    process = column.type._cached_result_processor(dialect, None)
    return lambda value: codec.to_json(column, value if process is None else process(value))


@pytest.mark.parametrize(("kind", "values"), sorted(STORED.items()))
def test_every_stored_value_reads_as_through_the_column_types(kind, values):
    dialect = sqlite.dialect()
    shortcuts = 0
    for column in _columns(kind):
        read = codec.from_read(column, dialect)
        long_way = _through_types(column, dialect)
        for value in values:
            expected = _outcome(long_way, value)
            got = expected if read is None else _outcome(read, value)
            assert got == expected, (column, value)
            if read is None:
                assert expected[0] == "read" and expected[2] is value, (column, value)
            shortcuts += read is not None
    if kind in ("guid", "utcdatetime", "date", "codelist", "bool"):
        assert shortcuts  # the shortcut itself was compared, not only the long way


def test_postgresql_rows_are_read_through_the_column_types():
    """The driver of PostgreSQL returns typed values: the export reads them through the
    column types and only `to_json` is left (no SQLite shortcut)."""
    dialect = postgresql.dialect()
    assert not codec.reads_stored(dialect) and codec.reads_stored(sqlite.dialect())
    for column in _columns("utcdatetime") + _columns("codelist") + _columns("guid"):
        read = codec.from_read(column, dialect)
        for value in STORED[codec._kind(column.type)]:
            typed = _outcome(lambda v, c=column: codec.to_json(c, v), value)
            assert (typed if read is None else _outcome(read, value)) == typed


ODD_JSON = [None, True, False, 0, -1, 2**70, 1.5, 1e300, -0.0, float("nan"), float("inf"),
            "", "tekst", "é\u2028\"\\\x01\x1f\x7f", "\U0001d11e", "\ud800", [], [1, [2, []]],
            {}, {"b": 1, "a": [{"z": None, "y": "x"}]}, {"é": 1, "e": 2, "": 3}, (1, 2)]


def test_the_export_encoder_writes_exactly_state_dumps():
    for value in ODD_JSON:
        assert exporter.dumps(value) == state.dumps(value), value
    for value in (Decimal("1.5"), {1: 2}, {"a": {1, 2}}):
        assert _outcome(exporter.dumps, value)[:2] == _outcome(state.dumps, value)[:2], value


def test_odd_stored_values_export_as_read_through_the_column_types(demo_laptop, laptops):
    """A database holding other forms than this app writes (times with a 'T' or an offset,
    microseconds, an unsorted code list with a duplicate, an empty one as ''): every line
    carries the content and times SQLAlchemy reads from it."""
    from app.models.groundwork import ContactMoment

    bert = laptops("bert")
    con = sqlite3.connect(demo_laptop.db.path)
    with con:
        con.execute("UPDATE partner SET created_at = '2026-01-02T03:04:05+02:00', "
                    "updated_at = '2026-01-02 03:04:05.000001'")
        con.execute("UPDATE contact_moment SET partner_ids = '[\"b\",\"a\",\"b\"]', "
                    "updated_at = '2026-01-02T03:04:05'")
        con.execute("UPDATE contact_moment SET partner_ids = '' WHERE rowid % 2 = 0")
        con.execute("UPDATE trajectory SET deleted_at = '2026-03-04 05:06:07.000000'")
    con.close()
    lines = {json.loads(line)["id"]: json.loads(line)
             for name, data in _members(demo_laptop.export("full", to=bert), bert).items()
             if name.endswith(".jsonl") for line in data.splitlines()}
    checked = 0
    with demo_laptop.db.session() as s:
        for model in sync_models():
            cols = codec.columns(model)
            stmt = select(*(c.label(k) for k, c in cols.items()))
            for row in s.execute(stmt):
                line, content = lines[row.id], codec.content_of(model, row)
                # attachments stay home unless asked for
                assert set(content) - set(line["values"]) <= set(
                    tables.attachment_fields(model))
                assert line["values"] == json.loads(state.dumps(
                    {key: content[key] for key in line["values"]}))
                assert line["meta"]["created_at"] == codec.to_json(cols["created_at"],
                                                                   row.created_at)
                assert line["meta"]["updated_at"] == codec.to_json(cols["updated_at"],
                                                                   row.updated_at)
                checked += model is ContactMoment
    assert checked
    assert any(line["values"].get("partner_ids") == ["a", "b"] for line in lines.values())


def _sent(path, reader) -> dict[str, dict]:
    return {json.loads(line)["id"]: json.loads(line)
            for name, data in _members(path, reader).items() if name.endswith(".jsonl")
            for line in data.splitlines()}


def _states(db) -> list[tuple]:
    from app.models.exchange import ExchangeRecordState as S

    with db.session() as s:
        return sorted(s.execute(select(S.kind, S.record_id, S.vector, S.content, S.ancestors,
                                       S.masked, S.line_hash, S.row_hash)).all())


def test_an_unchanged_record_is_recognised_by_its_text_or_else_by_its_values(demo_laptop,
                                                                           laptops):
    """A record whose content encodes to the very text last exchanged is unchanged without
    its stored content being read back; a state holding the same values in another text
    (an older or hand-made form) is compared value by value: unchanged too. A changed
    record gets a raised vector and a new state, its last version as a base."""
    from app.models.core import Partner
    from app.models.exchange import ExchangeRecordState as S

    bert = laptops("bert")
    first = _sent(demo_laptop.export("full", to=bert), bert)
    with demo_laptop.db.transaction() as s:
        states = s.scalars(select(S).where(S.kind == "partner")).all()
        for st in s.scalars(select(S)):  # as if received: a rewritten state loses them
            st.line_hash, st.row_hash = "line", "row"
        odd = states[0]  # the same values: spaces, keys in another order
        odd.content = json.dumps(dict(reversed(json.loads(odd.content).items())), indent=1)
        changed = s.get(Partner, states[1].record_id)
        changed.notes = "Nieuw \u00e9 \"x\""
    before = _states(demo_laptop.db)
    odd_before = {row[1]: row for row in before}[odd.record_id]
    second = _sent(demo_laptop.export("full", to=bert), bert)
    after = {row[1]: row for row in _states(demo_laptop.db)}
    assert set(first) == set(second)
    for record_id, line in second.items():
        if record_id == changed.id:
            assert line["vector"] != first[record_id]["vector"]
            assert line["bases"] == [{"values": first[record_id]["values"],
                                      "vector": first[record_id]["vector"]}]
            assert json.loads(after[record_id][3]) == line["values"]
            assert after[record_id][6:] == ("", "")
        else:
            assert line == {**first[record_id], "meta": line["meta"]}, record_id
    assert after[odd.record_id] == odd_before  # unchanged: its state is not rewritten
    assert [row for row in before if row[1] not in (changed.id, odd.record_id)] == [
        row for row in sorted(after.values()) if row[1] not in (changed.id, odd.record_id)]
