"""Who made the last change of a shared record (issue 21, `changed_by`): on a file the
device's name, on a shared PostgreSQL database the database user, stamped by the server
itself — also for rows an import COPYs in — and never a name a client chooses."""
from __future__ import annotations

import psycopg
import pytest
from alembic import command
from sqlalchemy import func, insert, select, text

from app.models.core import Partner, Trajectory
from app.services import records
from app.services.database import _alembic_config, open_database, schema_heads
from app.services.exchange import codec, pg_bulk
from app.services.server import COORDINATOR, READER, READER_SCHEMA, open_server
from tests.exchange.conftest import Laptop

BOTH_ENGINES = True
# the migrations that add the column, and the revisions before them
BEFORE = {"core_0002": "core_0001", "actions_0002": "actions_0001",
          "groundwork_0003": "groundwork_0002", "participation_0002": "participation_0001",
          "outreach_0005": "outreach_0004"}


def login(pg_server, pg_url, name, role=COORDINATOR):
    """A person's own login, given one of our roles (as the administrator does it)."""
    pg_server.admin(f"DROP ROLE IF EXISTS {name}")
    pg_server.admin(f"CREATE ROLE {name} LOGIN IN ROLE {role}")
    return pg_url.replace("//postgres@", f"//{name}@")


def raw(pg_url, user):
    """A plain psql-like connection as `user`: what someone with the password could type."""
    name, _sep, socket = pg_url.split("@/", 1)[1].partition("?host=")
    return psycopg.connect(host=socket, user=user, dbname=name, autocommit=True)


def add_partner(db, name="OCMW Testgem"):
    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem")
        s.add(traj)
        s.flush()
        partner = Partner(trajectory_id=traj.id, name=name)
        s.add(partner)
    return partner.id


def changed_by(db, pid):
    with db.session() as s:
        return s.scalar(select(Partner.changed_by).where(Partner.id == pid)
                        .execution_options(include_deleted=True))


def edit(db, pid, **values):
    with db.transaction() as s:
        records.update(s, s.get(Partner, pid), **values)


def test_a_change_is_stamped_with_the_device_or_the_database_user(db, db_engine):
    pid = add_partner(db)
    who = db.device_name if db_engine == "sqlite" else db.user
    assert who and changed_by(db, pid) == who
    with db.session() as s:  # the object written knows it too (fetched from the server)
        assert s.get(Partner, pid).changed_by == who
    edit(db, pid, phone="011 22 33 44")
    assert changed_by(db, pid) == who
    with db.transaction() as s:
        records.soft_delete(s, Partner, pid)
    assert changed_by(db, pid) == who


def test_it_is_no_content(db):
    """Not merged, not undone, not exchanged: a sync field kept in this database only."""
    assert "changed_by" in Partner.SYNC_FIELDS
    assert "changed_by" not in codec.columns(Partner)
    assert "changed_by" not in codec.content_fields(Partner)
    pid = add_partner(db)
    with db.transaction() as s:  # setting only it is no change: no new revision
        p = s.get(Partner, pid)
        rev = p.revision
        p.changed_by = "someone"
    with db.session() as s:
        assert s.get(Partner, pid).revision == rev


def test_two_users_each_see_the_others_name(pg_server, pg_url):
    marie_db = open_server(login(pg_server, pg_url, "marie"))
    piet_db = open_server(login(pg_server, pg_url, "piet"))
    try:
        pid = add_partner(marie_db)
        assert changed_by(piet_db, pid) == "marie"
        with piet_db.session() as s:
            rev = records.revision_of(s, Partner, pid)
        with piet_db.transaction() as s:
            records.check_revision(s, Partner, pid, rev)  # holds the row, changes nothing
            assert s.scalar(select(Partner.changed_by).where(Partner.id == pid)) == "marie"
            records.update(s, s.get(Partner, pid), phone="011 22 33 44")
        assert changed_by(marie_db, pid) == "piet"
        edit(marie_db, pid, phone="011 55 66 77")
        assert changed_by(piet_db, pid) == "marie"
    finally:
        marie_db.close()
        piet_db.close()


