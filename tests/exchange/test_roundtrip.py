"""Round trip, the same package twice, either order, scopes."""
from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from app.models.core import Action, Partner, Trajectory
from app.models.exchange import ExchangeImport
from app.services import records
from app.services.exchange import codec, package, tables

from .conftest import snapshot


def test_round_trip_gives_the_same_records(demo_laptop, laptops):
    bert = laptops("bert")
    first = demo_laptop.export("full", to=bert)
    result = bert.import_(first)
    assert result.preview.total("added") > 100
    assert snapshot(bert.db) == snapshot(demo_laptop.db)
    # export again from the copy: the same records travel back unchanged
    back = bert.export("full", to=demo_laptop)
    again = demo_laptop.import_(back)
    assert again.preview.total("added") == 0
    assert again.preview.total("updated") == 0
    assert again.preview.total("conflict") == 0
    assert snapshot(bert.db) == snapshot(demo_laptop.db)


def test_same_package_twice_changes_nothing(demo_laptop, laptops):
    bert = laptops("bert")
    path = demo_laptop.export("full", to=bert)
    bert.import_(path)
    before = snapshot(bert.db)
    second = bert.import_(path)
    assert second.already_imported is not None
    assert snapshot(bert.db) == before
    with bert.db.session() as s:
        assert len(s.scalars(select(ExchangeImport)).all()) == 1


def test_two_packages_in_either_order_give_the_same_result(demo_laptop, laptops):
    bert, lead1, lead2 = laptops("bert"), laptops("lead1"), laptops("lead2")
    bert.import_(demo_laptop.export("full", to=bert))
    base = demo_laptop.export("full", to=lead1)
    lead1.import_(base)
    lead2.import_(lead1.export("full", to=lead2))
    with demo_laptop.db.transaction() as s:
        partner = s.scalars(select(Partner).order_by(Partner.id)).first()
        partner.notes = "Anna's note"
        action = s.scalars(select(Action).order_by(Action.id)).first()
        records.soft_delete(s, Action, action.id)
    with bert.db.transaction() as s:
        partner = s.scalars(select(Partner).order_by(Partner.id)).first()
        partner.phone = "+32 470 12 34 56"
        traj = s.scalars(select(Trajectory)).first()
        traj.description = "Bert's description ✓ 𝄞"
    from_anna, from_bert = demo_laptop.export("full", to=lead1), bert.export("full", to=lead1)
    from_anna2 = demo_laptop.export("full", to=lead2)
    from_bert2 = bert.export("full", to=lead2)
    lead1.import_(from_anna)
    lead1.import_(from_bert)
    lead2.import_(from_bert2)
    lead2.import_(from_anna2)
    assert snapshot(lead1.db) == snapshot(lead2.db)
    with lead1.db.session() as s:
        partner = s.get(Partner, partner.id)
        assert (partner.notes, partner.phone) == ("Anna's note", "+32 470 12 34 56")
        assert s.get(Action, action.id) is None  # the tombstone travelled


def _members(path, lead) -> dict[str, bytes]:
    data = package.decrypt(path.read_bytes(), [_identity(lead)], None)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _strings(obj, found: set) -> None:
    if isinstance(obj, str):
        found.add(obj)
    elif isinstance(obj, dict):
        for value in obj.values():
            _strings(value, found)
    elif isinstance(obj, list):
        for value in obj:
            _strings(value, found)


def _identity(lt):
    import pyrage

    from app.services.exchange import keys
    with lt.db.session() as s:
        return pyrage.x25519.Identity.from_str(keys.get_identity(s).age_identity)


def test_lead_scope_holds_no_personal_field(demo_laptop, laptops):
    lead = laptops("lead", "Welzijnsregio")
    demo_laptop.trust(lead, "lead")
    path = demo_laptop.export("lead")
    assert package.encryption_of(path.read_bytes()) == "key"  # to the lead's known key
    members = _members(path, lead)
    text = b"\n".join(members.values()).decode("utf-8")
    strings = set()
    for name, data in members.items():
        if name.endswith(".jsonl"):
            for line in data.decode("utf-8").splitlines():
                _strings(json.loads(line), strings)
        elif name.endswith(".json"):
            _strings(json.loads(data), strings)
    personal, public = set(), []
    with demo_laptop.db.session() as s:
        for model in tables.ordered_models():
            for field in codec.content_fields(model):
                values = s.scalars(select(getattr(model, field)).execution_options(
                    include_deleted=True))
                texts = [v for v in values if isinstance(v, str) and len(v.strip()) >= 4]
                if field in model.PERSONAL_FIELDS:
                    personal.update(texts)
                else:
                    public.extend(texts)
    # a value also written in a non-personal field (a persona's made-up name, a professional
    # named in a note) is not a leak of the personal field
    public_text = "\n".join(public)
    personal = {v for v in personal if v not in public_text}
    assert personal, "the demo data should hold personal values to look for"
    # whole values anywhere, and longer values (full names, phone numbers) even inside text
    leaks = [v for v in personal if v in strings
             or (len(v) >= 9 and json.dumps(v, ensure_ascii=False)[1:-1] in text)]
    assert leaks == []
    for model in tables.ordered_models():
        if "lead" not in model.EXCHANGE_SCOPES:
            assert f"records/{model.__tablename__}.jsonl" not in members
    lead.import_(path)
    with lead.db.session() as s:
        partners = s.scalars(select(Partner)).all()
        assert partners and all(p.phone == "" and p.email == "" for p in partners)
        # no stable pseudonym either: it would let a per-person profile grow at the lead
        assert [p.contact_person for p in partners if p.contact_person] == []


