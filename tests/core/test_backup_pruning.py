"""Pruning keeps the good copies whatever the newest ones look like; pre-import copies are
pruned like the daily ones; leftovers of killed copies go (issue 12, points 3 and 10)."""
from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

from app.services import backup, paths
from app.services.database import open_database
from tests.core.file_cases import run_cli, write_variant

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def copy_named(db_path, kind, when):
    target = paths.backup_dir_for(db_path) / f"{kind}-{when:%Y%m%d-%H%M%S}.sqlite3"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def test_an_empty_file_gets_no_daily_copy_and_the_good_ones_stay(db):
    for day in range(14):
        assert backup.daily_backup(db.path, START + timedelta(days=day)) is not None
    good = {b.path for b in backup.list_backups(db.path)}
    db.close()
    write_variant(db.path, db.path, "empty")  # the file became 0 bytes
    for day in range(14, 40):  # weeks of starts with the empty file
        assert backup.daily_backup(db.path, START + timedelta(days=day)) is None
    assert {b.path for b in backup.list_backups(db.path)} == good
    assert backup.newest_good_backup(db.path).path in good


def test_damaged_newest_copies_never_push_good_ones_out(db):
    for day in range(14):
        backup.daily_backup(db.path, START + timedelta(days=day))
    good = {b.path for b in backup.list_backups(db.path)}
    any_good = next(iter(good))
    for day in range(14, 30):  # copies of an empty and a damaged file, made by an older version
        bad = copy_named(db.path, "daily", START + timedelta(days=day))
        write_variant(any_good, bad, "empty" if day % 2 else "magic")
    backup.prune(db.path)
    kept = {b.path for b in backup.list_backups(db.path)}
    assert good <= kept
    # a good copy again: the bad ones older than the 14 newest good ones go, good ones rotate
    for day in range(30, 45):
        backup.daily_backup(db.path, START + timedelta(days=day))
    kept = backup.list_backups(db.path)
    assert all(backup.is_good_copy(b.path) for b in kept)
    assert len([b for b in kept if b.created >= START + timedelta(days=31)]) == 14


def test_pre_import_copies_are_pruned_like_the_daily_ones(db):
    for day in range(40):
        shutil.copyfile(backup.make_backup(db.path, "manual", START + timedelta(days=day)),
                        copy_named(db.path, "pre-import", START + timedelta(days=day)))
    manual = [b for b in backup.list_backups(db.path) if b.kind == "manual"]
    backup.prune(db.path)
    kept = backup.list_backups(db.path)
    pre = [b for b in kept if b.kind == "pre-import"]
    recent = [b for b in pre if b.created > START + timedelta(days=39 - 14)]
    assert len(recent) == 14
    assert {(b.created.year, b.created.month) for b in pre} == {(2026, 3), (2026, 4)}
    assert len(pre) <= 14 + 2
    assert [b for b in kept if b.kind == "manual"] == manual  # the user's own copies stay


def test_an_import_makes_a_pre_import_copy(tmp_path):
    from app.services.exchange import exporter, importer

    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert run_cli("demo", "--db", str(a)).returncode == 0
    db_a = open_database(a)
    try:
        result = exporter.export_package(db_a, tmp_path / "p.bvx", "full", passphrase="lang geheim")
    finally:
        db_a.close()
    db_b = open_database(b)
    try:
        pkg = importer.load_for(db_b, result.path, passphrase="lang geheim")
        done = importer.import_package(db_b, pkg)
    finally:
        db_b.close()
    assert done.backup.name.startswith("pre-import-")
    assert [c.kind for c in backup.list_backups(b)] == ["pre-import"]


def test_a_command_that_writes_cleans_leftovers_and_a_reading_one_does_not(tmp_path):
    db = tmp_path / "buurt.sqlite3"
    assert run_cli("demo", "--db", str(db)).returncode == 0
    folder = paths.backup_dir_for(db)
    folder.mkdir(exist_ok=True)
    part = folder / "pre-import-20261129-080000.sqlite3.part"
    part.write_bytes(b"SQLite format 3\x00" + b"Jozef Peeters" * 20)
    journal = folder / "pre-import-20261129-080000.sqlite3.part-journal"
    journal.write_bytes(b"x")
    look_alike = folder / "daily-2026.sqlite3.part"  # not our name: left alone
    look_alike.write_text("?")
    assert run_cli("status", "--db", str(db)).returncode == 0
    assert part.exists()  # a reader does not hold the lock: a copy may be on its way
    assert run_cli("conflicts", "--db", str(db)).returncode == 0
    assert not part.exists() and not journal.exists() and look_alike.exists()


def test_erasure_with_pruned_copies_and_a_killed_copy_leaves_no_trace(demo_db):
    """Erasing a campaign reaches the pre-import copies (they are backups like the daily
    ones), and the half copy a killed backup left is gone at the next start, so a raw search of
    the backups folder finds none of the erased names."""
    from datetime import date

    from sqlalchemy import select

    from app.models.outreach import OutreachCampaign, OutreachPerson
    from app.services.outreach import retention

    db = demo_db
    with db.session() as s:
        campaign = s.scalars(select(OutreachCampaign)).first()
        names = s.scalars(select(OutreachPerson.last_name).where(
            OutreachPerson.campaign_id == campaign.id)).all()
        cid = campaign.id
    name = max(names, key=len).encode()
    pre = backup.make_backup(db.path, "pre-import", START)
    daily = backup.make_backup(db.path, "daily", START + timedelta(days=1))
    stamp = f"{START + timedelta(days=2):%Y%m%d-%H%M%S}"
    part = paths.backup_dir_for(db.path) / f"daily-{stamp}.sqlite3.part"
    shutil.copyfile(daily, part)  # a copy killed half-way: still full of names
    assert all(name in f.read_bytes() for f in (pre, daily, part))
    with db.transaction() as s:
        retention.erase_campaign(s, cid, date(2100, 1, 1))
    retention.scrub_file(db.engine)
    # both copies cleaned; the killed half copy cannot be cleaned, so it is deleted at once
    assert retention.erase_in_backups(db.path, cid, date(2100, 1, 1)) == (2, 1)
    assert not part.exists()
    backup.daily_backup(db.path, START + timedelta(days=3))  # the next start: copy and prune
    copies = list(paths.backup_dir_for(db.path).iterdir())
    assert pre in copies and len(copies) == 3
    for file in copies:
        raw = file.read_bytes()
        assert name not in raw and name.decode().encode("utf-16-le") not in raw, file.name


def test_a_copy_that_fails_half_way_leaves_no_half_copy(db, monkeypatch):
    import sqlite3

    from app.services import database

    real_connect = sqlite3.connect

    class FullDisk:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, params=()):
            self.con.execute(sql, params)  # the copy is written...
            raise sqlite3.OperationalError("database or disk is full")  # ...and fails at the end

        def close(self):
            self.con.close()

    monkeypatch.setattr(database.sqlite3, "connect",
                        lambda *a, **k: FullDisk(real_connect(*a, **k)))
    try:
        backup.make_backup(db.path, "manual")
    except sqlite3.OperationalError:
        pass
    else:
        raise AssertionError("the copy should have failed")
    monkeypatch.undo()
    assert list(paths.backup_dir_for(db.path).iterdir()) == []
