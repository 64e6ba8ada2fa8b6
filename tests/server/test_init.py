"""`server init` on a real PostgreSQL: schema, roles, refusals, and what each role may do."""
import psycopg
import pytest
from sqlalchemy import inspect, select, text

from app.cli import main
from app.models.core import Partner, Trajectory
from app.services import database, i18n, server
from app.services.server import (
    COORDINATOR,
    READER,
    ForeignServerDatabaseError,
    NotADatabaseUrlError,
    ServerNewerVersionError,
    ServerNotSetUpError,
    ServerPermissionError,
    ServerUnreachableError,
    init_server,
    make_server_engine,
    open_server,
)
from tests.pgserver import name_of


def tables_of(url):
    engine = make_server_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def login(pg_server, url, name, role):
    """A person's own login user, given one of our roles (as the administrator does it)."""
    pg_server.admin(f"DROP ROLE IF EXISTS {name}")
    pg_server.admin(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return url.replace("postgres@", f"{name}@")


def add_partner(db):
    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem", network_director="Ann")
        s.add(traj)
        s.flush()
        s.add(Partner(trajectory_id=traj.id, name="OCMW Testgem",
                      contact_person="Mieke Peeters", phone="0470 12 34 56"))
    return traj


def test_init_sets_up_an_empty_database_and_a_second_run_changes_nothing(pg_empty_url):
    first = init_server(pg_empty_url)
    assert first.created and first.revisions == database.schema_heads()
    assert {"trajectory", "partner", "outreach_visit", "alembic_version"} <= tables_of(
        pg_empty_url)
    db = open_server(pg_empty_url)
    try:
        add_partner(db)
    finally:
        db.close()
    second = init_server(pg_empty_url)
    assert not second.created and second.revisions == database.schema_heads()
    db = open_server(pg_empty_url)
    try:
        with db.session() as s:
            assert s.scalars(select(Partner.contact_person)).all() == ["Mieke Peeters"]
    finally:
        db.close()


def test_a_reader_sees_no_names_and_writes_nothing(pg_server, pg_url):
    db = open_server(pg_url)
    try:
        traj = add_partner(db)
    finally:
        db.close()
    with psycopg.connect(login(pg_server, pg_url, "els", READER)
                         .replace("postgresql+psycopg", "postgresql")) as conn:
        assert conn.execute("SELECT name, partner_type FROM partner").fetchall() == [
            ("OCMW Testgem", "other")]
        for sql in ("SELECT contact_person FROM partner", "SELECT * FROM partner",
                    "SELECT phone FROM partner", "SELECT network_director FROM trajectory",
                    "SELECT first_name FROM outreach_person",
                    "SELECT notes FROM outreach_visit", "SELECT * FROM exchange_identity"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()
        for sql in ("UPDATE partner SET name = 'x'", "DELETE FROM partner",
                    f"INSERT INTO step_note (id) VALUES ('{traj.id}')",
                    "DELETE FROM alembic_version", "CREATE TABLE mine (x int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()


def test_a_coordinator_reads_names_and_writes_through_the_app(pg_server, pg_url):
    url = login(pg_server, pg_url, "jan", COORDINATOR)
    db = open_server(url)
    try:
        traj = add_partner(db)
        with db.transaction() as s:
            partner = s.scalars(select(Partner)).one()
            assert partner.contact_person == "Mieke Peeters"
            partner.phone = "050 11 22 33"
        with db.session() as s:
            assert s.get(Partner, partner.id).revision == 2
            assert s.get(Trajectory, traj.id).network_director == "Ann"
            with pytest.raises(Exception, match="permission denied"):
                s.execute(text("DELETE FROM alembic_version"))
    finally:
        db.close()


def test_two_administrators_at_once_both_succeed_and_one_sets_up(pg_empty_url):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(init_server, [pg_empty_url, pg_empty_url]))
    assert sorted(r.created for r in results) == [False, True]
    assert all(r.revisions == database.schema_heads() for r in results)


def test_a_foreign_database_is_refused_and_left_alone(pg_empty_url):
    engine = make_server_engine(pg_empty_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id int)"))
    engine.dispose()
    with pytest.raises(ForeignServerDatabaseError):
        init_server(pg_empty_url)
    assert tables_of(pg_empty_url) == {"invoices"}


def test_a_newer_schema_is_refused_by_init_and_by_open(pg_url):
    engine = make_server_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('zz_next_0001')"))
    engine.dispose()
    before = tables_of(pg_url)
    with pytest.raises(ServerNewerVersionError):
        init_server(pg_url)
    with pytest.raises(ServerNewerVersionError):
        open_server(pg_url)
    assert tables_of(pg_url) == before


def test_an_empty_database_is_not_opened_before_init(pg_empty_url):
    with pytest.raises(ServerNotSetUpError):
        open_server(pg_empty_url)
    assert tables_of(pg_empty_url) == set()


def test_an_init_that_fails_half_way_leaves_nothing_behind(pg_empty_url, monkeypatch):
    def boom(_conn):
        raise RuntimeError("the network went down")

    monkeypatch.setattr(server, "grant_roles", boom)
    with pytest.raises(RuntimeError):
        init_server(pg_empty_url)
    assert tables_of(pg_empty_url) == set()  # the migrations were rolled back too


def test_a_user_without_rights_gets_a_calm_refusal(pg_server, pg_empty_url):
    url = login(pg_server, pg_empty_url, "piet", READER)
    with pytest.raises(ServerPermissionError):
        init_server(url)
    assert tables_of(pg_empty_url) == set()


def test_a_coordinator_cannot_run_init_and_change_the_grants(pg_server, pg_url):
    url = login(pg_server, pg_url, "jan", COORDINATOR)
    with pytest.raises(ServerPermissionError):
        init_server(url)


def test_the_reader_may_read_no_personal_or_free_text_column_of_any_table(pg_url):
    """Every column of every table, asked of PostgreSQL itself: the reader reads exactly the
    columns the models call neither personal nor free text, and writes nothing."""
    import app.models  # noqa: F401
    from app.models.base import Base, sync_models

    engine = make_server_engine(pg_url)
    allowed = server.reader_columns()
    checked = 0
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                for col in table.columns:
                    may = conn.execute(text("SELECT has_column_privilege(:r, :t, :c, 'SELECT')"),
                                       {"r": READER, "t": table.name, "c": col.name}).scalar()
                    assert may == (col.name in allowed.get(table.name, [])), (table, col)
                    checked += 1
                for right in ("INSERT", "UPDATE", "DELETE", "TRUNCATE"):
                    assert not conn.execute(text("SELECT has_table_privilege(:r, :t, :p)"),
                                            {"r": READER, "t": table.name, "p": right}).scalar()
    finally:
        engine.dispose()
    assert checked > 300
    partner = allowed["partner"]
    assert "name" in partner and "contact_person" not in partner and "notes" not in partner
    assert set(allowed) == {m.__tablename__ for m in sync_models()}


@pytest.mark.parametrize("address", ["postgresql://admin:geheim123@/bv?host={tmp}",
                                     "postgresql://admin@/bv?host={tmp}&password=geheim123"])
def test_an_unreachable_server_names_the_address_but_not_the_password(tmp_path, address,
                                                                      caplog):
    caplog.set_level("INFO")
    with pytest.raises(ServerUnreachableError) as info:
        init_server(address.format(tmp=tmp_path))
    message = info.value.user_message()
    assert "geheim123" not in message and "postgresql://admin" in message
    assert str(tmp_path) in message and "geheim123" not in caplog.text
    assert "cannot connect" in caplog.text


@pytest.mark.parametrize(("text", "expected"), [
    ("postgresql://u@host/db", True), ("postgresql+psycopg://u@h:5433/db", True),
    ("postgres://u@h/db", True), ("POSTGRESQL://u@h/db", True),
    ("buurtverbinder.sqlite3", False), ("C:\\data\\buurtverbinder.sqlite3", False),
    ("/home/ann/postgresql/db.sqlite3", False), ("sqlite:///x.sqlite3", False),
    ("mysql://u@h/db", False), ("", False),
])
def test_is_database_url(text, expected):
    assert server.is_database_url(text) is expected


@pytest.mark.parametrize("bad", ["x.sqlite3", "postgresql://u@h:port/db"])
def test_a_bad_address_is_refused_calmly(bad):
    with pytest.raises(NotADatabaseUrlError):
        init_server(bad)


def test_the_command_sets_up_and_repeats_in_the_users_language(pg_empty_url, capsys):
    assert main(["server", "init", "--db", pg_empty_url, "--lang", "fr"]) == 0
    first = capsys.readouterr().out
    assert main(["server", "init", "--db", pg_empty_url, "--lang", "nl"]) == 0
    second = capsys.readouterr().out
    assert READER in first and first != second
    i18n.set_language("fr")
    assert server.shown_url(pg_empty_url) in first
    assert "trajectory" in tables_of(pg_empty_url)


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_command_refuses_a_file_name_in_the_users_language(lang, capsys):
    assert main(["server", "init", "--db", "buurtverbinder.sqlite3", "--lang", lang]) == 2
    i18n.set_language(lang)
    assert capsys.readouterr().err.strip() == NotADatabaseUrlError().user_message()


def test_a_coordinator_may_make_temporary_tables_where_everyone_else_may_not(
        pg_server, pg_url):
    """An import moves its new states through a temporary table: `server init` gives the
    coordinator that right by name, so it holds where the administrator took it from
    PUBLIC."""
    name = name_of(pg_url)
    pg_server.admin(f'REVOKE TEMPORARY ON DATABASE "{name}" FROM PUBLIC')
    try:
        init_server(pg_url)  # set up again: the grants are made anew
        for user, role, allowed in (("jan", COORDINATOR, True), ("lies", READER, False)):
            db = open_server(login(pg_server, pg_url, user, role))
            try:
                with db.session() as s:
                    if allowed:
                        s.execute(text("CREATE TEMP TABLE bv_probe (x int)"))
                    else:
                        with pytest.raises(Exception, match="permission denied"):
                            s.execute(text("CREATE TEMP TABLE bv_probe (x int)"))
            finally:
                db.close()
    finally:
        pg_server.admin(f'GRANT TEMPORARY ON DATABASE "{name}" TO PUBLIC')
        pg_server.admin(f'REVOKE TEMPORARY ON DATABASE "{name}" FROM {COORDINATOR}')
