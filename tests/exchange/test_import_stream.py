"""On PostgreSQL the records an import adds are COPYed by a writer thread while the import's
own thread decides the next chunk (`pg_bulk.CopyStream`). It must write exactly what the
one-thread import writes, keep the import all-or-nothing whatever fails where (a row the
server refuses in the thread, a cancel, a failure in the import's own thread), raise the same
calm error, and leave no thread running. On SQLite (no stream) the same tests hold."""
from __future__ import annotations

import io
import json
import threading
import uuid
import zipfile
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import func, select

from app.models.core import Partner, Trajectory
from app.models.exchange import ExchangeImport
from app.models.groundwork import ContactMoment
from app.services.exchange import errors as E
from app.services.exchange import importer, keys, package, pg_bulk
from app.services.exchange.errors import ExchangeError
from app.services.progress import Cancelled, Progress

from .conftest import snapshot
from .test_fast_path_engines import _raw

BOTH_ENGINES = True
PARTNERS = 1300  # three chunks of partners, three of their contact moments


@pytest.fixture
def anna(laptops):
    anna = laptops("anna")
    with anna.db.transaction() as s:
        traj = Trajectory(name="Groot dorp", municipality="Grootgem")
        s.add(traj)
        s.flush()
        partners = [Partner(trajectory_id=traj.id, name=f"Vereniging {i:04d}",
                            contact_person=f"Iemand {i}") for i in range(PARTNERS)]
        s.add_all(partners)
        s.flush()
        s.add_all(ContactMoment(trajectory_id=traj.id, held_on=date(2026, 1, 1 + i % 28),
                                kind="one_to_one", title=f"Gesprek {i}",
                                partner_ids=[p.id]) for i, p in enumerate(partners))
    return anna


def _copy_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-copy"]


def _nothing_written(lt) -> None:
    assert all(not rows for rows in snapshot(lt.db).values())
    with lt.db.session() as s:
        assert s.scalar(select(func.count()).select_from(ExchangeImport)) == 0
    assert not _copy_threads()


@contextmanager
def _one_thread(monkeypatch):
    """The import without the writer thread: every COPY on the import's own thread."""
    @contextmanager
    def no_stream(_session):
        yield None

    with monkeypatch.context() as m:
        m.setattr(pg_bulk, "copy_stream", no_stream)
        yield


def test_the_rows_and_states_are_those_of_the_one_thread_import(anna, laptops, monkeypatch):
    bert, carl = laptops("bert"), laptops("carl")
    path = anna.export("full", recipients=[bert.public.age_recipient, carl.public.age_recipient])
    result = bert.import_(path)
    assert not _copy_threads()
    with _one_thread(monkeypatch):
        carl.import_(path)
    assert result.preview.total("added") == 2 * PARTNERS + 1
    streamed, alone = _raw(bert.db), _raw(carl.db)
    assert len(streamed["exchange_record_state"]) == 2 * PARTNERS + 1
    assert all(row.line_hash and row.row_hash for row in streamed["exchange_record_state"])
    assert streamed == alone
    # the fingerprints are those of the rows as stored: a later package skips every line
    again = bert.import_(anna.export("full", to=bert))
    assert again.preview.total("unchanged") == 2 * PARTNERS + 1
    assert again.preview.total("added") == again.preview.total("updated") == 0


def _with_bad_line(anna, bert, kind: str, number: int, change) -> bytes:
    """anna's full package to bert, decrypted, with line `number` of `kind` changed and
    signed again by anna (so only the database can refuse it)."""
    import pyrage

    with bert.db.session() as s:
        mine = pyrage.x25519.Identity.from_str(keys.get_identity(s).age_identity)
    data = package.decrypt(anna.export("full", to=bert).read_bytes(), [mine], None)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read(package.MANIFEST))
        body = {n: zf.read(n) for n in zf.namelist() if n.startswith("records/")}
    manifest.pop("members")
    lines = body[f"records/{kind}.jsonl"].split(b"\n")
    record = json.loads(lines[number])
    change(record)
    lines[number] = json.dumps(record).encode()
    body[f"records/{kind}.jsonl"] = b"\n".join(lines)
    with anna.db.session() as s:
        key = keys.signing_key(keys.get_identity(s))
    return package.build_zip(manifest, body, key.sign)


def test_a_row_refused_late_leaves_nothing_and_no_thread(anna, laptops, tmp_path):
    """A contact moment of the last chunk points at a trajectory that is nowhere: the server
    refuses it (in the writer thread on PostgreSQL) after two chunks were stored."""
    bert = laptops("bert")
    path = tmp_path / "late.bvx"
    path.write_bytes(_with_bad_line(anna, bert, "contact_moment", PARTNERS - 3, lambda r: r[
        "values"].update(trajectory_id=str(uuid.uuid4()))))
    pkg = bert.load(path)
    with pytest.raises(ExchangeError) as info:
        importer.import_package(bert.db, pkg, backup=False)
    assert info.value.msgid == E.MALFORMED_RECORD
    assert info.value.user_message() and "{" not in info.value.user_message()
    _nothing_written(bert)
    # the connection went back clean: the same package, repaired, goes in whole
    assert bert.import_(anna.export("full", to=bert)).preview.total("added") == 2 * PARTNERS + 1


def test_a_cancel_in_the_middle_leaves_nothing_and_no_thread(anna, laptops):
    bert = laptops("bert")
    pkg = bert.load(anna.export("full", to=bert))
    seen = []

    def cancel_late(done, _total, _text):
        seen.append(done)
        if done >= 2 * importer.CHUNK + 1:  # partners stored or handed to the thread
            progress.cancel()

    progress = Progress(cancel_late)
    with pytest.raises(Cancelled):
        importer.import_package(bert.db, pkg, progress=progress, backup=False)
    assert max(seen) >= 2 * importer.CHUNK
    _nothing_written(bert)


def test_a_failure_of_the_import_thread_leaves_nothing_and_no_thread(anna, laptops,
                                                                      monkeypatch):
    """A bug while the thread still has chunks to store: the bug's own error, nothing kept."""
    bert = laptops("bert")
    pkg = bert.load(anna.export("full", to=bert))
    made = []
    real = importer._new_row

    def failing(model, d, now, dialect):
        made.append(d.record_id)
        if len(made) == PARTNERS + 700:
            raise RuntimeError("a bug in the middle")
        return real(model, d, now, dialect)

    monkeypatch.setattr(importer, "_new_row", failing)
    with pytest.raises(RuntimeError, match="a bug in the middle"):
        importer.import_package(bert.db, pkg, backup=False)
    _nothing_written(bert)
