"""Command line: `python -m app SUBCOMMAND ...` (and the `buurtverbinder` entry point).

Each module in app/cli/commands/ registers one subcommand with `register(subparsers)`, setting
`func(args) -> int` as the handler. Printing jobs live in app/cli/printing/ and hang under
`print`. Nothing here imports Qt except the `gui` subcommand, lazily.
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
    parser.add_argument("--db", metavar="PATH", required=required,
                        help="the database file (default: the one in your user data folder)")


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
        return int(args.func(args) or 0)
    except AppError as exc:
        print(exc.user_message(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
