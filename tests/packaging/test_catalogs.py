"""The packaging catalogs are complete, current and correct in nl, fr and en."""
import gettext

import pytest
from babel.messages.pofile import read_po

from tools import i18n as tool

LANGS = ("nl", "fr", "en")


def load(lang):
    with open(tool.po_path(lang, "packaging"), "rb") as fh:
        return read_po(fh, locale=lang, domain="packaging")


def test_theme_help_and_selftest_belong_to_the_packaging_domain():
    for rel in ("app/views/theme.py", "app/views/help.py", "app/views/help_menu.py",
                "app/selftest.py"):
        assert tool.domain_of(tool.ROOT / rel) == "packaging"
    assert tool.domain_of(tool.ROOT / "app/views/main_window.py") == "core"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_and_correct(lang):
    catalog = load(lang)
    messages = [m for m in catalog if m.id]
    assert messages
    for msg in messages:
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        assert all(strings), f"{lang}: {msg.id!r} is empty"
        assert not msg.fuzzy, f"{lang}: {msg.id!r} is fuzzy"
        assert not list(msg.check(catalog)), f"{lang}: {msg.id!r}"
    if lang == "fr":
        assert catalog.num_plurals == 3


def test_catalog_holds_exactly_the_messages_in_the_code():
    extracted = {m.id for m in tool.extract("packaging") if m.id}
    for lang in LANGS:
        assert {m.id for m in load(lang) if m.id} == extracted, lang


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_dutch_and_french_are_translated_not_copied(lang):
    catalog = load(lang)
    same = [m.id for m in catalog if m.id and m.string == m.id]
    assert not same, same


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalog_matches_its_source(lang):
    mo = tool.po_path(lang, "packaging").with_suffix(".mo")
    with open(mo, "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for msg in load(lang):
        if msg.id and isinstance(msg.id, str):
            assert compiled.gettext(msg.id) == msg.string, f"{lang}: run tools.i18n compile"
