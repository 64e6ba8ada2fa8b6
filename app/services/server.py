"""A shared database on PostgreSQL for the lead organisation (issue 21, the foundation).

The same models and Alembic migrations as the SQLite file. `init_server(url)` sets up an empty
database (or brings one of ours up to date) in one transaction and grants the two roles:

- `buurtverbinder_coordinator`: reads and writes every table (not the schema version);
- `buurtverbinder_reader`: reads the shared tables only, and of them only the columns that
  are neither personal nor free text (column privileges from the models' declarations), so a
  reader never sees a name. It writes nothing.

The roles cannot log in: the database's administrator grants them to people's own users
(`GRANT buurtverbinder_reader TO els`). See docs/lead-server.md.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.services.database import MIGRATIONS_DIR, Database, migration_graph, schema_heads
from app.services.errors import AppError, NewerVersionError
from app.services.i18n import N_

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)
COORDINATOR = "buurtverbinder_coordinator"
READER = "buurtverbinder_reader"
ROLES = (COORDINATOR, READER)
READER_SCHEMA = "bv_reader"  # the reader's views: same names, personal columns left blank
INIT_LOCK = 0x62760001  # the advisory lock `server init` holds in its transaction
URL_SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT = 10  # seconds: an unreachable server is told, not waited for


class NotADatabaseUrlError(AppError):
    msgid = N_(
        "This is not the address of a shared database. Write it as "
        "postgresql://user@server/database."
    )


class ServerDriverMissingError(AppError):
    msgid = N_(
        "The PostgreSQL driver is not installed. Install it with: "
        "pip install 'buurtverbinder[server]'"
    )


class ServerUnreachableError(AppError):
    msgid = N_(
        "Buurtverbinder cannot connect to the shared database {where}. Check the address, the "
        "user name and the password (in your .pgpass file), and that the server is running."
    )


class ForeignServerDatabaseError(AppError):
    msgid = N_(
        "This database already holds tables that are not Buurtverbinder's. Choose an empty "
        "database. Nothing has been changed."
    )


class ServerNotSetUpError(AppError):
    msgid = N_(
        "This shared database has not been set up for Buurtverbinder yet. Ask its "
        "administrator to run: python -m app server init --db ADDRESS"
    )


class ServerNewerVersionError(NewerVersionError):
    msgid = N_(
        "This shared database was set up by a newer version of Buurtverbinder. Install the "
        "newest version to use it. Nothing has been changed."
    )


class ServerNoRoleError(AppError):
    msgid = N_(
        "Your database user {user} has no Buurtverbinder role on this shared database yet. "
        "Ask its administrator to give you one (GRANT buurtverbinder_coordinator TO {user})."
    )


class ServerReadOnlyError(AppError):
    msgid = N_(
        "Your database user may only read this shared database, so nothing has been changed. "
        "Ask its administrator for the coordinator role to make changes."
    )


class ServerPermissionError(AppError):
    msgid = N_(
        "Your database user may not set up this database: it needs to own the database and "
        "be allowed to create roles. Nothing has been changed."
    )


def is_database_url(text: str) -> bool:
    """True for a PostgreSQL address (`postgresql://…`, `postgresql+psycopg://…`), False for a
    file name (even one with a colon, such as `C:\\data\\file.sqlite3`)."""
    scheme, sep, _rest = str(text).partition("://")
    return bool(sep) and scheme.split("+", 1)[0].lower() in URL_SCHEMES


def engine_url(text: str) -> str:
    """The SQLAlchemy URL for psycopg 3, whatever driver the address names (or none)."""
    if not is_database_url(text):
        raise NotADatabaseUrlError()
    _scheme, _sep, rest = text.partition("://")
    return f"postgresql+psycopg://{rest}"


def shown_url(text: str) -> str:
    """The address as people write it, without a password, for messages and logs."""
    from urllib.parse import unquote

    from sqlalchemy.engine import make_url

    url = make_url(engine_url(text)).difference_update_query(  # ?password=...
        ["password", "sslpassword"])
    shown = url.render_as_string(hide_password=True)
    return unquote(shown.replace("postgresql+psycopg://", "postgresql://", 1))


def make_server_engine(url: str) -> Engine:
    """The engine of a shared database. Without a password in the address, libpq takes it
    from ~/.pgpass (or PGPASSFILE) itself, or we take it from the system keyring."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError

    full = engine_url(url)
    try:
        import psycopg  # noqa: F401  (only to say what is missing)
    except ImportError as exc:
        raise ServerDriverMissingError() from exc
    connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT}
    try:
        if _parsed(url).password is None:
            password = keyring_password(url)
            if password:
                connect_args["password"] = password
        return create_engine(full, future=True, pool_pre_ping=True,
                             connect_args=connect_args)
    except (ArgumentError, ValueError) as exc:  # a port that is no number, a broken query
        raise NotADatabaseUrlError() from exc


