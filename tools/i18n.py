"""Developer tool for the gettext catalogs (Babel).

    python -m tools.i18n update [DOMAIN ...]   extract msgids and merge them into nl/fr/en .po
    python -m tools.i18n compile               set the typography, compile every .po into .mo
    python -m tools.i18n typography            only set the typography of the translations
    python -m tools.i18n missing [DOMAIN ...]  list empty or fuzzy entries

One domain per feature; a source file belongs to the feature named by a folder or file name in
its path (app/services/outreach/..., app/views/outreach/..., app/models/outreach.py,
app/cli/commands/outreach.py), everything else to `core`.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.features import FEATURES, feature_of_module

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = ("core", *FEATURES)
LANGS = ("nl", "fr", "en")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def domain_of(path: Path) -> str:
    """The feature a source file belongs to (app.features), else `core`."""
    return feature_of_module(module_name(path)) or "core"


def sources() -> list[Path]:
    files = [ROOT / "main.py", *sorted((ROOT / "app").rglob("*.py"))]
    return [f for f in files if "migrations" not in f.parts]


def extract(domain: str) -> Catalog:
    catalog = Catalog(project="Buurtverbinder", domain=domain)
    for file in sources():
        if domain_of(file) != domain:
            continue
        rel = file.relative_to(ROOT).as_posix()
        for lineno, message, comments, context in extract_from_file(
            "python", str(file), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            catalog.add(message, None, [(rel, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(lang: str, domain: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / f"{domain}.po"


def update(domains) -> None:
    for domain in domains:
        template = extract(domain)
        for lang in LANGS:
            path = po_path(lang, domain)
            if path.exists():
                with open(path, "rb") as fh:
                    catalog = read_po(fh, locale=lang, domain=domain)
            else:
                catalog = Catalog(locale=lang, domain=domain, project="Buurtverbinder")
            catalog.update(template, no_fuzzy_matching=True)
            if lang == "en":  # English msgids are the English text
                for msg in catalog:
                    if not msg.id:
                        continue
                    if isinstance(msg.id, tuple):
                        if not all(msg.string or ()):
                            msg.string = (typographic(msg.id[0], "en"),
                                          typographic(msg.id[1], "en"))
                    elif not msg.string:
                        msg.string = typographic(msg.id, "en")
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True)
        print(f"{domain}: {len(template)} messages")


# Typography of the translations (docs/glossary.md): typographic apostrophes and quotes in
# every language; in French a no-break space before : ; ? ! » and after «.
NBSP = "\u00a0"
_QUOTED = re.compile(r"(?<![\w'])'([^'\n]*?[^\s'])'(?![\w'])")
_FR_BEFORE = re.compile(r"[ \u202f]([:;?!»])")
_FR_TIGHT = re.compile(r"(?<=[\w)\]}’”…])([;?!]+)(?=\s|$)")
_FR_AFTER = re.compile(r"«[ \u00a0\u202f]?")
_FR_CLOSE = re.compile(r"(?<=\S)»")


def typographic(text: str, lang: str) -> str:
    """`text` with typographic apostrophes and quotes, and French no-break spaces."""
    if lang == "fr":
        text = _QUOTED.sub(lambda m: f"«{NBSP}{m.group(1)}{NBSP}»", text)
    else:
        text = _QUOTED.sub(lambda m: f"‘{m.group(1)}’", text)
    text = text.replace("'", "’")
    if lang == "fr":
        text = _FR_BEFORE.sub(lambda m: NBSP + m.group(1), text)
        text = _FR_TIGHT.sub(lambda m: NBSP + m.group(1), text)
        text = _FR_AFTER.sub("«" + NBSP, text)
        text = _FR_CLOSE.sub(NBSP + "»", text)
    return text


def set_typography() -> int:
    """Rewrite the translations of every .po with `typographic`; returns how many changed."""
    changed = 0
    for po in sorted((ROOT / "translations").rglob("*.po")):
        lang = po.parts[-3]
        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=lang, domain=po.stem)
        touched = False
        for msg in catalog:
            if not msg.id or not msg.string:
                continue
            if isinstance(msg.string, tuple):
                new = tuple(typographic(s, lang) for s in msg.string)
            else:
                new = typographic(msg.string, lang)
            if new != msg.string:
                msg.string, touched = new, True
                changed += 1
        if touched:
            with open(po, "wb") as fh:
                write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True)
    return changed


def compile_all() -> None:
    set_typography()
    for po in sorted((ROOT / "translations").rglob("*.po")):
        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=po.parts[-3], domain=po.stem)
        with open(po.with_suffix(".mo"), "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


def missing(domains) -> int:
    count = 0
    for domain in domains:
        for lang in LANGS:
            path = po_path(lang, domain)
            if not path.exists():
                continue
            with open(path, "rb") as fh:
                catalog = read_po(fh, locale=lang)
            for msg in catalog:
                if not msg.id:
                    continue
                strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
                if msg.fuzzy or not all(strings):
                    count += 1
                    print(f"{lang}/{domain}: {msg.id!r}")
    return count


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:] or list(DOMAINS)
    if cmd == "update":
        update(rest)
    elif cmd == "compile":
        compile_all()
    elif cmd == "typography":
        print(f"{set_typography()} translations changed")
    elif cmd == "missing":
        return 1 if missing(rest) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
