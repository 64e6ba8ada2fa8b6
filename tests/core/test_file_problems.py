"""Each way a data file can go wrong gets its own, true message; an empty or cut-off file is
never turned into a new database (issue 12, points 3 and 9)."""
from __future__ import annotations

import os
import sqlite3

import pytest

from app.models import session as session_settings
from app.models.session import BUSY_TIMEOUT_ENV
from app.services import database, i18n
from app.services.errors import (
    CorruptDatabaseError,
    DamagedHeaderError,
    DatabaseLockedError,
    DiskFullError,
    EmptyDatabaseError,
    NotADatabaseError,
    ReadOnlyError,
    TruncatedDatabaseError,
)
from tests.core.file_cases import (
    can_make_read_only,
    make_good_file,
    read_only_folder,
    run_cli,
    write_lock_held,
    write_variant,
)

# The lock tests hold the lock the whole time: waiting 5 s for it (the app's default) proves
# no more than waiting 0.2 s.
SHORT_WAIT_MS = "200"


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "good.sqlite3"
    make_good_file(path)
    return path


def messages(error) -> set[str]:
    shown = set()
    for lang in ("nl", "fr", "en"):
        i18n.set_language(lang)
        shown.add(error.user_message())
    i18n.set_language("nl")
    return shown


@pytest.mark.parametrize("kind, error", [
    ("empty", EmptyDatabaseError), ("short", TruncatedDatabaseError),
    ("cut", TruncatedDatabaseError), ("magic", DamagedHeaderError),
    ("zeroed", DamagedHeaderError), ("pagesize", DamagedHeaderError)])
def test_a_spoilt_file_gets_its_own_message_and_stays_untouched(good_bytes, tmp_path, kind,
                                                                 error):
    path = write_variant(good_bytes, tmp_path / "buurt.sqlite3", kind)
    before = path.read_bytes()
    with pytest.raises(CorruptDatabaseError) as info:  # damaged: a backup is the answer
        database.open_database(path)
    assert type(info.value) is error
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["buurt.sqlite3"]
    assert len(messages(info.value)) == 3  # nl, fr and en each say it in their words
    assert not set(messages(info.value)) & messages(NotADatabaseError())


def test_a_zero_byte_file_is_never_a_new_database(tmp_path):
    path = tmp_path / "buurt.sqlite3"
    path.touch()
    for _attempt in range(2):  # nor the second time
        with pytest.raises(EmptyDatabaseError):
            database.open_database(path)
    assert path.stat().st_size == 0


def test_a_new_database_is_made_only_where_no_file_is(tmp_path):
    path = tmp_path / "nieuw" / "buurt.sqlite3"
    db = database.open_database(path)
    db.close()
    assert database.read_schema_state(path).is_current
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))
                  ) == ["buurt.sqlite3"]


def test_a_creation_that_fails_leaves_no_file_under_the_real_name(tmp_path, monkeypatch):
    path = tmp_path / "buurt.sqlite3"
    real = database.upgrade_file

    def full_half_way(target, *args):
        real(target, *args)  # the tables are there, then the disk fills up
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "upgrade_file", full_half_way)
    with pytest.raises(DiskFullError):  # not "restored from the backup": there is none
        database.open_database(path)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    database.open_database(path).close()  # the next try simply works


def test_a_foreign_file_is_still_called_foreign(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Boodschappen: melk, brood\n" * 200)
    with pytest.raises(NotADatabaseError):
        database.open_database(path)
    other = tmp_path / "other.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    data = bytearray(other.read_bytes())
    data[:16] = b"Not SQLite at al"  # nothing of ours in it: foreign, not damaged
    other.write_bytes(bytes(data))
    with pytest.raises(NotADatabaseError):
        database.open_database(other)


@pytest.fixture
def read_only(tmp_path, good_bytes, monkeypatch):
    """A healthy data file in a folder that cannot be written, with a good backup beside."""
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "buurt.sqlite3").write_bytes(good_bytes.read_bytes())
    if not can_make_read_only():  # root without mount rights: the OS answer, simulated
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if (
            mode & os.W_OK and str(folder) in str(p)) else real(p, mode, **kw))
    with read_only_folder(folder):
        yield folder / "buurt.sqlite3"


