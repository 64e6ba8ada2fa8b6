"""Declarative descriptions of a record list and its editor (Qt-free data, read by widgets)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.services import list_query
from app.services.changes import Changes

if TYPE_CHECKING:
    from app.services.list_query import Select, Session


@dataclass
class Column:
    """A column of a record list; `key` is the model attribute unless `expr` is given."""

    key: str
    header: str  # msgid
    expr: Any = None  # SQL expression to select, sort and filter on
    display: Callable[[Any], str] | None = None  # raw value -> text (translated at call time)
    searchable: bool = True
    width: int | None = None  # in characters


def _changed_on(value: Any) -> str:
    from app.services.i18n import format_datetime

    return format_datetime(value.astimezone(), "short") if value is not None else ""


def change_columns(model: type) -> list[Column]:
    """Who changed a record last, and when: the columns every list of shared records ends
    with (shown on a shared database, where several people change the same records)."""
    from app.services.i18n import N_

    if not hasattr(model, "changed_by"):
        return []
    return [Column("changed_by", N_("Changed by"), searchable=False, width=14),
            Column("updated_at", N_("Last changed"), display=_changed_on, searchable=False,
                   width=17)]


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
    # what a new record's form starts with (a callable: asked each time, e.g. `date.today`);
    # None: a choice starts at "— choose —", a tick box and a number at the model's own
    # default (so the form never contradicts it)
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
    # the feature's services that save the form, run by the list through the context's
    # runner (one transaction, one undo step):
    #   create(session, trajectory_id, values) -> Changes.made(kind, id) or (record, Changes)
    #   update(session, record_id, values) -> Changes
    # without them the form's values are written as they are (`records.create`/`update`)
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    # the record the list lives in (a session, an idea, an action): while it is empty the
    # list can add nothing
    parent: Callable[[], str] | None = None
    # what an edit form is given; default: the fields' keys
    keys: tuple[str, ...] = ()
    # the only fields an edit may change (the service refuses any other): the edit form shows
    # just these, e.g. a referral's status and notes, never whom it went to
    edit_only: tuple[str, ...] = ()
    # the title of a new record's form (a msgid); default "New {item}"
    add_title: str | None = None
    #   delete(session, record_id) -> Changes; without it the record is simply tombstoned
    delete: Callable[..., Any] | None = None
    # run after an undo or redo of this list's adds, edits and deletes, in the same
    # transaction: `after_undo(session, record_id) -> Changes` (e.g. a person's status
    # follows their visits again)
    after_undo: Callable[..., Any] | None = None

    def base_scope(self, stmt: Select, trajectory_id: str) -> Select:
        if self.scope is not None:
            return self.scope(stmt, trajectory_id)
        return list_query.in_trajectory(stmt, self.model, trajectory_id)

    def form_defaults(self) -> dict[str, Any]:
        """What the form of a new record shows before the user types: each field's own
        `default`, else for tick boxes and numbers the model column's default."""
        out: dict[str, Any] = {}
        columns = getattr(getattr(self.model, "__table__", None), "columns", {})
        for f in self.fields:
            if f.default is not None:
                out[f.key] = f.default() if callable(f.default) else f.default
            elif f.kind in ("bool", "int", "float") and f.key in columns:
                default = columns[f.key].default
                if default is not None and default.is_scalar:
                    out[f.key] = default.arg
        return out

    def new_defaults(self, trajectory_id: str) -> dict[str, Any]:
        if self.defaults is not None:
            return self.defaults(trajectory_id)
        return {"trajectory_id": trajectory_id}

    def edit_keys(self) -> list[str]:
        return list(self.edit_only or self.keys) or [f.key for f in self.fields]

    def edit_fields(self) -> list[Field]:
        """The fields an edit form shows."""
        if not self.edit_only:
            return self.fields
        return [f for f in self.fields if f.key in self.edit_only]

    def save_new(self, session: Session, trajectory_id: str, values: dict[str, Any]) -> Any:
        """Create the record the form describes (see `create`)."""
        if self.create is not None:
            return self.create(session, trajectory_id, values)
        from app.services import records

        return records.create(session, self.model,
                              **{**self.new_defaults(trajectory_id), **values})

    def save_edit(self, session: Session, record_id: str, values: dict[str, Any]) -> Any:
        """Write an edit form's values (see `update`)."""
        if self.update is not None:
            return self.update(session, record_id, values)
        from app.services import records

        obj = records.get_any(session, self.model, record_id)
        return Changes() if obj is None else records.update(session, obj, **values)
