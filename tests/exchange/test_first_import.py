"""A first import into an empty database takes a short path through the decisions (no local
row or state can meet a record of the package there) with exactly the long way's result."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models.core import Trajectory
from app.models.outreach import OutreachCampaign, OutreachPerson
from app.services.exchange import importer, state
from app.services.exchange.merge import Version
from app.services.outreach import campaigns, people, retention

from .conftest import snapshot
from .test_scale import _copy, _states


@pytest.fixture
def lookups(monkeypatch):
    """The tables whose rows were looked up for the records of a chunk."""
    seen: list[str] = []
    real = state.present_ids

    def counting(session, table, ids):
        seen.append(table)
        return real(session, table, ids)

    monkeypatch.setattr(state, "present_ids", counting)
    return seen


def _long_way(monkeypatch) -> None:
    """Every table counts as holding rows: the decisions look everything up, as before."""
    monkeypatch.setattr(state, "no_rows", lambda session, table: False)


def _first_import(demo_laptop, laptops, tmp_path, monkeypatch, lookups, change=None):
    anna, bert = demo_laptop, laptops("bert")
    anna.trust(bert)
    bert.trust(anna)
    if change is not None:
        change(anna)
    path = anna.export(to=bert)
    plain = _copy(bert.db, tmp_path / "lang.sqlite3")  # the same empty laptop, long way
    short = bert.import_(path)
    assert lookups == []  # no table held a row: nothing looked up
    with monkeypatch.context() as m:
        _long_way(m)
        full = importer.import_package(plain, importer.load_for(plain, path), backup=False)
    assert lookups  # the long way did look
    return bert, plain, short, full


def test_a_first_import_takes_the_short_path_with_the_long_ways_result(
        demo_laptop, laptops, tmp_path, monkeypatch, lookups):
    bert, plain, short, full = _first_import(demo_laptop, laptops, tmp_path, monkeypatch,
                                             lookups)
    try:
        assert short.preview.counts == full.preview.counts
        assert short.preview.total("added") > 100
        assert snapshot(bert.db) == snapshot(plain)
        assert _states(bert.db) == _states(plain)
    finally:
        plain.close()


def test_an_erased_campaign_comes_blank_and_erased_on_the_short_path_too(
        demo_laptop, laptops, tmp_path, monkeypatch, lookups):
    made: list[str] = []

    def erased_campaign(anna) -> None:
        with anna.db.transaction() as s:
            traj = Trajectory(name="Heide", municipality="Heide")
            s.add(traj)
            s.flush()
            campaign, _c = campaigns.create_campaign(s, traj.id, "Kerstkaarten", "christmas",
                                                     end_date=date(2025, 1, 31))
            for name in ("Maria", "Rita"):
                people.add_person(s, campaign.id, first_name=name, last_name="Peeters",
                                  street="Kerkstraat", phone="0471 11 22 33")
            made.append(campaign.id)
        with anna.db.transaction() as s:
            retention.erase_campaign(s, campaign.id, date(2026, 11, 2), check_retention=False)

    bert, plain, short, full = _first_import(demo_laptop, laptops, tmp_path, monkeypatch,
                                             lookups, erased_campaign)
    try:
        assert short.preview.counts == full.preview.counts
        assert snapshot(bert.db) == snapshot(plain)
        assert _states(bert.db) == _states(plain)
        with bert.db.session() as s:
            campaign = s.get(OutreachCampaign, made[0],
                             execution_options={"include_deleted": True})
            assert campaign is not None and campaign.erased_at is not None
            assert not s.scalars(select(OutreachPerson).where(
                OutreachPerson.campaign_id == made[0], OutreachPerson.first_name != ""
            ).execution_options(include_deleted=True)).all()
    finally:
        plain.close()


def test_old_objects_go_back_to_the_collector_after_an_import_good_or_bad(
        demo_laptop, laptops, monkeypatch):
    import gc

    from app.services.exchange.errors import ExchangeError

    anna, bert = demo_laptop, laptops("bert")
    anna.trust(bert)
    bert.trust(anna)
    path = anna.export(to=bert)
    frozen: list[int] = []
    real = importer.decide

    def watching(*args, **kwargs):
        frozen.append(gc.get_freeze_count())  # spared while the import runs
        yield from real(*args, **kwargs)

    monkeypatch.setattr(importer, "decide", watching)
    enabled = gc.isenabled()  # off under a window (app/views/collector.py): left as it was
    bert.import_(path)
    assert frozen and frozen[0] > 0
    assert gc.get_freeze_count() == 0 and gc.isenabled() == enabled
    broken = path.with_name("kapot.bvx")
    broken.write_bytes(path.read_bytes()[:-100])  # a package cut short
    with pytest.raises(ExchangeError):
        bert.load(broken)
    assert gc.get_freeze_count() == 0

    def failing(*args, **kwargs):
        yield from ()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "decide", failing)
    with pytest.raises(Exception):  # noqa: B017 - the disk's error, as the user sees it
        bert.import_(anna.export(to=bert))
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("vector, ancestors, masked", [
    ({"a": 1}, [], []),
    ({"b": 2, "a": 1}, [], ["photo", "notes", "photo"]),  # out of order, twice
    ({f"d{i}": i + 1 for i in range(7)}, [], ["name"]),  # more devices than remembered
    ({"a": 3}, [Version({"a": 1}, {"name": "Één"}), Version({"a": 3}, {"name": "x"}),
                Version({"a": 1}, {"name": "dubbel"}), Version({"a": 2}, {}),
                Version({"b": 1}, {}), Version({"c": 1}, {})], []),
])
def test_a_new_records_state_row_is_the_state_writers(vector, ancestors, masked):
    content = {"name": "Zoë \u201cde\u201d Smet", "n": 3, "codes": [], "when": None}
    written: list[dict] = []
    writer = state.StateWriter(None)  # never flushed here: no session needed
    for _round in range(2):  # the second time from the texts made once
        writer.save("partner", "id-1", None, vector, content, ancestors, masked, ("l", "r"))
        written.append(writer.new.pop())
        row = state.new_state_row("partner", "id-1", vector, content, ancestors,
                                  frozenset(masked), ("l", "r"))
        assert row == tuple(written[-1][c] for c in state.NEW_COLUMNS)


def _reference_row(model, d, now, dialect):
    """The stored row and content as they were made before the per-table steps."""
    from app.services.exchange import codec

    meta = d.incoming.meta
    given = {"id": d.record_id, **(d.content or {}),
             **{k: meta[k] for k in ("created_at", "updated_at") if meta.get(k)},
             "device_id": meta.get("device_id", ""), "revision": meta.get("revision", 1),
             "base_revision": meta.get("base_revision", 0)}
    fields = set(codec.content_fields(model))
    stored, content = [], {}
    for key, convert, process, empty in codec.row_plan(model, dialect):
        if key in given:
            value = given[key]
            if value is None:
                stored.append(empty[0] if empty is not None else codec.stored_value(
                    codec.columns(model)[key], convert, None))
            else:
                stored.append(value if convert is None else convert(value))
        else:
            kept, value = importer._default_pair(model, key, process, now)
            stored.append(kept)
        if key in fields:
            content[key] = value
    return tuple(stored), content


ID = "0d7c3a2e-1b1e-4a53-9d7a-5f8f6b1f2a01"


def _outcome(make):
    from app.services.exchange.codec import CodecError

    try:
        return make()
    except CodecError as exc:
        return exc.problem


@pytest.mark.parametrize("dialect_name", ["sqlite", "postgresql"])
@pytest.mark.parametrize("values, meta", [
    ({"trajectory_id": ID, "name": "Vereniging"}, {}),
    ({"trajectory_id": ID, "name": "Club", "notes": None, "deleted_at": None},
     {"created_at": "2026-11-30T09:38:26+00:00", "updated_at": "", "revision": 4,
      "base_revision": 3, "device_id": "laptop-a"}),
    # fields a hand-made manifest may list: the version fields come from the meta, an "id"
    # among the values overrides the record's (as before)
    ({"trajectory_id": ID, "name": "X", "id": ID.replace("01", "02"), "revision": 99,
      "created_at": "2020-01-01T00:00:00+00:00", "device_id": "ander"},
     {"revision": 2}),
    ({"trajectory_id": ID, "name": "Y", "created_at": "2020-01-01T00:00:00+00:00"},
     {"created_at": "2021-02-03T04:05:06.123456+00:00"}),
    ({"trajectory_id": ID, "name": "Z", "phone": None, "deleted_at": None}, {}),
])
def test_a_new_row_is_built_as_before(values, meta, dialect_name):
    from datetime import UTC, datetime

    from sqlalchemy.dialects import postgresql, sqlite

    from app.models.core import Partner
    from app.services.exchange.package import Incoming

    dialect = sqlite.dialect() if dialect_name == "sqlite" else postgresql.dialect()
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    d = importer.Decision("partner", ID, "added", Incoming(ID, {"a": 1}, values, meta=meta),
                          dict(values), {"a": 1})
    got = _outcome(lambda: importer._new_row(Partner, d, now, dialect))
    want = _outcome(lambda: _reference_row(Partner, d, now, dialect))
    if isinstance(want, str):  # refused: refused the same way
        assert got == want
        return
    # a callable default (a fresh id, say) differs from call to call: compare the rest
    assert got[1].keys() == want[1].keys() and len(got[0]) == len(want[0])
    plan = [key for key, *_rest in importer._row_steps(Partner, dialect, now)]
    for i, key in enumerate(plan):
        if importer._callable_default(key, Partner.__table__.c[key]) and key not in values:
            continue
        assert got[0][i] == want[0][i], key
        if key in got[1]:
            assert got[1][key] == want[1][key], key


def test_the_larger_page_cache_holds_for_the_import_only(demo_laptop, laptops, monkeypatch):
    anna, bert = demo_laptop, laptops("bert")
    anna.trust(bert)
    bert.trust(anna)

    def cache_size(session) -> int:
        return session.connection().exec_driver_sql("PRAGMA cache_size").scalar()

    def synchronous(session) -> int:
        return session.connection().exec_driver_sql("PRAGMA synchronous").scalar()

    with bert.db.session() as s:
        before, durable = cache_size(s), synchronous(s)
    assert before != -importer.IMPORT_CACHE_KIB and durable == 2  # FULL, as the app sets it
    during: list[tuple[int, int]] = []
    real = importer.decide

    def watching(session, *args, **kwargs):
        during.append((cache_size(session), synchronous(session)))
        yield from real(session, *args, **kwargs)

    monkeypatch.setattr(importer, "decide", watching)
    bert.import_(anna.export(to=bert))
    assert during == [(-importer.IMPORT_CACHE_KIB, durable)]

    def failing(session, *args, **kwargs):
        during.append((cache_size(session), synchronous(session)))
        yield from ()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "decide", failing)
    with anna.db.transaction() as s:  # something new, so the import has work to do
        from app.models.core import Partner

        s.add(Partner(trajectory_id=s.scalars(select(Trajectory.id)).first(), name="Nieuw"))
    with pytest.raises(Exception):  # noqa: B017 - the disk's error, as the user sees it
        bert.import_(anna.export(to=bert))
    assert during[-1] == (-importer.IMPORT_CACHE_KIB, durable)
    for _round in range(3):  # whichever pooled connection comes next
        with bert.db.session() as s:
            assert cache_size(s) == before and synchronous(s) == durable
