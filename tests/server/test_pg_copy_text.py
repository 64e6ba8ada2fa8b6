"""On PostgreSQL the records an import adds go in by COPY. For ids, dates and UTC times COPY is
given the checked value's normal text (`codec.stored_plan`, as SQLite stores it) instead of a
Python value that psycopg would turn back into text. PostgreSQL must then hold exactly what the
typed way (JSON -> Python value -> the column type's bind processor) leaves, and the shortcut
must refuse exactly what the typed way refuses, for every odd form."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql

from app.services.exchange import codec
from app.services.server import open_server
from tests.exchange.test_stored_form import ID, ODD, _columns_of_kind, _model_of, _outcome

DIALECT = postgresql.psycopg.dialect()


def _long_way(column, value):
    process = column.type._cached_bind_processor(DIALECT)
    if codec._kind(column.type) not in codec._SAME_IN_JSON or value is None:
        value = codec.from_json(column, value)
    return value if process is None else process(value)


def _shortcut(column, value):
    plan = {key: convert for key, convert, _p in codec.stored_plan(_model_of(column), DIALECT)}
    return codec.stored_value(column, plan[column.key], value)


def _pairs() -> dict[tuple[str, str], list[tuple]]:
    """(table, column) -> [(odd value, shortcut's stored value, long way's)] for the odd
    values both store in a different form; a value either refuses is refused alike by the
    other."""
    found: dict[tuple[str, str], list[tuple]] = {}
    for table, _key, column in _columns_of_kind():
        kind = codec._kind(column.type)
        for value in ODD.get(kind, []):
            short, long = _outcome(_shortcut, column, value), _outcome(_long_way, column, value)
            assert short[0] == long[0], (table, column.name, value, short, long)
            if short[0] != "stored":
                assert short == long, (table, column.name, value)
                continue
            if short[1] != long[1] or type(short[1]) is not type(long[1]):  # else alike
                found.setdefault((table, column.name), []).append((value, short[1], long[1]))
    return found


def _copied(raw, table: str, column: str, values: list) -> list:
    """The values as PostgreSQL holds them after a COPY into a column of the same type."""
    with raw.cursor() as cur:
        (pg_type,) = cur.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = CAST(%s AS regclass) AND attname = %s",
            (f'"{table}"', column)).fetchone()
        cur.execute(f"CREATE TEMP TABLE probe (n int, v {pg_type})")
        with cur.copy("COPY probe (n, v) FROM STDIN") as copy:
            for n, value in enumerate(values):
                copy.write_row((n, value))
        rows = cur.execute("SELECT v FROM probe ORDER BY n", prepare=False).fetchall()
        cur.execute("DROP TABLE probe")
    return [v for (v,) in rows]


def test_the_text_copy_is_given_holds_what_the_typed_way_holds(pg_url):
    pairs = _pairs()
    kinds = {codec._kind(c.type) for t, _k, c in _columns_of_kind() if (t, c.name) in pairs}
    assert {"utcdatetime", "date"} <= kinds  # (an id is canonical text both ways)
    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            raw = s.connection().connection.driver_connection
            as_text = 0
            for (table, column), found in pairs.items():
                short = _copied(raw, table, column, [sv for _v, sv, _lv in found])
                long = _copied(raw, table, column, [lv for _v, _sv, lv in found])
                assert short == long, (table, column, [v for v, _s, _l in found])
                as_text += sum(isinstance(sv, str) and not isinstance(lv, str)
                               for _v, sv, lv in found)
            assert as_text > 100  # the shortcut is really taken: text where Python values were
    finally:
        db.close()


def test_the_normal_forms_are_passed_as_the_text_they_are():
    from app.models.core import Trajectory

    plan = {key: convert for key, convert, _p in codec.stored_plan(Trajectory, DIALECT)}
    cols = codec.columns(Trajectory)
    assert codec.stored_value(cols["id"], plan["id"], ID) == ID
    assert codec.stored_value(cols["start_date"], plan["start_date"], "2024-02-29") == \
        "2024-02-29"
    assert codec.stored_value(cols["created_at"], plan["created_at"],
                              "2026-11-30T09:38:26+00:00") == "2026-11-30 09:38:26.000000"
    # any other form the long way: a Python value, its offset applied
    moved = codec.stored_value(cols["created_at"], plan["created_at"],
                               "2026-11-30T11:38:26+02:00")
    assert not isinstance(moved, str) and moved.isoformat() == "2026-11-30T09:38:26"
