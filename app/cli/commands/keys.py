"""`keys`: this installation's exchange keys and the senders it trusts."""
from __future__ import annotations

from pathlib import Path

from app.cli import add_db_argument
from app.services.atomic import atomic_write_text
from app.services.i18n import _


def register(sub) -> None:
    p = sub.add_parser("keys", help="exchange keys: create, show, export, trust")
    add_db_argument(p)
    ks = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    c = ks.add_parser("create", help="make this installation's keys")
    add_db_argument(c)
    c.add_argument("--name", default="", help="your name as colleagues see it")
    c.add_argument("--organisation", default="")
    c.add_argument("--replace", action="store_true", help="make new keys (old ones stop working)")
    c.set_defaults(func=run_create)
    s = ks.add_parser("show", help="show your key's fingerprint and the senders you know")
    add_db_argument(s)
    s.set_defaults(func=run_show)
    e = ks.add_parser("export", help="write your public key to a file")
    add_db_argument(e)
    e.add_argument("--out", required=True, metavar="FILE")
    e.add_argument("--secret", action="store_true",
                   help="write the secret decryption key instead (keep it safe!)")
    e.set_defaults(func=run_export)
    t = ks.add_parser("trust", help="import a colleague's or the lead organisation's public key")
    add_db_argument(t)
    t.add_argument("file", metavar="PUBLIC_KEY_FILE")
    t.add_argument("--lead", action="store_true", help="this is the lead organisation's key")
    t.add_argument("--distrust", action="store_true", help="refuse packages signed with it")
    t.set_defaults(func=run_trust)


def _open(args):
    from app.services.command_line import open_data_file

    return open_data_file(args.db)


def run_create(args) -> int:
    from app.services.exchange import keys

    db = _open(args)
    try:
        with db.transaction() as session:
            ident, _c = keys.create_identity(session, args.name, args.organisation,
                                             replace=args.replace)
            fp = keys.own_public(ident, db.device_id).fingerprint
    finally:
        db.close()
    print(_("Your key's fingerprint: {fingerprint}").format(
        fingerprint=keys.pretty_fingerprint(fp)))
    return 0


def run_show(args) -> int:
    from app.services.exchange import keys

    db = _open(args)
    try:
        with db.session() as session:
            ident = keys.require_identity(session)
            own = keys.own_public(ident, db.device_id)
            known = [(k.name, k.organisation, k.role, k.trusted, k.fingerprint)
                     for k in keys.known_keys(session)]
    finally:
        db.close()
    print(_("You: {name} ({organisation})").format(name=own.name or "-",
                                                    organisation=own.organisation or "-"))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=keys.pretty_fingerprint(
        own.fingerprint)))
    print(_("Public encryption key: {key}").format(key=own.age_recipient))
    if not known:
        print(_("You do not know any other senders yet."))
    for name, org, role, trusted, fp in known:
        mark = _("lead organisation") if role == "lead" else _("colleague")
        if not trusted:
            mark += ", " + _("not trusted")
        print(f"  {keys.pretty_fingerprint(fp)}  {name or '-'} / {org or '-'}  ({mark})")
    return 0


def run_export(args) -> int:
    from app.services.exchange import keys

    db = _open(args)
    try:
        with db.session() as session:
            ident = keys.require_identity(session)
            if args.secret:
                text = ("# Buurtverbinder secret key: keep it safe\n"
                        + ident.age_identity + "\n")
            else:
                text = keys.public_key_json(keys.own_public(ident, db.device_id)) + "\n"
    finally:
        db.close()
    atomic_write_text(Path(args.out), text, private=args.secret)
    print(_("Key written to {path}").format(path=args.out))
    return 0


def run_trust(args) -> int:
    from app.services.exchange import keys

    info = keys.read_public_key_file(Path(args.file))
    db = _open(args)
    try:
        with db.transaction() as session:
            keys.trust_key(session, info, "lead" if args.lead else "colleague",
                           trusted=not args.distrust)
    finally:
        db.close()
    print(_("Key {fingerprint} of {who} saved.").format(
        fingerprint=keys.pretty_fingerprint(info.fingerprint),
        who=info.name or info.organisation or "?"))
    return 0