def test_the_stale_edit_names_who_changed_it(pg_server, pg_url):
    from app.services import i18n
    from app.services.records import StaleEditError

    marie_db = open_server(login(pg_server, pg_url, "marie"))
    piet_db = open_server(login(pg_server, pg_url, "piet"))
    try:
        pid = add_partner(marie_db)
        with piet_db.session() as s:
            rev = records.revision_of(s, Partner, pid)
        edit(marie_db, pid, phone="011 22 33 44")  # marie saves first
        with pytest.raises(StaleEditError) as info, piet_db.transaction() as s:
            records.check_revision(s, Partner, pid, rev)
        i18n.set_language("nl")
        assert info.value.user_message() == (
            "marie heeft “OCMW Testgem” (partner) intussen gewijzigd. Laad opnieuw en doe je "
            "wijziging opnieuw.")
        i18n.set_language("fr")
        assert info.value.user_message().startswith("marie a modifié «\u00a0OCMW Testgem\u00a0»")
        i18n.set_language("en")
        assert info.value.user_message().startswith("marie changed “OCMW Testgem” (partner)")
    finally:
        marie_db.close()
        piet_db.close()


def test_a_client_cannot_write_another_users_name(pg_server, pg_url):
    marie_db = open_server(login(pg_server, pg_url, "marie"))
    login(pg_server, pg_url, "piet")
    try:
        pid = add_partner(marie_db)
        with marie_db.transaction() as s:  # through the app: the ORM sets another name
            p = s.get(Partner, pid)
            p.phone, p.changed_by = "011 00 00 00", "piet"
        assert changed_by(marie_db, pid) == "marie"
        with raw(pg_url, "marie") as conn:  # and by hand, as an attacker would
            conn.execute("UPDATE partner SET changed_by = 'piet' WHERE id = %s", (pid,))
            conn.execute("UPDATE partner SET changed_by = DEFAULT, name = 'x' WHERE id = %s",
                         (pid,))
            conn.execute("CREATE TEMP TABLE forged AS SELECT * FROM partner")
            conn.execute("UPDATE forged SET id = gen_random_uuid(), changed_by = 'piet'")
            conn.execute("INSERT INTO partner SELECT * FROM forged")
            conn.execute("UPDATE forged SET id = gen_random_uuid()")
            cursor = conn.execute("SELECT * FROM forged")
            row, names = cursor.fetchone(), [d.name for d in cursor.description]
            with conn.cursor().copy(f"COPY partner ({', '.join(names)}) FROM STDIN") as copy:
                copy.write_row(row)
            conn.execute(f"SET ROLE {COORDINATOR}")  # current_user changes, the login not
            conn.execute("UPDATE partner SET name = 'y', changed_by = 'piet' WHERE id = %s",
                         (pid,))
            conn.execute("RESET ROLE")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):  # not its owner
                conn.execute("ALTER TABLE partner DISABLE TRIGGER partner_changed_by_update")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SET session_replication_role = replica")
            names = conn.execute("SELECT DISTINCT changed_by FROM partner").fetchall()
        assert names == [("marie",)]
    finally:
        marie_db.close()


def test_rows_copied_in_bulk_get_the_users_name_from_the_default(pg_server, pg_url):
    """The exchange's COPY leaves the column out: the default stamps it, and the trigger
    function is not called for those rows (its WHEN clause). Rows that carry another name
    do call it, and are corrected."""
    url = login(pg_server, pg_url, "marie")
    pg_server.admin("ALTER ROLE marie SET track_functions = 'pl'")  # count the calls
    marie_db = open_server(url)
    calls = text("SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions "
                 "WHERE funcname = 'bv_stamp_changed_by'")
    try:
        add_partner(marie_db)
        with marie_db.transaction() as s:
            names = [col.name for col in codec.columns(Partner).values()]
            assert "changed_by" not in names
            quoted = ", ".join(f'"{n}"' for n in names)
            first = s.connection().exec_driver_sql(f"SELECT {quoted} FROM partner").one()

            def rows(start, extra=()):
                return [(*(f"00000000-0000-4000-8000-{i:012d}" if n == "id" else
                           f"p{i}" if n == "name" else v
                           for n, v in zip(names, first, strict=True)), *extra)
                        for i in range(start, start + 50)]

            pg_bulk.copy_rows(s, "partner", names, rows(0))
            assert s.execute(calls).scalar() == 0
            pg_bulk.copy_rows(s, "partner", [*names, "changed_by"], rows(100, ("piet",)))
            assert s.execute(calls).scalar() == 50
        with marie_db.session() as s:
            assert set(s.scalars(select(Partner.changed_by))) == {"marie"}
            assert s.scalar(select(func.count()).select_from(Partner)) == 101
    finally:
        marie_db.close()


