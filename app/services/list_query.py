"""The query door of every record list (Anki's `find_cards`): which record ids a list shows,
in which order, narrowed by a search text, and their cells fetched a block of ids at a time.

Qt-free, so a list's search and sort are tested and timed without a window; the Qt table
model (`app.views.widgets.sql_model`) only asks these functions and caches what they return.
A list describes its rows with a base `Select` of its model (`records_of`, narrowed by a
scope such as `in_trajectory` or `in_parent`) and one SQL expression per column.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, String, Text, false, or_, select
from sqlalchemy.orm import Session as Session  # re-exported for the views' type hints
from sqlalchemy.orm import configure_mappers

from app.models.base import ci_like

# SQLite allows 999 parameters in one IN (...)
IN_BLOCK = 500

Scope = Callable[[Select, str], Select]


def prepare() -> None:
    """Set up the ORM's mappings now, on a worker thread, so the first list query on the GUI
    thread does not."""
    configure_mappers()


def records_of(model: type) -> Select:
    """Every live record of `model` (tombstones are hidden by the session)."""
    return select(model)


def in_trajectory(stmt: Select, model: type, trajectory_id: str) -> Select:
    return stmt.where(model.trajectory_id == trajectory_id)  # type: ignore[attr-defined]


def in_parent(column: Any, parent_id: Callable[[], str], *more: Any) -> Scope:
    """A scope: the rows of one parent record (and `more` conditions); none while no parent
    is chosen."""
    def scope(stmt: Select, _trajectory_id: str) -> Select:
        parent = parent_id()
        if not parent:
            return stmt.where(false())
        return stmt.where(column == parent, *more)
    return scope


def is_text(expr: Any) -> bool:
    """Only text columns take part in the search box (numbers, dates and flags don't)."""
    return isinstance(getattr(expr, "type", None), (String, Text))


def id_query(base: Select, model: type, exprs: Sequence[Any], searchable: Sequence[bool],
             text: str = "", sort: int | None = None, descending: bool = False,
             extra: Iterable[Any] = ()) -> Select:
    """The ids `base` selects, narrowed by `extra` clauses and by `text` (anywhere in a
    searchable text column, case and accents ignored), sorted on column `sort` (then on id,
    so equal values keep one order)."""
    ident = model.id  # type: ignore[attr-defined]
    stmt = base.with_only_columns(ident)
    for clause in extra:
        stmt = stmt.where(clause)
    if text:
        like = f"%{text}%"
        parts = [ci_like(e, like) for e, s in zip(exprs, searchable, strict=True)
                 if s and is_text(e)]
        if parts:
            stmt = stmt.where(or_(*parts))
    if sort is not None:
        e = exprs[sort]
        stmt = stmt.order_by(e.desc() if descending else e.asc(), ident)
    return stmt


def find_ids(session: Session, stmt: Select) -> list[str]:
    return list(session.scalars(stmt))


def fetch_rows(session: Session, model: type, exprs: Sequence[Any],
               ids: Sequence[str]) -> dict[str, tuple]:
    """{id: (value per expression)} of those `ids` that exist (tombstones too: a row may be
    shown while its delete is on its way)."""
    ident = model.id  # type: ignore[attr-defined]
    out: dict[str, tuple] = {}
    for start in range(0, len(ids), IN_BLOCK):
        stmt = select(ident, *exprs).where(ident.in_(ids[start:start + IN_BLOCK]))
        for rec in session.execute(stmt.execution_options(include_deleted=True)):
            out[rec[0]] = tuple(rec[1:])
    return out


def iter_rows(sessions: Callable[[], Session], model: type, exprs: Sequence[Any],
              ids: Sequence[str], progress=None) -> Iterator[tuple[str, tuple]]:
    """(id, values) of `ids` in that order, read a block at a time, each block in a session
    of its own (for exports running off the GUI thread)."""
    for start in range(0, len(ids), IN_BLOCK):
        if progress is not None:
            progress.step(start, len(ids))
        chunk = ids[start:start + IN_BLOCK]
        with sessions() as session:
            found = fetch_rows(session, model, exprs, chunk)
        for rid in chunk:
            if rid in found:
                yield rid, found[rid]


def field_values(session: Session, model: type, record_id: str,
                 keys: Iterable[str]) -> dict[str, Any] | None:
    """The values of `keys` of one live record, for its edit form; None when it is gone."""
    obj = session.get(model, record_id)
    if obj is None or getattr(obj, "deleted_at", None) is not None:
        return None
    return {key: getattr(obj, key) for key in keys}
