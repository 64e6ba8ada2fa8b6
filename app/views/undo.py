"""Undo and redo over service calls: one command per user action on one record.

Each command does and undoes through `app.services.records` inside one transaction, never by
poking widgets. An undone add tombstones the new record, an undone delete clears the
tombstone, an undone edit writes the old values back as a new revision, so a package made
afterwards carries the undo like any other change. A step refuses (and the history is
cleared) when the record changed since, e.g. through an import.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.services import kinds
from app.services.errors import AppError
from app.services.i18n import _

if TYPE_CHECKING:
    from app.views.context import AppContext

log = logging.getLogger(__name__)

NAME_LENGTH = 40


def _menu_name(name: str) -> str:
    """A record's label as it may appear in a menu: short, and '&' not taken for an Alt key."""
    name = " ".join(name.split())
    if len(name) > NAME_LENGTH:
        name = name[:NAME_LENGTH - 1] + "…"
    return name.replace("&", "&&")


def undo_label(verb: str, kind: str, name: str) -> str:
    """Edit › Undo text for one command, e.g. "&Undo edit of partner “CAW De Kempen”"."""
    if verb == "edit_many":  # `name` holds the count, e.g. "12 people"
        return _("&Undo edit of {count}").format(count=name)
    if verb == "add_many":
        return _("&Undo adding {count}").format(count=name)
    noun, name = kinds.noun(kind), _menu_name(name)
    if name:
        text = {"add": _("&Undo adding {kind} “{name}”"),
                "edit": _("&Undo edit of {kind} “{name}”"),
                "delete": _("&Undo deleting {kind} “{name}”")}[verb]
    else:
        text = {"add": _("&Undo adding a {kind}"), "edit": _("&Undo edit of a {kind}"),
                "delete": _("&Undo deleting a {kind}")}[verb]
    return text.format(kind=noun, name=name)


def redo_label(verb: str, kind: str, name: str) -> str:
    if verb == "edit_many":
        return _("&Redo edit of {count}").format(count=name)
    if verb == "add_many":
        return _("&Redo adding {count}").format(count=name)
    noun, name = kinds.noun(kind), _menu_name(name)
    if name:
        text = {"add": _("&Redo adding {kind} “{name}”"),
                "edit": _("&Redo edit of {kind} “{name}”"),
                "delete": _("&Redo deleting {kind} “{name}”")}[verb]
    else:
        text = {"add": _("&Redo adding a {kind}"), "edit": _("&Redo edit of a {kind}"),
                "delete": _("&Redo deleting a {kind}")}[verb]
    return text.format(kind=noun, name=name)


def deleted_hint(kind: str, name: str) -> str:
    """The status-bar line after a delete."""
    name = " ".join(name.split())
    if len(name) > NAME_LENGTH:
        name = name[:NAME_LENGTH - 1] + "…"
    if name:
        return _("Deleted: {kind} “{name}”. Ctrl+Z brings it back.").format(
            kind=kinds.noun(kind), name=name)
    return _("Deleted: a {kind}. Ctrl+Z brings it back.").format(kind=kinds.noun(kind))


# what each verb does on undo and on redo (the first "redo" is the action itself, already
# done by the caller when the command is pushed)
_STEPS = {"add": ("tombstone", "restore"), "edit": ("put", "put"),
          "delete": ("restore", "tombstone")}


class RecordCommand(QUndoCommand):
    """Add, edit or delete of one record, undoable through the services."""

    def __init__(self, ctx: AppContext, verb: str, model: type, record_id: str, name: str,
                 revision: int, before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None, after_undo=None,
                 parent: QUndoCommand | None = None):
        super().__init__(parent)
        self.after_undo = after_undo  # (session, record_id) -> Changes, see records.undo_step
        self.ctx, self.verb, self.model, self.record_id = ctx, verb, model, record_id
        self.kind = model.__tablename__
        self.name, self.revision = name, revision
        self.before, self.after = before, after
        self._done = True  # the caller already did it
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(undo_label(self.verb, self.kind, self.name).replace("&&", "\0")
                     .replace("&", "").replace("\0", "&"))

    def undo(self) -> None:
        self._step(_STEPS[self.verb][0], self.before)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._step(_STEPS[self.verb][1], self.after)

    def _step(self, op: str, values: dict[str, Any] | None) -> None:
        from app.services import records

        # the revision the undo history last left this record at (several commands can
        # follow each other on one record); anything else means someone changed it since
        key = (self.kind, self.record_id)
        expected = self.ctx.undo_revisions.get(key, self.revision)
        try:
            with self.ctx.write() as session:
                changes, self.revision = records.undo_step(
                    session, self.model, self.record_id, expected, op, values,
                    self.after_undo)
            self.ctx.undo_revisions[key] = self.revision
        except AppError as exc:
            log.info("undo step refused: %s", exc)
            self.ctx.undo_refused(exc.user_message())
            return
        self.ctx.notify(changes, from_undo=True)


class BatchCommand(QUndoCommand):
    """One user action that added or changed several records of one kind (a visitor for a
    street, personas copied from the examples): one undo step, done and undone record by
    record through the services."""

    def __init__(self, ctx: AppContext, verb: str, model: type,
                 steps: list[tuple[str, str, int, dict | None, dict | None]], after_undo=None):
        super().__init__()
        # "edit_many" or "add_many"; one step alone reads as that step ("edit of a tick")
        self.verb = verb if len(steps) > 1 else steps[0][0]
        self.kind, self.count = model.__tablename__, len(steps)
        self.parts = [RecordCommand(ctx, step_verb, model, rid, "", revision,
                                    before, after, after_undo, parent=self)
                      for step_verb, rid, revision, before, after in steps]
        self.retranslate()

    @property
    def name(self) -> str:
        return kinds.count(self.kind, self.count) if self.count > 1 else ""

    def retranslate(self) -> None:
        self.setText(undo_label(self.verb, self.kind, self.name).replace("&", ""))
