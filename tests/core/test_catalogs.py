"""Every catalog is complete, checks clean, and its compiled .mo matches the .po."""
from datetime import UTC
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.services import i18n

ROOT = Path(__file__).resolve().parents[2]
POS = sorted((ROOT / "translations").rglob("*.po"))


def test_there_are_catalogs_for_every_language():
    langs = {p.parts[-3] for p in POS}
    assert langs == set(i18n.LANGUAGES)
    domains = {lang: {p.stem for p in POS if p.parts[-3] == lang} for lang in langs}
    assert domains["nl"] == domains["fr"] == domains["en"]


@pytest.mark.parametrize("po", POS, ids=[f"{p.parts[-3]}/{p.stem}" for p in POS])
def test_catalog_is_complete_and_clean(po):
    with open(po, "rb") as fh:
        catalog = read_po(fh, locale=po.parts[-3])
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(strings):
            problems.append(f"empty: {message.id!r}")
    for message, errors in catalog.check():
        problems.extend(f"{message.id!r}: {e}" for e in errors)
    assert problems == []


@pytest.mark.parametrize("po", POS, ids=[f"{p.parts[-3]}/{p.stem}" for p in POS])
def test_compiled_catalog_is_up_to_date(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run python -m tools.i18n compile ({mo.name} missing)"
    with open(po, "rb") as fh:
        source = read_po(fh, locale=po.parts[-3])
    with open(mo, "rb") as fh:
        compiled = read_mo(fh)
    def table(catalog):
        return {m.id if isinstance(m.id, str) else m.id[0]:
                m.string if isinstance(m.string, str) else tuple(m.string)
                for m in catalog if m.id}

    want, got = table(source), table(compiled)
    assert got == want, "the .mo is stale: run python -m tools.i18n compile"


def test_every_marked_string_is_in_a_catalog():
    """Extraction finds nothing that the catalogs lack (i.e. `tools.i18n update` was run)."""
    from tools import i18n as tool

    missing = []
    for domain in tool.DOMAINS:
        template = tool.extract(domain)
        path = tool.po_path("nl", domain)
        if not len(template):
            continue
        assert path.exists(), f"no catalog for {domain}"
        with open(path, "rb") as fh:
            catalog = read_po(fh, locale="nl")
        for message in template:
            if message.id and catalog.get(message.id, context=message.context) is None:
                missing.append(f"{domain}: {message.id!r}")
    assert missing == []


def test_french_counts_use_three_plural_forms():
    i18n.set_language("fr")
    try:
        assert i18n.ngettext("{n} record", "{n} records", 1).format(n=1) == "1 élément"
        assert i18n.ngettext("{n} record", "{n} records", 0).format(n=0) == "0 élément"
        assert i18n.ngettext("{n} record", "{n} records", 5).format(n=5) == "5 éléments"
    finally:
        i18n.set_language("nl")


def test_locale_formatting_follows_the_language():
    from datetime import date

    i18n.set_language("nl")
    assert i18n.format_decimal(1234.5) == "1.234,5"
    assert "maart" in i18n.format_date(date(2026, 3, 5), "long")
    i18n.set_language("fr")
    assert i18n.format_decimal(1234.5) == "1\u202f234,5"
    assert "mars" in i18n.format_date(date(2026, 3, 5), "long")
    i18n.set_language("en")
    assert i18n.format_decimal(1234.5) == "1,234.5"
    i18n.set_language("nl")


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_quick_formats_are_exactly_babels(lang):
    """The first paint's dates and percentages come from a small table, not from Babel; they
    must read exactly as Babel writes them."""
    from datetime import date, datetime, timedelta, timezone

    from babel.dates import format_date, format_datetime
    from babel.numbers import format_percent

    locale = i18n.LOCALES[lang]
    i18n.set_language(lang)
    try:
        for month in range(1, 13):
            for day in (1, 9, 28):
                value = date(2026, month, day)
                assert i18n.format_date(value) == format_date(value, "medium", locale=locale)
        moments = [datetime(2026, 9, 1, 7, 5, 3),
                   datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
                   datetime(2026, 3, 29, 2, 30, tzinfo=timezone(timedelta(hours=2)))]
        for moment in moments:
            assert i18n.format_datetime(moment) == format_datetime(moment, "medium",
                                                                   locale=locale)
        fractions = {k / n for n in range(1, 31) for k in range(n + 1)}
        fractions |= {k / 1000 for k in range(1001)} | {2.5, 9.994, 9.995, 9.996}
        for value in sorted(fractions):
            assert i18n.format_percent(value) == format_percent(value, locale=locale), value
        assert i18n.format_percent(12.5) == format_percent(12.5, locale=locale)  # Babel's path
        assert i18n.format_percent(-0.25) == format_percent(-0.25, locale=locale)
    finally:
        i18n.set_language("nl")
