"""`server init --db URL`: set up a shared PostgreSQL database for the lead organisation.

The address is parsed here only for now (`app.services.server.is_database_url`); `--db`
keeps its own destination (`url`), so the file lock of the other commands never takes a
database address for a file name. See docs/lead-server.md.
"""
from __future__ import annotations

from app.services.i18n import _


def register(sub) -> None:
    p = sub.add_parser("server", help="set up a shared PostgreSQL database (lead organisation)")
    actions = p.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="create the tables and the roles in an empty database (safe to repeat)")
    init.add_argument("--db", dest="url", metavar="URL", required=True,
                      help="the database, e.g. postgresql://admin@server/buurtverbinder "
                           "(the password comes from your .pgpass file)")
    init.set_defaults(func=run_init)


def run_init(args) -> int:
    from app.services.server import COORDINATOR, READER, init_server, shown_url

    result = init_server(args.url)  # a file name is refused there, in the user's language
    where = shown_url(args.url)
    if result.created:
        print(_("The shared database {where} is set up for Buurtverbinder.").format(where=where))
    else:
        print(_("The shared database {where} was already up to date.").format(where=where))
    print(_("Roles: {coordinator} (reads and changes everything), {reader} (reads, without "
            "personal data). Give them to people with GRANT role TO user.").format(
                coordinator=COORDINATOR, reader=READER))
    return 0
