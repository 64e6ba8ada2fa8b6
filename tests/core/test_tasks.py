"""Long work runs off the GUI thread, reports progress and can be cancelled."""
import threading

import pytest
from PySide6.QtCore import QTimer

from app.services.progress import Cancelled, Progress
from app.views.tasks import run_with_progress


def test_job_runs_on_another_thread_and_returns(qtbot):
    main = threading.get_ident()
    seen = []

    def job(progress: Progress):
        for i in range(5):
            progress.step(i, 5, "bezig")
        seen.append(threading.get_ident())
        return 42

    assert run_with_progress(None, "Werk", job) == 42
    assert seen and seen[0] != main


def test_job_errors_reach_the_caller(qtbot):
    def job(progress):
        raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        run_with_progress(None, "Werk", job)


def test_cancel_stops_the_job(qtbot):
    started = threading.Event()
    release = threading.Event()
    steps = []

    def job(progress: Progress):
        started.set()
        for i in range(10_000):
            release.wait(0.01)
            progress.step(i, 10_000)
            steps.append(i)
        return "finished"

    progress_holder = {}
    original = Progress.__init__

    def capture(self, *a, **k):
        original(self, *a, **k)
        progress_holder["p"] = self

    import app.views.tasks as tasks

    tasks.Progress.__init__ = capture
    try:
        QTimer.singleShot(100, lambda: progress_holder["p"].cancel())
        with pytest.raises(Cancelled):
            run_with_progress(None, "Werk", job)
    finally:
        tasks.Progress.__init__ = original
    assert started.is_set()
    assert len(steps) < 10_000


def test_progress_without_gui():
    calls = []
    p = Progress(lambda d, t, text: calls.append((d, t, text)))
    p.step(1, 2, "half")
    p.cancel()
    with pytest.raises(Cancelled):
        p.step(2, 2)
    assert calls == [(1, 2, "half")]
