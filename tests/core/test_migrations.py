"""Schema migrations: models and migrations agree, and every earlier version opens."""
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

import app.models  # noqa: F401
from app.models.base import Base
from app.models.core import StepNote, Trajectory
from app.services import backup, database

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "schema").glob("*.sqlite3"))


def test_migrations_match_the_models(tmp_path):
    db = database.open_database(tmp_path / "new.sqlite3")  # migrated here, not a template copy
    try:
        with db.engine.connect() as conn:
            mc = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(mc, Base.metadata)
    finally:
        db.close()
    assert diffs == [], f"models and migrations differ: {diffs}"


def test_every_migration_file_is_in_one_graph():
    graph = database.migration_graph()
    assert "core_0001" in graph and graph["core_0001"] == ()
    for rev, downs in graph.items():
        for down in downs:
            assert down in graph, f"{rev} builds on unknown {down}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_database_of_an_earlier_version_opens_and_keeps_its_data(fixture, tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(fixture, path)
    before = database.read_schema_state(path).revisions
    db = database.open_database(path)
    try:
        assert database.read_schema_state(path).revisions == database.schema_heads()
        assert database.check_integrity(path) == []
        with db.session() as s:
            names = s.scalars(select(Trajectory.name)).all()
            assert names, "the trajectory of the old file is gone"
            if "Fixture trajectory" in names:
                note = s.scalars(select(StepNote)).one()
                assert note.text == "Oude notitie met é en €"
        if before != database.schema_heads():
            assert any(b.kind == "pre-migration" for b in backup.list_backups(path))
    finally:
        db.close()


def test_there_is_a_fixture_for_the_first_version():
    assert any("core_0001" in f.name for f in FIXTURES)


def dump(path):
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def test_failed_migration_restores_the_backup(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES[0], path)
    database.open_database(path).close()  # bring it to the current heads first
    before = dump(path)
    graph = dict(database.migration_graph())
    graph["zz_next_0001"] = tuple(database.schema_heads())  # a newer release's migration
    monkeypatch.setattr(database, "migration_graph", lambda: graph)

    def boom(*_a, **_k):
        raise RuntimeError("disk trouble half-way")

    monkeypatch.setattr(database, "upgrade_file", boom)
    from app.services.errors import MigrationError

    with pytest.raises(MigrationError):
        database.open_database(path)
    assert dump(path) == before
    assert any(b.kind == "pre-migration" for b in backup.list_backups(path))


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL


def test_every_migration_goes_down_and_up_again_on_postgresql(pg_empty_url):
    """From nothing to the heads, back to nothing, and up again: every downgrade works on
    PostgreSQL, and the second upgrade gives the same schema as the models."""
    from alembic import command

    from app.services.server import make_server_engine, read_server_state, upgrade_server

    engine = make_server_engine(pg_empty_url)
    try:
        with engine.connect() as conn:
            with conn.begin():
                upgrade_server(conn)
            with conn.begin():
                command.downgrade(database._alembic_config(conn), "base")
            assert read_server_state(conn).tables <= {"alembic_version"}
            conn.rollback()
            with conn.begin():
                upgrade_server(conn)
            assert read_server_state(conn).revisions == database.schema_heads()
            mc = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(mc, Base.metadata) == []
    finally:
        engine.dispose()
