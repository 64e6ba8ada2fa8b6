"""A git merge driver for the gettext catalogs: a three-way merge per message.

Branches that add or change translations in the same domain conflict line by line in a .po
file (the source locations alone shift on every edit). This driver merges message by message:
a message changed on one side only takes that side; changed on both, the current branch's
wins and the other is reported. Locations are taken from the current branch (run
`python -m tools.i18n update` after a merge to refresh them).

Set up once per clone:

    git config merge.po.name "gettext catalog, per message"
    git config merge.po.driver ".venv/bin/python -m tools.po_merge %O %A %B %P"

`.gitattributes` routes `*.po` to it and treats `*.mo` as binary (recompile after a merge).
"""
from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def _read(path: str) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh)


def _key(message) -> tuple:
    return (message.context, message.id)


def _value(message) -> tuple | None:
    if message is None:
        return None
    return (message.string, message.fuzzy, tuple(message.auto_comments),
            tuple(message.user_comments), message.id)


def merge(base: Catalog, ours: Catalog, theirs: Catalog, name: str = "") -> Catalog:
    keys: list[tuple] = []
    seen = set()
    for catalog in (ours, theirs):
        for message in catalog:
            if message.id and _key(message) not in seen:
                seen.add(_key(message))
                keys.append(_key(message))
    result = Catalog(locale=ours.locale, domain=ours.domain, project=ours.project,
                     header_comment=ours.header_comment)
    result.mime_headers = ours.mime_headers
    for key in keys:
        b = base.get(key[1], context=key[0])
        o = ours.get(key[1], context=key[0])
        t = theirs.get(key[1], context=key[0])
        if _value(o) == _value(b):
            chosen = t  # only theirs changed it (or removed it: t is None)
        elif _value(t) == _value(b) or _value(t) == _value(o):
            chosen = o
        else:
            chosen = o if o is not None else t
            if o is not None and t is not None:
                print(f"po_merge: {name}: both sides changed {key[1]!r}; kept the current "
                      "branch's", file=sys.stderr)
        if chosen is None:
            continue
        locations = list(dict.fromkeys([*(o.locations if o else []),
                                        *(t.locations if t else [])]))
        result.add(chosen.id, chosen.string, locations, flags=chosen.flags,
                   auto_comments=chosen.auto_comments, user_comments=chosen.user_comments,
                   context=chosen.context)
    return result


def main(argv: list[str]) -> int:
    base_path, ours_path, theirs_path = argv[:3]
    name = argv[3] if len(argv) > 3 else ours_path
    merged = merge(_read(base_path), _read(ours_path), _read(theirs_path), name)
    with open(ours_path, "wb") as fh:
        write_po(fh, merged, width=100, omit_header=False, ignore_obsolete=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
