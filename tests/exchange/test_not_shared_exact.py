"""The not-yet-shared count (issue 16): its SQL pre-filter must give exactly the numbers of a
record-by-record comparison with the exporter's own `state.local_version`, on both engines,
whatever is stored in the rows and in their exchanged states."""
from __future__ import annotations

import functools
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, text, update

from app.models.core import Trajectory
from app.models.exchange import ExchangeRecordState
from app.models.outreach import OutreachVisit
from app.services.exchange import codec, exporter, importer, state, tables
from app.services.exchange.not_shared import (
    VISIT_KIND,
    NotShared,
    NotSharedCounter,
    not_shared,
)

BOTH_ENGINES = True
PASS = "lange zin 1234"


def _slow(s, tid: str) -> NotShared:
    """Every record of the lead scope read whole, those of the trajectory chosen in Python
    as the exporter chooses them (`tables.stream_rows`: the trajectory, then every row that
    points at a row already chosen), each compared with its exchanged state as the exporter
    compares them."""
    st = ExchangeRecordState
    states = {(r.kind, r.record_id): r
              for r in s.execute(select(st.kind, st.record_id, st.vector, st.content))}
    found, chosen = {"visits": 0, "changes": 0}, {}
    for plan, cols, parents, stmt in _slow_reads():
        rows = s.connection().execute(stmt).all()
        links = [(key, parent) for key, parent in parents if parent in chosen]
        if plan.kind == "trajectory":
            rows = [r for r in rows if r.id == tid]
        elif links:
            rows = [r for r in rows if any(r._mapping[k] in chosen[p] for k, p in links)]
        else:
            continue  # no package of the trajectory carries it
        chosen[plan.kind] = {r.id for r in rows}
        for values in (r._mapping for r in rows):
            content = {k: codec.to_json(cols[k], values[k]) for k in codec.content_fields(
                plan.model)}
            st_row = states.get((plan.kind, values["id"]))
            if st_row is None:
                counted = values["deleted_at"] is None
            else:
                counted = state.local_version(st_row, content, "me").dirty
            found["visits" if plan.kind == VISIT_KIND else "changes"] += counted
    return NotShared(**found)


@functools.cache
def _slow_reads() -> list[tuple[tables.KindPlan, dict[str, Any], list[tuple[str, str]], Any]]:
    """(plan, columns, (field, parent table) of each foreign key, statement reading every
    row whole) of each table a lead package carries, parents first; built once."""
    reads = []
    for plan in tables.scope_plan("lead"):
        cols = codec.columns(plan.model)
        parents = [(key, fk.column.table.name) for key, col in cols.items()
                   for fk in col.foreign_keys if fk.column.table.name != plan.kind]
        reads.append((plan, cols, parents, select(*(c.label(k) for k, c in cols.items()))))
    return reads


CONFUSIONS = [  # (column, stored value, the state's JSON value)
    ("notes", "1", 1), ("notes", "1", "1"), ("notes", "", None), ("visitor_id", None, ""),
    ("visitor_id", None, None),
    ("notes", "true", True), ("notes", "é", "e\u0301"), ("notes", "a", "A"),
    ("notes", "x ", "x"), ("card_left", True, 1), ("card_left", False, 0),
    ("card_left", True, "true"), ("card_left", True, True), ("card_left", False, None),
    ("visited_on", date(2026, 1, 2), "2026-01-02"), ("visited_on", date(2026, 1, 2), "2026-1-2"),
    ("visited_on", date(2026, 1, 2), "2026-01-02T00:00:00"), ("visited_on", date(26, 1, 2),
                                                               "0026-01-02"),
    ("signals", '["b", "a"]', ["b", "a"]), ("signals", '["b", "a"]', ["a", "b"]),
    ("signals", '["a", "a"]', ["a", "a"]), ("signals", '["a", "a"]', ["a"]),
    ("signals", '["a","b"]', ["a", "b"]), ("signals", "[]", None), ("signals", "[]", []),
    ("signals", '["\\u00e9"]', ["é"]), ("signals", "[1]", [1]), ("signals", "[1]", ["1"]),
    ("deleted_at", datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC), "2026-03-04T05:06:07+00:00"),
    ("deleted_at", datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC), "2026-03-04 05:06:07"),
]


