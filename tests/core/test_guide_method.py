"""The guide says what the screens say and what the method says: step 0's status names and
step 1's involvement options as the app shows them, the gut feeling checked against the figures,
and personas that stay fictional."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.services import i18n, reference

ROOT = Path(__file__).resolve().parents[2]


def page(lang, name):
    return (ROOT / "docs" / "handleiding" / lang / f"{name}.md").read_text(encoding="utf-8")


def italics(text):
    return {m.strip().lower() for m in re.findall(r"(?<!\*)\*([^*\n]+)\*(?!\*)", text)}


def short(label):
    """A label up to its gloss or explanation: 'Trekker (hoofdorganisatie)' -> 'trekker'."""
    return re.split(r"[(:]", label)[0].strip().lower()


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_step0_names_the_precondition_statuses_as_on_screen(lang):
    i18n.set_language(lang)
    shown = {short(label) for _code, label in reference.choices("precondition_status")}
    assert shown <= italics(page(lang, "step0"))


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_step1_names_the_involvement_options_as_on_screen(lang):
    i18n.set_language(lang)
    shown = {short(label) for _code, label in reference.choices("involvement")}
    assert shown <= italics(page(lang, "step1"))


@pytest.mark.parametrize("lang,words", [("nl", "cijfers"), ("fr", "chiffres"),
                                        ("en", "figures")])
def test_step0_checks_the_gut_feeling_against_the_figures(lang, words):
    text = page(lang, "step0").lower()
    assert "sharper than the figures" not in text and "scherper dan de cijfers" not in text
    assert "plus précis que les chiffres" not in text
    assert words in text


@pytest.mark.parametrize("lang,button", [("nl", "Uit stap 2…"), ("fr", "De l’étape 2…"),
                                         ("en", "From step 2…")])
def test_step5_does_not_make_personas_from_real_people(lang, button):
    text = page(lang, "step5")
    start = text.index("1. **Persona")
    personas_item = text[start:text.index("\n2. ", start)]
    assert button not in personas_item
    assert button in page(lang, "step5")  # it is named where it belongs: the sessions
