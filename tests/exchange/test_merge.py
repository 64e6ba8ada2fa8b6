"""Version vectors, the three-way merge, erasure, and record sets with odd Unicode."""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.models.core import Action, Partner, Trajectory
from app.services.exchange.merge import (
    FieldMerge,
    Version,
    apply_erasure,
    common_base,
    compare,
    merge_fields,
    vmax,
)

from .conftest import snapshot


def test_vector_comparison():
    assert compare({"a": 1}, {"a": 1}) == "same"
    assert compare({"a": 2}, {"a": 1}) == "older"
    assert compare({"a": 1}, {"a": 1, "b": 1}) == "newer"
    assert compare({"a": 2}, {"a": 1, "b": 1}) == "concurrent"
    assert vmax({"a": 2}, {"a": 1, "b": 3}) == {"a": 2, "b": 3}


def test_field_merge_takes_one_sided_changes_and_flags_both_sided_ones():
    base = {"name": "Soep", "notes": "", "phone": "1"}
    ours = {"name": "Soep!", "notes": "ons", "phone": "1"}
    theirs = {"name": "Soep?", "notes": "", "phone": "2"}
    merged = merge_fields(ours, theirs, base, ["name", "notes", "phone"])
    assert merged.content == {"name": "Soep!", "notes": "ons", "phone": "2"}
    assert merged.conflicts == {"name": ("Soep!", "Soep?")}
    # without a common base every difference waits for a person
    assert set(merge_fields(ours, theirs, None, ["name", "notes", "phone"]).conflicts) == {
        "name", "notes", "phone"}


def test_common_base_is_the_newest_shared_ancestor():
    old, newer = Version({"a": 1}, {}), Version({"a": 2}, {})
    assert common_base({"a": 2, "b": 1}, {"a": 3}, [old, newer]) is newer
    assert common_base({"b": 1}, {"a": 1}, [old]) is None


def test_an_erased_record_is_never_brought_back():
    ours = {"name": "", "notes": "", "erased_at": "2026-01-02T00:00:00+00:00",
            "deleted_at": "2026-01-02T00:00:00+00:00"}
    older = {"name": "Rik", "notes": "oud", "erased_at": None, "deleted_at": None}
    merged = FieldMerge(dict(ours), {"name": ("", "Rik")})
    apply_erasure(merged, ours, older, ("name", "notes"))
    assert merged.content == ours and merged.conflicts == {}
    merged = FieldMerge(dict(older))
    apply_erasure(merged, older, ours, ("name", "notes"))
    assert merged.content == ours


def test_an_edit_against_a_delete_is_a_conflict_for_a_person(laptops):
    from app.services import records
    from app.services.exchange import conflicts

    anna, bert = laptops("anna"), laptops("bert")
    with anna.db.transaction() as s:
        traj = Trajectory(name="T")
        s.add(traj)
        s.flush()
        partner = Partner(trajectory_id=traj.id, name="P")
        s.add(partner)
    bert.import_(anna.export("full", to=bert))
    with anna.db.transaction() as s:
        records.soft_delete(s, Partner, partner.id)
    with bert.db.transaction() as s:
        s.get(Partner, partner.id).notes = "bijgewerkt"
    bert.import_(anna.export("full", to=bert))
    anna.import_(bert.export("full", to=anna))
    for lt, deleted_here in ((anna, True), (bert, False)):
        with lt.db.session() as s:
            (item,) = conflicts.pending(s)
            assert item.field == "deleted_at"
            assert bool(item.ours) is deleted_here and bool(item.theirs) is not deleted_here
            p = records.get_any(s, Partner, partner.id)
            assert p.notes == "bijgewerkt"  # the edit is kept either way
            assert (p.deleted_at is not None) is deleted_here  # nothing decided yet
    # anna's person decides to keep the partner; the choice settles bert's conflict too
    with anna.db.session() as s:
        (item,) = conflicts.pending(s)
    with anna.db.transaction() as s:
        conflicts.resolve(s, item.id, "incoming", anna.db.device_id)
    bert.import_(anna.export("full", to=bert))
    anna.import_(bert.export("full", to=anna))
    assert snapshot(anna.db) == snapshot(bert.db)
    for lt in (anna, bert):
        with lt.db.session() as s:
            assert conflicts.pending(s) == []
            p = records.get_any(s, Partner, partner.id)
            assert p.deleted_at is None and p.notes == "bijgewerkt"


