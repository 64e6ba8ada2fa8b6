"""Rotating backups and restore."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.models.core import Trajectory
from app.services import backup, database
from app.services.errors import NotADatabaseError


def test_daily_backup_once_a_day(db):
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert backup.daily_backup(db.path, now) is not None
    assert backup.daily_backup(db.path, now + timedelta(hours=5)) is None
    assert backup.daily_backup(db.path, now + timedelta(days=1)) is not None
    assert [b.kind for b in backup.list_backups(db.path)] == ["daily", "daily"]


def test_rotation_keeps_14_days_and_one_per_month(db):
    start = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
    for day in range(120):
        backup.daily_backup(db.path, start + timedelta(days=day))
    kept = backup.list_backups(db.path)
    days = sorted(b.created.date() for b in kept)
    newest = start + timedelta(days=119)
    recent = [d for d in days if d > (newest - timedelta(days=14)).date()]
    assert len(recent) == 14
    months = {(d.year, d.month) for d in days}
    assert months == {(2025, m) for m in range(1, 5)}
    # per older month only one copy (its newest)
    for year, month in months:
        in_month = [d for d in days if (d.year, d.month) == (year, month) and d not in recent]
        assert len(in_month) <= 1
    assert len(kept) <= 14 + 4


def test_backup_is_a_consistent_database(db, trajectory):
    path = backup.make_backup(db.path, "manual")
    assert database.check_integrity(path) == []
    copy = database.open_database(path)
    with copy.session() as s:
        assert s.scalars(select(Trajectory.name)).all() == ["Testdorp"]
    copy.close()


def test_restore_replaces_data_and_keeps_a_safety_copy(db, trajectory):
    saved = backup.make_backup(db.path, "manual")
    with db.transaction() as s:
        s.add(Trajectory(name="Made after the backup"))
    path = db.path
    db.close()
    safety = backup.restore_backup(path, saved)
    reopened = database.open_database(path)
    with reopened.session() as s:
        assert s.scalars(select(Trajectory.name)).all() == ["Testdorp"]
    reopened.close()
    undo = database.open_database(safety)
    with undo.session() as s:
        assert sorted(s.scalars(select(Trajectory.name))) == ["Made after the backup", "Testdorp"]
    undo.close()


def test_restore_refuses_a_foreign_file(db, tmp_path):
    bogus = tmp_path / "holiday.sqlite3"
    bogus.write_bytes(b"not a database" * 100)
    path = db.path
    db.close()
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError):
        backup.restore_backup(path, bogus)
    assert path.read_bytes() == before


def test_newest_good_backup_skips_damaged_ones(db):
    old = backup.make_backup(db.path, "daily", datetime(2026, 1, 1, tzinfo=UTC))
    bad = backup.make_backup(db.path, "daily", datetime(2026, 1, 2, tzinfo=UTC))
    bad.write_bytes(b"garbage" * 1000)
    assert backup.newest_good_backup(db.path).path == old
