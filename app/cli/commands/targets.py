"""`targets import`: add a municipality's list of people (CSV/XLSX) to an outreach campaign."""
from __future__ import annotations


def register(sub) -> None:
    from app.cli import add_db_argument

    p = sub.add_parser("targets", help="outreach target lists")
    inner = p.add_subparsers(dest="targets_command", metavar="ACTION")
    imp = inner.add_parser("import", help="import people from a CSV or XLSX file into a "
                                          "campaign (created as a general one if needed)")
    add_db_argument(imp)
    imp.add_argument("--campaign", metavar="NAME", required=True, help="campaign name")
    imp.add_argument("--trajectory", metavar="NAME",
                     help="name of the trajectory (default: the first one in the file)")
    imp.add_argument("--keep-duplicates", action="store_true",
                     help="add likely duplicates too instead of skipping them")
    imp.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
    imp.set_defaults(func=run_import)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def run_import(args) -> int:
    from app.services.outreach.cli import targets_import

    print(targets_import(args.db, args.campaign, args.file, args.trajectory,
                         args.keep_duplicates))
    return 0
