"""`check`: integrity check, foreign-key check, schema version."""
from __future__ import annotations

from app.cli import add_db_argument
from app.services.i18n import _


def register(sub) -> None:
    p = sub.add_parser("check", help="check a database file's integrity and schema version")
    add_db_argument(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from app.services import database
    from app.services.command_line import data_file_path, is_shared_database
    from app.services.errors import AppError, CorruptDatabaseError

    if is_shared_database(args.db):
        return _check_server(args.db)
    path = data_file_path(args.db)
    if not path.exists():
        print(_("No file at {path}.").format(path=path))
        return 2
    try:  # an empty, cut-off or damaged file is a problem found (1), never "healthy"
        state = database.read_schema_state(path)
        problems = database.check_integrity(path)
    except CorruptDatabaseError as exc:
        print(exc.user_message())
        return 1
    except AppError as exc:
        print(exc.user_message())
        return 2
    heads = database.schema_heads()
    print(_("File: {path}").format(path=path))
    print(_("Schema version: {found} (this app: {expected})").format(
        found=", ".join(sorted(state.revisions)) or "-", expected=", ".join(sorted(heads))))
    unknown = state.revisions - set(database.migration_graph())
    if unknown:
        print(_("This file was made by a newer version of Buurtverbinder."))
        return 3
    if problems:
        print(_("Problems found:"))
        for problem in problems:
            print(f"  - {problem}")
        return 1
    if not state.is_current:
        print(_("The file is healthy; it will be brought up to date when the app opens it."))
        return 0
    print(_("The file is healthy."))
    return 0


def _check_server(url: str) -> int:
    """A shared database: reachable, set up by this version, readable by this user."""
    from app.services import database
    from app.services.server import open_server, shown_url

    db = open_server(url)  # refuses (exit 2) what cannot be used, with its message
    db.close()
    heads = ", ".join(sorted(database.schema_heads()))
    print(_("Shared database: {where}").format(where=shown_url(url)))
    print(_("Schema version: {found} (this app: {expected})").format(found=heads,
                                                                       expected=heads))
    print(_("The shared database is ready."))
    return 0