@dataclass(frozen=True)
class ServerState:
    tables: frozenset[str]
    revisions: frozenset[str]

    @property
    def ours(self) -> bool:
        return not self.tables or "alembic_version" in self.tables

    @property
    def newer(self) -> bool:
        return bool(self.revisions - set(migration_graph()))


def read_server_state(conn: Connection) -> ServerState:
    from sqlalchemy import inspect, text

    tables = frozenset(inspect(conn).get_table_names())
    revisions: frozenset[str] = frozenset()
    if "alembic_version" in tables:
        revisions = frozenset(conn.execute(text("SELECT version_num FROM alembic_version"))
                              .scalars())
    return ServerState(tables, revisions)


def upgrade_server(conn: Connection) -> None:
    """All migrations to the heads on `conn`, inside the caller's transaction: PostgreSQL's
    DDL is transactional, so a failure leaves the database as it was (no file backup)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn  # app/migrations/env.py runs on it
    command.upgrade(cfg, "heads")


@dataclass(frozen=True)
class InitResult:
    created: bool  # the schema was made or brought up to date now
    revisions: frozenset[str]


def init_server(url: str) -> InitResult:
    """Create or update the schema and the roles, in one transaction; safe to run again."""
    from sqlalchemy import text

    engine = make_server_engine(url)
    try:
        with _connected(engine, url) as conn, conn.begin():
            # two administrators at once: the second waits, then finds the schema made
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INIT_LOCK})
            state = read_server_state(conn)
            _refuse_unusable(state)
            if not _may_administer(conn):
                raise ServerPermissionError()
            changed = state.revisions != schema_heads()
            if changed:
                upgrade_in_one_transaction(conn)
            grant_roles(conn)
            return InitResult(changed, read_server_state(conn).revisions)
    except AppError:
        raise
    except Exception as exc:
        if _is_permission_problem(exc):
            raise ServerPermissionError() from exc
        raise
    finally:
        engine.dispose()


def _refuse_unusable(state: ServerState) -> None:
    if not state.ours:
        raise ForeignServerDatabaseError()
    if state.newer:
        raise ServerNewerVersionError()


def _may_administer(conn: Connection) -> bool:
    """Only the database's owner (or a superuser) sets it up: for anyone else PostgreSQL
    turns GRANT and REVOKE into warnings, and nothing would change."""
    from sqlalchemy import text

    return bool(conn.execute(text(
        "SELECT d.datdba = r.oid OR r.rolsuper FROM pg_database d, pg_roles r "
        "WHERE d.datname = current_database() AND r.rolname = current_user")).scalar())


def _is_permission_problem(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", "") in ("42501",)  # insufficient_privilege


@contextlib.contextmanager
def _connected(engine: Engine, url: str) -> Iterator[Connection]:
    """A connection, or a calm error naming the address (never its password) when the
    server cannot be reached."""
    from sqlalchemy.exc import OperationalError

    try:
        conn = engine.connect()
    except OperationalError as exc:
        log.info("cannot connect to %s: %s", shown_url(url), exc)
        raise ServerUnreachableError(where=shown_url(url)) from exc
    with conn:
        yield conn


def grant_roles(conn: Connection) -> None:
    """Make the two roles when missing and (re)grant exactly what each may do."""
    from sqlalchemy import text

    existing = set(conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname IN "
                                     "(:a, :b)"), {"a": COORDINATOR, "b": READER}).scalars())
    for role in ROLES:
        if role not in existing:
            conn.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
        conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
        conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}")
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
    tables = [t for t in read_server_state(conn).tables if t != "alembic_version"]
    for table in sorted(tables):
        conn.exec_driver_sql(
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON "{table}" TO {COORDINATOR}')
    # the import ledger and the mailbox logs number their rows from a sequence
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {COORDINATOR}")
    # an import moves its new states through a temporary table (exchange/pg_bulk.py): given
    # by name, so it holds where an administrator took PUBLIC's default right away
    database = str(conn.execute(text("SELECT current_database()")).scalar_one())
    conn.exec_driver_sql(
        f'GRANT TEMPORARY ON DATABASE "{database.replace(chr(34), chr(34) * 2)}" TO {COORDINATOR}')
    for role in ROLES:
        conn.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {role}")
    for table, columns in reader_columns().items():
        if table in tables and columns:
            cols = ", ".join(f'"{c}"' for c in columns)
            conn.exec_driver_sql(f'GRANT SELECT ({cols}) ON "{table}" TO {READER}')
    make_reader_views(conn, tables)


def reader_columns() -> dict[str, list[str]]:
    """table -> the columns a reader may see: the shared tables' columns that are neither
    personal nor free text. Tables that never leave an installation (keys, ledgers, the
    conflict inbox) are left out whole."""
    import app.models  # noqa: F401  (fills the registry)
    from app.models.base import sync_models

    result: dict[str, list[str]] = {}
    for model in sync_models():
        # and who changed it: a coordinator's login name is no resident's data, but a
        # reader has no need of it either (docs/lead-server.md)
        hidden = set(model.PERSONAL_FIELDS) | set(model.FREE_TEXT_FIELDS) | {"changed_by"}
        result[model.__tablename__] = [
            col.name for col in model.__table__.columns if _attribute(model, col) not in hidden]
    return result


def _attribute(model: type[Any], column: Any) -> str:
    from sqlalchemy.orm import class_mapper

    return class_mapper(model).get_property_by_column(column).key


def open_server(url: str) -> Database:
    """An up-to-date shared database, as a `Database` (the window's and commands' handle),
    with the user's name and whether that user may only read.

    Never migrates: that is `init_server`'s work, done by the administrator."""
    from sqlalchemy.orm import Session

    engine = make_server_engine(url)
    try:
        with _connected(engine, url) as conn:
            user, may_write = _access(conn)
            try:
                state = read_server_state(conn)
            except Exception as exc:
                if _is_permission_problem(exc):
                    raise ServerNoRoleError(user=user) from exc
                raise
        _refuse_unusable(state)
        if state.revisions != schema_heads():
            raise ServerNotSetUpError()
        device_id, device_name = "", user  # a reader writes nothing, so stamps nothing
        if may_write:
            with Session(engine) as session, session.begin():
                device_id, device_name = _device(session)
    except BaseException:
        engine.dispose()
        raise
    if not may_write:
        _read_through_views(engine)
    db = Database(Path(shown_url(url)), engine, device_id, device_name)
    db.user, db.read_only = user, not may_write
    return db


