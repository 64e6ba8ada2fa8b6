"""The visit log's query door on PostgreSQL (`visit_log` hands its calls here).

PostgreSQL has no stable rowid (`ctid` moves on every update), so a visit's key is its UUID
as a Python integer (`uuid.UUID(...).int`): exact, the same in every database, and no schema
change. The keys live in a list (about 50 bytes a visit instead of SQLite's 8), and a search
is one query that lists the matching visits (the planner chooses the indexes); `Match.apply`
filters with a set. Case is ignored as SQLite's LIKE does (ILIKE), and ties and empty
values sort as in SQLite (NULLs first going up).
"""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

LIVE = "v.campaign_id = :cid AND v.deleted_at IS NULL"
WHO = ("v.person_id IN (SELECT p.id FROM outreach_person p WHERE p.campaign_id = :cid "
       "AND p.deleted_at IS NULL AND (p.street ILIKE :like ESCAPE '\\' "
       "OR p.last_name || ' ' || p.first_name ILIKE :like ESCAPE '\\' "
       "OR p.first_name || ' ' || p.last_name ILIKE :like ESCAPE '\\')) "
       "OR v.visitor_id IN (SELECT w.id FROM outreach_visitor w WHERE w.deleted_at IS NULL "
       "AND w.name ILIKE :like ESCAPE '\\')")
WRITTEN = "v.notes ILIKE :like ESCAPE '\\' OR v.wish ILIKE :like ESCAPE '\\'"


def key_of(visit_id: Any) -> int:
    return uuid.UUID(str(visit_id)).int


def find_visits(session: Session, campaign_id: str, expr: str, descending: bool) -> list[int]:
    order = "DESC NULLS LAST" if descending else "ASC NULLS FIRST"
    sql = f"SELECT v.id FROM outreach_visit v WHERE {LIVE} ORDER BY {expr} {order}, v.id"
    return [key_of(r) for r in session.execute(text(sql), {"cid": campaign_id}).scalars()]


def match_keys(session: Session, campaign_id: str, like: str, notes: bool) -> list[int]:
    where = f"({WHO} OR {WRITTEN})" if notes else f"({WHO})"
    sql = f"SELECT v.id FROM outreach_visit v WHERE {LIVE} AND {where}"
    rows = session.execute(text(sql), {"cid": campaign_id, "like": like}).scalars()
    return [key_of(r) for r in rows]


def key_of_visit(session: Session, visit_id: str) -> int | None:
    found = session.execute(text("SELECT id FROM outreach_visit WHERE id = CAST(:id AS uuid)"),
                            {"id": visit_id}).scalar()
    return None if found is None else key_of(found)


def visit_rows(session: Session, keys: list[int], cells: str) -> list[tuple[Any, ...]]:
    """(key, visit UUID, cell values...) of these visits, tombstoned or not."""
    ids = [str(uuid.UUID(int=k)) for k in keys]
    sql = (f"SELECT v.id, {cells} FROM outreach_visit v "
           "WHERE v.id = ANY(CAST(:ids AS uuid[]))")
    return [(key_of(vid), str(vid), *values)
            for vid, *values in session.execute(text(sql), {"ids": ids})]
