"""Python's garbage collector runs on the window's thread only.

Long work runs on worker threads (imports, exports, the mailbox, counts, opening a shared
database). An automatic collection starts on whichever thread happens to allocate, and a
collection started on a worker can destroy Qt objects held in reference cycles there (a
closed dialog's widgets), off the window's thread: Qt then crashes the whole process (a
segmentation fault, seen in the test suite while a shared database was being opened).

So, as pyqtgraph, Spyder and other Qt applications do: automatic collection is switched
off while the window runs, and a timer on the window's thread makes the collections the
interpreter itself would have made, by the same thresholds. Collections then run only
between two events of the window's thread; worker threads simply pause meanwhile (the
GIL). The command line has no window and keeps Python's own collection.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the window's thread checks whether a collection is due (milliseconds).
INTERVAL_MS = 250


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        """The collection the interpreter would have started by now, made here: the young
        generation once enough objects were made since the last collection, the older ones
        once enough younger collections were made. The generation collected, or -1."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return -1
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 2 if counts[2] > self.thresholds[2] else 1
        gc.collect(generation)
        return generation


_INSTALLED: list[MainThreadCollector] = []


def install(app: QObject) -> MainThreadCollector:
    """Collections on the window's thread for the rest of the process (once; `app` keeps
    the timer)."""
    if not _INSTALLED:
        collector = MainThreadCollector(app)
        collector.start()
        _INSTALLED.append(collector)
    return _INSTALLED[0]
