"""`sync`: one pass over the mailbox folders — send what changed, pick up what arrived."""
from __future__ import annotations

import sys
from pathlib import Path

from app.cli import add_db_argument
from app.services.i18n import _, ngettext


def register(sub) -> None:
    p = sub.add_parser("sync", help="share packages through the mailbox folders (one pass)")
    add_db_argument(p)
    p.add_argument("--mailbox", metavar="NAME", help="only this mailbox (default: all)")
    p.add_argument("--folder", metavar="DIR", help="a mailbox folder (with --to and --scope)")
    p.add_argument("--to", metavar="KEYFILE", help="the public key file of who reads --folder")
    p.add_argument("--scope", choices=("lead", "full", "practices"),
                   help="what --to receives through --folder")
    p.add_argument("--dry-run", action="store_true",
                   help="only show what would be sent and received")
    p.add_argument("--yes", action="store_true",
                   help="import every package that arrived, without asking")
    p.set_defaults(func=run)


def run(args) -> int:
    from app.services.command_line import open_data_file
    from app.services.exchange import keys, mailbox

    adhoc = [args.folder, args.to, args.scope]
    if any(adhoc) and not all(adhoc):
        print(_("--folder, --to and --scope go together."), file=sys.stderr)
        return 2
    if args.folder and args.mailbox:
        print(_("Give either --mailbox or --folder, not both."), file=sys.stderr)
        return 2
    db = open_data_file(args.db)
    try:
        specs = None
        if args.folder:
            info = keys.read_public_key_file(Path(args.to))
            specs = [mailbox.folder_spec(db, Path(args.folder), info, args.scope,
                                         save=not args.dry_run)]
        report = mailbox.sync(db, names=[args.mailbox] if args.mailbox else None, specs=specs,
                              import_mode="all" if args.yes else "trusted",
                              dry_run=args.dry_run)
    finally:
        db.close()
    if not report.mailboxes:
        print(_("No mailbox is set up. Set one up under File › Sharing settings…, or give "
                "--folder, --to and --scope."))
        return 1
    for box in report.mailboxes:
        print_mailbox(box, report.dry_run)
    if report.waiting and not report.dry_run:
        print(_("Run again with --yes to import them."))
    return 0 if report.ok else 1


def _size(n: int) -> str:
    from app.services.i18n import format_decimal

    if n >= 1024 * 1024:
        return _("{n} MB").format(n=format_decimal(round(n / 1024 / 1024, 1)))
    return _("{n} kB").format(n=format_decimal(max(1, round(n / 1024))))


def print_mailbox(box, dry_run: bool) -> None:
    from app.services.exchange import mailbox

    print(_("Mailbox “{name}” ({folder})").format(name=box.name, folder=box.folder))
    if box.error is not None:
        print("  " + box.error.user_message())
    for sent in box.sent:
        if dry_run:
            print("  " + ngettext("would send to {to} ({scope}): {n} change",
                                  "would send to {to} ({scope}): {n} changes",
                                  sent.changes).format(to=sent.recipient, scope=sent.scope,
                                                       n=sent.changes))
        elif sent.file:
            print("  " + ngettext("sent to {to} ({scope}): {n} item, {size}",
                                  "sent to {to} ({scope}): {n} items, {size}",
                                  sent.records).format(to=sent.recipient, scope=sent.scope,
                                                       n=sent.records, size=_size(sent.size)))
    if box.reachable and not box.sent:
        print("  " + _("nothing new to send"))
    for got in box.received:
        print("  " + ngettext("received from {sender}: {n} change ({file})",
                              "received from {sender}: {n} changes ({file})",
                              got.changes).format(sender=got.sender, n=got.changes,
                                                  file=got.file))
    if box.waiting:
        print("  " + _("waiting: {summary}").format(
            summary=mailbox.waiting_summary(box.waiting)))
    for left in box.left:
        print("  " + _("left in the folder: {file}: {reason}").format(file=left.file,
                                                                        reason=left.text()))
    if box.copies_ignored:
        print("  " + ngettext("{n} copy made by a sync tool held nothing new",
                              "{n} copies made by a sync tool held nothing new",
                              box.copies_ignored).format(n=box.copies_ignored))
    if box.pruned:
        print("  " + ngettext("{n} own package tidied up (received, or replaced long ago)",
                              "{n} own packages tidied up (received, or replaced long ago)",
                              box.pruned).format(n=box.pruned))