def _read_through_views(engine: Engine) -> None:
    """A reader's every connection finds the reader's views before the tables."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET search_path TO {READER_SCHEMA}, public")
        dbapi_conn.commit()

    engine.dispose()  # the connection of the checks above had the plain search_path


def _access(conn: Connection) -> tuple[str, bool]:
    """The database user's name, and whether it may write (the coordinator role, the owner)."""
    from sqlalchemy import text

    row = conn.execute(text(  # NULL (no such table yet) counts as no
        "SELECT current_user, "
        "coalesce(has_table_privilege(to_regclass('public.partner'), 'UPDATE'), false) AND "
        "coalesce(has_table_privilege(to_regclass('public.local_meta'), 'INSERT'), false)"
    )).one()
    return str(row[0]), bool(row[1])


def classify_server_error(exc: BaseException) -> AppError | None:
    """A write refused by the server (the reader role): its calm message. A reader writes
    into the reader's views (search_path), which refuse it as a view that cannot be
    changed (0A000 for a blank column, 55000 for a view of blanks only) or, for a plain
    column, as a missing privilege (42501). The app has no views of its own elsewhere."""
    orig = getattr(exc, "orig", None)
    refused_view = getattr(orig, "sqlstate", "") in ("0A000", "55000") and \
        'view "' in str(orig)
    return ServerReadOnlyError() if _is_permission_problem(exc) or refused_view else None


