""""Done when": two laptops and a lead organisation exchange packages for a month of work, in
mixed order, with edits on both sides, a conflicting edit, a delete and an erasure."""
from __future__ import annotations

from sqlalchemy import select

from app.models.base import utcnow
from app.models.core import Action, Partner, Trajectory
from app.models.exchange import ExchangeConflict
from app.models.groundwork import InterestedPerson
from app.services import records
from app.services.exchange import conflicts, tables

from .conftest import snapshot

PEOPLE = ["Godelieve Vandamme", "Rik De Smedt", "Marcel Wouters"]


def _pending(lt):
    with lt.db.session() as s:
        return conflicts.pending(s)


def _edit(lt, model, record_id, **values):
    with lt.db.transaction() as s:
        obj = records.get_any(s, model, record_id)
        for key, value in values.items():
            setattr(obj, key, value)


def test_a_month_of_exchanges_between_two_laptops_and_the_lead(laptops):
    x, y, lead = laptops("xavier", "OCMW Heide"), laptops("yasmine", "OCMW Heide"), \
        laptops("lead", "Welzijnsregio")
    x.trust(lead, "lead")
    y.trust(lead, "lead")
    # week 0: X starts the trajectory
    with x.db.transaction() as s:
        traj = Trajectory(name="Heide", municipality="Heide-dorp")
        s.add(traj)
        s.flush()
        partners = [Partner(trajectory_id=traj.id, name=f"Partner {i}",
                            contact_person=PEOPLE[i], phone=f"0470 00 00 0{i}")
                    for i in range(3)]
        action = Action(trajectory_id=traj.id, name="Soepbabbel", element_codes=["meeting"])
        people = [InterestedPerson(trajectory_id=traj.id, name=n, contact=f"{n[:3]}@mail.be")
                  for n in PEOPLE]
        s.add_all([*partners, action, *people])
    p0, _p1, p2 = (p.id for p in partners)
    erased_person = people[0].id
    y.import_(x.export("full", to=y))
    week0_lead = x.export("lead")
    lead.import_(week0_lead)

    # week 1: edits on both sides, different fields of the same record; Y adds an action
    _edit(x, Partner, p0, notes="Wekelijks overleg op maandag")
    _edit(y, Partner, p0, involvement="lead")
    with y.db.transaction() as s:
        extra = Action(trajectory_id=traj.id, name="Wandelclub",
                       element_codes=["social_activities"])
        s.add(extra)
    x_w1, y_w1 = x.export("full", to=y), y.export("full", to=x)
    y_w1_lead = y.export("lead")
    x.import_(y_w1)
    y.import_(x_w1)
    lead.import_(x.export("lead"))  # lead gets X's newer package first

    # week 2: a conflicting edit of the same field
    _edit(x, Action, action.id, name="Soepbabbel op dinsdag")
    _edit(y, Action, action.id, name="Soep & babbel")
    x_w2, y_w2 = x.export("full", to=y), y.export("full", to=x)
    x.import_(y_w2)
    y.import_(x_w2)
    lead.import_(y.export("lead"))
    lead.import_(x.export("lead"))
    assert [c.field for c in _pending(x)] == ["name"]
    assert [c.field for c in _pending(y)] == ["name"]

    # week 3: a person at X chooses Y's name; Y deletes a partner; X erases a person while
    # Y still edits that person's notes
    (item,) = _pending(x)
    assert {item.ours, item.theirs} == {"Soepbabbel op dinsdag", "Soep & babbel"}
    with x.db.transaction() as s:
        conflicts.resolve(s, item.id, "incoming", x.db.device_id)
    with y.db.transaction() as s:
        records.soft_delete(s, Partner, p2)
    _edit(x, InterestedPerson, erased_person, name="", contact="", notes="",
          erased_at=utcnow(), deleted_at=utcnow())
    _edit(y, InterestedPerson, erased_person, notes="Belt graag op vrijdag")
    x_w3, y_w3 = x.export("full", to=y), y.export("full", to=x)
    lead_x3, lead_y3 = x.export("lead"), y.export("lead")
    y.import_(x_w3)
    x.import_(y_w3)
    lead.import_(lead_y3)
    lead.import_(lead_x3)
    # late and repeated deliveries: an old package arrives after newer ones, one twice
    assert lead.import_(y_w1_lead).preview.total("updated") == 0
    assert lead.import_(week0_lead).already_imported is not None
    assert y.import_(x_w1).already_imported is not None

    # week 4: one more round so every side has seen everything
    y.import_(x.export("full", to=y))
    x.import_(y.export("full", to=x))
    lead.import_(x.export("lead"))
    lead.import_(y.export("lead"))

    assert snapshot(x.db) == snapshot(y.db)
    for lt in (x, y, lead):
        assert _pending(lt) == []
        with lt.db.session() as s:
            chosen = s.scalars(select(ExchangeConflict).where(
                ExchangeConflict.resolution.in_(["local", "incoming"]))).all()
            assert len(chosen) == (1 if lt is x else 0)
            act = records.get_any(s, Action, action.id)
            assert act.name == "Soep & babbel"
            partner = records.get_any(s, Partner, p0)
            # free text (the partner's notes) never goes to the lead organisation
            notes = "" if lt is lead else "Wekelijks overleg op maandag"
            assert (partner.notes, partner.involvement) == (notes, "lead")
            assert records.get_any(s, Partner, p2).deleted_at is not None
            assert records.get_any(s, Action, extra.id).deleted_at is None
            person = records.get_any(s, InterestedPerson, erased_person)
            assert person.erased_at is not None and person.deleted_at is not None
            assert (person.name, person.contact, person.notes) == ("", "", "")
    # the lead holds the same method data, without personal fields
    # (hidden in the lead scope: personal fields, free text and coarsened quasi-identifiers)
    personal = {m.__tablename__: tables.hidden_fields(m, "lead") | set(m.LEAD_COARSEN)
                for m in tables.ordered_models()}
    xs, ls = snapshot(x.db), snapshot(lead.db)
    for kind, rows in ls.items():
        for rid, content in rows.items():
            expected = {k: v for k, v in xs[kind][rid].items() if k not in personal[kind]}
            assert {k: v for k, v in content.items() if k not in personal[kind]} == expected
    lead_text = repr(ls)
    for value in [*PEOPLE, "0470 00 00 01", "Belt graag op vrijdag"]:
        assert value not in lead_text
