"""Records that are simply added go in bulk, straight to the driver (ids, dates and UTC times
as their stored text, `codec.stored_plan`: SQLite stores it, PostgreSQL's COPY parses it);
every other record goes through the ORM. On both engines the bulk path must leave exactly
the rows the ORM leaves, and the shortcut to stored text exactly the rows and states of the
typed path."""
from __future__ import annotations

import uuid

import pytest

from app.services.exchange import codec, importer, tables

from .test_validation import _package

BOTH_ENGINES = True

ID = "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11"


def _raw(db, with_states: bool = True) -> dict[str, list[tuple]]:
    """Every shared table (and the exchange state) as the driver returns them (no column
    types in between: on SQLite the stored text itself)."""
    names = [m.__tablename__ for m in tables.ordered_models()]
    with db.session() as s:
        conn = s.connection()
        found = {name: conn.exec_driver_sql(f'SELECT * FROM "{name}" ORDER BY id').fetchall()
                 for name in names}
        if with_states:
            found["exchange_record_state"] = conn.exec_driver_sql(
                "SELECT * FROM exchange_record_state ORDER BY kind, record_id").fetchall()
    return found


def _through_the_orm(monkeypatch) -> None:
    """Every added record as a new ORM object (as a practice is added); no state is kept."""
    monkeypatch.setattr(importer._Writer, "_simply_added", lambda self, d: False)


def _the_typed_way(monkeypatch) -> None:
    """Bulk, but every value JSON -> Python value -> the column type's bind processor."""
    monkeypatch.setattr(codec, "_STORED", {})
    monkeypatch.setattr(codec, "_stored_fast", lambda kind, slow: slow)


def _receivers(laptops) -> list:
    return [laptops(name) for name in ("bert", "carl", "dora")]


def _three_imports(path, receivers, monkeypatch) -> tuple[dict, dict, dict]:
    """The package imported the fast way, through the ORM and the typed way."""
    found = []
    for laptop, patch in zip(receivers, (None, _through_the_orm, _the_typed_way), strict=True):
        with monkeypatch.context() as m:
            if patch is not None:
                patch(m)
            laptop.import_(path)
        found.append(_raw(laptop.db, with_states=patch is not _through_the_orm))
    return found[0], found[1], found[2]


def test_bulk_rows_equal_the_orm_rows_and_the_typed_rows(demo_laptop, laptops, monkeypatch):
    receivers = _receivers(laptops)
    path = demo_laptop.export("full", recipients=[r.public.age_recipient for r in receivers])
    fast, orm, typed = _three_imports(path, receivers, monkeypatch)
    assert sum(len(rows) for rows in orm.values()) > 100
    assert len(fast["exchange_record_state"]) > 100
    assert fast == typed
    del fast["exchange_record_state"]
    assert fast == orm


ODD_VALUES = [
    # time-zone offsets, Z, fractions of a second, a leap day, an empty optional date
    ({"name": "Dorp\u00e9 \u0645 \U0001d11e", "municipality": "Gem", "start_date": "2024-02-29",
      "planned_end_date": None, "deleted_at": "2026-11-30T11:38:26.5+02:00"},
     {"created_at": "2026-11-29T23:30:00-01:00", "updated_at": "2026-11-30T09:00:00Z",
      "device_id": "d", "revision": 3, "base_revision": 2}),
    ({"name": "Klein", "municipality": "", "start_date": "1800-01-01",
      "planned_end_date": "2199-12-31", "deleted_at": None},
     {"created_at": "2026-11-30T09:38:26.123456+00:00",
      "updated_at": "2026-11-30T09:38:26+00:00", "device_id": "d", "revision": 1,
      "base_revision": 0}),
    # fields left out: their defaults
    ({"name": "Zonder data", "municipality": "Gem"},
     {"created_at": "2026-11-30T09:38:26+00:00", "updated_at": "2026-11-30T09:38:26+00:00"}),
]


@pytest.mark.parametrize("record_id", [ID, ID.upper(), "{" + ID + "}", ID.replace("-", "")])
@pytest.mark.parametrize(("values", "meta"), ODD_VALUES)
def test_odd_forms_are_stored_alike_by_both_paths(laptops, monkeypatch, record_id, values,
                                                  meta):
    anna = laptops("anna")
    path = anna.folder / "odd.bvx"
    path.write_bytes(_package(anna, "trajectory", values, meta=meta, record_id=record_id))
    fast, orm, typed = _three_imports(path, _receivers(laptops), monkeypatch)
    (row,) = fast["trajectory"]
    assert ID in row or uuid.UUID(ID) in row  # the id in its normal form
    assert fast == typed
    del fast["exchange_record_state"]
    assert fast == orm
