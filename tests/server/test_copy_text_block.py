"""The writer thread of a PostgreSQL import sends each chunk as one block of COPY text,
formatted on the import's thread (`pg_bulk._as_text`). It must store exactly what psycopg's
`write_row` stores: every odd value the stored form lets through (`test_pg_copy_text`), both
ways, and text with COPY's own special characters."""
from __future__ import annotations

from app.services.exchange import pg_bulk, state
from app.services.server import open_server
from tests.server.test_pg_copy_text import _pairs

NASTY = ["a\\b", "\\", "\\N", "N", "\t", "a\tb", "\n", "a\nb", "\r", "\r\n", "\\.", ".",
         "", " ", "é€\u202f’«»", "\b\f\v", "x\\ty", "\\\\n", "tab\t\\\nmix\r", "\U0001f600",
         None, "NULL", "\\0", "'quoted'", '"double"', "a,b;c|d"]


def _stored_both_ways(raw, pg_type: str, values: list) -> tuple[list, list]:
    """The values COPYed by `write_row` and by the text block, read back."""
    found = []
    with raw.cursor() as cur:
        for name in ("by_row", "by_block"):
            cur.execute(f"CREATE TEMP TABLE {name} (n int, v {pg_type})")
        rows = list(enumerate(values))
        pg_bulk._copy(raw, "by_row", ["n", "v"], rows)
        chunk = pg_bulk.Chunk("by_block", ["n", "v"], rows, list(state.NEW_COLUMNS), [])
        text = pg_bulk._as_text(raw, chunk)
        assert isinstance(text.rows, bytes) and text.staged_count == 0
        pg_bulk._copy(raw, "by_block", ["n", "v"], text.rows)
        for name in ("by_row", "by_block"):
            found.append([v for (v,) in cur.execute(f"SELECT v FROM {name} ORDER BY n",
                                                    prepare=False).fetchall()])
            cur.execute(f"DROP TABLE {name}")
    assert len(found[0]) == len(values)
    return found[0], found[1]


def test_the_block_stores_what_write_row_stores_for_every_odd_value(pg_url):
    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            raw = s.connection().connection.driver_connection
            compared = 0
            for (table, column), found in _pairs().items():
                with raw.cursor() as cur:
                    (pg_type,) = cur.execute(
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                        "attrelid = CAST(%s AS regclass) AND attname = %s",
                        (f'"{table}"', column)).fetchone()
                values = [v for _odd, short, long in found for v in (short, long)]
                by_row, by_block = _stored_both_ways(raw, pg_type, values)
                assert by_row == by_block, (table, column)
                compared += len(values)
            assert compared > 200
            for pg_type in ("text", "varchar(64)"):
                by_row, by_block = _stored_both_ways(raw, pg_type, NASTY)
                assert by_block == by_row == NASTY  # text comes back as it was given
            by_row, by_block = _stored_both_ways(raw, "text", [True, False, None, 0, -1, 3.5])
            assert by_block == by_row == ["t", "f", None, "0", "-1", "3.5"]
    finally:
        db.close()


def test_the_states_are_split_for_the_stage():
    """States with their fingerprint go straight in, the others (fingerprint to take) to the
    stage without that column; both in the order given."""
    rows = [("k", str(i), "{}", "{}", "[]", "[]", "line", None if i % 2 else "hash")
            for i in range(5)]
    chunk = pg_bulk.Chunk("t", ["id"], [], list(state.NEW_COLUMNS), rows)
    text = pg_bulk._as_text(None, chunk)
    assert text.staged_count == 2 and text.rows == b""
    assert text.ready.decode().splitlines() == [
        f"k\t{i}\t{{}}\t{{}}\t[]\t[]\tline\thash" for i in (0, 2, 4)]
    assert text.staged.decode().splitlines() == [
        f"k\t{i}\t{{}}\t{{}}\t[]\t[]\tline" for i in (1, 3)]
