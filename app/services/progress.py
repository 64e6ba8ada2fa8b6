"""Progress and cancellation for long work, without Qt.

Long jobs are plain functions `job(progress, ...)` that call `progress.step(done, total, text)`
now and then; that call raises `Cancelled` once the user has pressed Cancel. Tests pass a
`Progress()` and run the job synchronously; the GUI runs it on a worker thread
(app.views.tasks).
"""
from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):  # noqa: N818 (the user chose to stop: not an error)
    """The user cancelled; the job must leave everything as it was."""


class Progress:
    def __init__(self, callback: Callable[[int, int, str], None] | None = None):
        self._cancel = threading.Event()
        self._callback = callback

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def step(self, done: int, total: int, text: str = "") -> None:
        self.check()
        if self._callback is not None:
            self._callback(done, total, text)
