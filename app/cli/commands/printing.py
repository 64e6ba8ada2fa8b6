"""`print`: make PDFs (persona cards, plan report, walking lists...) from the command line."""
from __future__ import annotations


def register(sub) -> None:
    from app.cli import _register_all

    p = sub.add_parser("print", help="print persona cards, reports and lists to PDF")
    inner = p.add_subparsers(dest="printable", metavar="WHAT")
    _register_all(inner, "app.cli.printing")
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])
