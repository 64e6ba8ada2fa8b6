"""What every view is handed: the database, settings, the change bus and the undo stack.

Views get this object passed in; nothing reaches for globals.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.services.changes import Changes
from app.services.settings import Settings

if TYPE_CHECKING:  # the database layer loads after the window's first paint
    from sqlalchemy.orm import Session

    from app.services.database import Database
    from app.services.glance import Glance


class AppContext(QObject):
    """Shared state of one window.

    `changed` is the one refresh signal: every service call's `Changes` is emitted here and
    pages refresh what they show when `changes.touches(...)` their kinds.
    """

    changed = Signal(object)  # Changes
    trajectory_changed = Signal(str)  # trajectory id ("" when none)
    language_changed = Signal(str)
    database_ready = Signal()

    def __init__(self, db: Database | None, settings: Settings, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.trajectory_id: str = ""
        # until the database is attached: a read-only first look at the file (or None)
        self.glance: Glance | None = None

    @property
    def has_database(self) -> bool:
        return self.db is not None

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
            self.trajectory_changed.emit(trajectory_id)

    def session(self) -> Session:
        return self.db.session()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction. Emit what changed with `notify()` afterwards."""
        with self.db.transaction() as session:
            yield session

    def notify(self, changes: Changes) -> None:
        if changes.everything or changes.kinds:
            self.changed.emit(changes)

    def run(self, func, *args, **kwargs):
        """Run a service function `func(session, ...) -> Changes` in one transaction and
        announce its changes. Returns the Changes."""
        with self.write() as session:
            changes = func(session, *args, **kwargs)
        self.notify(changes or Changes())
        return changes