def test_values_python_or_sql_could_confuse(demo_db, tmp_path):
    """Each stored value against a state value that is, or only looks, the same: both counts
    agree (1 == True and a list kept in order are Python's; "1" == 1 is SQLite's)."""
    _export(demo_db, tmp_path / "a.bvx")
    counter = NotSharedCounter()
    for i, (field, stored, old) in enumerate(CONFUSIONS):
        with demo_db.transaction() as s:
            rid = s.execute(select(OutreachVisit.id).order_by(OutreachVisit.id)).scalar()
            _store(s, rid, field, stored)
            row = s.query(ExchangeRecordState).filter_by(kind=VISIT_KIND,
                                                         record_id=str(rid)).one()
            content = json.loads(row.content)
            was = row.content, content[field]
            content[field] = old
            row.content = json.dumps(content, ensure_ascii=i % 2 == 0)
        _agree(demo_db, counter)
        with demo_db.transaction() as s:  # back as it was shared, for the next one
            s.query(ExchangeRecordState).filter_by(kind=VISIT_KIND, record_id=str(rid)).one(
                ).content = was[0]
            _store(s, rid, field, was[1] if field != "visited_on" else date.fromisoformat(was[1]))
        assert _agree(demo_db, counter) == NotShared(0, 0)


def _store(s, rid, field: str, stored) -> None:
    if field == "signals":  # raw text, as it may have been written
        value = stored if isinstance(stored, str) else json.dumps(stored)
        s.execute(text("UPDATE outreach_visit SET signals = :v, revision = revision + 1"
                       " WHERE id = :id"), {"v": value, "id": rid})
    else:
        if isinstance(stored, str) and field == "deleted_at":
            stored = datetime.fromisoformat(stored)
        table = OutreachVisit.__table__
        s.execute(update(table).where(table.c.id == rid).values(
            {field: stored, "revision": table.c.revision + 1}))


def _tid(db) -> str:
    with db.session() as s:
        return s.query(Trajectory).one().id


def _agree(db, counter: NotSharedCounter | None = None) -> NotShared:
    tid = _tid(db)
    with db.session() as s:
        slow = _slow(s, tid)
        assert not_shared(s, tid) == slow
        if counter is not None:
            assert counter.count(s, tid) == slow
    return slow


def _export(db, path) -> None:
    exporter.export_package(db, path, "lead", passphrase=PASS)


def test_demo_never_shared_then_exported_then_changed(demo_db, tmp_path):
    counter = NotSharedCounter()
    assert _agree(demo_db, counter).visits == 9
    _export(demo_db, tmp_path / "a.bvx")
    assert _agree(demo_db, counter) == NotShared(0, 0)
    with demo_db.transaction() as s:  # an undone round: a visit added, then deleted
        visit = s.query(OutreachVisit).first()
        s.add(OutreachVisit(campaign_id=visit.campaign_id, person_id=visit.person_id,
                            visited_on=date(2026, 1, 2), outcome="door", signals=[],
                            deleted_at=datetime(2026, 1, 3, tzinfo=UTC)))
    assert _agree(demo_db, counter) == NotShared(0, 0)
    with demo_db.transaction() as s:
        s.query(OutreachVisit).first().notes = 'Zei: "kom \'s avonds" — café 😀'
    assert _agree(demo_db, counter) == NotShared(1, 0)
    _export(demo_db, tmp_path / "b.bvx")
    assert _agree(demo_db, counter) == NotShared(0, 0)


