"""A settled conflict stays settled across laptops; with several equally good common bases
(criss-cross) the merge never silently picks one."""
from __future__ import annotations

from sqlalchemy import select

from app.models.core import Action, Trajectory
from app.models.exchange import ExchangeConflict
from app.services.exchange import conflicts
from app.services.exchange.merge import Version, common_base, common_bases, merge_fields

from .conftest import snapshot


def _start(*lts):
    first = lts[0]
    with first.db.transaction() as s:
        traj = Trajectory(name="T")
        s.add(traj)
        s.flush()
        action = Action(trajectory_id=traj.id, name="Soepbabbel", description="start")
        s.add(action)
    for other in lts[1:]:
        other.import_(first.export("full", to=other))
    return action.id


def _rename(lt, action_id, name):
    with lt.db.transaction() as s:
        s.get(Action, action_id).name = name


def _pending(lt):
    with lt.db.session() as s:
        return conflicts.pending(s)


def _settle(lt, choice):
    (item,) = _pending(lt)
    with lt.db.transaction() as s:
        conflicts.resolve(s, item.id, choice, lt.db.device_id)


def _name(lt, action_id):
    with lt.db.session() as s:
        return s.get(Action, action_id).name


def _exchange(a, b):
    pa, pb = a.export("full", to=b), b.export("full", to=a)
    b.import_(pa)
    a.import_(pb)


def test_the_criss_cross_base_keeps_only_what_both_bases_agree_on():
    settled_a = Version({"a": 2}, {"name": "Anna's", "notes": "same"})
    settled_b = Version({"a": 1, "b": 1}, {"name": "Bert's", "notes": "same"})
    local, incoming = {"a": 3, "b": 1}, {"a": 2, "b": 2}
    assert len(common_bases(local, incoming, [settled_a, settled_b])) == 2
    base = common_base(local, incoming, [settled_a, settled_b])
    assert base.content == {"notes": "same"}
    merged = merge_fields({"name": "Bert's", "notes": "same"}, {"name": "Anna's",
                                                                 "notes": "same"},
                          base.content, ["name", "notes"])
    assert merged.conflicts == {"name": ("Bert's", "Anna's")}
    # one newest base: the usual three-way merge
    older = Version({"a": 1}, {"name": "x"})
    assert common_bases(local, incoming, [older, settled_a]) == [settled_a]


def test_two_laptops_that_settle_differently_get_a_conflict_not_a_silent_winner(laptops):
    anna, bert = laptops("anna"), laptops("bert")
    action = _start(anna, bert)
    _rename(anna, action, "Soep op dinsdag")
    _rename(bert, action, "Soep & babbel")
    _exchange(anna, bert)
    # each settles the same conflict, the other way round
    _settle(anna, "incoming")  # anna takes bert's name
    _settle(bert, "incoming")  # bert takes anna's name
    assert (_name(anna, action), _name(bert, action)) == ("Soep & babbel", "Soep op dinsdag")
    _exchange(anna, bert)
    for lt in (anna, bert):
        (item,) = _pending(lt)
        assert item.field == "name"
        assert {item.ours, item.theirs} == {"Soep & babbel", "Soep op dinsdag"}
    # neither choice was undone behind a person's back
    assert (_name(anna, action), _name(bert, action)) == ("Soep & babbel", "Soep op dinsdag")
    # one person settles it once more; that choice reaches the other laptop and stays
    _settle(bert, "local")
    _exchange(anna, bert)
    _exchange(anna, bert)
    assert _pending(anna) == [] and _pending(bert) == []
    assert _name(anna, action) == _name(bert, action) == "Soep op dinsdag"
    assert snapshot(anna.db) == snapshot(bert.db)


def test_two_laptops_that_settle_the_same_way_agree_without_asking_again(laptops):
    anna, bert = laptops("anna"), laptops("bert")
    action = _start(anna, bert)
    _rename(anna, action, "Soep op dinsdag")
    _rename(bert, action, "Soep & babbel")
    _exchange(anna, bert)
    _settle(anna, "local")  # anna keeps her own name
    _settle(bert, "incoming")  # bert takes anna's name too
    _exchange(anna, bert)
    assert _pending(anna) == [] and _pending(bert) == []
    assert _name(anna, action) == _name(bert, action) == "Soep op dinsdag"
    assert snapshot(anna.db) == snapshot(bert.db)


def test_a_choice_made_on_one_of_three_laptops_settles_the_others_and_stays(laptops):
    anna, bert, chris = laptops("anna"), laptops("bert"), laptops("chris")
    action = _start(anna, bert, chris)
    _rename(anna, action, "Soep op dinsdag")
    _rename(bert, action, "Soep & babbel")
    anna_old, bert_old = anna.export("full", to=chris), bert.export("full", to=chris)
    bert_for_anna = bert.export("full", to=anna)
    chris.import_(anna_old)
    chris.import_(bert_old)
    anna.import_(bert_for_anna)
    assert [c.field for c in _pending(chris)] == ["name"]
    assert [c.field for c in _pending(anna)] == ["name"]
    _settle(anna, "incoming")  # anna chooses bert's name
    settled = anna.export("full", to=chris)
    chris.import_(settled)
    bert.import_(anna.export("full", to=bert))
    # the old packages arrive again (a stick found in a drawer): nothing reopens
    for lt, old in ((chris, bert.export("full", to=chris)), (anna, bert.export("full", to=anna))):
        lt.import_(old)
    _exchange(bert, chris)
    _exchange(chris, anna)
    for lt in (anna, bert, chris):
        assert _pending(lt) == [], lt.name
        assert _name(lt, action) == "Soep & babbel"
    assert snapshot(anna.db) == snapshot(bert.db) == snapshot(chris.db)
    with chris.db.session() as s:
        closed = s.scalars(select(ExchangeConflict.resolution)).all()
    assert closed == ["superseded"]


BOTH_ENGINES = True  # the laptops (and `db`) run on SQLite and on a real PostgreSQL
