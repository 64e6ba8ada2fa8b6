"""What every view is handed: the database, settings, the change bus and the undo stack.

Views get this object passed in; nothing reaches for globals.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from app.services.changes import Changes
from app.services.settings import Settings

if TYPE_CHECKING:  # the database layer loads after the window's first paint
    from app.services.database import Database
    from app.services.glance import Glance
    from app.services.list_query import Session


class AppContext(QObject):
    """Shared state of one window.

    `changed` is the one refresh signal: every service call's `Changes` is emitted here and
    pages refresh what they show when `changes.touches(...)` their kinds.
    """

    changed = Signal(object)  # Changes
    trajectory_changed = Signal(str)  # trajectory id ("" when none)
    language_changed = Signal(str)
    database_ready = Signal()
    # a calm one-line message for the window's status bar (e.g. "Deleted: … Ctrl+Z …")
    status_message = Signal(str)
    file_saved = Signal(str)  # a PDF (or other file) was written: the window offers "Open"

    def __init__(self, db: Database | None, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        # (kind, id) -> the revision the last undoable step left each record at
        self.undo_revisions: dict[tuple[str, str], int] = {}
        self.trajectory_id: str = ""
        # until the database is attached: a read-only first look at the file (or None)
        self.glance: Glance | None = None

    @property
    def has_database(self) -> bool:
        """An open database (not yet closed as the window closes)."""
        return self.db is not None and not self.db.closed

    def attach_database(self, db: Database) -> None:
        """The window paints first; the database is opened right after and attached here."""
        self.db = db
        self.glance = None
        self.undo_stack.clear()
        self.database_ready.emit()

    def set_trajectory(self, trajectory_id: str) -> None:
        if trajectory_id != self.trajectory_id:
            self.trajectory_id = trajectory_id
            self.settings.last_trajectory_id = trajectory_id
            self.undo_stack.clear()  # an undo must never reach into another trajectory
            self.trajectory_changed.emit(trajectory_id)

    def session(self) -> Session:
        return self.db.session()

    @property
    def db_is_shared(self) -> bool:
        """A shared database (PostgreSQL), not a file: no file backups, no file lock."""
        return self.db is not None and self.db.engine.dialect.name != "sqlite"

    @property
    def read_only(self) -> bool:
        """A reader of a shared database: the window only shows (see server.open_server)."""
        return self.db is not None and self.db.read_only

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction. Emit what changed with `notify()` afterwards. A reader's
        write is refused here, before the server is asked (server.ServerReadOnlyError)."""
        if self.read_only:
            from app.services.server import ServerReadOnlyError

            raise ServerReadOnlyError()
        with self.db.transaction() as session:
            yield session

    def notify(self, changes: Changes, from_undo: bool = False) -> None:
        if changes.imported or "exchange_import" in changes.kinds or (
                changes.everything and not from_undo):
            # an import or a whole new set of data: older undo steps no longer apply
            self.undo_stack.clear()
        if changes.everything or changes.kinds:
            self.changed.emit(changes)

    def run(self, func, *args, **kwargs):
        """Run a service function `func(session, ...) -> Changes` in one transaction and
        announce its changes. Returns the Changes."""
        with self.write() as session:
            changes = func(session, *args, **kwargs)
        self.notify(changes or Changes())
        return changes

    # --- undoable record operations (Edit › Undo / Redo) ------------------------------------
    def add_record(self, model: type, values: dict[str, Any], label: str | None = None) -> str:
        """Create a record (one transaction), undoably. Returns its id."""
        from app.services import records

        return self.add_with(model, lambda s: records.create(s, model, **values), label=label)

    def add_with(self, model: type, func: Callable, *args, label: str | None = None,
                 after_undo: Callable | None = None, **kwargs) -> str:
        """Run a service that creates one record of `model` and returns the `Changes` that
        name it (`Changes.made`) or `(record, Changes)`, and make it undoable (undo tombstones
        the new record). Returns the new record's id."""
        from app.services import records

        with self.write() as session:
            result = func(session, *args, **kwargs)
            if isinstance(result, Changes):
                changes = result
                obj = records.get_any(session, model, changes.new_id)
            else:
                obj, changes = result
            record_id, revision = obj.id, obj.revision
            label = records.label_of(obj) or label or ""
        self._push("add", model, record_id, label, revision, after_undo=after_undo)
        self.notify(changes)
        return record_id

    def edit_record(self, model: type, record_id: str, values: dict[str, Any],
                    label: str | None = None) -> Changes:
        from app.services import records

        return self.edit_with(model, record_id,
                              lambda s: records.update(s, records.get_any(s, model, record_id),
                                                       **values), label=label)

    def edit_with(self, model: type, record_id: str, func: Callable, *args,
                  label: str | None = None, after_undo: Callable | None = None,
                  based_on: int | None = None, **kwargs) -> Changes:
        """Run a service `func(session, *args) -> Changes` that edits one record of `model`,
        and make the edit undoable: undo writes the record's old fields back. `based_on`:
        the revision the form read; a record saved by someone else since is refused
        (records.StaleEditError) and nothing is written."""
        from app.services import records

        with self.write() as session:
            if based_on is not None:
                records.check_revision(session, model, record_id, based_on)
            obj = records.get_any(session, model, record_id)
            # gone meanwhile: the service decides what that means, nothing to undo
            before = records.content_values(obj) if obj is not None else None
            changes = func(session, *args, **kwargs) or Changes()
            session.flush()
            obj = records.get_any(session, model, record_id)
            after = records.content_values(obj) if obj is not None else None
            revision = obj.revision if obj is not None else 0
            label = (records.label_of(obj) if obj is not None else "") or label or ""
        if before is not None and after is not None and after != before:
            self._push("edit", model, record_id, label, revision, before, after, after_undo)
        self.notify(changes)
        return changes

    def edit_many(self, model: type, func: Callable, *args,
                  after_undo: Callable | None = None, **kwargs) -> Changes:
        """Run a batch service `func(session, *args) -> Changes` that edits several records
        of `model` (e.g. assigns a visitor to a street), as one undo step."""
        from app.services import records
        from app.views.undo import BatchCommand

        with self.write() as session:
            with records.tracking_edits(session, model) as before:
                changes = func(session, *args, **kwargs) or Changes()
            steps = []
            for record_id, old in before.items():
                obj = records.get_any(session, model, record_id)
                new = records.content_values(obj)
                if new != old:
                    steps.append(("edit", record_id, obj.revision, old, new))
        if steps:
            for _verb, record_id, revision, _old, _new in steps:
                self.undo_revisions[(model.__tablename__, record_id)] = revision
            self.undo_stack.push(BatchCommand(self, "edit_many", model, steps, after_undo))
        self.notify(changes)
        return changes

    def add_many(self, model: type, func: Callable, *args, **kwargs):
        """Run a batch service `func(session, *args)` that creates several records of
        `model` (returns Changes, or (anything, Changes)), as one undo step. Returns what the
        service returned."""
        from app.services import records
        from app.views.undo import BatchCommand

        with self.write() as session:
            with records.tracking_adds(session, model) as made:
                result = func(session, *args, **kwargs)
            steps = [("add", obj.id, obj.revision, None, None) for obj in made]
        changes = result if isinstance(result, Changes) else (
            result[1] if isinstance(result, tuple) else Changes.of(model.__tablename__))
        if steps:
            for _verb, record_id, revision, _b, _a in steps:
                self.undo_revisions[(model.__tablename__, record_id)] = revision
            self.undo_stack.push(BatchCommand(self, "add_many", model, steps))
        self.notify(changes or Changes())
        return result

    def change_with(self, model: type, func: Callable, *args, **kwargs) -> Changes:
        """Run a service that adds or changes records of `model` (e.g. ticks a checklist item:
        a new tick or a changed one), as one undo step."""
        from app.services import records
        from app.views.undo import BatchCommand

        with self.write() as session:
            with records.tracking_adds(session, model) as made, \
                    records.tracking_edits(session, model) as before:
                changes = func(session, *args, **kwargs) or Changes()
            steps = [("add", obj.id, obj.revision, None, None) for obj in made]
            made_ids = {obj.id for obj in made}
            for record_id, old in before.items():
                obj = records.get_any(session, model, record_id)
                new = records.content_values(obj)
                if record_id not in made_ids and new != old:
                    steps.append(("edit", record_id, obj.revision, old, new))
        if steps:
            for _verb, record_id, revision, _b, _a in steps:
                self.undo_revisions[(model.__tablename__, record_id)] = revision
            command = BatchCommand(self, "edit_many", model, steps)
            if len(steps) == 1:  # for the user a new tick is still a change of the list
                command.verb = "edit"
                command.retranslate()
            self.undo_stack.push(command)
        self.notify(changes)
        return changes

    def delete_record(self, model: type, record_id: str, label: str | None = None,
                      func: Callable | None = None, *args, after_undo: Callable | None = None,
                      **kwargs) -> Changes:
        """Tombstone a record (or run the feature's delete service `func(session, *args)`),
        undoably, and say in the status bar how to bring it back."""
        from app.services import records
        from app.views.undo import deleted_hint

        with self.write() as session:
            obj = records.get_any(session, model, record_id)
            if obj is None or obj.deleted_at is not None:
                return Changes()
            label = label or records.label_of(obj)
            if func is None:
                changes = records.soft_delete(session, model, record_id)
            else:
                changes = func(session, *args, **kwargs) or Changes()
            session.flush()
            revision = records.revision_of(session, model, record_id)
        self._push("delete", model, record_id, label, revision, after_undo=after_undo)
        self.notify(changes)
        self.status_message.emit(deleted_hint(model.__tablename__, label))
        return changes

    def _push(self, verb: str, model: type, record_id: str, name: str, revision: int,
              before=None, after=None, after_undo=None) -> None:
        from app.views.undo import RecordCommand

        self.undo_revisions[(model.__tablename__, record_id)] = revision
        self.undo_stack.push(RecordCommand(self, verb, model, record_id, name, revision,
                                           before, after, after_undo))

    def run_erasure(self, func, *args, **kwargs):
        """`run()` for an erasure for good: the undo history goes too, because its steps hold
        the erased names and notes (and can never bring them back anyway)."""
        changes = self.run(func, *args, **kwargs)
        self.undo_stack.clear()
        self.undo_revisions.clear()
        return changes

    def undo_refused(self, message: str) -> None:
        """An undo step could not be done safely: say so, and forget the older steps (after
        the stack has finished the current one)."""
        self.status_message.emit(message)
        QTimer.singleShot(0, self.undo_stack.clear)

    def retranslate_undo(self) -> None:
        for i in range(self.undo_stack.count()):
            command = self.undo_stack.command(i)
            if hasattr(command, "retranslate"):
                command.retranslate()
