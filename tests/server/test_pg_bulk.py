"""The PostgreSQL form of reading sync states: the same answer as the portable query, and a
plan that probes the primary key instead of reading every state of the kind."""
from __future__ import annotations

import json
import uuid

from sqlalchemy import select, text

from app.models.exchange import ExchangeRecordState
from app.services.exchange import pg_bulk, state
from app.services.server import open_server


def _states(session, kind, n):
    ids = sorted(str(uuid.uuid4()) for _ in range(n))
    session.add_all(ExchangeRecordState(kind=kind, record_id=i, vector="{}", content="{}")
                    for i in ids)
    session.flush()
    return ids


def test_the_states_read_by_probes_are_the_portable_querys(pg_url):
    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            visits = _states(s, "outreach_visit", 2500)
            people = _states(s, "outreach_person", 30)
            wanted = visits[::2] + people[:5] + [str(uuid.uuid4()), "not-a-uuid", "x'); --"]
            found = pg_bulk.load_states(s, "outreach_visit", wanted)
            assert set(found) == set(visits[::2])  # not the people's, not the unknown ones
            assert all(found[i].record_id == i and found[i].kind == "outreach_visit"
                       for i in found)
            portable = {r.record_id for r in s.scalars(select(ExchangeRecordState).where(
                ExchangeRecordState.kind == "outreach_visit",
                ExchangeRecordState.record_id.in_(wanted[:400])))}
            assert set(state.load_states(s, "outreach_visit", wanted[:400])) == portable
            assert pg_bulk.load_states(s, "outreach_visit", []) == {}
    finally:
        db.close()


def test_the_plan_probes_the_primary_key_on_a_table_without_statistics(pg_url):
    """A state table PostgreSQL has no statistics for (a new lead database in the middle
    of its first big import): no scan of every state of the kind."""
    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            ids = _states(s, "outreach_visit", 3000)
            plan = "\n".join(r[0] for r in s.execute(
                text("EXPLAIN " + pg_bulk.STATES_SQL),
                {"ids": ids[:1000], "kind": "outreach_visit"}))
            assert "Nested Loop" in plan and "Index Scan using pk_exchange_record_state" in plan
            assert "Bitmap" not in plan and "Hash" not in plan and "Seq Scan" not in plan, plan
    finally:
        db.close()


def _heide(s, partners=30):
    from app.models.core import Partner, Trajectory

    traj = Trajectory(name="Heide", municipality="Heide")
    s.add(traj)
    s.flush()
    made = [Partner(trajectory_id=traj.id, name=f"Club {i}") for i in range(partners)]
    s.add_all(made)
    s.flush()
    return traj, [p.id for p in made]


# a change of each kind of column: text, yes/no, a whole number, a microsecond, an empty
# date filled in, the owner
CHANGES = ["name = name || ' '", "roles_agreed = NOT roles_agreed", "revision = revision + 1",
           "updated_at = updated_at + interval '1 microsecond'", "deleted_at = updated_at",
           "trajectory_id = %(other)s"]


def test_row_fingerprints_are_taken_by_the_server_and_see_every_change(pg_url):
    from app.models.core import Trajectory

    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            _traj, ids = _heide(s)
            other = Trajectory(name="Beek", municipality="Beek")
            s.add(other)
            s.flush()
            wanted = [*ids[::3], str(uuid.uuid4())]
            marks = ",".join(["%s"] * len(wanted))
            conn = s.connection()
            expected = dict(conn.exec_driver_sql(
                f"SELECT CAST(id AS text), {pg_bulk.ROW_DIGEST.format(row='partner')} "
                f"FROM partner WHERE id IN ({marks})", tuple(wanted)).all())
            assert len(expected) == 10 and all(len(d) == 32 for d in expected.values())
            assert pg_bulk.row_hashes(s, "partner", wanted) == expected
            assert state.row_hashes(s, "partner", wanted) == expected
            one = ids[0]
            for change in CHANGES:
                conn.exec_driver_sql("SAVEPOINT one")
                conn.exec_driver_sql(f"UPDATE partner SET {change} WHERE id = %(id)s",
                                     {"id": one, "other": other.id})
                assert state.row_hashes(s, "partner", [one])[one] != expected[one], change
                conn.exec_driver_sql("ROLLBACK TO SAVEPOINT one")
                assert state.row_hashes(s, "partner", [one]) == {one: expected[one]}
    finally:
        db.close()


