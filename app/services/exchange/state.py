"""Per-record exchange bookkeeping: the version vector and content last exchanged.

A record whose content differs from what was last exchanged was changed here since: its
effective vector is the stored one with this device's counter raised by one. A few earlier
versions (ancestors) are kept, so two copies that met different intermediate versions still
find their common base.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from app.models.exchange import ExchangeRecordState
from app.services.exchange.merge import Vector, Version, bump

KEEP_ANCESTORS = 3


# one encoder for every record (json.dumps with options makes a new one on each call)
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def dumps(value: Any) -> str:
    return _ENCODE(value)


@dataclass
class LocalVersion:
    vector: Vector
    dirty: bool  # changed here since it was last exchanged (vector already raised)
    state: ExchangeRecordState | None

    @property
    def last(self) -> Version | None:
        if self.state is None:
            return None
        return Version(json.loads(self.state.vector), json.loads(self.state.content))

    @property
    def ancestors(self) -> list[Version]:
        if self.state is None:
            return []
        return [Version(a["vector"], a["content"]) for a in json.loads(self.state.ancestors)]

    @property
    def known(self) -> list[Version]:
        """Versions this record descends from, newest first (the last exchanged first)."""
        last = self.last
        return ([last] if last is not None else []) + self.ancestors

    @property
    def masked(self) -> list[str]:
        return json.loads(self.state.masked) if self.state is not None else []


def load_states(session: Session, kind: str, ids: list[str]) -> dict[str, ExchangeRecordState]:
    if session.get_bind().dialect.name == "postgresql":  # its planner needs another form
        from app.services.exchange import pg_bulk

        return pg_bulk.load_states(session, kind, ids)
    result = {}
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        # kind = ? AND record_id IN (...): the primary key's index (a tuple IN read the
        # whole table for every chunk)
        stmt = select(ExchangeRecordState).where(ExchangeRecordState.kind == kind,
                                                 ExchangeRecordState.record_id.in_(chunk))
        for row in session.scalars(stmt):
            result[row.record_id] = row
    return result


def local_version(state: ExchangeRecordState | None, content: dict[str, Any],
                  device: str) -> LocalVersion:
    if state is None:
        return LocalVersion({device: 1}, True, None)
    stored = json.loads(state.content)
    changed = any(content.get(k) != v for k, v in stored.items() if k in content)
    vector = json.loads(state.vector)
    return LocalVersion(bump(vector, device) if changed else vector, changed, state)


def state_values(state: Any, vector: Vector | None, content: dict[str, Any],
                 ancestors: list[Version] | None = None,
                 masked: list[str] | None = None,
                 encoded: tuple[str, str] | None = None) -> dict[str, str]:
    """The columns of a newly exchanged version; the previous one becomes an ancestor. The
    fingerprints are cleared: they hold only for the line and row they were taken of. A
    practice copied into this file has no version vector (None is stored as null).
    `encoded`: `dumps` of the vector and the content, when the caller has them already."""
    previous = LocalVersion(vector or {}, False, state).known if state is not None else []
    kept: list[Version] = []
    for v in [*(ancestors or []), *previous]:
        if v.vector != vector and all(v.vector != k.vector for k in kept):
            kept.append(v)
    if masked is not None:
        masked_json = dumps(sorted(set(masked)))
    else:
        masked_json = state.masked if state is not None else "[]"
    vector_json, content_json = encoded or (dumps(vector), dumps(content))
    return {"vector": vector_json, "content": content_json,
            "ancestors": dumps([{"vector": v.vector, "content": v.content}
                                for v in kept[:KEEP_ANCESTORS]]) if kept else "[]",
            "masked": masked_json, "line_hash": "", "row_hash": ""}


def save_state(session: Session, kind: str, record_id: str, state: ExchangeRecordState | None,
               vector: Vector | None, content: dict[str, Any],
               ancestors: list[Version] | None = None,
               masked: list[str] | None = None) -> ExchangeRecordState:
    """Store a new exchanged version; the previous one becomes an ancestor."""
    values = state_values(state, vector, content, ancestors, masked)
    if state is None:
        state = ExchangeRecordState(kind=kind, record_id=record_id)
        session.add(state)
    for key, value in values.items():
        setattr(state, key, value)
    return state


# --- in bulk: many records at a time, outside the ORM's unit of work ---------------------------

_TABLE = cast(Table, ExchangeRecordState.__table__)
_VALUES = ("vector", "content", "ancestors", "masked", "line_hash", "row_hash")
NEW_COLUMNS = ("kind", "record_id", *_VALUES)  # a first state, as `new_state_row` orders it
_CHANGED = (*_VALUES, "b_kind", "b_id")


def mark(connection: Any) -> str:
    """The driver's positional placeholder: `?` for SQLite, `%s` for psycopg (PostgreSQL)."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def _insert_sql(m: str) -> str:
    return (f"INSERT INTO exchange_record_state ({', '.join(NEW_COLUMNS)}) "
            f"VALUES ({', '.join([m] * len(NEW_COLUMNS))})")


