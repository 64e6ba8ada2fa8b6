"""One msgid, one meaning per language: every message shows its own domain's translation, also
when the same English means something else in another feature."""
from __future__ import annotations

import gettext
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app.services import i18n
from tools import i18n as tool

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def probe_module(domain: str) -> str:
    """A module name that belongs to `domain`, as a source file of that feature would."""
    return "app.services.probe" if domain == "core" else f"app.services.{domain}.probe"


def call_from(module: str, expression: str, **names):
    """Evaluate `expression` as code written in `module` would (its frame's __name__)."""
    namespace = {"__name__": module, "_": i18n._, "N_": i18n.N_, "ngettext": i18n.ngettext,
                 "pgettext": i18n.pgettext, **names}
    return eval(compile(expression, f"<{module}>", "eval"), namespace)


def test_every_source_file_is_looked_up_in_the_domain_it_is_extracted_into():
    wrong = {}
    for path in tool.sources():
        name = module_name(path)
        if i18n.domain_of_module(name) != tool.domain_of(path):
            wrong[name] = (i18n.domain_of_module(name), tool.domain_of(path))
    assert wrong == {}  # both derive from app.features
    assert set(tool.DOMAINS) == set(i18n.DOMAINS)


def catalogs(lang):
    out = {}
    for po in sorted((ROOT / "translations" / lang / "LC_MESSAGES").glob("*.po")):
        with open(po, "rb") as fh:
            out[po.stem] = read_po(fh, locale=lang)
    return out


def two_meanings(lang):
    """{(msgid): {domain: msgstr}} for msgids that two domains translate differently."""
    seen = defaultdict(dict)
    for domain, catalog in catalogs(lang).items():
        for message in catalog:
            if message.id and isinstance(message.id, str) and message.context is None:
                seen[message.id][domain] = message.string
    return {msgid: by_domain for msgid, by_domain in seen.items()
            if len(set(by_domain.values())) > 1}


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_each_domain_shows_its_own_translation_of_a_shared_msgid(lang):
    i18n.set_language(lang)
    wrong = []
    for msgid, by_domain in two_meanings(lang).items():
        for domain, msgstr in by_domain.items():
            module = probe_module(domain)
            direct = call_from(module, "_(m)", m=msgid)
            # marked in the feature, translated later by a shared (core) widget
            marked = call_from(module, "N_(m)", m=msgid)
            later = call_from("app.views.widgets.record_list", "_(marked)", marked=marked)
            if direct != msgstr or later != msgstr:
                wrong.append((domain, msgid, msgstr, direct, later))
    assert wrong == []


def write_catalog(folder: Path, domain: str, lang: str, messages) -> None:
    catalog = Catalog(locale=lang, domain=domain)
    for msgid, msgstr, *context in messages:
        catalog.add(msgid, msgstr, context=context[0] if context else None)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{domain}.mo", "wb") as fh:
        write_mo(fh, catalog)


@pytest.fixture
def two_features(tmp_path, monkeypatch):
    """Catalogs where 'Tags' means keywords in groundwork and labels in exchange."""
    folder = tmp_path / "translations" / "nl" / "LC_MESSAGES"
    write_catalog(folder, "core", "nl", [("Save", "Bewaren"), ("Status", "Status")])
    write_catalog(folder, "exchange", "nl", [("Tags", "Labels"),
                                             (("{n} tag", "{n} tags"), ("{n} label",
                                                                        "{n} labels"))])
    write_catalog(folder, "groundwork", "nl", [
        ("Tags", "Trefwoorden"), ("Status", "Stand van zaken"),
        (("{n} tag", "{n} tags"), ("{n} trefwoord", "{n} trefwoorden")),
        ("Open", "Bekijken", "button"), ("Open", "Open")])
    monkeypatch.setattr(i18n.paths, "translations_dir", lambda: tmp_path / "translations")
    i18n.set_language("nl")
    yield
    monkeypatch.undo()
    i18n.set_language("nl")


def test_the_calling_feature_decides_which_wording_shows(two_features):
    exchange, groundwork = probe_module("exchange"), probe_module("groundwork")
    assert call_from(groundwork, "_('Tags')") == "Trefwoorden"
    assert call_from(exchange, "_('Tags')") == "Labels"
    assert call_from(groundwork, "ngettext('{n} tag', '{n} tags', 3)") == "{n} trefwoorden"
    assert call_from(exchange, "ngettext('{n} tag', '{n} tags', 1)") == "{n} label"
    assert call_from(groundwork, "pgettext('button', 'Open')") == "Bekijken"
    assert call_from(groundwork, "_('Open')") == "Open"
    # a feature's own word beats core's; a word only core has still shows
    assert call_from(groundwork, "_('Status')") == "Stand van zaken"
    assert call_from(exchange, "_('Status')") == "Status"
    assert call_from(exchange, "_('Save')") == "Bewaren"
    assert call_from(exchange, "_('Not in any catalog')") == "Not in any catalog"


def test_a_marked_string_keeps_its_feature_when_a_shared_widget_translates_it(two_features):
    marked = call_from(probe_module("groundwork"), "N_('Tags')")
    assert marked == "Tags" and marked.domain == "groundwork"
    for module in ("app.views.widgets.record_list", probe_module("exchange"), "__main__"):
        assert call_from(module, "_(m)", m=marked) == "Trefwoorden"
    # what other code does with the string: it stays the plain English msgid
    assert f"{marked}" == "Tags" and {marked: 1}["Tags"] == 1
    import pickle

    assert pickle.loads(pickle.dumps(marked)).domain == "groundwork"


def test_the_lookup_object_stands_in_for_a_gettext_translations(two_features):
    translations = i18n.load_translations("nl")
    assert isinstance(translations, gettext.GNUTranslations)
    tr = call_from(probe_module("groundwork"), "t.gettext", t=translations)
    assert call_from(probe_module("groundwork"), "tr('Tags')", tr=tr) == "Trefwoorden"
    assert i18n.dgettext("exchange", "Tags") == "Labels"


def test_a_language_without_catalogs_shows_the_english(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n.paths, "translations_dir", lambda: tmp_path)
    i18n.set_language("fr")
    assert i18n._("Tags") == "Tags"
    assert i18n.ngettext("{n} tag", "{n} tags", 2) == "{n} tags"
    assert i18n.pgettext("button", "Open") == "Open"


@pytest.mark.parametrize("lang,expected", [("nl", "Trefwoorden"), ("fr", "Mots-clés")])
def test_step_4s_tags_column_shows_groundworks_word_not_exchanges(lang, expected):
    """The issue's example: the shared table model (core) translates the header that the
    groundwork feature marked; it must not read exchange's "Labels"."""
    from app.views.groundwork.specs import story_spec
    from app.views.widgets import sql_model

    i18n.set_language(lang)
    spec = story_spec({})
    header = next(c.header for c in spec.columns if c.key == "tag_codes")
    assert call_from(sql_model.__name__, "_(h)", h=header) == expected
    assert i18n.dgettext("exchange", "Tags") != expected  # the other feature's word differs