def test_unchanged_lines_are_the_rows_still_as_stored(pg_url):
    """The lines whose row nobody changed since: a changed row, an excluded id and a record
    of an erased owner are decided in full; the others are skipped."""
    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            traj, ids = _heide(s, 6)
            s.add_all(ExchangeRecordState(kind="partner", record_id=i, vector="{}",
                                          content="{}") for i in ids)
            s.flush()
            lines = {i: f"line-{n}" for n, i in enumerate(ids)}
            state.store_hashes(s, "partner", lines)
            owners = [("trajectory_id", "trajectory")]
            everything = {line: i for i, line in lines.items()}
            assert state.unchanged_lines(s, "partner", owners, set(), {}) == everything
            s.connection().exec_driver_sql(
                "UPDATE partner SET notes = 'x' WHERE id = %s", (ids[0],))
            found = state.unchanged_lines(s, "partner", owners, {ids[1]}, {"trajectory": set()})
            assert found == {lines[i]: i for i in ids[2:]}
            assert state.unchanged_lines(s, "partner", owners, set(),
                                         {"trajectory": {traj.id}}) == {}
            assert state.unchanged_lines(s, "partner", owners, set(),
                                         {"trajectory": {str(uuid.uuid4())}}) == {
                lines[i]: i for i in ids[1:]}
    finally:
        db.close()


def test_a_copied_row_without_its_parent_is_an_integrity_error_and_nothing_stays(pg_url):
    """COPY checks the foreign keys as INSERT does; the import's calm refusal (a missing
    parent) still catches it, and the transaction leaves nothing behind."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from app.models.core import Partner, Trajectory

    db = open_server(pg_url)
    cols = [c.name for c in Partner.__table__.columns]
    try:
        with db.transaction() as s:  # a good row goes in
            traj = Trajectory(name="Heide", municipality="Heide")
            s.add(traj)
            s.flush()
            good = {"id": str(uuid.uuid4()), "trajectory_id": traj.id}
            pg_bulk.copy_rows(s, "partner", cols, [tuple(good.get(c, _filler(c))
                                                         for c in cols)])
        with pytest.raises(IntegrityError) as caught, db.transaction() as s:
            s.add(Trajectory(name="Beek", municipality="Beek"))
            s.flush()
            bad = {"id": str(uuid.uuid4()), "trajectory_id": str(uuid.uuid4())}  # no parent
            pg_bulk.copy_rows(s, "partner", cols, [tuple(bad.get(c, _filler(c)) for c in cols)])
        assert "foreign key" in str(caught.value.orig)
        with db.session() as s:  # the first transaction's rows only
            assert [t.name for t in s.scalars(select(Trajectory))] == ["Heide"]
            assert [p.id for p in s.scalars(select(Partner))] == [good["id"]]
    finally:
        db.close()


def _filler(name):
    """A stored value for a column the test does not care about: its default, else now for
    a time, else empty."""
    from datetime import UTC, datetime

    from app.models.core import Partner

    col = Partner.__table__.c[name]
    if col.default is not None and col.default.is_scalar:
        value = col.default.arg
        return col.type.bind_processor(None)(value) if name.endswith("codes") else value
    if col.nullable:
        return None
    return datetime.now(UTC) if name.endswith("_at") else ""


ODD_CONTENT = {"name": "tab\there, new\nline, cr\r, back\\slash \\N, \"quote\", \u00e9\u0645 "
                       "\U0001d11e", "empty": "", "none": None, "codes": ["a\tb", "\\."]}


def test_states_copied_in_are_the_states_an_insert_writes(pg_url):
    """New sync states go in with COPY on PostgreSQL: every text column (JSON with tabs, line
    ends, backslashes, COPY's own \\N and \\.) reads back exactly as from an INSERT; a state
    already there is an IntegrityError, as from an INSERT, and takes its transaction along."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    db = open_server(pg_url)
    ids, other = sorted(str(uuid.uuid4()) for _ in range(5)), str(uuid.uuid4())
    try:
        with db.transaction() as s:
            writer = state.StateWriter(s, 3)  # flushes on its own at 3, then the rest
            for n, record_id in enumerate(ids):
                writer.save("partner", record_id, None, {"dev": n + 1}, {**ODD_CONTENT, "n": n},
                            masked=["name"] if n % 2 else [], hashes=(f"line{n}", f"row{n}"))
            writer.flush()
            copied = _states_of(s, ids)
            s.execute(text("DELETE FROM exchange_record_state"))
            conn = s.connection()
            conn.exec_driver_sql(state._insert_sql("%s"), [tuple(r) for r in copied])
            assert _states_of(s, ids) == copied
        assert len(copied) == 5
        assert json.loads(copied[0][3]) == {**ODD_CONTENT, "n": 0}  # (kind, id, vector, ...)
        with pytest.raises(IntegrityError), db.transaction() as s:
            writer = state.StateWriter(s)
            writer.save("partner", other, None, {"dev": 1}, {})  # a new one, and
            writer.save("partner", ids[0], None, {"dev": 9}, {})  # one already there
            writer.flush()
        with db.session() as s:
            assert _states_of(s, [*ids, other]) == copied  # nothing of the second
    finally:
        db.close()


def _states_of(session, ids):
    names = ", ".join(state.NEW_COLUMNS)
    return [tuple(r) for r in session.connection().exec_driver_sql(
        f"SELECT {names} FROM exchange_record_state WHERE record_id = ANY(%s) "
        "ORDER BY record_id", (ids,))]


def _statements(db):
    """The statements the engine sends, as a list that fills itself."""
    from sqlalchemy import event

    sent: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: sent.append(statement))
    return sent