def test_a_delete_alone_or_an_edit_alone_merges_without_asking(laptops):
    from app.services import records
    from app.services.exchange import conflicts

    anna, bert = laptops("anna"), laptops("bert")
    with anna.db.transaction() as s:
        traj = Trajectory(name="T")
        s.add(traj)
        s.flush()
        gone, edited = Partner(trajectory_id=traj.id, name="P1"), Partner(
            trajectory_id=traj.id, name="P2")
        s.add_all([gone, edited])
    bert.import_(anna.export("full", to=bert))
    with anna.db.transaction() as s:
        records.soft_delete(s, Partner, gone.id)
        s.get(Partner, edited.id).name = "P2 (anna)"
    with bert.db.transaction() as s:
        s.get(Partner, edited.id).notes = "bert"
    bert.import_(anna.export("full", to=bert))
    anna.import_(bert.export("full", to=anna))
    assert snapshot(anna.db) == snapshot(bert.db)
    with anna.db.session() as s:
        assert conflicts.pending(s) == []
        assert records.get_any(s, Partner, gone.id).deleted_at is not None
        assert records.get_any(s, Partner, edited.id).notes == "bert"


ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   max_size=40)


def test_hypothesis_record_sets_with_odd_unicode_round_trip(laptops):
    anna, bert = laptops("anna"), laptops("bert")
    seen = []

    @settings(max_examples=12, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.lists(st.tuples(ODD_TEXT, ODD_TEXT, st.booleans()), min_size=1, max_size=6),
           st.lists(st.sampled_from(["meeting", "social_activities", "digital", "mindfulness"]),
                    max_size=4),
           st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2100, 12, 31))))
    def check(partners, codes, start):
        with anna.db.transaction() as s:
            traj = Trajectory(name=f"T{len(seen)} {partners[0][0]}", start_date=start)
            s.add(traj)
            s.flush()
            s.add_all([Partner(trajectory_id=traj.id, name=n, notes=t, essential=e)
                       for n, t, e in partners])
            s.add(Action(trajectory_id=traj.id, name=partners[-1][1], element_codes=codes))
        seen.append(traj.id)
        bert.import_(anna.export("full", to=bert))
        assert snapshot(bert.db) == snapshot(anna.db)

    check()
    with bert.db.session() as s:
        assert len(s.scalars(select(Trajectory)).all()) == len(seen)


def test_the_same_checklist_item_ticked_on_two_laptops(laptops):
    from app.models.core import ChecklistTick
    from app.services import method

    anna, bert, lead = laptops("anna"), laptops("bert"), laptops("lead")
    with anna.db.transaction() as s:
        traj = Trajectory(name="T")
        s.add(traj)
    bert.import_(anna.export("full", to=bert))
    for lt in (anna, bert):
        with lt.db.transaction() as s:
            method.set_tick(s, traj.id, 1, "roles_agreed", True)
    bert.import_(anna.export("full", to=bert))
    anna.import_(bert.export("full", to=anna))
    lead.import_(anna.export("lead", to=lead))
    lead.import_(bert.export("lead", to=lead))
    for lt in (anna, bert, lead):
        with lt.db.session() as s:
            ticks = s.scalars(select(ChecklistTick)).all()
            assert [(t.step, t.item_code, t.done) for t in ticks] == [(1, "roles_agreed", True)]


def test_an_old_copy_arriving_again_does_not_close_open_conflicts(laptops):
    from app.services.exchange import conflicts

    anna, bert = laptops("anna"), laptops("bert")
    with anna.db.transaction() as s:
        traj = Trajectory(name="T")
        s.add(traj)
        s.flush()
        action = Action(trajectory_id=traj.id, name="Start", description="d")
        s.add(action)
    bert.import_(anna.export("full", to=bert))
    with anna.db.transaction() as s:
        obj = s.get(Action, action.id)
        obj.name, obj.description = "Anna", "Anna's"
    with bert.db.transaction() as s:
        obj = s.get(Action, action.id)
        obj.name, obj.description = "Bert", "Bert's"
    first, again = anna.export("full", to=bert), anna.export("full", to=bert)
    bert.import_(first)
    with bert.db.session() as s:
        items = {c.field: c for c in conflicts.pending(s)}
    assert set(items) == {"name", "description"}
    with bert.db.transaction() as s:
        conflicts.resolve(s, items["name"].id, "incoming", bert.db.device_id)
    bert.import_(again)  # the same version of anna's record in a second package
    with bert.db.session() as s:
        assert [c.field for c in conflicts.pending(s)] == ["description"]


BOTH_ENGINES = True  # the laptops (and `db`) run on SQLite and on a real PostgreSQL