def test_lead_scope_carries_no_pseudonyms_between_packages(demo_laptop, laptops):
    lead = laptops("lead")
    first = demo_laptop.export("lead", to=lead)
    second = demo_laptop.export("lead", to=lead)
    for path in (first, second):
        for name, data in _members(path, lead).items():
            assert b'"P-' not in data, name


def test_practices_land_in_the_chosen_trajectory_once(demo_laptop, laptops):
    other = laptops("other")
    with other.db.transaction() as s:
        target = Trajectory(name="Anderdorp")
        s.add(target)
    path = demo_laptop.export("practices")
    assert package.encryption_of(path.read_bytes()) == ""
    pkg = other.load(path)
    assert set(pkg.records) <= {m.__tablename__ for m in tables.ordered_models()
                                if "practices" in m.EXCHANGE_SCOPES}
    other.import_(path, target_trajectory=target.id)
    with other.db.session() as s:
        actions = s.scalars(select(Action)).all()
        assert actions and {a.trajectory_id for a in actions} == {target.id}
    again = other.load(path)
    from app.services.exchange import importer
    assert importer.preview_for(other.db, again, target.id).already_imported is not None


def test_attachments_travel_only_when_asked_for(laptops, monkeypatch):
    anna, bert = laptops("anna"), laptops("bert")
    monkeypatch.setattr(Partner, "ATTACHMENT_FIELDS", ("notes",), raising=False)
    with anna.db.transaction() as s:
        traj = Trajectory(name="T")
        s.add(traj)
        s.flush()
        s.add(Partner(trajectory_id=traj.id, name="P", notes="a big photo"))
    without = anna.export("full", to=bert)
    assert b"a big photo" not in b"".join(_members(without, bert).values())
    bert.import_(without)
    with bert.db.session() as s:
        assert s.scalars(select(Partner)).one().notes == ""
    bert.import_(anna.export("full", to=bert, attachments=True))
    with bert.db.session() as s:
        assert s.scalars(select(Partner)).one().notes == "a big photo"


def test_conflicting_packages_in_either_order_give_the_same_conflicts(laptops):
    from app.services.exchange import conflicts

    anna, bert, lead1, lead2 = (laptops(n) for n in ("anna", "bert", "lead1", "lead2"))
    with anna.db.transaction() as s:
        traj = Trajectory(name="T")
        s.add(traj)
        s.flush()
        action = Action(trajectory_id=traj.id, name="Start", description="d")
        s.add(action)
    first = anna.export("full", to=bert)
    bert.import_(first)
    for lead in (lead1, lead2):
        lead.import_(anna.export("full", to=lead))
    with anna.db.transaction() as s:
        s.get(Action, action.id).name = "Anna"
    with bert.db.transaction() as s:
        obj = s.get(Action, action.id)
        obj.name, obj.description = "Bert", "nieuw"
    a1, b1 = anna.export("full", to=lead1), bert.export("full", to=lead1)
    a2, b2 = anna.export("full", to=lead2), bert.export("full", to=lead2)
    lead1.import_(a1)
    lead1.import_(b1)
    lead2.import_(b2)
    lead2.import_(a2)

    def waiting(lt):
        with lt.db.session() as s:
            return [(c.record_id, c.field, frozenset([c.ours, c.theirs]))
                    for c in conflicts.pending(s)]

    assert waiting(lead1) == waiting(lead2) == [(action.id, "name",
                                                 frozenset(["Anna", "Bert"]))]
    with lead1.db.session() as s1, lead2.db.session() as s2:
        assert s1.get(Action, action.id).description == "nieuw"
        assert s2.get(Action, action.id).description == "nieuw"


BOTH_ENGINES = True  # the laptops (and `db`) run on SQLite and on a real PostgreSQL
