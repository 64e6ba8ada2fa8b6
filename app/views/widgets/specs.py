"""Declarative descriptions of a record list and its editor (Qt-free data, read by widgets)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session


@dataclass
class Column:
    """A column of a record list; `key` is the model attribute unless `expr` is given."""

    key: str
    header: str  # msgid
    expr: Any = None  # SQL expression to select, sort and filter on
    display: Callable[[Any], str] | None = None  # raw value -> text (translated at call time)
    searchable: bool = True
    width: int | None = None  # in characters


@dataclass
class Field:
    """A field of the editor dialog.

    kind: text, multiline, int, float, date, bool, choice, codes, fk.
    For choice/codes give `ref_kind` (a reference list) or `options`; for fk give `options`:
    a callable (session, trajectory_id) -> [(value, label)].
    """

    key: str
    label: str  # msgid
    kind: str = "text"
    ref_kind: str | None = None
    options: Callable[[Session, str], list[tuple[Any, str]]] | None = None
    required: bool = False
    help: str = ""  # msgid: tooltip and accessible description
    minimum: float = 0
    maximum: float = 1_000_000
    personal: bool = False  # free text about a person: warn against needless health details
    # what a new record's form starts with; None: a choice starts at "— choose —", a tick
    # box and a number at the model's own default (so the form never contradicts it)
    default: Any = None
    past: bool = False  # a date that cannot lie ahead (birth date): full year, not after today


@dataclass
class ListSpec:
    """A list of one model's records within the current trajectory."""

    model: type
    title: str  # msgid, e.g. "Partners"
    item_name: str  # msgid, e.g. "partner"
    columns: list[Column]
    fields: list[Field]
    # narrows the base query; default: rows of the current trajectory
    scope: Callable[[Select, str], Select] | None = None
    # values for a new record besides the form, e.g. {"trajectory_id": tid}
    defaults: Callable[[str], dict[str, Any]] | None = None
    default_sort: str | None = None  # column key
    validate: Callable[[dict[str, Any]], list[str]] | None = None  # -> translated problems
    extra: dict[str, Any] = field(default_factory=dict)

    def base_scope(self, stmt: Select, trajectory_id: str) -> Select:
        if self.scope is not None:
            return self.scope(stmt, trajectory_id)
        return stmt.where(self.model.trajectory_id == trajectory_id)

    def form_defaults(self) -> dict[str, Any]:
        """What the form of a new record shows before the user types: each field's own
        `default`, else for tick boxes and numbers the model column's default."""
        out: dict[str, Any] = {}
        columns = getattr(getattr(self.model, "__table__", None), "columns", {})
        for f in self.fields:
            if f.default is not None:
                out[f.key] = f.default
            elif f.kind in ("bool", "int", "float") and f.key in columns:
                default = columns[f.key].default
                if default is not None and default.is_scalar:
                    out[f.key] = default.arg
        return out

    def new_defaults(self, trajectory_id: str) -> dict[str, Any]:
        if self.defaults is not None:
            return self.defaults(trajectory_id)
        return {"trajectory_id": trajectory_id}
