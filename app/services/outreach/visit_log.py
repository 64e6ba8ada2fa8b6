"""The visit log's query door, Qt-free (like Anki's `find_cards`): which visits, in which
order, which of them match a search, and the cells of a screenful.

Visits are handed around as SQLite rowids in a list of ints instead of 36-character strings
through the ORM's GUID type: a million visits take about 40 MB and load in one pass over an
index. (An `array('q')` would take 8 MB, but every search then makes a new int object for
each of its million entries; with a list the ints exist once and a search of the whole log
is twice as fast.) A rowid is only good while the file is not rebuilt: VACUUM may
renumber rows (only backup copies are vacuumed, never the open file; whoever adds a VACUUM of
it must reload the lists after it). Callers turn a rowid back into the visit's UUID with
`visit_rows` before they change anything.

The search matches a person's name or street, or the visitor's name (and, when asked, what
was written at the visit). The people and visitors that match are found first; when they are
few, the person and visitor indexes lead to their visits; when most match, one pass over the
partial index `ix_outreach_visit_log_who` (campaign, visitor, person of every live visit)
lists the visits that do not. Either way no visit row is read.

On PostgreSQL (the lead organisation's shared database) the same calls answer with the
visits' UUIDs as integers in a list instead of rowids (`visit_log_pg`).
"""
from __future__ import annotations

import json
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import compress, repeat
from operator import itemgetter

from sqlalchemy.orm import Session

from app.services.outreach import visit_log_pg

# sort keys of the visit log's columns, as SQL over `v` (outreach_visit)
PERSON_NAME = ("(SELECT p.first_name || ' ' || p.last_name FROM outreach_person p "
               "WHERE p.id = v.person_id)")
VISITOR_NAME = "(SELECT w.name FROM outreach_visitor w WHERE w.id = v.visitor_id)"
SORTS = {
    "visited_on": "v.visited_on", "person": PERSON_NAME, "outcome": "v.outcome",
    "visitor": VISITOR_NAME, "signals": "v.signals", "wish": "v.wish",
    "follow_up_due": "v.follow_up_due", "notes": "v.notes",
    # who changed it last, and when (the list's last columns: app.views.widgets.specs)
    "changed_by": "v.changed_by", "updated_at": "v.updated_at",
}
COLUMNS = tuple(SORTS)  # the cells `visit_rows` returns, in this order
CHUNK = 20_000
LIVE = "v.campaign_id = :cid AND v.deleted_at IS NULL"
PEOPLE_MATCH = ("SELECT p.id FROM outreach_person p WHERE p.campaign_id = :cid "
                "AND p.deleted_at IS NULL AND (p.street LIKE :like ESCAPE '\\' "
                "OR p.last_name || ' ' || p.first_name LIKE :like ESCAPE '\\' "
                "OR p.first_name || ' ' || p.last_name LIKE :like ESCAPE '\\')")
VISITORS_MATCH = ("SELECT w.id FROM outreach_visitor w WHERE w.deleted_at IS NULL "
                  "AND w.name LIKE :like ESCAPE '\\'")


def _on_server(session: Session) -> bool:
    return session.connection().dialect.name == "postgresql"


def _driver(session: Session):
    """The sqlite3 connection under the session: a million rowids are read without building
    a Row (or a GUID) for each."""
    return session.connection().connection.driver_connection


def _read_ints(cursor) -> list[int]:
    out: list[int] = []
    while rows := cursor.fetchmany(CHUNK):
        out.extend([r for (r,) in rows])
    return out


def _json_ints(conn, sql: str, params: dict) -> list[int]:
    """The `r` column of `sql` (rowids, in no particular order) as one JSON array: SQLite
    builds it and `json` parses it in C, instead of a tuple per row through the driver (a
    third faster at several hundred thousand rows)."""
    (text,) = conn.execute(f"SELECT json_group_array(r) FROM ({sql})", params).fetchone()
    return json.loads(text)


def find_visits(session: Session, campaign_id: str, sort: str = "visited_on",
                descending: bool = True) -> Sequence[int]:
    """Rowids of the campaign's live visits in the log's order (ties by the visit's id, as
    the ORM list did). The default order reads the partial index `ix_outreach_visit_log`
    from end to end, without sorting."""
    if not campaign_id:
        return []
    expr = SORTS[sort]
    if _on_server(session):
        return visit_log_pg.find_visits(session, campaign_id, expr, descending)
    direction = "DESC" if descending else "ASC"
    sql = (f"SELECT v.rowid FROM outreach_visit v WHERE {LIVE} "
           f"ORDER BY {expr} {direction}, v.id")
    return _read_ints(_driver(session).execute(sql, {"cid": campaign_id}))