def _update_sql(m: str) -> str:
    return (f"UPDATE exchange_record_state SET {', '.join(f'{c} = {m}' for c in _VALUES)} "
            f"WHERE kind = {m} AND record_id = {m}")


class StateWriter:
    """Collects new and changed states and writes them with one statement per thousand."""

    def __init__(self, session: Session, size: int = 1000):
        self.session, self.size = session, size
        self.new: list[dict[str, str]] = []
        self.changed: list[dict[str, str]] = []

    def save(self, kind: str, record_id: str, state: Any, vector: Vector,
             content: dict[str, Any], ancestors: list[Version] | None = None,
             masked: list[str] | None = None, hashes: tuple[str, str] = ("", ""),
             encoded: tuple[str, str] | None = None) -> None:
        values = state_values(state, vector, content, ancestors, masked, encoded)
        values["line_hash"], values["row_hash"] = hashes
        if state is None:
            self.new.append({"kind": kind, "record_id": record_id, **values})
        else:
            self.changed.append({"b_kind": kind, "b_id": record_id, **values})
        if len(self.new) + len(self.changed) >= self.size:
            self.flush()

    def flush(self) -> None:
        """Straight to the driver: every column is text, nothing to convert."""
        insert_new_states(self.session, [tuple(v[c] for c in NEW_COLUMNS) for v in self.new])
        if self.changed:
            connection = self.session.connection()
            connection.exec_driver_sql(_update_sql(mark(connection)),
                                       [tuple(v[c] for c in _CHANGED) for v in self.changed])
        self.new, self.changed = [], []


# --- the states of records an import adds (no state before) ------------------------------------


@lru_cache(maxsize=1024)
def _small_vector_json(items: tuple[tuple[str, int], ...]) -> str:
    return dumps(dict(items))


def _vector_json(vector: Vector) -> str:
    """A vector of a few devices (nearly all) by the text made once for it; a longer one,
    which only a package made to fill memory would bring by the thousand, encoded anew."""
    if len(vector) > 4:
        return dumps(vector)
    return _small_vector_json(tuple(vector.items()))


@lru_cache(maxsize=512)
def _names_json(names: frozenset[str]) -> str:
    return dumps(sorted(names))


def new_state_row(kind: str, record_id: str, vector: Vector, content: dict[str, Any],
                  ancestors: list[Version], masked: frozenset[str],
                  hashes: tuple[str, str | None]) -> tuple[str | None, ...]:
    """`StateWriter.save` of the first state of a record (`NEW_COLUMNS`, in order), with
    the JSON of vectors and field lists that recur from record to record made once: the same
    text, one encoding of the content per record. (A checked vector holds whole numbers, never
    yes/no, so equal items give equal text.) A row fingerprint still to be taken is None."""
    ancestors_json = "[]" if not ancestors else \
        state_values(None, vector, {}, ancestors)["ancestors"]
    return (kind, record_id, _vector_json(vector), dumps(content),
            ancestors_json, _names_json(masked), *hashes)


