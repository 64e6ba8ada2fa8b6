"""The template databases the tests copy (tests/templates.py) are what the app itself makes,
each copy is a file of its own, and no test can change what the next one starts from."""
from __future__ import annotations

import sqlite3

from app.services.database import open_database


def _normal(sql: str | None):
    """A table's columns in order and its constraints in any order: the migrations' table
    rebuilds list a table's foreign keys in no fixed order."""
    lines = [line.strip().rstrip(",").strip() for line in (sql or "").splitlines()]
    constraints = frozenset(line for line in lines if line.startswith("CONSTRAINT"))
    return tuple(line for line in lines if not line.startswith("CONSTRAINT")), constraints


def _schema(path) -> set:
    con = sqlite3.connect(path)
    try:
        sql = {(kind, name, _normal(text)) for kind, name, text in con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
        return sql | set(con.execute("SELECT 'revision', version_num, '' FROM alembic_version"))
    finally:
        con.close()


def test_a_copy_of_the_template_is_what_opening_a_new_file_makes(db, tmp_path):
    fresh = open_database(tmp_path / "fresh.sqlite3")  # migrated for real
    try:
        ours, theirs = _schema(db.path), _schema(fresh.path)
        assert (ours - theirs, theirs - ours) == (set(), set())
        assert len(ours) > 100
        assert db.device_id != fresh.device_id
    finally:
        fresh.close()


def test_every_copy_gets_a_device_of_its_own(db, db_templates, tmp_path):
    other = open_database(db_templates.copy_migrated(tmp_path / "other.sqlite3"))
    try:
        assert other.device_id and other.device_id != db.device_id
    finally:
        other.close()


def test_writing_to_a_copy_leaves_the_template_and_other_copies_alone(db, db_templates,
                                                                       tmp_path):
    from app.models.core import Trajectory

    with db.transaction() as s:
        s.add(Trajectory(name="Alleen in deze kopie"))
    other = open_database(db_templates.copy_migrated(tmp_path / "other.sqlite3"))
    try:
        with other.session() as s:
            assert s.query(Trajectory).count() == 0
    finally:
        other.close()
    assert db_templates.changed() == []
    con = sqlite3.connect(db_templates.migrated())
    try:
        assert con.execute("SELECT count(*) FROM trajectory").fetchone() == (0,)
    finally:
        con.close()


def test_the_demo_copy_is_the_demo_and_erasing_it_touches_no_other(demo_db, db_templates,
                                                                   tmp_path):
    from app.models.core import Trajectory
    from app.services import records

    with demo_db.session() as s:
        [traj] = s.query(Trajectory).all()
        tid = traj.id
    with demo_db.transaction() as s:
        records.soft_delete(s, Trajectory, tid)
    again = open_database(db_templates.copy_demo(tmp_path / "again.sqlite3"))
    try:
        with again.session() as s:
            assert [t.id for t in s.query(Trajectory).all()] == [tid]
    finally:
        again.close()
    assert db_templates.changed() == []


def test_a_copy_never_overwrites_a_file(db, db_templates):
    import pytest

    with pytest.raises(FileExistsError):
        db_templates.copy_migrated(db.path)


def test_the_demo_is_made_in_the_language_of_the_moment(db_templates):
    from app.services import i18n

    def name(path) -> str:
        con = sqlite3.connect(path)
        try:
            return con.execute("SELECT organisation FROM trajectory").fetchone()[0]
        finally:
            con.close()

    dutch = name(db_templates.demo())
    i18n.set_language("fr")
    french = name(db_templates.demo())
    assert dutch != french and "Heidebeek" in dutch and "Heidebeek" in french