def package_text(lt, path) -> bytes:
    """Every member of a package, decrypted and unpacked."""
    import io
    import zipfile

    pkg = lt.load(path)
    with zipfile.ZipFile(io.BytesIO(pkg.zip_data)) as zf:
        return b"".join(zf.read(name) for name in zf.namelist())


def test_an_import_on_the_server_shows_who_imported(pg_server, pg_url, tmp_path,
                                                    db_templates):
    """Added in bulk (COPY) or updated through the ORM: the importing user's name. The
    sending laptop's name never travels."""
    from app.services.exchange import importer

    lead = Laptop(tmp_path, "lead", db=open_server(login(pg_server, pg_url, "marie")))
    heide = Laptop(tmp_path, "heide", copy_template=db_templates.copy_migrated)
    piet = open_server(login(pg_server, pg_url, "piet"))
    try:
        heide.trust(lead, "lead")
        pid = add_partner(heide.db, "OCMW Heide")
        assert changed_by(heide.db, pid) == heide.db.device_name
        first = heide.export("full", to=lead)
        inside = package_text(lead, first)
        assert b"OCMW Heide" in inside  # really the records...
        assert b"changed_by" not in inside  # ...without the column
        lead.import_(first)
        assert changed_by(lead.db, pid) == "marie"
        edit(heide.db, pid, phone="011 11 11 11")
        second = heide.export("full", to=lead)
        importer.import_package(piet, importer.load_for(piet, second), backup=False)
        assert changed_by(lead.db, pid) == "piet"
        with lead.db.session() as s:
            assert s.get(Partner, pid).phone == "011 11 11 11"
    finally:
        piet.close()
        lead.close()
        heide.close()


def test_a_reader_does_not_see_who_changed_a_record(pg_server, pg_url):
    db = open_server(pg_url)
    try:
        add_partner(db)
    finally:
        db.close()
    login(pg_server, pg_url, "lezer", READER)
    with raw(pg_url, "lezer") as conn:
        assert conn.execute(f"SELECT changed_by FROM {READER_SCHEMA}.partner").fetchall() == [
            ("",)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT changed_by FROM public.partner")
        assert conn.execute(f"SELECT name FROM {READER_SCHEMA}.partner").fetchall() == [
            ("OCMW Testgem",)]


def _older(conn) -> None:
    """The schema just before the column came: every branch, one step behind for those it
    came with."""
    cfg = _alembic_config(conn)
    for head in sorted(schema_heads()):
        command.upgrade(cfg, BEFORE.get(head, head))


def test_a_database_of_the_previous_version_keeps_its_rows(db_engine, pg_empty_url, tmp_path):
    """Existing rows get '' (not known: never the name of whoever upgraded); new changes are
    stamped from then on."""
    if db_engine == "postgresql":
        from app.services.server import init_server, make_server_engine

        url, engine = pg_empty_url, make_server_engine(pg_empty_url)
    else:
        from app.models.session import make_engine

        url, engine = tmp_path / "old.sqlite3", make_engine(tmp_path / "old.sqlite3",
                                                            foreign_keys=False)
    try:
        with engine.connect() as conn:
            with conn.begin():
                _older(conn)
            with conn.begin():
                assert "core_0002" not in set(conn.execute(text(
                    "SELECT version_num FROM alembic_version")).scalars())
                # every column's default but the new one's (it has none in the app)
                conn.execute(insert(Trajectory.__table__).values(
                    id="00000000-0000-4000-8000-000000000001", name="Oud traject",
                    municipality="Oudegem"))
    finally:
        engine.dispose()
    if db_engine == "postgresql":
        init_server(url)
        db = open_server(url)
    else:
        db = open_database(url)
    try:
        with db.session() as s:
            old = s.scalars(select(Trajectory)).one()
            assert (old.name, old.changed_by) == ("Oud traject", "")
        with db.transaction() as s:
            s.get(Trajectory, old.id).name = "Nieuw traject"
        with db.session() as s:
            assert s.get(Trajectory, old.id).changed_by == (db.user or db.device_name)
    finally:
        db.close()
