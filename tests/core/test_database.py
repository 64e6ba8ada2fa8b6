"""Opening, stamping, tombstones and refusing bad files."""
import sqlite3
from datetime import UTC

import pytest
from sqlalchemy import select

from app.models.core import FocusArea, Trajectory
from app.services import database, records
from app.services.errors import CorruptDatabaseError, NewerVersionError, NotADatabaseError


def test_new_database_has_settings_and_device(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    assert len(db.device_id) == 36
    assert database.read_schema_state(db.path).revisions == database.schema_heads()


def test_records_are_stamped_and_revised(db):
    with db.transaction() as s:
        traj, _ = records.create(s, Trajectory, name="Dorp")
    assert traj.revision == 1 and traj.base_revision == 0
    assert traj.device_id == db.device_id
    assert traj.created_at.tzinfo == UTC
    first_update = traj.updated_at
    with db.transaction() as s:
        t = s.get(Trajectory, traj.id)
        records.update(s, t, name="Dorp 2")
    with db.session() as s:
        t = s.get(Trajectory, traj.id)
        assert (t.revision, t.base_revision) == (2, 1)
        assert t.updated_at >= first_update
    with db.transaction() as s:  # no real change: no new revision
        t = s.get(Trajectory, traj.id)
        t.name = "Dorp 2"
    with db.session() as s:
        assert s.get(Trajectory, traj.id).revision == 2


def test_delete_is_a_tombstone_and_restore_undoes_it(db, trajectory):
    with db.transaction() as s:
        fa, _ = records.create(s, FocusArea, trajectory_id=trajectory.id, name="Heide")
    with db.transaction() as s:
        changes = records.soft_delete(s, FocusArea, fa.id)
    assert changes.touches("focus_area")
    with db.session() as s:
        assert s.scalars(select(FocusArea)).all() == []
        hidden = s.scalars(select(FocusArea).execution_options(include_deleted=True)).all()
        assert [h.id for h in hidden] == [fa.id] and hidden[0].deleted_at is not None
    with db.transaction() as s:
        records.restore(s, FocusArea, fa.id)
    with db.session() as s:
        back = s.scalars(select(FocusArea)).one()
        assert back.deleted_at is None and back.revision == 3


def test_hard_delete_of_shared_record_is_refused(db, trajectory):
    with pytest.raises(RuntimeError, match="tombstone"):
        with db.transaction() as s:
            s.delete(s.get(Trajectory, trajectory.id))


def test_foreign_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not a database at all" * 10)
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError):
        database.open_database(path)
    assert path.read_bytes() == before


def test_other_apps_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError):
        database.open_database(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_untouched(db):
    path = db.path
    db.close()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO alembic_version VALUES ('zz_future_0099')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(NewerVersionError) as info:
        database.open_database(path)
    assert path.read_bytes() == before
    assert "nieuwere" in info.value.user_message() or "newer" in info.value.user_message()


def test_damaged_file_is_refused(db):
    path = db.path
    with db.transaction() as s:
        for i in range(300):
            s.add(Trajectory(name=f"T{i}" * 20))
    db.close()
    data = bytearray(path.read_bytes())
    for i in range(4096, min(len(data), 4096 * 6)):
        data[i] = 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises((CorruptDatabaseError, NotADatabaseError)):
        database.open_database(path)