def _device(session: Any) -> tuple[str, str]:
    """The shared database is one installation for the exchange: one device id, made once."""
    from sqlalchemy import select

    from app.models.base import new_uuid
    from app.models.core import LocalMeta

    meta = dict(session.execute(select(LocalMeta.key, LocalMeta.value)).all())
    if "device_id" not in meta:
        meta = {"device_id": new_uuid(), "device_name": "lead server"}
        session.add_all(LocalMeta(key=k, value=v) for k, v in meta.items())
    return meta["device_id"], meta.get("device_name", "")


class ServerUpgradeError(AppError):
    msgid = N_(
        "The shared database could not be brought up to date. It was left exactly as it was: "
        "nothing was changed or lost. Tell whoever looks after Buurtverbinder."
    )


def upgrade_in_one_transaction(conn: Connection) -> None:
    """`upgrade_server`, with a calm message when a step fails. The caller's transaction
    is rolled back then: every step before the failing one is undone with it, so the schema
    and its recorded revisions stay as they were (there is no half-upgraded database)."""
    try:
        upgrade_server(conn)
    except AppError:
        raise
    except Exception as exc:
        if _is_permission_problem(exc):
            raise  # init_server says what the user lacks
        log.exception("the upgrade of the shared database failed; rolled back")
        raise ServerUpgradeError() from exc


# --- addresses kept in the settings, passwords in the system keyring (never in the settings)

KEYRING_SERVICE = "Buurtverbinder shared database"
SECRET_QUERY_KEYS = ("password", "sslpassword")


def _parsed(text: str) -> Any:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(engine_url(text))
    except (ArgumentError, ValueError) as exc:  # a port that is no number...
        raise NotADatabaseUrlError() from exc


def stored_url(text: str) -> str:
    """The address to remember (settings, the recent list): as written, but never with a
    password, neither `user:secret@` nor `?password=`."""
    url = _parsed(text).difference_update_query(SECRET_QUERY_KEYS)._replace(password=None)
    shown = url.render_as_string(hide_password=False)
    return shown.replace("postgresql+psycopg://", "postgresql://", 1)


def url_with_parts(host: str, port: int | None, database: str, user: str) -> str:
    """The address of the fields of the window's dialog (no password: see keyring)."""
    from sqlalchemy.engine import URL

    url = URL.create("postgresql+psycopg", username=user or None, host=host or None,
                     port=port or None, database=database or None)
    return stored_url(url.render_as_string(hide_password=False))


def _keyring_key(url: str) -> str:
    """Which entry of the keyring: user@host:port/database (the password's own address)."""
    parsed = _parsed(url)
    return f"{parsed.username or ''}@{parsed.host or ''}:{parsed.port or 5432}/" \
           f"{parsed.database or ''}"


def _keyring() -> Any | None:
    """The system keyring, or None when the package or a usable backend is missing."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration: as if there were none
        log.info("no usable keyring", exc_info=True)
        return None
    return None if isinstance(backend, fail.Keyring) else keyring


def keyring_available() -> bool:
    return _keyring() is not None


def keyring_password(url: str) -> str | None:
    """The password kept for this address in the system keyring, if any."""
    ring = _keyring()
    if ring is None:
        return None
    try:
        return ring.get_password(KEYRING_SERVICE, _keyring_key(url))
    except Exception:  # a locked or refusing keyring: libpq and .pgpass still work
        log.info("keyring lookup failed", exc_info=True)
        return None


def remember_password(url: str, password: str) -> bool:
    """Keep the password in the system keyring; False when there is none (nothing kept)."""
    ring = _keyring()
    if ring is None or not password:
        return False
    try:
        ring.set_password(KEYRING_SERVICE, _keyring_key(url), password)
    except Exception:
        log.info("keyring refused the password", exc_info=True)
        return False
    return True


@dataclass(frozen=True)
class AddressParts:
    """The fields of File › Open a shared database…"""

    host: str = ""
    port: int = 5432
    database: str = "buurtverbinder"
    user: str = ""
    # the address's other options, kept as they were (sslmode=verify-full must never be
    # lost when a remembered address is opened again); never a password (stored_url)
    options: tuple[tuple[str, str], ...] = ()


def address_parts(url: str) -> AddressParts:
    """The dialog's fields from a remembered address (the default fields for a bad one)."""
    try:
        parsed = _parsed(stored_url(url))
    except AppError:
        return AddressParts()
    host = parsed.host or str(parsed.query.get("host") or "")
    options = tuple((k, str(v)) for k, v in sorted(parsed.query.items()) if k != "host")
    return AddressParts(host, parsed.port or 5432, parsed.database or "", parsed.username or "",
                        options)


