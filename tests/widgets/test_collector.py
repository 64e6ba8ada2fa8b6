"""Garbage collection on the window's thread only (app/views/collector.py): a worker thread
that makes garbage in cycles never starts a collection; the window's thread collects it."""
from __future__ import annotations

import gc
import threading
import weakref

from app.views import collector


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the collector frees it


def test_a_worker_thread_never_starts_a_collection_and_the_main_thread_frees_its_garbage(
        qapp, qtbot):
    made = collector.install(qapp)
    assert collector.install(qapp) is made  # once per process
    assert not gc.isenabled()
    started: list[threading.Thread] = []
    refs: list[weakref.ref] = []

    def seen(phase, _info):
        if phase == "start":
            started.append(threading.current_thread())

    def work():
        for _ in range(5 * made.thresholds[0]):
            refs.append(weakref.ref(Node()))

    gc.callbacks.append(seen)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        assert started == []  # far past the threshold, and no collection on the worker
        assert any(r() is not None for r in refs)
        qtbot.waitUntil(lambda: bool(started), timeout=2000)  # the timer's collection
        while made.collect_due() >= 0:
            pass
        gc.collect(0)
    finally:
        gc.callbacks.remove(seen)
    assert set(started) == {threading.main_thread()}
    assert all(r() is None for r in refs)


def test_collect_due_follows_the_interpreters_thresholds(qapp):
    made = collector.install(qapp)
    gc.collect()
    assert made.collect_due() == -1  # nothing made since: nothing due
    keep = [Node() for _ in range(made.thresholds[0] + 50)]
    assert made.collect_due() == 0  # enough new objects: the young generation
    assert len(keep) > made.thresholds[0]
