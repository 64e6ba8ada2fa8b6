"""Helpers for the exchange tests: several databases ("laptops") with keys, and snapshots of
their shared data to compare."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.services.database import open_database
from app.services.exchange import codec, exporter, importer, keys, tables


class Laptop:
    """One installation: its database file and exchange keys."""

    def __init__(self, folder: Path, name: str, organisation: str = "",
                 copy_template=None, db=None):
        """`db`: an open database to use (PostgreSQL); else `copy_template(path)` puts a
        ready-made database file there first (tests/templates.py); without either the file
        is made and migrated here."""
        self.name = name
        if db is None:
            path = folder / f"{name}.sqlite3"
            if copy_template is not None:
                copy_template(path)
            db = open_database(path)
        self.db = db
        with self.db.transaction() as s:
            keys.create_identity(s, name, organisation or f"Org {name}")
        self.counter = 0
        self.folder = folder

    @property
    def public(self) -> keys.PublicKeyInfo:
        with self.db.session() as s:
            return keys.own_public(keys.get_identity(s), self.db.device_id)

    def trust(self, other: Laptop, role: str = "colleague") -> None:
        with self.db.transaction() as s:
            keys.trust_key(s, other.public, role)

    def export(self, scope: str = "full", to: Laptop | None = None, **kw) -> Path:
        self.counter += 1
        out = self.folder / f"{self.name}-{self.counter}-{scope}.bvx"
        recipients = [to.public.age_recipient] if to is not None else kw.pop("recipients", [])
        exporter.export_package(self.db, out, scope, recipients=recipients, **kw)
        return out

    def load(self, path: Path, **kw):
        return importer.load_for(self.db, path, **kw)

    def import_(self, path: Path, **kw):
        pkg = self.load(path, **{k: kw.pop(k) for k in ("passphrase", "identity_files")
                                 if k in kw})
        return importer.import_package(self.db, pkg, backup=kw.pop("backup", False), **kw)

    def close(self) -> None:
        self.db.close()


def snapshot(db, *, skip_fields=()) -> dict[str, dict[str, dict]]:
    """Every shared record's content (tombstones included), by kind and id."""
    from sqlalchemy import select

    result = {}
    with db.session() as s:
        for model in tables.ordered_models():
            cols = codec.columns(model)
            fields = [f for f in codec.content_fields(model) if f not in skip_fields]
            rows = s.scalars(select(model).execution_options(include_deleted=True))
            result[model.__tablename__] = {
                r.id: codec.record_content(r, fields, cols) for r in rows}
    return result


@pytest.fixture
def laptops(tmp_path, db_templates, db_engine, request):
    """Laptops with their own databases; under db_engine "postgresql" each one is a fresh
    database on the test server (as the lead organisation's shared database would be)."""
    made = []
    databases = []

    def make(name: str, organisation: str = "", demo: bool = False) -> Laptop:
        db = None
        if db_engine == "postgresql":
            from app.services.server import open_server

            server = request.getfixturevalue("pg_server")
            databases.append(server.acquire())
            url = server.url(databases[-1])
            if demo:  # as the SQLite demo template: restored, with the device it was made on
                server.restore_demo(url)
            db = open_server(url)
        copy = db_templates.copy_demo if demo else db_templates.copy_migrated
        lt = Laptop(tmp_path, name, organisation, copy, db=db)
        made.append(lt)
        return lt

    yield make
    for lt in made:
        lt.close()
    for name in databases:
        request.getfixturevalue("pg_server").release(name)


@pytest.fixture
def demo_laptop(laptops):
    """Anna's laptop with the demo (a copy of the demo template, then her keys)."""
    return laptops("anna", "OCMW Testdorp", demo=True)