def address_of(parts: AddressParts, password: str = "") -> str:
    """The address of the dialog's fields; the password (if typed) only in this string in
    memory, never in what is stored (`stored_url`)."""
    from sqlalchemy.engine import URL

    query = dict(parts.options)
    if parts.host.startswith("/"):  # a socket folder
        query["host"] = parts.host
    url = URL.create("postgresql+psycopg", username=parts.user or None,
                     password=password or None,
                     host=None if "host" in query else (parts.host or None),
                     port=None if "host" in query or parts.port == 5432 else parts.port,
                     database=parts.database or None, query=query)
    return url.render_as_string(hide_password=False).replace(
        "postgresql+psycopg://", "postgresql://", 1)


def title_of(db: Database) -> str:
    """user@host/database for the window's title; "" for a data file."""
    if db.engine.dialect.name == "sqlite":
        return ""
    url = db.engine.url
    host = url.host or str(url.query.get("host") or "")
    return f"{db.user or url.username or ''}@{host}/{url.database or ''}"


def change_marks(session: Any, tables: Any) -> dict[str, tuple[int, str]]:
    """table -> (its rows, its newest change) for the shared tables among `tables`, in one
    query: what another user's save, delete (a tombstone) or import changes. The window polls
    it for the lists it shows (lists refresh when someone else changes them)."""
    from sqlalchemy import text

    from app.models.base import sync_models

    known = sorted({m.__tablename__ for m in sync_models()} & set(tables))
    if not known:
        return {}
    sql = " UNION ALL ".join(  # names from the models only, never from outside
        f"SELECT '{t}', count(*), max(updated_at) FROM \"{t}\"" for t in known)
    return {str(t): (int(n), str(m)) for t, n, m in session.execute(text(sql))}


def make_reader_views(conn: Connection, tables: list[str]) -> None:
    """A view per table in READER_SCHEMA, with the table's name and columns: the columns a
    reader may see as they are, the personal and free-text ones blank ('' or NULL), and the
    tables that never leave an installation empty. A reader's connections look there first
    (search_path), so every query of the app — ORM, Core or plain SQL — runs unchanged and
    never touches a column the reader has no privilege for. Made again by every init."""
    from sqlalchemy import text

    allowed = reader_columns()
    conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {READER_SCHEMA} CASCADE")
    conn.exec_driver_sql(f"CREATE SCHEMA {READER_SCHEMA}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {READER_SCHEMA} TO {READER}")
    types = conn.execute(text(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
        "t.typcategory FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY c.relname, a.attnum")).all()
    for table in sorted(tables):
        shown = set(allowed.get(table, []))
        exprs = [f'"{col}"' if col in shown else _blank(col, typ, cat)
                 for name, col, typ, cat in types if name == table]
        where = "" if table in allowed else " WHERE false"
        conn.exec_driver_sql(f'CREATE VIEW {READER_SCHEMA}."{table}" AS SELECT '
                             f'{", ".join(exprs)} FROM public."{table}"{where}')
        conn.exec_driver_sql(f'GRANT SELECT ON {READER_SCHEMA}."{table}" TO {READER}')


def _blank(column: str, sql_type: str, category: str) -> str:
    """What a reader sees of a hidden column: '' for text (the app's empty value), NULL
    for anything else, typed as the column is."""
    value = "''" if category == "S" else "NULL"
    return f'CAST({value} AS {sql_type}) AS "{column}"'
