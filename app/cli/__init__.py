"""Command line: `python -m app SUBCOMMAND ...` (and the `buurtverbinder` entry point).

Each module in app/cli/commands/ registers one subcommand with `register(subparsers)`, setting
`func(args) -> int` as the handler. Printing jobs live in app/cli/printing/ and hang under
`print`. Nothing here imports Qt except the `gui` subcommand, lazily.

Every command that may write to a data file holds that file's instance lock while it runs
(`app.services.instance_lock`, the same lock the window takes with QLockFile), so a command
never writes under an open window and the other way round; only the commands in READ_ONLY
(and `import --dry-run`) run beside an open window. Expected problems — including a file
that is locked, read-only, damaged, or a full disk — print their calm message and exit 2,
never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from app import __version__
from app.services import i18n
from app.services.errors import AppError


def _register_all(subparsers, package: str) -> None:
    pkg = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{package}.{info.name}").register(subparsers)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="Buurtverbinder: a local, participatory approach against loneliness.",
    )
    parser.add_argument("--version", action="version", version=f"Buurtverbinder {__version__}")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), default=None,
                        help="language of messages and printed output (default: settings)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _register_all(sub, "app.cli.commands")
    _add_lang_everywhere(sub)
    _db_once(sub)
    return parser


def _add_lang_everywhere(subparsers) -> None:
    """Accept `--lang` after any subcommand too (`print personas --lang fr`)."""
    for parser in subparsers.choices.values():
        if not any("--lang" in a.option_strings for a in parser._actions):
            parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES),
                                default=argparse.SUPPRESS, help="language")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _add_lang_everywhere(action)


def add_db_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--db", metavar="PATH|URL", required=required,
                        help="the database file (default: the one in your user data folder), "
                             "or a shared database: postgresql://user@server/database")


def _db_once(subparsers, above: bool = False) -> None:
    """`keys --db X create` and `keys create --db X` both mean X. argparse copies every
    default of a sub-command over what its command already read, so a `--db` below a command
    that has one gets no default of its own (SUPPRESS): only a value given there counts."""
    for parser in subparsers.choices.values():
        has_db = above
        for action in parser._actions:
            if action.dest == "db" and action.option_strings:
                if above:
                    action.default = argparse.SUPPRESS
                has_db = True
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _db_once(action, has_db)


# (command, subcommand or None for all): these only read, or start the window (its own lock)
READ_ONLY = {("check", None), ("status", None), ("print", None), ("gui", None),
             ("groundwork", "coverage"), ("groundwork", "readiness"), ("keys", "show"),
             ("keys", "export")}


def _writes(args: argparse.Namespace) -> bool:
    if not hasattr(args, "db") or getattr(args, "dry_run", False):
        return False
    sub = next((getattr(args, n) for n in ("groundwork_command", "keys_command")
                if getattr(args, n, None)), None)
    return (args.command, None) not in READ_ONLY and (args.command, sub) not in READ_ONLY


def _run(args: argparse.Namespace) -> int:
    if not _writes(args):
        return int(args.func(args) or 0)
    from app.services import backup
    from app.services.command_line import data_file_path, is_shared_database
    from app.services.errors import ReadOnlyError
    from app.services.instance_lock import InstanceLock

    if is_shared_database(args.db):  # the server keeps several users apart: no file lock
        return int(args.func(args) or 0)
    db_path = data_file_path(args.db)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:  # opening the file will say what is wrong with its folder
        return int(args.func(args) or 0)
    lock = InstanceLock(db_path)
    try:
        lock.acquire()
    except ReadOnlyError:  # no one can write there: opening the file tells what is wrong
        return int(args.func(args) or 0)
    try:
        backup.clean_leftovers(db_path)  # ours alone while we hold the lock
        return int(args.func(args) or 0)
    finally:
        lock.release()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    from app.services.settings import Settings

    i18n.set_language(args.lang or Settings.load().language)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return _run(args)
    except AppError as exc:
        print(exc.user_message(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a locked file, a full disk... get their message; bugs go on
        from app.services.errors import classify_os_error
        from app.services.server import classify_server_error

        known = classify_os_error(exc) or classify_server_error(exc)
        if known is None:
            raise
        print(known.user_message(), file=sys.stderr)
        return 2
