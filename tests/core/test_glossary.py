"""The catalogs follow docs/glossary.md: none of its forbidden variants appears in a
translation, and the typography (apostrophes, French no-break spaces) is the glossary's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tools.i18n import typographic

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
LANGS = ("nl", "fr", "en")


def glossary_rows() -> list[dict[str, str]]:
    lines = [line for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
             if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def forbidden() -> dict[str, list[tuple[str, str]]]:
    """{lang: [(variant, concept)]} from the glossary's Not column."""
    out: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANGS}
    for row in glossary_rows():
        for item in row["Not"].split(" · "):
            if item.strip() in ("", "—"):
                continue
            lang, _sep, words = item.partition(":")
            assert lang.strip() in LANGS and words.strip(), f"bad variant {item!r}"
            out[lang.strip()].append((words.strip(), row["Concept"]))
    return out


def pattern(variant: str) -> re.Pattern:
    words = re.escape(variant.replace("’", "'")).replace(r"\ ", r"[\s\u00a0\u202f]+")
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def translations(lang: str):
    for po in sorted((ROOT / "translations" / lang / "LC_MESSAGES").glob("*.po")):
        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                yield po.stem, message.id, text


def find_variants(lang: str, texts) -> list[str]:
    checks = [(pattern(v), v, concept) for v, concept in forbidden()[lang]]
    found = []
    for domain, _msgid, text in texts:
        plain = text.replace("’", "'")
        for regex, variant, concept in checks:
            if regex.search(plain):
                found.append(f"{lang}/{domain}: {variant!r} ({concept}) in {text!r}")
    return found


def test_the_glossary_decides_every_concept_the_issue_names():
    concepts = " ".join(row["Concept"] for row in glossary_rows()).lower()
    for concept in ("lead organisation", "network director", "outreach", "home visit", "lonely",
                    "alone", "older people", "residents", "import", "record", "caw", "ocmw",
                    "ldc", "mutualiteit", "buurtcomité", "informal carer", "buddy"):
        assert concept in concepts, concept
    for row in glossary_rows():
        assert all(row[lang] for lang in LANGS) and row["Why"], row["Concept"]
    assert sum(len(v) for v in forbidden().values()) >= 40


@pytest.mark.parametrize("lang", LANGS)
def test_no_translation_uses_a_forbidden_variant(lang):
    assert find_variants(lang, translations(lang)) == []


def test_the_check_finds_a_variant_however_it_is_written():
    planted = [("exchange", "x", "Pour l\u2019organisation  COORDINATRICE"),
               ("core", "y", "Aide les personnes\u00a0seules"),
               ("core", "z", "Le centre d'aide sociale générale")]
    assert len(find_variants("fr", planted)) == 3
    # whole words only: "aînés" is fine where "seniors" is not, "records" not in "recordsman"
    assert find_variants("en", [("core", "a", "recordsman and elderlyish")]) == []
    assert find_variants("en", [("core", "a", "Ten records")]) != []


@pytest.mark.parametrize("lang", LANGS)
def test_translations_use_typographic_apostrophes_and_french_spacing(lang):
    wrong = [f"{domain}: {text!r}" for domain, _msgid, text in translations(lang)
             if typographic(text, lang) != text]
    assert wrong == [], "run python -m tools.i18n typography"


def test_typography_rules():
    nbsp = "\u00a0"
    assert typographic("Fichier : {path}", "fr") == f"Fichier{nbsp}: {{path}}"
    assert typographic("Vraiment?", "fr") == f"Vraiment{nbsp}?"
    assert typographic("«{name}»", "fr") == f"«{nbsp}{{name}}{nbsp}»"
    assert typographic("'{name}' n'est pas", "fr") == f"«{nbsp}{{name}}{nbsp}» n’est pas"
    assert typographic("it's '{kind}'", "en") == "it’s ‘{kind}’"
    assert typographic("10:30, http://x", "fr") == "10:30, http://x"
    for text in ("Fichier : {path}", "l'a « b » ; c !"):
        once = typographic(text, "fr")
        assert typographic(once, "fr") == once


def guide_lines(lang: str):
    for page in sorted((ROOT / "docs" / "handleiding" / lang).glob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            # inline code (file names, commands) keeps its straight characters
            yield f"guide/{page.name}:{number}", "", "".join(line.split("`")[::2])


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_follows_the_glossary_too(lang):
    assert find_variants(lang, guide_lines(lang)) == []
    wrong = [f"{where}: {text!r}" for where, _msgid, text in guide_lines(lang)
             if typographic(text, lang) != text]
    assert wrong == []


# What older residents read: the outreach cards and letters (app/services/outreach/printing.py
# and the campaigns' greetings in refs.py).
FOR_RESIDENTS = ("Your contact person", "Call us:",
                 "Questions, or would you like a visit? Call us:",
                 "A note from your visitor", "Sorry we missed you!", "Dear {name},",
                 "We came by today for a chat, but you were not at home.",
                 "We will try again from {date}.", "Thank you for the visit",
                 "Would you like a chat or a hand with something? Call us any time.",
                 "Merry Christmas")


@pytest.mark.parametrize("lang,informal", [("nl", r"\b(je|jij|jou|jouw|jullie)\b"),
                                           ("fr", r"\b(tu|te|toi|ton|ta|tes|t’)\b")])
def test_material_for_older_residents_addresses_them_formally(lang, informal):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "outreach.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
    texts = [catalog.get(msgid).string for msgid in FOR_RESIDENTS]
    texts += [m.string for m in catalog
              if isinstance(m.id, str) and m.id.startswith("Warm wishes for Christmas")]
    assert len(texts) == len(FOR_RESIDENTS) + 1
    assert [t for t in texts if re.search(informal, t, re.IGNORECASE)] == []