def test_a_read_only_file_is_not_called_damaged(read_only):
    before = read_only.read_bytes()
    with pytest.raises(ReadOnlyError) as info:
        database.open_database(read_only)
    assert not isinstance(info.value, CorruptDatabaseError)  # so no backup is offered
    assert read_only.read_bytes() == before
    assert database.check_integrity(read_only) == []  # `check` can still read it


def test_check_calls_an_empty_file_damaged_not_healthy(tmp_path):
    path = tmp_path / "buurt.sqlite3"
    path.touch()
    out = run_cli("--lang", "en", "check", "--db", str(path))
    assert out.returncode == 1
    assert "empty" in out.stdout and "healthy" not in out.stdout
    assert path.stat().st_size == 0


def test_check_and_demo_on_a_read_only_folder(read_only, capsys):
    from app.cli import main

    assert main(["--lang", "fr", "check", "--db", str(read_only)]) == 0
    assert main(["--lang", "en", "demo", "--db", str(read_only)]) == 2
    assert capsys.readouterr().err.strip() == ReadOnlyError.msgid


@pytest.fixture(scope="module")
def package(good_bytes, tmp_path_factory):
    from app.services.exchange import exporter

    folder = tmp_path_factory.mktemp("pkg")
    (folder / "pass.txt").write_text("een lange geheime zin\n")
    source = folder / "anna.sqlite3"
    source.write_bytes(good_bytes.read_bytes())
    db = database.open_database(source)
    try:
        exporter.export_package(db, folder / "p.bvx", "full", passphrase="een lange geheime zin")
    finally:
        db.close()
    return folder


@pytest.mark.parametrize("command", [
    ["demo"], ["conflicts", "--keep", "1"], ["status"], ["import", "{pkg}/p.bvx",
    "--passphrase-file", "{pkg}/pass.txt"], ["export", "--out", "{pkg}/uit.bvx", "--scope",
    "full", "--passphrase-file", "{pkg}/pass.txt"]])
def test_a_write_lock_of_another_program_gets_a_calm_message(good_bytes, tmp_path, package,
                                                              command):
    path = tmp_path / "buurt.sqlite3"
    path.write_bytes(good_bytes.read_bytes())
    args = [a.format(pkg=package) for a in command[1:]]
    with write_lock_held(path):  # a short wait for the lock: it is never let go meanwhile
        out = run_cli("--lang", "en", command[0], "--db", str(path), *args,
                      env={BUSY_TIMEOUT_ENV: SHORT_WAIT_MS})
    assert "Traceback" not in out.stderr
    if command[0] == "export" and out.returncode == 0:  # reading while another writes is fine
        assert (package / "uit.bvx").exists()
        return
    assert out.returncode == 2, out.stdout
    assert out.stderr.strip() == DatabaseLockedError().msgid.strip()
    wal = path.with_name(path.name + "-wal")
    assert path.read_bytes() == good_bytes.read_bytes()  # nothing written, in the file
    assert not wal.exists() or wal.stat().st_size == 0  # nor beside it


def test_check_of_a_locked_file_does_not_call_it_damaged(good_bytes, tmp_path, monkeypatch):
    monkeypatch.setattr(session_settings, "BUSY_TIMEOUT_MS", int(SHORT_WAIT_MS))
    path = tmp_path / "buurt.sqlite3"
    path.write_bytes(good_bytes.read_bytes())
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("BEGIN EXCLUSIVE")  # a rollback-journal writer keeps readers out
    try:
        with pytest.raises(DatabaseLockedError):
            database.check_integrity(path)
        with pytest.raises(DatabaseLockedError):
            database.read_schema_state(path)
    finally:
        con.rollback()
        con.close()


def test_demo_on_a_full_disk_says_the_disk_is_full(tmp_path, monkeypatch, capsys):
    from sqlalchemy.exc import OperationalError

    from app.cli import main
    from app.services import demo

    def full(_session):
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(demo, "create_demo", full)
    assert main(["--lang", "nl", "demo", "--db", str(tmp_path / "b.sqlite3")]) == 2
    err = capsys.readouterr().err
    i18n.set_language("nl")
    assert err.strip() == DiskFullError().user_message()
