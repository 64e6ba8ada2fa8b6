"""Persona library: examples in three languages, validation, photos and the real-person check."""
from __future__ import annotations

import base64
import sys
import types

import pytest
from babel.messages.pofile import read_po

from app.models.participation import Persona
from app.services import i18n, paths, reference
from app.services.participation import examples, personas


def test_examples_cover_every_risk_group():
    assert set(reference.codes("risk_group")) <= examples.covered_risk_groups()
    assert len({e.key for e in examples.EXAMPLES}) == len(examples.EXAMPLES)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_every_example_text_is_translated(lang):
    with open(paths.translations_dir() / lang / "LC_MESSAGES" / "participation.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
    for ex in examples.EXAMPLES:
        for msgid in (ex.living_situation, ex.village_context, ex.social_needs, ex.strengths,
                      ex.quote):
            message = catalog.get(msgid)
            assert message is not None and message.string, (ex.key, msgid)
            assert message.string != msgid


def test_copy_example_stores_the_current_language(db, tid):
    i18n.set_language("fr")
    with db.transaction() as s:
        obj, changes = personas.copy_example(s, tid, "ayse")
    assert changes.touches("persona")
    assert obj.name == "Ayşe" and obj.example_key == "ayse"
    assert "néerlandais" in obj.living_situation
    assert obj.dream_question.startswith("Que faudrait-il") and "Ayşe" in obj.dream_question
    assert obj.risk_group_codes == ["newcomers"]
    i18n.set_language("nl")
    with db.transaction() as s:
        nl = personas.copy_example(s, tid, "ayse")[0]
    assert "Nederlandse les" in nl.living_situation


def test_copy_unknown_example_is_refused(db, tid):
    with pytest.raises(personas.UnknownExampleError), db.transaction() as s:
        personas.copy_example(s, tid, "nobody")


@pytest.mark.parametrize("values, error", [
    ({"name": "  "}, personas.PersonaNameMissingError),
    ({"name": "Jan", "age": 140}, personas.PersonaAgeInvalidError),
    ({"name": "Jan", "age": "oud"}, personas.PersonaAgeInvalidError),
    ({"name": "Jan", "risk_group_codes": ["aliens"]}, personas.UnknownRiskGroupError),
    ({"name": "Jan", "photo": base64.b64encode(b"GIF89a...").decode()}, personas.PhotoInvalidError),
])
def test_bad_input_is_refused_and_nothing_written(db, tid, values, error):
    with pytest.raises(error) as info, db.transaction() as s:
        personas.create_persona(s, tid, **values)
    assert info.value.user_message()
    with db.session() as s:
        assert s.query(Persona).count() == 0


def test_create_fills_picture_and_dream_question(db, tid):
    with db.transaction() as s:
        obj, _c = personas.create_persona(s, tid, name=" Noor ", age="44",
                                          risk_group_codes=["poverty", "poverty"])
    assert obj.name == "Noor" and obj.age == 44 and obj.picture
    assert obj.risk_group_codes == ["poverty"]
    assert "Noor" in obj.dream_question


def test_update_keeps_unchanged_fields(db, tid):
    with db.transaction() as s:
        obj = personas.copy_example(s, tid, "jozef")[0]
        personas.update_persona(s, obj.id, quote="Nieuw citaat")
    with db.session() as s:
        again = s.get(Persona, obj.id)
        assert again.quote == "Nieuw citaat" and again.name == "Jozef"
        assert again.revision == 2


def test_photo_roundtrip_and_limits():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    stored = personas.encode_photo(png)
    assert personas.photo_bytes(stored) == png
    with pytest.raises(personas.PhotoInvalidError):
        personas.encode_photo(b"\xff\xd8\xff" + b"x" * personas.MAX_PHOTO_BYTES)
    with pytest.raises(personas.PhotoInvalidError):
        personas.photo_bytes("not base64!!")


@pytest.mark.parametrize("text, kind, found", [
    ("Woont in de Kerkstraat 12 in Olen", "address", "Kerkstraat 12"),
    ("Stationsstraat 4b", "address", "Stationsstraat 4b"),
    ("habite 12 rue de la Gare, à Arlon", "address", "12 rue de la Gare"),
    ("bel haar op 0470 12 34 56", "phone", "0470 12 34 56"),
    ("tel. +32 14 21 33 44", "phone", "+32 14 21 33 44"),
    ("mail naar an.peeters@voorbeeld.be", "email", "an.peeters@voorbeeld.be"),
])
def test_real_person_signs_are_found(text, kind, found):
    warnings = personas.text_warnings(text)
    assert (kind, found) in {(w.kind, w.found) for w in warnings}
    assert found in warnings[0].user_message()


@pytest.mark.parametrize("text", [
    "82 jaar, sinds 2019 weduwe", "woont in de Dorpsstraat", "twee jongens van 6 en 9",
    "de bus van 19.05 uur", "kost € 12,50 per maand",
])
def test_ordinary_persona_text_gives_no_warning(text):
    assert personas.text_warnings(text) == []


def test_outreach_names_are_checked(monkeypatch, session):
    fake = types.ModuleType("app.services.outreach.lookup")
    fake.matching_names = lambda s, text: ["Maria Peeters"] if "Maria Peeters" in text else []
    monkeypatch.setitem(sys.modules, "app.services.outreach.lookup", fake)
    found = personas.real_person_warnings(session, {"name": "Maria", "quote": "Ik ben Maria "
                                                   "Peeters"})
    assert [(w.kind, w.found) for w in found] == [("name", "Maria Peeters")]
    i18n.set_language("fr")
    assert "Maria Peeters" in found[0].user_message() and "liste" in found[0].user_message()


def test_missing_outreach_feature_means_no_list(monkeypatch, session):
    monkeypatch.setitem(sys.modules, "app.services.outreach.lookup", None)
    assert personas.real_person_warnings(session, {"name": "Maria Peeters"}) == []
