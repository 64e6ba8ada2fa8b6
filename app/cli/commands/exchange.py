"""`export`, `import` and `conflicts`: sharing by file with colleagues and the lead
organisation (see docs/exchange-format.md)."""
from __future__ import annotations

import json
from pathlib import Path

from app.cli import add_db_argument
from app.services.i18n import N_, _, format_datetime, ngettext


def register(sub) -> None:
    p = sub.add_parser("export", help="write an exchange package (.bvx)")
    add_db_argument(p)
    p.add_argument("--out", required=True, metavar="FILE", help="the package file to write")
    p.add_argument("--scope", required=True, choices=("full", "lead", "practices"))
    p.add_argument("--trajectory", action="append", metavar="NAME",
                   help="only this trajectory (repeat for more; default: all)")
    p.add_argument("--to", action="append", metavar="PUBLIC_KEY_FILE",
                   help="encrypt for this public key file (repeat for more)")
    p.add_argument("--passphrase-file", metavar="FILE", help="encrypt with the passphrase in FILE")
    p.add_argument("--attachments", action="store_true",
                   help="include attachments (photos, files); left out by default")
    p.set_defaults(func=run_export)

    p = sub.add_parser("import", help="preview or import an exchange package")
    add_db_argument(p)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
    p.add_argument("--identity", action="append", metavar="KEY_FILE",
                   help="an age secret key file to decrypt with (besides this installation's)")
    p.add_argument("--passphrase-file", metavar="FILE")
    p.add_argument("--trust-new-key", action="store_true",
                   help="accept a sender whose key changed (after checking the fingerprint)")
    p.add_argument("--into", metavar="TRAJECTORY",
                   help="practices packages: the trajectory that receives them")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run_import)

    p = sub.add_parser("conflicts", help="list or settle conflicts waiting after an import")
    add_db_argument(p)
    p.add_argument("--keep", type=int, metavar="ID", help="keep our value of conflict ID")
    p.add_argument("--take", type=int, metavar="ID", help="take the incoming value of conflict ID")
    p.set_defaults(func=run_conflicts)


def read_passphrase(path: str | None) -> str | None:
    if not path:
        return None
    from app.services.exchange.errors import CANNOT_READ, fail

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise fail(CANNOT_READ, name=Path(path).name, detail=str(exc)) from None
    return text.splitlines()[0] if text.splitlines() else ""


def run_export(args) -> int:
    from app.services.command_line import open_data_file
    from app.services.exchange import exporter, keys

    recipients = [keys.read_public_key_file(Path(f)).age_recipient for f in args.to or []]
    passphrase = read_passphrase(args.passphrase_file)
    db = open_data_file(args.db)
    try:
        result = exporter.export_package(db, Path(args.out), args.scope,
                                         trajectories=args.trajectory, recipients=recipients,
                                         passphrase=passphrase,
                                         attachments=args.attachments)
    finally:
        db.close()
    print(ngettext("Package written with {n} record: {path}",
                   "Package written with {n} records: {path}", result.total).format(
        n=result.total, path=result.path))
    print(encryption_text(result.encryption))
    return 0


def encryption_text(kind: str) -> str:
    return {"key": _("Encrypted for the recipient's key."),
            "passphrase": _("Encrypted with a passphrase."),
            "": _("Not encrypted. Names and contact details are left out, but the "
                  "descriptions travel as written: read them before you share the file.")}[kind]


def sender_text(preview) -> str:
    from app.services.exchange.keys import pretty_fingerprint

    status = {"self": _("this installation"), "trusted": _("known and trusted"),
              "new": _("new sender: compare the fingerprint by phone"),
              "changed": _("WARNING: this sender's key has changed"),
              "lookalike": _("WARNING: a new key using the name of someone you already know "
                             "under another key")}[preview.sender_status]
    who = ", ".join(x for x in (preview.sender_name, preview.sender_organisation) if x) or "?"
    return _("From: {who} (key {fingerprint}, {status})").format(
        who=who, fingerprint=pretty_fingerprint(preview.fingerprint), status=status)


def print_preview(preview, dry_run: bool) -> None:
    from app.services.exchange.labels import kind_label

    print(sender_text(preview))
    print(_("Scope: {scope}").format(scope=scope_label(preview.scope)))
    for kind, counts in sorted(preview.counts.items()):
        parts = [f"{_(label)} {counts[action]}" for action, label in ACTION_LABELS
                 if counts.get(action)]
        if parts:  # the kind in user words, never a table name
            print(f"  {kind_label(kind):<28} " + ", ".join(parts))
    from app.services.exchange.inbox import summary

    totals = {a: preview.total(a) for a, _l in ACTION_LABELS}
    line = _("In total: {added} new, {updated} updated, {unchanged} unchanged.").format(**totals)
    if preview.conflicts:  # in the conflict inbox's own unit: "2 fields of 1 partner"
        line += " " + _("Changed on both sides: {summary}.").format(summary=summary(
            (d.kind, d.record_id, name) for d in preview.conflicts for name in d.conflicts))
    print((_("Would change (nothing has been changed yet):") + " " if dry_run else "") + line)
    from app.services.exchange.importer import erased_note, impossible_note

    if preview.total("erased"):
        print(erased_note(preview.total("erased")))
    if preview.total("impossible"):
        print(impossible_note(preview.total("impossible")))


