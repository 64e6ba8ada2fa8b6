"""`print walking-list` and `print outreach-cards`: outreach printables as PDF."""
from __future__ import annotations


def _common(p) -> None:
    from app.cli import add_db_argument

    add_db_argument(p)
    p.add_argument("--campaign", metavar="NAME", required=True, help="campaign name")
    p.add_argument("--trajectory", metavar="NAME",
                   help="name of the trajectory (default: the only one in the file)")
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="where to write the PDF")


def register(sub) -> None:
    from app.services import printables

    p = sub.add_parser("walking-list", help="walking lists of an outreach campaign, per "
                                            "visitor (or street), in walking order")
    _common(p)
    p.add_argument("--by-street", action="store_true", help="one list per street")
    p.add_argument("--all", action="store_true",
                   help="everyone on the visit list, also those already visited")
    p.add_argument("--order", choices=("number", "sides"), default="number",
                   help="number: house numbers up (default); sides: up the odd side of each "
                        "street and back down the even side")
    p.set_defaults(func=run_walking_list)
    c = sub.add_parser("outreach-cards", help="cards of an outreach campaign: kgw (left "
                                              "behind), missed (sorry we missed you), "
                                              "christmas (addressed)")
    _common(c)
    c.add_argument("--kind", choices=printables.of_feature("outreach", cards=True),
                   required=True)
    c.set_defaults(func=run_cards)


def run_walking_list(args) -> int:
    from app.services.outreach.cli import print_walking_list

    print(print_walking_list(args.db, args.campaign, args.out, args.trajectory,
                             args.by_street, args.all, args.order))
    return 0


def run_cards(args) -> int:
    from app.services.outreach.cli import print_cards

    print(print_cards(args.db, args.campaign, args.kind, args.out, args.trajectory))
    return 0
