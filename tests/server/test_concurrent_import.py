"""Two coordinators importing at the same moment into one PostgreSQL database: packages of one
sender are applied one after the other (an advisory lock), those of different senders are
not held up, and every import stays all-or-nothing."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from app.models.core import Partner, Trajectory
from app.models.exchange import ExchangeImport
from app.services.exchange import importer
from app.services.progress import Progress
from app.services.server import open_server
from tests.exchange.conftest import Laptop

WAIT = 30  # seconds: a generous ceiling on the shared machine, never reached when all works


@pytest.fixture
def lead(pg_url, tmp_path):
    """The lead organisation's database with two coordinators' connections to it."""
    first = Laptop(tmp_path, "lead", db=open_server(pg_url))
    second = open_server(pg_url)
    yield first, second
    first.close()
    second.close()


def _sender(tmp_path, db_templates, name, lead, partners):
    lt = Laptop(tmp_path, name, copy_template=db_templates.copy_migrated)
    lt.trust(lead, "lead")
    with lt.db.transaction() as s:
        traj = Trajectory(name=f"Traject {name}", municipality=name.title())
        s.add(traj)
        s.flush()
        s.add_all(Partner(trajectory_id=traj.id, name=f"{name} {i}") for i in range(partners))
    return lt


def _more(lt, partners):
    with lt.db.transaction() as s:
        traj = s.scalars(select(Trajectory)).one()
        s.add_all(Partner(trajectory_id=traj.id, name=f"later {i}") for i in range(partners))
        s.scalars(select(Partner)).first().name = "OCMW Heide"


class Paused:
    """An import that stops inside its transaction (after the lock) until released."""

    def __init__(self, db, path):
        self.inside, self.go = threading.Event(), threading.Event()
        self.result = self.error = None
        self.pkg = importer.load_for(db, path)
        self.thread = threading.Thread(target=self._run, args=(db,), daemon=True)

    def _hold(self, *_args):
        self.inside.set()
        assert self.go.wait(WAIT)

    def _run(self, db):
        try:
            self.result = importer.import_package(db, self.pkg, backup=False,
                                                  progress=Progress(self._hold))
        except Exception as exc:  # noqa: BLE001 (reported by the test's own thread)
            self.error = exc

    def start(self):
        self.thread.start()
        assert self.inside.wait(WAIT)
        return self

    def finish(self):
        self.go.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive() and self.error is None, self.error
        return self.result


def _run_in_thread(db, path):
    done = {}

    def run():
        try:
            done["result"] = importer.import_package(db, importer.load_for(db, path),
                                                     backup=False)
        except Exception as exc:  # noqa: BLE001 (reported by the test's own thread)
            done["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, done


def _waiting_for_a_lock(db) -> bool:
    """Whether some session waits for an advisory lock (asked of PostgreSQL itself)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with db.engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                 "AND NOT granted")).scalar():
                return True
        time.sleep(0.05)
    return False


def _counts(db):
    with db.session() as s:
        partners = s.scalars(select(Partner.id)).all()
        ledger = s.scalars(select(ExchangeImport.package_id).order_by(
            ExchangeImport.imported_at)).all()
        renamed = s.scalars(select(Partner.name).where(Partner.name == "OCMW Heide")).all()
    return partners, ledger, renamed


def test_two_packages_of_one_sender_are_applied_one_after_the_other(
        lead, tmp_path, db_templates):
    (one, two) = lead
    heide = _sender(tmp_path, db_templates, "heide", one, 300)
    early = heide.export("lead")
    _more(heide, 200)
    late = heide.export("lead")
    first = Paused(one.db, early).start()
    thread, done = _run_in_thread(two, late)
    assert _waiting_for_a_lock(two)  # the second coordinator waits for the first
    assert thread.is_alive() and "result" not in done
    first.finish()
    thread.join(WAIT)
    assert "error" not in done, done.get("error")
    partners, ledger, renamed = _counts(two)
    assert len(partners) == len(set(partners)) == 500  # none lost, none twice
    assert ledger == [first.pkg.package_id, done["result"].preview.package_id]  # in order
    assert renamed == ["OCMW Heide"]  # the later package's change is kept
    assert done["result"].preview.total("added") == 200  # it saw what the first committed


def test_the_same_package_twice_at_once_is_imported_once(lead, tmp_path, db_templates):
    (one, two) = lead
    heide = _sender(tmp_path, db_templates, "heide", one, 50)
    path = heide.export("lead")
    first = Paused(one.db, path).start()
    thread, done = _run_in_thread(two, path)
    assert _waiting_for_a_lock(two)
    first.finish()
    thread.join(WAIT)
    assert "error" not in done, done.get("error")
    assert done["result"].already_imported is not None  # the second found it done
    partners, ledger, _renamed = _counts(two)
    assert len(partners) == 50 and len(ledger) == 1


def test_different_senders_do_not_wait_for_each_other(lead, tmp_path, db_templates):
    (one, two) = lead
    heide = _sender(tmp_path, db_templates, "heide", one, 20)
    beek = _sender(tmp_path, db_templates, "beek", one, 30)
    first = Paused(one.db, heide.export("lead")).start()
    thread, done = _run_in_thread(two, beek.export("lead"))
    thread.join(WAIT)  # while the first import still holds its transaction open
    assert not thread.is_alive() and "result" in done, done.get("error")
    with two.session() as s:  # beek's records are committed, heide's not yet visible
        assert {t for (t,) in s.execute(select(Trajectory.municipality))} == {"Beek"}
    first.finish()
    with two.session() as s:
        assert s.scalar(select(func.count()).select_from(Partner)) == 50


def test_a_failed_import_releases_the_lock_and_leaves_nothing(lead, tmp_path, db_templates,
                                                              monkeypatch):
    (one, two) = lead
    heide = _sender(tmp_path, db_templates, "heide", one, 40)
    path = heide.export("lead")

    def broken(*_args):
        raise RuntimeError("the connection dropped")

    monkeypatch.setattr(importer, "_ledger", broken)
    with pytest.raises(RuntimeError):
        importer.import_package(one.db, importer.load_for(one.db, path), backup=False)
    monkeypatch.undo()
    assert _counts(two)[:2] == ([], [])  # all or nothing
    thread, done = _run_in_thread(two, path)  # the lock went with the rolled-back transaction
    thread.join(WAIT)
    assert "result" in done, done.get("error")
    assert len(_counts(two)[0]) == 40