def first_visits(session: Session, campaign_id: str, sort: str = "visited_on",
                 descending: bool = True, limit: int = 200) -> tuple[list[int], int]:
    """The first `limit` rowids of `find_visits` and how many there are in all, read in one
    transaction: enough to paint the log's first screen before the rest is read (a covering
    index count, milliseconds, instead of every rowid). All of them for an order no index
    gives (the first screen would cost a sort of the whole log, and the rest a second one),
    and on PostgreSQL (one query there either way)."""
    if not campaign_id:
        return [], 0
    if sort != "visited_on" or _on_server(session):  # ix_outreach_visit_log: the date
        keys = list(find_visits(session, campaign_id, sort, descending))
        return keys, len(keys)
    direction = "DESC" if descending else "ASC"
    conn, params = _driver(session), {"cid": campaign_id}
    first = [r for (r,) in conn.execute(
        f"SELECT v.rowid FROM outreach_visit v WHERE {LIVE} "
        f"ORDER BY {SORTS[sort]} {direction}, v.id LIMIT {int(limit)}", params)]
    if len(first) < limit:
        return first, len(first)
    (total,) = conn.execute(f"SELECT count(*) FROM outreach_visit v WHERE {LIVE}",
                            params).fetchone()
    return first, total


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's own wildcards taken literally: '%' or '_' typed in the search
    box are characters, not "anything"."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class Match:
    """Which visits a search keeps: `rowids` are the visits that match (`keep`) or the ones
    that don't (not `keep`), whichever list is shorter; `top` is the table's highest rowid."""

    rowids: Sequence[int]
    keep: bool
    top: int  # -1: keys that are no rowids (PostgreSQL), compared as a set

    def apply(self, ordered: Sequence[int]) -> Sequence[int]:
        """The rows of `ordered` that match, in its order. A byte per rowid and C-level
        loops (map, itemgetter, compress): a million visits take tens of milliseconds."""
        if not self.keep and not self.rowids:
            return ordered
        if len(ordered) < 2 or self.top < 0:  # itemgetter of one item gives no tuple; on
            return self._apply_slowly(ordered)  # PostgreSQL the keys are no rowids
        mask = bytearray(self.top + 1) if self.keep else bytearray(b"\x01") * (self.top + 1)
        try:
            deque(map(mask.__setitem__, self.rowids, repeat(1 if self.keep else 0)), maxlen=0)
            return list(compress(ordered, itemgetter(*ordered)(mask)))
        except IndexError:  # a rowid above `top`: the list is older than the last removal
            return self._apply_slowly(ordered)

    def _apply_slowly(self, ordered: Sequence[int]) -> list[int]:
        s = set(self.rowids)
        return [i for i in ordered if (i in s) == self.keep]


def narrows(old: str, new: str) -> bool:
    """Typing `new` after `old` can only drop rows: every match of `new` matched `old`."""
    return bool(old) and old.casefold() in new.casefold() and len(new) >= len(old)


