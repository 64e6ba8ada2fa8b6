"""The reader's views (issue 21), as an attacker with a psql prompt would try them."""
import psycopg
import pytest

from app.models.core import Partner, Trajectory
from app.services.server import READER, READER_SCHEMA, init_server, open_server


@pytest.fixture
def reader_conn(pg_server, pg_url):
    db = open_server(pg_url)
    try:
        with db.transaction() as s:
            traj = Trajectory(name="Testdorp", municipality="Testgem", network_director="Ann")
            s.add(traj)
            s.flush()
            s.add(Partner(trajectory_id=traj.id, name="OCMW Testgem",
                          contact_person="Mieke Peeters", phone="0470 12 34 56",
                          email="mieke@example.be"))
    finally:
        db.close()
    pg_server.admin("DROP ROLE IF EXISTS lezer")
    pg_server.admin(f"CREATE ROLE lezer LOGIN IN ROLE {READER}")
    name, _sep, socket = pg_url.split("@/", 1)[1].partition("?host=")
    with psycopg.connect(host=socket, user="lezer", dbname=name, autocommit=True) as conn:
        yield conn


def test_the_views_show_shared_columns_and_blank_the_personal_ones(reader_conn):
    rows = reader_conn.execute(
        f"SELECT name, contact_person, phone, email FROM {READER_SCHEMA}.partner").fetchall()
    assert rows == [("OCMW Testgem", "", "", "")]
    assert reader_conn.execute(
        f"SELECT network_director FROM {READER_SCHEMA}.trajectory").fetchall() == [("",)]
    star = reader_conn.execute(f"SELECT * FROM {READER_SCHEMA}.partner").fetchone()
    assert "Mieke Peeters" not in star and "0470 12 34 56" not in star


@pytest.mark.parametrize("table", ["exchange_identity", "exchange_known_key", "local_meta",
                                   "exchange_conflict"])
def test_the_tables_that_never_leave_an_installation_are_empty(reader_conn, table):
    assert reader_conn.execute(f"SELECT * FROM {READER_SCHEMA}.{table}").fetchall() == []


@pytest.mark.parametrize("sql", [
    "SELECT contact_person FROM public.partner",
    f"UPDATE {READER_SCHEMA}.partner SET name = 'x'",
    f"DELETE FROM {READER_SCHEMA}.partner",
    f"CREATE VIEW {READER_SCHEMA}.mine AS SELECT contact_person FROM public.partner",
    f"CREATE OR REPLACE VIEW {READER_SCHEMA}.partner AS SELECT * FROM public.partner",
])
def test_the_reader_cannot_go_around_them(reader_conn, sql):
    with pytest.raises(psycopg.Error):
        reader_conn.execute(sql)
    assert reader_conn.execute(
        f"SELECT contact_person FROM {READER_SCHEMA}.partner").fetchall() == [("",)]


def test_server_init_makes_them_again_safely(pg_url, reader_conn):
    init_server(pg_url)  # an update of the app runs it again
    assert reader_conn.execute(
        f"SELECT name, contact_person FROM {READER_SCHEMA}.partner").fetchall() == [
            ("OCMW Testgem", "")]
