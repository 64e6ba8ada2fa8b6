"""What the user sees of a sender is bound to its key: a package or key file cannot show itself
under the name of a colleague already known under another key."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.core import Action, Trajectory
from app.models.exchange import ExchangeConflict, ExchangeImport, ExchangeKnownKey
from app.services.exchange import errors as E
from app.services.exchange import importer, keys
from app.services.exchange.errors import ExchangeError

from .conftest import snapshot


def _rename(lt, name, organisation=""):
    with lt.db.transaction() as s:
        keys.create_identity(s, name, organisation)


def _known_names(lt):
    with lt.db.session() as s:
        return sorted((k.name, k.fingerprint) for k in keys.known_keys(s))


def _preview(lt, path):
    with lt.db.session() as s:
        return importer.preview(s, lt.load(path), lt.db.device_id,
                                importer.own_fingerprint(s, lt.db.device_id))


@pytest.fixture
def office(laptops):
    anna, bert, mallory = laptops("anna"), laptops("bert"), laptops("mallory")
    _rename(bert, "Bert Peeters", "OCMW Heide")
    anna.trust(bert)
    with anna.db.transaction() as s:
        traj = Trajectory(name="Heide")
        s.add(traj)
        s.flush()
        s.add(Action(trajectory_id=traj.id, name="Soepbabbel", element_codes=["meeting"]))
    for other in (bert, mallory):
        other.import_(anna.export("full", to=other))
    return anna, bert, mallory


@pytest.mark.parametrize("claimed", ["Bert Peeters", "bert peeters", " Bért  Peeters ",
                                     "BERT-PEETERS"])
def test_a_new_key_cannot_pass_for_a_known_colleague(office, claimed):
    anna, _bert, mallory = office
    _rename(mallory, claimed, "OCMW Heide")
    package = mallory.export("full", to=anna)
    preview = _preview(anna, package)
    assert preview.sender_status == "lookalike"
    fingerprint = keys.pretty_fingerprint(preview.fingerprint)
    assert preview.sender_name != claimed and fingerprint[:9] in preview.sender_name
    before = snapshot(anna.db), _known_names(anna)
    with pytest.raises(ExchangeError) as info:
        anna.import_(package)
    assert info.value.msgid == E.KEY_LOOKALIKE
    assert fingerprint in info.value.user_message()
    assert (snapshot(anna.db), _known_names(anna)) == before
    # confirmed after a phone call: trusted, but under a name that tells the two apart
    anna.import_(package, trust_new_key=True)
    names = [n for n, _fp in _known_names(anna)]
    assert "Bert Peeters" in names and len(set(names)) == len(names) == 2
    assert any(fingerprint[:9] in n for n in names)


def test_a_trusted_key_is_shown_under_the_name_it_was_trusted_with(office):
    anna, bert, _mallory = office
    with bert.db.transaction() as s:
        s.scalars(select(Action)).one().name = "Soep van Bert"
    with anna.db.transaction() as s:
        s.scalars(select(Action)).one().name = "Soep van Anna"
    _rename(bert, "Anna", "OCMW Heide")  # bert's package now claims anna's name
    package = bert.export("full", to=anna)
    preview = _preview(anna, package)
    assert preview.sender_status == "trusted"
    assert (preview.sender_name, preview.sender_organisation) == ("Bert Peeters", "OCMW Heide")
    anna.import_(package)
    with anna.db.session() as s:
        assert [c.sender_name for c in s.scalars(select(ExchangeConflict))] == ["Bert Peeters"]
        assert [i.sender_name for i in s.scalars(select(ExchangeImport))] == ["Bert Peeters"]
        assert s.get(ExchangeKnownKey, preview.fingerprint).name == "Bert Peeters"


def test_a_key_file_cannot_take_a_known_colleagues_name(office, tmp_path):
    anna, _bert, mallory = office
    _rename(mallory, "Bert Peeters")
    info = mallory.public
    with anna.db.transaction() as s:
        key, _changes = keys.trust_key(s, info)
    assert key.name != "Bert Peeters" and key.name.startswith("Bert Peeters (")
    # nor anna's own name
    _rename(mallory, "anna")
    with anna.db.transaction() as s:
        key, _changes = keys.trust_key(s, mallory.public)
    assert key.name.startswith("anna (")


def test_a_new_key_with_my_own_name_is_a_lookalike(office):
    anna, _bert, mallory = office
    _rename(mallory, "Anna")
    assert _preview(anna, mallory.export("full", to=anna)).sender_status == "lookalike"


def test_a_new_colleague_with_a_new_name_is_simply_new(office, laptops):
    anna, _bert, _mallory = office
    carla = laptops("carla")
    _rename(carla, "Carla Janssens")
    carla.import_(anna.export("full", to=carla))
    preview = _preview(anna, carla.export("full", to=anna))
    assert (preview.sender_status, preview.sender_name) == ("new", "Carla Janssens")


def test_a_new_key_with_only_the_lead_organisations_name_is_a_lookalike(office, laptops):
    """Without a person's name the organisation is what the user sees: a new key cannot pass
    for the known lead organisation by naming only the organisation."""
    anna, _bert, mallory = office
    lead = laptops("lead")
    _rename(lead, "", "Welzijnsregio Kempen")
    with lead.db.transaction() as s:
        keys.get_identity(s).name = ""
    anna.trust(lead, "lead")
    _rename(mallory, "", "Welzijnsregio Kempen")
    with mallory.db.transaction() as s:
        keys.get_identity(s).name = ""
    preview = _preview(anna, mallory.export("full", to=anna))
    assert preview.sender_status == "lookalike"
    assert preview.sender_name.startswith("Welzijnsregio Kempen (")
    anna.import_(mallory.export("full", to=anna), trust_new_key=True)
    labels = [k.name or k.organisation for k in _keys(anna)]
    assert labels.count("Welzijnsregio Kempen") == 1 and len(set(labels)) == len(labels)


def _keys(lt):
    with lt.db.session() as s:
        return list(keys.known_keys(s))