def test_after_an_import_the_count_agrees(demo_db, tmp_path):
    _export(demo_db, tmp_path / "a.bvx")
    with demo_db.transaction() as s:
        for v in s.query(OutreachVisit).limit(3):
            v.notes = (v.notes or "") + " — bijgewerkt"
    _export(demo_db, tmp_path / "b.bvx")
    with demo_db.transaction() as s:
        visit = s.query(OutreachVisit).order_by(OutreachVisit.id).first()
        visit.card_left = not visit.card_left
    counter = NotSharedCounter()
    assert _agree(demo_db, counter) == NotShared(1, 0)
    importer.import_package(demo_db, importer.load_for(demo_db, tmp_path / "a.bvx",
                                                       passphrase=PASS))
    _agree(demo_db, counter)


def test_two_trajectories_in_one_file_are_counted_apart(demo_db, tmp_path):
    """Each trajectory's count holds only its own records (the owners' chains of both run
    through the same tables), before and after a lead package of one of them."""
    from app.services.demo import create_demo

    with demo_db.transaction() as s:
        first = s.query(Trajectory).one()
        first.name = "Eerste traject"
        made = create_demo(s)
        second, second_name = made.id, made.name
    first_id = _tid_named(demo_db, "Eerste traject")
    counter = NotSharedCounter()
    with demo_db.session() as s:
        both = [_slow(s, t) for t in (first_id, second)]
        assert [not_shared(s, t) for t in (first_id, second)] == both
        assert [counter.count(s, t) for t in (first_id, second)] == both
    assert both[0].visits == both[1].visits == 9
    exporter.export_package(demo_db, tmp_path / "a.bvx", "lead", trajectories=[second_name],
                            passphrase=PASS)
    with demo_db.session() as s:
        assert counter.count(s, second) == _slow(s, second) == NotShared(0, 0)
        assert counter.count(s, first_id) == _slow(s, first_id) == both[0]


def _tid_named(db, name: str) -> str:
    with db.session() as s:
        return s.query(Trajectory).filter_by(name=name).one().id


def test_a_trajectory_id_in_another_form_or_unknown_or_not_an_id(demo_db):
    """Any form of the same UUID counts the same, an unknown one counts nothing, and text
    that is no UUID (an injection attempt, an empty choice) is refused before any SQL runs."""
    tid = _tid(demo_db)
    with demo_db.session() as s:
        found = not_shared(s, tid)
        for other in (tid.upper(), "{" + tid + "}", uuid.UUID(tid).urn):
            assert not_shared(s, other) == found
        assert not_shared(s, str(uuid.uuid4())) == NotShared(0, 0)
        for bad in (f"{tid}' OR '1'='1", "x'); DROP TABLE outreach_visit; --", ""):
            with pytest.raises(ValueError):
                not_shared(s, bad)
    assert _agree(demo_db) == found  # the file is as it was


def test_a_state_rewritten_under_an_untouched_row_is_compared_again(demo_db, tmp_path):
    """A record the SQL cannot vouch for (here a figure: its value is a float) is compared
    in Python once and remembered; when its exchanged state is rewritten (as an import
    does: the row, its revision and here even the version vector stay the same), the
    remembered answer no longer holds."""
    from app.models.groundwork import AreaFigure

    _export(demo_db, tmp_path / "a.bvx")
    with demo_db.session() as s:
        rid = s.execute(select(AreaFigure.id).where(AreaFigure.value.is_not(None))
                        .order_by(AreaFigure.id)).scalars().first()
    counter = NotSharedCounter()

    def rewrite(change) -> NotShared:
        with demo_db.transaction() as s:
            row = s.query(ExchangeRecordState).filter_by(kind="area_figure",
                                                         record_id=str(rid)).one()
            content = json.loads(row.content)
            change(content)
            row.content = json.dumps(content)
        return _agree(demo_db, counter)

    shared: dict = {}
    assert rewrite(shared.update) == NotShared(0, 0)  # the same content, in other words
    assert rewrite(lambda c: c.update(unit=f"{c['unit']} en meer")) == NotShared(0, 1)
    assert rewrite(lambda c: c.update(unit=shared["unit"])) == NotShared(0, 0)
    assert rewrite(lambda c: c.update(indicator="iets anders")) == NotShared(0, 1)