def insert_new_states(session: Session, rows: list[tuple[str | None, ...]]) -> None:
    """New states (`NEW_COLUMNS`, e.g. from `new_state_row`), straight to the driver
    (every column is text): COPY on PostgreSQL, in the same transaction."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":  # COPY, in the same transaction
        from app.services.exchange import pg_bulk

        pg_bulk.copy_rows(session, "exchange_record_state", list(NEW_COLUMNS), rows)
    else:
        connection.exec_driver_sql(_insert_sql(mark(connection)), rows)


def states_between(session: Session, kind: str, first: str, last: str) -> dict[str, Any]:
    """The states of one kind whose ids lie between two ids (one query for a sorted chunk)."""
    stmt = select(_TABLE).where(_TABLE.c.kind == kind, _TABLE.c.record_id.between(first, last))
    return {row.record_id: row for row in session.execute(stmt).all()}  # one fetch


def row_hash(raw: tuple) -> str:
    """The fingerprint of a row exactly as SQLite holds it (every column)."""
    return hashlib.blake2b(repr(raw).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def row_hashes(session: Session, table: str, ids: list[str]) -> dict[str, str]:
    """id -> fingerprint of the stored row, for the given ids (raw values, no conversion)."""
    if session.get_bind().dialect.name == "postgresql":  # its planner needs another form
        from app.services.exchange import pg_bulk

        return pg_bulk.row_hashes(session, table, ids)
    result = {}
    connection = session.connection()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join([mark(connection)] * len(chunk))
        for row in connection.exec_driver_sql(
                f'SELECT id, * FROM "{table}" WHERE id IN ({marks})', tuple(chunk)):
            result[str(row[0])] = row_hash(tuple(row[1:]))  # a uuid object on PostgreSQL
    return result


def present_ids(session: Session, table: str, ids: list[str]) -> list[str]:
    """Those of the given ids that have a row in the table (raw values, no conversion)."""
    if session.get_bind().dialect.name == "postgresql":  # probes, and the states in passing
        from app.services.exchange import pg_bulk

        return pg_bulk.present_ids(session, table, ids)
    result: list[str] = []
    connection = session.connection()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join([mark(connection)] * len(chunk))
        result.extend(str(row[0]) for row in connection.exec_driver_sql(
            f'SELECT id FROM "{table}" WHERE id IN ({marks})', tuple(chunk)))
    return result


def no_rows(session: Session, table: str) -> bool:
    """Whether the table holds no row at all (deleted and erased ones included)."""
    return session.connection().exec_driver_sql(
        f'SELECT 1 FROM "{table}" LIMIT 1').first() is None


def store_hashes(session: Session, kind: str, lines: dict[str, str]) -> None:
    """Remember, for records just written from these lines (id -> line hash) and whose state
    now holds the line's very version, the line and the row as stored now."""
    rows = row_hashes(session, kind, list(lines))
    params = [{"b_kind": kind, "b_id": rid, "line_hash": lines[rid], "row_hash": digest}
              for rid, digest in rows.items()]
    for start in range(0, len(params), 1000):
        session.execute(update(_TABLE).where(
            _TABLE.c.kind == bindparam("b_kind"), _TABLE.c.record_id == bindparam("b_id")
        ).values(line_hash=bindparam("line_hash"), row_hash=bindparam("row_hash")),
            params[start:start + 1000])


def known_lines(session: Session) -> dict[str, dict[str, str]]:
    """kind -> {line hash: record id}: lines accepted here, already checked."""
    result: dict[str, dict[str, str]] = {}
    stmt = select(_TABLE.c.kind, _TABLE.c.line_hash, _TABLE.c.record_id).where(
        _TABLE.c.line_hash != "")
    for kind, digest, record_id in session.execute(stmt):
        result.setdefault(kind, {})[digest] = record_id
    return result


def unchanged_lines(session: Session, kind: str, owners: list[tuple[str, str]],
                    exclude: set[str], gone: dict[str, set[str]]) -> dict[str, str]:
    """{line hash: record id} of the records of a kind whose row is exactly as it was stored
    from that line (nothing changed here since), leaving out the ids in `exclude` and the
    records that belong to one in `gone` (`owners`: (column, parent table) of the required
    foreign keys; such a record is decided in full, as belonging to an erased one)."""
    if session.get_bind().dialect.name == "postgresql":  # fingerprints taken by the server
        from app.services.exchange import pg_bulk

        return pg_bulk.unchanged_lines(session, kind, owners, exclude, gone)
    result = {}
    connection = session.connection()
    cursor = connection.exec_driver_sql(
        f'SELECT s.line_hash, s.row_hash, t.id, t.* FROM exchange_record_state s '
        f'JOIN "{kind}" t ON t.id = s.record_id '
        f"WHERE s.kind = {mark(connection)} AND s.line_hash != ''", (kind,))
    names = list(cursor.keys())[3:]
    where = [(names.index(column) + 3, gone[parent]) for column, parent in owners
             if gone.get(parent)]
    for row in cursor:
        record_id = str(row[2])
        if (record_id not in exclude and row_hash(tuple(row[3:])) == row[1]
                and not any(str(row[i]) in ids for i, ids in where)):
            result[row[0]] = record_id
    return result
