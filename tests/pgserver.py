"""A real PostgreSQL server for the tests, started by the tests themselves.

One server per test session in a temporary folder, reachable only through a Unix socket in
that folder (no TCP port, so nothing clashes with another run or a system server), with
`trust` authentication for local connections. Each test gets a database with the schema and
the roles and no rows: a copy of a template the first time, then one emptied by the test
before (deleting the rows takes milliseconds; CREATE DATABASE half a second).

PostgreSQL refuses to run as root: under root (CI) `initdb` and the server run as the
`postgres` system user that Debian's package creates (or `nobody`). When the binaries are
missing the tests FAIL with the command that installs them; nothing is skipped.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import NamedTuple

INSTALL_HINT = ("PostgreSQL is needed for these tests: run `bash scripts/setup.sh test` "
                "(it runs apt-get install -y --no-install-recommends postgresql).")
ENGINES = ["sqlite", "postgresql"]  # @pytest.mark.parametrize("db_engine", ENGINES)
SUPERUSER = "postgres"
TEMPLATE = "bv_template"


class PostgresUnavailableError(RuntimeError):
    pass


def find_bin_dir() -> Path:
    """The folder of initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(os.path.realpath(on_path)).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if not found:
        raise PostgresUnavailableError(f"pg_ctl not found. {INSTALL_HINT}")
    return Path(found[-1]).parent


def run_as_user() -> str | None:
    """The unprivileged user that runs the server when we are root; None when we are not."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise PostgresUnavailableError("running as root, and no postgres or nobody user exists")


class PgServer:
    def __init__(self) -> None:
        self.bin = find_bin_dir()
        self.user = run_as_user()
        # under root the server runs as another user, who must reach the folder: /tmp, not a
        # TMPDIR inside root's home
        base = "/tmp" if self.user and os.path.isdir("/tmp") else None
        self.root = Path(tempfile.mkdtemp(prefix="bv-pg-", dir=base))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self._pool: list[str] = []
        self._template_state: tuple[set[str], set[str]] | None = None
        self._demos: dict[str, Snapshot] = {}

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise PostgresUnavailableError(
                f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")

    def start(self) -> PgServer:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-c listen_addresses='' -c unix_socket_directories={self.socket_dir} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-t", "30",
                  "-l", str(self.root / "server.log"), "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str, user: str = SUPERUSER) -> str:
        return f"postgresql+psycopg://{user}@/{dbname}?host={self.socket_dir}"

    def admin(self, sql: str) -> None:
        """One statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=SUPERUSER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, template: str = "template0") -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def acquire(self) -> str:
        """An empty database with the schema and roles, for one test."""
        return self._pool.pop() if self._pool else self.create_database(TEMPLATE)

    def release(self, name: str) -> None:
        """Empty the database for the next test; drop it when the test changed its schema
        (or left it locked)."""
        import psycopg

        try:
            with psycopg.connect(host=str(self.socket_dir), user=SUPERUSER, dbname=name,
                                 options="-c lock_timeout=2000") as conn:
                if _schema_of(conn) != self._template_state:
                    raise LookupError("schema changed")
                conn.execute("SET LOCAL session_replication_role = replica")  # no FK order
                for (table,) in conn.execute(TABLES).fetchall():
                    conn.execute(f'DELETE FROM "{table}"')
                for (seq,) in conn.execute(SEQUENCES).fetchall():
                    conn.execute("SELECT setval(%s, 1, false)", (seq,))
            self._pool.append(name)
        except (LookupError, psycopg.Error):
            self.drop_database(name)

    def make_template(self) -> None:
        """The template: schema and roles, made by the real `server init` code."""
        import psycopg

        from app.services.server import init_server

        self.admin(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
        init_server(self.url(TEMPLATE))
        with psycopg.connect(host=str(self.socket_dir), user=SUPERUSER,
                             dbname=TEMPLATE) as conn:
            self._template_state = _schema_of(conn)


    def snapshot(self, name: str) -> Snapshot:
        """Every row of a database (COPY text per table) and its sequences' positions."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=SUPERUSER, dbname=name) as conn:
            tables = []
            for (table,) in conn.execute(TABLES).fetchall():
                with conn.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    tables.append((table, data))
            sequences = [(seq, value, called) for seq, value, called in conn.execute(
                "SELECT sequencename, coalesce(last_value, 1), last_value IS NOT NULL "
                "FROM pg_sequences WHERE schemaname = 'public'").fetchall()]
        return Snapshot(tuple(tables), tuple(sequences))

    def restore(self, snapshot: Snapshot, url: str) -> None:
        """The snapshot's rows into an emptied database of this server (`acquire`), as a
        restore does: in one transaction, without the triggers and foreign-key checks."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), user=SUPERUSER,
                             dbname=name_of(url)) as conn:
            conn.execute("SET LOCAL session_replication_role = replica")
            with conn.cursor() as cur:
                for table, data in snapshot.tables:
                    with cur.copy(f'COPY "{table}" FROM STDIN') as copy:
                        copy.write(data)
                for seq, value, called in snapshot.sequences:
                    cur.execute("SELECT setval(%s, %s, %s)", (seq, value, called))

    def restore_demo(self, url: str) -> None:
        """The demo, as made in the language of the moment, into an emptied database."""
        from app.services import i18n

        self.restore(self.demo(i18n.current_language()), url)

    def demo(self, language: str) -> Snapshot:
        """The demo as `create_demo` makes it on this server in `language` (made once per
        language and session, by the app's own code, then restored for every test that asks
        for it: a COPY of its rows takes milliseconds, making it a third of a second). Like
        the SQLite demo template, it keeps the device identity it was made with."""
        if language not in self._demos:
            from app.services.demo import create_demo
            from app.services.server import open_server

            name = self.acquire()
            try:
                db = open_server(self.url(name))
                try:
                    with db.transaction() as s:
                        create_demo(s)
                finally:
                    db.close()
                self._demos[language] = self.snapshot(name)
            finally:
                self.release(name)
        return self._demos[language]


class Snapshot(NamedTuple):
    tables: tuple[tuple[str, bytes], ...]  # (table, its rows as COPY text)
    sequences: tuple[tuple[str, int, bool], ...]  # (sequence, position, is_called)


def name_of(url: str) -> str:
    """The database name in an address made by `PgServer.url`."""
    return url.split("@/", 1)[1].partition("?")[0]


TABLES = ("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
          "AND tablename <> 'alembic_version'")
SEQUENCES = "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"


def _schema_of(conn) -> tuple[set[str], set[str]]:
    """(tables, schema revisions): what a test must leave as it found them."""
    tables = {t for (t,) in conn.execute(TABLES)}
    return tables, {r for (r,) in conn.execute("SELECT version_num FROM alembic_version")}