def test_present_ids_and_the_states_after_them_are_the_portable_answers(pg_url):
    """The rows present and the states of a chunk: the same answer as the portable queries;
    when none of the chunk has a state, the state query that follows sends nothing."""
    from app.models.core import Partner, Trajectory

    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            traj = Trajectory(name="Heide", municipality="Heide")
            s.add(traj)
            s.flush()
            partners = [Partner(trajectory_id=traj.id, name=f"Club {i}") for i in range(40)]
            s.add_all(partners)
            s.flush()
            here = [p.id for p in partners]
            stated = here[::4]
            s.add_all(ExchangeRecordState(kind="partner", record_id=i, vector="{}",
                                          content="{}") for i in stated)
            # a state of another kind, and a state whose row is gone, under these ids too
            s.add(ExchangeRecordState(kind="trajectory", record_id=here[1], vector="{}",
                                      content="{}"))
            gone = str(uuid.uuid4())
            s.add(ExchangeRecordState(kind="partner", record_id=gone, vector="{}",
                                      content="{}"))
            s.flush()
            wanted = [*here[::2], gone, str(uuid.uuid4())]
            marks = ",".join(["%s"] * len(wanted))
            portable = {str(r[0]) for r in s.connection().exec_driver_sql(
                f"SELECT id FROM partner WHERE id IN ({marks})", tuple(wanted))}
            assert set(state.present_ids(s, "partner", wanted)) == portable == set(here[::2])
            assert set(state.load_states(s, "partner", wanted)) == set(stated) & set(
                wanted) | {gone}  # the states, also of a row that is gone

            sent = _statements(db)
            fresh = [str(uuid.uuid4()) for _ in range(1200)]  # more than one probe chunk
            assert state.present_ids(s, "partner", fresh) == []
            assert state.load_states(s, "partner", fresh) == {}
            assert len(sent) == 2  # two probe chunks, then no state query at all
            assert state.load_states(s, "partner", fresh) == {} and len(sent) == 4  # once only
            state.present_ids(s, "partner", fresh)
            assert set(state.load_states(s, "partner", [*fresh, gone])) == {gone}
    finally:
        db.close()


def test_a_state_written_after_present_ids_is_still_found(pg_url):
    """The hand-over is the answer of one moment: a state added by the ORM after it (pending,
    flushed by the state query) or asked for under another kind is still looked up."""
    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            ids = [str(uuid.uuid4()) for _ in range(3)]
            assert state.present_ids(s, "partner", ids) == []
            state.save_state(s, "partner", ids[0], None, {"d": 1}, {"name": "x"})
            assert set(state.load_states(s, "partner", ids)) == {ids[0]}  # it was not flushed
            assert state.present_ids(s, "partner", ids) == []  # flushes first: found now
            assert set(state.load_states(s, "partner", ids)) == {ids[0]}
            state.present_ids(s, "partner", ids[1:])
            s.add(ExchangeRecordState(kind="action", record_id=ids[1], vector="{}",
                                      content="{}"))
            assert set(state.load_states(s, "action", ids)) == {ids[1]}
        with db.session() as s:  # a hand-over left in another transaction is not used
            rest = ids[1:]
            assert state.present_ids(s, "partner", rest) == []
            s.rollback()
            s.add(ExchangeRecordState(kind="partner", record_id=rest[0], vector="{}",
                                      content="{}"))
            s.commit()
            assert set(state.load_states(s, "partner", rest)) == {rest[0]}
    finally:
        db.close()


def test_the_first_states_of_an_import_go_in_with_copy_too(pg_url):
    """`state.insert_new_states` (the states of the records an import adds, from
    `new_state_row`) takes COPY on PostgreSQL as `StateWriter` does: no INSERT is sent, and
    what is stored equals `StateWriter.save`'s rows."""
    db = open_server(pg_url)
    ids = sorted(str(uuid.uuid4()) for _ in range(4))
    try:
        sent = _statements(db)
        with db.transaction() as s:
            state.insert_new_states(s, [
                state.new_state_row("partner", record_id, {"dev": n + 1},
                                    {**ODD_CONTENT, "n": n},
                                    [], frozenset({"name"} if n % 2 else ()),
                                    (f"line{n}", f"row{n}"))
                for n, record_id in enumerate(ids)])
            copied = _states_of(s, ids)
            s.execute(text("DELETE FROM exchange_record_state"))
            writer = state.StateWriter(s)
            for n, record_id in enumerate(ids):
                writer.save("partner", record_id, None, {"dev": n + 1}, {**ODD_CONTENT, "n": n},
                            masked=["name"] if n % 2 else [], hashes=(f"line{n}", f"row{n}"))
            writer.flush()
            assert _states_of(s, ids) == copied and len(copied) == 4
        assert not [q for q in sent if "INSERT INTO exchange_record_state" in q]
    finally:
        db.close()
