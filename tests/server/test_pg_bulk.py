"""The PostgreSQL form of reading sync states: the same answer as the portable query, and a
plan that probes the primary key instead of reading every state of the kind."""
from __future__ import annotations

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