def match_visits(session: Session, campaign_id: str, text: str, *,
                 notes: bool = False) -> Match:
    """The campaign's live visits whose person's name or street, or visitor's name contains
    `text` (case ignored as SQLite's LIKE does); with `notes`, also what came up and the
    wish. Tombstoned visits and visits of other campaigns may be in a kept set: `apply` it
    to the campaign's ordered rowids."""
    if _on_server(session):
        keys = visit_log_pg.match_keys(session, campaign_id, like_pattern(text), notes)
        return Match(keys, True, -1)  # a list of keys there
    conn = _driver(session)
    params = {"cid": campaign_id, "like": like_pattern(text)}
    people = [r for (r,) in conn.execute(PEOPLE_MATCH, params)]
    visitors = [r for (r,) in conn.execute(VISITORS_MATCH, params)]
    total = conn.execute("SELECT count(*) FROM outreach_person WHERE campaign_id = :cid "
                         "AND deleted_at IS NULL", params).fetchone()[0] or 1
    n_visitors = conn.execute("SELECT count(*) FROM outreach_visitor "
                              "WHERE deleted_at IS NULL").fetchone()[0] or 1
    top = conn.execute("SELECT max(rowid) FROM outreach_visit").fetchone()[0] or 0
    params["people"], params["visitors"] = json.dumps(people), json.dumps(visitors)
    p, w = len(people) / total, len(visitors) / n_visitors
    if notes:  # what was written can only be read row by row: one pass over the campaign
        text_match = "v.notes LIKE :like ESCAPE '\\' OR v.wish LIKE :like ESCAPE '\\'"
        who = ("v.person_id IN (SELECT value FROM json_each(:people)) OR (v.visitor_id IS "
               "NOT NULL AND v.visitor_id IN (SELECT value FROM json_each(:visitors)))")
        keep = p + w - p * w < 0.5
        where = f"({who} OR {text_match})"
        sql = f"SELECT v.rowid AS r FROM outreach_visit v WHERE {LIVE} AND " + (
            where if keep else f"NOT {where}")
        return Match(_json_ints(conn, sql, params), keep, top)
    if p + w - p * w < 0.5:  # few match: follow the person and visitor indexes to them
        sql = ("SELECT rowid AS r FROM outreach_visit WHERE person_id IN "
               "(SELECT value FROM json_each(:people)) UNION ALL "
               "SELECT rowid FROM outreach_visit WHERE visitor_id IN "
               "(SELECT value FROM json_each(:visitors))")
        return Match(_json_ints(conn, sql, params), True, top)
    if not visitors:  # most people match, no visitor: the visits of the other people,
        # straight from the person index (any campaign: `apply` keeps to the ordered rows)
        sql = ("SELECT rowid AS r FROM outreach_visit WHERE person_id IN (SELECT p.id FROM "
               "outreach_person p WHERE p.id NOT IN (SELECT value FROM json_each(:people)))")
        return Match(_json_ints(conn, sql, params), False, top)
    # most match: list the ones that don't, from the covering partial index: only the
    # stretches of the visitors that don't match (none at all when every visitor matches)
    others = "v.person_id NOT IN (SELECT value FROM json_each(:people))"
    sql = (f"SELECT v.rowid AS r FROM outreach_visit v WHERE {LIVE} AND v.visitor_id IS NULL "
           f"AND {others} UNION ALL "
           f"SELECT v.rowid FROM outreach_visit v WHERE {LIVE} AND v.visitor_id IN "
           f"(SELECT w.id FROM outreach_visitor w WHERE w.id NOT IN "
           f"(SELECT value FROM json_each(:visitors))) AND {others}")
    return Match(_json_ints(conn, sql, params), False, top)


def rowid_of(session: Session, visit_id: str) -> int | None:
    try:
        key = str(uuid.UUID(str(visit_id)))
    except ValueError:
        return None
    if _on_server(session):
        return visit_log_pg.key_of_visit(session, key)
    row = _driver(session).execute("SELECT rowid FROM outreach_visit WHERE id = ?",
                                   (key,)).fetchone()
    return row[0] if row else None


def _cell(key: str, value):
    if value is None:
        return None
    if key in ("visited_on", "follow_up_due"):
        return value if isinstance(value, date) else date.fromisoformat(value)
    if key == "signals":
        return list(json.loads(value)) if value else []
    if key == "updated_at":  # stored as naive UTC (SQLite: as text)
        stamp = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return stamp.replace(tzinfo=UTC)
    return value


def visit_rows(session: Session, rowids: list[int]) -> dict[int, tuple[str, tuple]]:
    """rowid -> (visit UUID, the cells of COLUMNS) for a screenful of visits, tombstoned or
    not (a visit deleted a moment ago still shows until the list reloads)."""
    if not rowids:
        return {}
    cells = ", ".join(SORTS[k] for k in COLUMNS)
    out: dict[int, tuple[str, tuple]] = {}
    if _on_server(session):
        for rid, vid, *values in visit_log_pg.visit_rows(session, list(rowids), cells):
            out[rid] = (vid, tuple(_cell(k, v) for k, v in zip(COLUMNS, values, strict=True)))
        return out
    conn = _driver(session)
    for start in range(0, len(rowids), 500):  # SQLite's limit of bound parameters
        part = list(rowids[start:start + 500])
        sql = (f"SELECT v.rowid, v.id, {cells} FROM outreach_visit v "
               f"WHERE v.rowid IN ({','.join('?' * len(part))})")
        for rid, vid, *values in conn.execute(sql, part):
            out[rid] = (vid, tuple(_cell(k, v) for k, v in zip(COLUMNS, values, strict=True)))
    return out