ACTION_LABELS = (("added", N_("new")), ("updated", N_("updated")),
                 ("unchanged", N_("unchanged")), ("conflict", N_("changed on both sides")),
                 ("erased", N_("ignored (erased)")))


def scope_label(scope: str) -> str:
    return {"full": _("everything (colleague)"), "lead": _("for the lead organisation"),
            "practices": _("practices only")}[scope]


def _target(db, name: str | None) -> str | None:
    """The trajectory that receives a practices package: `--into`, else the file's only one;
    with several and no `--into`, None (the import then asks which one)."""
    from app.services.command_line import find_trajectory, only_trajectory

    with db.session() as session:
        found = find_trajectory(session, name) if name else only_trajectory(session)
        return found.id if found is not None else None


def run_import(args) -> int:
    from app.services.command_line import open_data_file
    from app.services.exchange import conflicts, importer

    passphrase = read_passphrase(args.passphrase_file)
    db = open_data_file(args.db)
    try:
        pkg = importer.load_for(db, Path(args.file),
                                identity_files=[Path(p) for p in args.identity or []],
                                passphrase=passphrase)
        target = _target(db, args.into) if pkg.scope == "practices" else None
        preview = importer.preview_for(db, pkg, target)
        if preview.already_imported is not None and args.json:
            print(json.dumps({"package_id": preview.package_id,
                              "already_imported": preview.already_imported.isoformat()}))
            return 0
        if preview.already_imported is not None:
            print(_("This package was already imported on {date}. Nothing has been changed.")
                  .format(date=format_datetime(preview.already_imported)))
            return 0
        if args.dry_run:
            _print(args, preview, dry_run=True)
            return 0
        result = importer.import_package(db, pkg, trust_new_key=args.trust_new_key,
                                         target_trajectory=target)
        with db.session() as session:
            waiting = conflicts.pending(session)
    finally:
        db.close()
    _print(args, result.preview, dry_run=False, backup=result.backup, waiting=waiting)
    if not args.json:
        print(_("Imported. A backup was made first: {path}").format(path=result.backup)
              if result.backup else _("Imported."))
        print_conflicts(waiting)
    return 0


def _print(args, preview, dry_run: bool, backup=None, waiting=()) -> None:
    if not args.json:
        print_preview(preview, dry_run)
        return
    new_conflicts = [{"kind": d.kind, "record_id": d.record_id, "field": name,
                      "ours": ours, "theirs": theirs}
                     for d in preview.conflicts for name, (ours, theirs) in d.conflicts.items()]
    print(json.dumps({
        "package_id": preview.package_id, "scope": preview.scope,
        "sender_status": preview.sender_status, "fingerprint": preview.fingerprint,
        "counts": preview.counts, "dry_run": dry_run, "conflicts": new_conflicts,
        "backup": str(backup) if backup else None,
        "waiting": [{"id": c.id, "kind": c.kind, "record_id": c.record_id, "field": c.field,
                     "ours": c.ours, "theirs": c.theirs} for c in waiting],
    }, ensure_ascii=False, indent=2))


def print_conflicts(items) -> None:
    if not items:
        return
    from app.services import kinds
    from app.services.exchange.inbox import pending_summary, shown_value
    from app.services.exchange.labels import field_label

    print(_("Waiting for a person to choose: {summary}.").format(
        summary=pending_summary(items)))
    for c in items:
        # the kind and field in user words, never table or column names
        print(f"  #{c.id} {kinds.noun(c.kind)} «{c.record_label}», {field_label(c.field)}: "
              + _("on this computer {mine} / from {sender} {theirs}").format(
                  mine=shown_value(c.kind, c.field, c.ours), sender=c.sender or "?",
                  theirs=shown_value(c.kind, c.field, c.theirs)))
    print(_("Settle them in the app (Exchange, Conflicts) or with "
            "`python -m app conflicts --keep ID` / `--take ID`."))


def run_conflicts(args) -> int:
    from app.services.command_line import open_data_file
    from app.services.exchange import conflicts

    db = open_data_file(args.db)
    try:
        if args.keep is not None or args.take is not None:
            with db.transaction() as session:
                if args.keep is not None:
                    conflicts.resolve(session, args.keep, "local", db.device_id)
                if args.take is not None:
                    conflicts.resolve(session, args.take, "incoming", db.device_id)
            print(_("Conflict settled."))
        with db.session() as session:
            items = conflicts.pending(session)
    finally:
        db.close()
    if not items:
        print(_("No conflicts are waiting."))
    print_conflicts(items)
    return 0
