"""Run a long job off the GUI thread with a cancellable progress dialog.

The dialog shows only when the job takes longer than about half a second.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.services.i18n import _
from app.services.progress import Cancelled, Progress


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, object)  # result, exception


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[Progress], Any], progress: Progress, signals: _Signals):
        super().__init__()
        self.job, self.progress, self.signals = job, progress, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.job(self.progress)
        except BaseException as exc:  # noqa: BLE001 (handed back to the GUI thread)
            self.signals.finished.emit(None, exc)
        else:
            self.signals.finished.emit(result, None)


def run_with_progress(parent: QWidget | None, title: str, job: Callable[[Progress], Any]) -> Any:
    """Run `job(progress)` on the thread pool; block with a responsive event loop until done.

    Returns the job's result, raises its exception, or raises `Cancelled`.
    """
    signals = _Signals()
    progress = Progress(lambda d, t, text: signals.progress.emit(d, t, text))
    dialog = _progress_dialog(parent, title, progress)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def on_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    def on_finished(result, exc) -> None:
        outcome["result"], outcome["exc"] = result, exc
        loop.quit()

    signals.progress.connect(on_progress)
    signals.finished.connect(on_finished)
    QThreadPool.globalInstance().start(_Runnable(job, progress, signals))
    if "exc" not in outcome:
        loop.exec()
    cancelled = progress.cancelled
    dialog.canceled.disconnect(progress.cancel)  # closing the dialog emits canceled too
    dialog.reset()
    dialog.close()
    dialog.deleteLater()
    if outcome.get("exc") is not None:
        raise outcome["exc"]
    if cancelled:
        raise Cancelled()
    return outcome.get("result")


def _progress_dialog(parent: QWidget | None, title: str, progress: Progress) -> QProgressDialog:
    """Shown only when the job takes longer than half a second; Cancel asks the job to stop."""
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(progress.cancel)
    return dialog


def defer(msec: int, func: Callable[[], None]) -> None:
    QTimer.singleShot(msec, func)
