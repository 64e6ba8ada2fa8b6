"""The "not yet shared" line counts on a worker thread with sessions that only read (issue 16):
its first count reads every record of the trajectory, seconds at 100 000 visits, and neither
the page's opening nor a visit saved meanwhile may wait for it."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.models.outreach import OutreachCampaign, OutreachPerson, OutreachVisit
from app.services.outreach import visits
from app.services.outreach.background_read import Reader
from tests.outreach.test_round_entry import page  # noqa: F401 (fixture)


def _campaign_and_person(db):
    with db.session() as s:
        camp = s.query(OutreachCampaign).filter_by(kind="christmas").one()
        return camp.id, s.query(OutreachPerson).filter_by(campaign_id=camp.id).first().id


def test_a_reader_in_the_middle_of_a_read_does_not_keep_a_visit_from_being_saved(demo_db):
    cid, pid = _campaign_and_person(demo_db)
    reader = Reader(demo_db)
    try:
        with reader.session() as r:
            before = r.execute(text("SELECT count(*) FROM outreach_visit")).scalar_one()
            t = time.perf_counter()
            with demo_db.transaction() as s:  # BEGIN IMMEDIATE: it would wait 5 s, then fail
                visits.log_visit(s, cid, person_id=pid, outcome="door",
                                 visited_on=date.today())
            assert time.perf_counter() - t < 2
            # the reader keeps the snapshot it began with
            assert r.execute(text("SELECT count(*) FROM outreach_visit")).scalar_one() == before
        with reader.session() as r:
            assert r.execute(text("SELECT count(*) FROM outreach_visit")).scalar_one() == (
                before + 1)
    finally:
        reader.close()


def test_a_reader_cannot_write(demo_db):
    reader = Reader(demo_db)
    try:
        with reader.session() as r, pytest.raises(OperationalError, match="readonly"):
            r.execute(text("DELETE FROM outreach_visit"))
        with demo_db.session() as s:
            assert s.query(OutreachVisit).count() > 0
    finally:
        reader.close()


def test_the_line_counts_off_the_window_thread_and_a_visit_can_be_saved_meanwhile(
        qtbot, page, monkeypatch):  # noqa: F811 (the fixture)
    from app.services.exchange.not_shared import NotSharedCounter

    line = page.not_shared
    qtbot.waitUntil(lambda: not line.counting and line.counts[0] == 9, timeout=5000)
    started, release, threads = threading.Event(), threading.Event(), []
    real_count = NotSharedCounter.count

    def slow_count(self, session, trajectory_id):
        found = real_count(self, session, trajectory_id)  # the read transaction is open
        threads.append(threading.get_ident())
        started.set()
        assert release.wait(10)
        return found

    monkeypatch.setattr(NotSharedCounter, "count", slow_count)
    cid, pid = _campaign_and_person(page.ctx.db)
    line.reload()
    assert line.counting and started.wait(5)  # reload() came back while the count runs
    t = time.perf_counter()
    page.ctx.run(lambda s: visits.log_visit(s, cid, person_id=pid, outcome="door")[1])
    assert time.perf_counter() - t < 2
    line.reload()  # asked again while counting: counted once more right after
    release.set()
    qtbot.waitUntil(lambda: not line.counting and line.counts[0] == 10, timeout=5000)
    assert threads and threading.main_thread().ident not in threads
    assert "10" in line.text()


def test_a_count_for_a_trajectory_no_longer_chosen_is_not_shown(qtbot, page, monkeypatch):  # noqa: F811
    from app.services.exchange.not_shared import NotSharedCounter

    line = page.not_shared
    qtbot.waitUntil(lambda: not line.counting and line.counts[0] == 9, timeout=5000)
    started, release = threading.Event(), threading.Event()
    real_count = NotSharedCounter.count

    def slow_count(self, session, trajectory_id):
        started.set()
        assert release.wait(10)
        return real_count(self, session, trajectory_id)

    monkeypatch.setattr(NotSharedCounter, "count", slow_count)
    line.reload()
    assert started.wait(5)
    page.ctx.set_trajectory("")  # e.g. the trajectory was closed while counting
    release.set()
    qtbot.waitUntil(lambda: not line.counting and line.counts == (0, 0), timeout=5000)
    assert not line.isVisibleTo(page)


def test_the_overviews_line_and_the_pages_share_what_was_compared(qtbot, page, monkeypatch):  # noqa: F811
    from PySide6.QtWidgets import QWidget

    from app.services.exchange.not_shared import NotSharedCounter
    from app.views.outreach.not_shared_line import NotSharedLine

    line = page.not_shared
    qtbot.waitUntil(lambda: not line.counting and line.counts[0] == 9, timeout=5000)
    compared: list[int] = []
    real_compare = NotSharedCounter._compare

    def spy(self, session, plan, ids, keys):
        compared.append(len(ids))
        return real_compare(self, session, plan, ids, keys)

    monkeypatch.setattr(NotSharedCounter, "_compare", spy)
    overview = QWidget()  # the Overview's line, over the same window context
    qtbot.addWidget(overview)
    other = NotSharedLine(page.ctx, overview)
    overview.show()
    other.reload()
    qtbot.waitUntil(lambda: not other.counting and other.counts == line.counts, timeout=5000)
    assert compared == []  # nothing changed since the page's count: nothing read again
    cid, pid = _campaign_and_person(page.ctx.db)
    page.ctx.run(lambda s: visits.log_visit(s, cid, person_id=pid, outcome="door")[1])
    other.reload()
    qtbot.waitUntil(lambda: not other.counting and other.counts[0] == 10, timeout=5000)
    assert sum(compared) <= 2  # the new visit (and its person's changed status)


def test_no_collection_can_start_on_the_worker_while_it_counts(qtbot, page, monkeypatch):  # noqa: F811
    """A collection started on the worker thread could destroy Qt objects there (it crashed
    the test suite): automatic collection is off (app/views/collector.py), and the
    collections that come due while a count makes garbage run on the window's thread."""
    import gc
    import threading

    from app.services.exchange.not_shared import NotSharedCounter

    line = page.not_shared
    qtbot.waitUntil(lambda: not line.counting, timeout=5000)
    threads: list[threading.Thread] = []
    during = []
    real_count = NotSharedCounter.count

    def spy(self, session, trajectory_id):
        during.append((gc.isenabled(), threading.current_thread()))
        for _ in range(3 * gc.get_threshold()[0]):  # garbage in cycles, more than enough
            cycle: list = []
            cycle.append(cycle)
        return real_count(self, session, trajectory_id)

    def seen(phase, _info):
        if phase == "start":
            threads.append(threading.current_thread())

    monkeypatch.setattr(NotSharedCounter, "count", spy)
    gc.callbacks.append(seen)  # the interpreter's own list (not replaceable)
    try:
        line.reload()
        qtbot.waitUntil(lambda: bool(during) and not line.counting and bool(threads),
                        timeout=5000)
    finally:
        gc.callbacks.remove(seen)
    assert during[0][0] is False and during[0][1] is not threading.main_thread()
    assert set(threads) == {threading.main_thread()}
