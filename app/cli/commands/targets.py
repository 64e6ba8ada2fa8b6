"""`targets`: the target lists of outreach campaigns from the command line — import a
municipality's list (CSV, TXT, XLSX, XLS, ODS), list the people (also as JSON), and put people
on the visit list by rule, as the window's "Select by rule" does."""
from __future__ import annotations

import json

NOBODY_BY_AGE_ALONE = 1000  # --alone-min-age without --min-age: age alone selects nobody


def register(sub) -> None:
    from app.cli import add_db_argument

    p = sub.add_parser("targets", help="outreach target lists")
    inner = p.add_subparsers(dest="targets_command", metavar="ACTION")
    imp = inner.add_parser("import", help="import people from a CSV, TXT, XLSX, XLS or ODS "
                                          "file into a campaign (created as a general one if "
                                          "needed)")
    _common(imp, add_db_argument)
    imp.add_argument("--keep-duplicates", action="store_true",
                     help="add likely duplicates too instead of skipping them")
    imp.add_argument("--two-digit-years", choices=("auto", "1900", "2000"), default="auto",
                     help="how a birth year of two digits (03/02/25) is read: auto (the "
                          "century that makes the person 0-110 years old, else the one the "
                          "rest of the column has), 1900 or 2000")
    imp.add_argument("file", metavar="FILE", help="the CSV, TXT, XLSX, XLS or ODS file")
    imp.set_defaults(func=run_import)

    lst = inner.add_parser("list", help="the people of a campaign's target list")
    _common(lst, add_db_argument)
    lst.add_argument("--needs-checking", action="store_true",
                     help="only people with a warning from the import")
    lst.add_argument("--json", action="store_true", help="print one JSON object a person")
    lst.set_defaults(func=run_list)

    sel = inner.add_parser("select", help="put people on the visit list by rule")
    _common(sel, add_db_argument)
    sel.add_argument("--min-age", type=int, metavar="N", help="everyone aged at least N")
    sel.add_argument("--alone-min-age", type=int, metavar="N",
                     help="or: living alone and aged at least N")
    sel.add_argument("--widowed", action="store_true", help="only widows and widowers")
    sel.add_argument("--village", metavar="NAME", default="", help="only people living there")
    sel.add_argument("--replace", action="store_true",
                     help="take people who do not match off the visit list")
    sel.add_argument("--dry-run", action="store_true", help="only count, change nothing")
    sel.set_defaults(func=run_select)
    p.set_defaults(func=lambda args: (p.print_help(), 0)[1])


def _common(parser, add_db_argument) -> None:
    add_db_argument(parser)
    parser.add_argument("--campaign", metavar="NAME", required=True, help="campaign name")
    parser.add_argument("--trajectory", metavar="NAME",
                        help="name of the trajectory (default: the only one in the file)")


def run_import(args) -> int:
    from app.services.outreach.cli import targets_import

    print(targets_import(args.db, args.campaign, args.file, args.trajectory,
                         args.keep_duplicates, args.two_digit_years))
    return 0


def run_list(args) -> int:
    from app.services.i18n import _
    from app.services.outreach.cli import targets_list

    people = targets_list(args.db, args.campaign, args.trajectory, args.needs_checking)
    if args.json:
        print(json.dumps(people, ensure_ascii=False, indent=1))
        return 0
    for p in people:
        house = p["house_number"] + (f" bus {p['box']}" if p["box"] else "")
        born = p["birth_date"] or p["birth_year"] or ""
        line = f"{p['last_name']} {p['first_name']}\t{p['street']} {house}\t{p['place']}\t{born}"
        print(line.strip())
        for warning in p["warnings"]:
            print("  " + _("needs checking: {warning}").format(warning=warning))
    return 0


def run_select(args) -> int:
    from app.services.outreach.cli import targets_select

    min_age = args.min_age
    if min_age is None:
        min_age = NOBODY_BY_AGE_ALONE if args.alone_min_age is not None else 0
    rule = {"min_age": min_age, "alone_min_age": args.alone_min_age,
            "require_widowed": args.widowed, "village": args.village}
    print(targets_select(args.db, args.campaign, rule, args.trajectory, args.replace,
                         args.dry_run))
    return 0
