"""Hostile exchange packages, built by hand, and the figures they give.

`counts(workdir)` plays an attacker who holds a trusted key (a colleague's laptop gone wrong, or
a key trusted on first use) and a careless colleague whose old work arrives after an erasure.
It returns:

- "bad packages refused" / "bad packages accepted": hand-made packages with poisoned version
  counters, fields that do not fit their columns, wrong types, dates Python cannot hold;
  refused means a calm ExchangeError and a database that did not change at all;
- "bad packages crashed": anything else raised (a traceback for the user);
- "erased records revived": erased records that got personal data back, and records added
  under an erased campaign or person;
- "changes to erased records ignored": what the import reports counted;
- "settled conflicts undone": a conflict settled on two laptops in two ways that one choice
  silently won after the next exchange (criss-cross);
- "lookalike senders shown as a colleague": a new key that the preview showed under the name of
  a colleague already known under another key;
- "laptops stopped by a poisoned counter": a counter aimed at the receiver's own device that,
  after its next edit, made its packages unreadable for a colleague.

Qt-free; used by tests/adversarial/test_exchange.py and tools/adversarial.py.
"""
from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

RID = "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11"


class _Laptop:
    def __init__(self, folder: Path, name: str):
        from app.services.database import open_database
        from app.services.exchange import keys

        self.name, self.folder, self.n = name, folder, 0
        self.db = open_database(folder / f"{name}.sqlite3")
        with self.db.transaction() as s:
            keys.create_identity(s, name, "OCMW Heide")

    @property
    def public(self):
        from app.services.exchange import keys

        with self.db.session() as s:
            return keys.own_public(keys.get_identity(s), self.db.device_id)

    def signer(self):
        from app.services.exchange import keys

        with self.db.session() as s:
            return keys.signing_key(keys.get_identity(s))

    def export(self, to: _Laptop | None, scope: str = "full") -> Path:
        from app.services.exchange import exporter

        self.n += 1
        out = self.folder / f"{self.name}-{self.n}.bvx"
        recipients = [to.public.age_recipient] if to is not None else []
        exporter.export_package(self.db, out, scope, recipients=recipients)
        return out

    def import_(self, path: Path, **kw):
        from app.services.exchange import importer

        pkg = importer.load_for(self.db, path)
        return importer.import_package(self.db, pkg, backup=False, **kw)


def _snapshot(db) -> str:
    from sqlalchemy import select

    from app.models.exchange import ExchangeImport, ExchangeKnownKey
    from app.services.exchange import codec, tables

    result = {}
    with db.session() as s:
        for model in tables.ordered_models():
            cols, fields = codec.columns(model), codec.content_fields(model)
            rows = s.scalars(select(model).execution_options(include_deleted=True))
            result[model.__tablename__] = sorted(
                json.dumps(codec.record_content(r, fields, cols), sort_keys=True) for r in rows)
        result["ledger"] = sorted(s.scalars(select(ExchangeImport.package_id)))
        result["keys"] = sorted(s.scalars(select(ExchangeKnownKey.fingerprint)))
    return json.dumps(result, sort_keys=True)


def _hand_made(sender: _Laptop, victim: _Laptop, folder: Path, name: str,
               kind: str | None = None, line: dict | None = None,
               manifest_change: Callable[[dict], None] | None = None) -> Path:
    """A package signed with the sender's real key, with one hand-made record."""
    from app.services.exchange import package

    plain = sender.export(None, "practices")  # unencrypted, real manifest
    with zipfile.ZipFile(io.BytesIO(plain.read_bytes())) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        body = {n: zf.read(n) for n in zf.namelist() if n.startswith("records/")}
    manifest.pop("members")
    manifest["scope"] = "full"
    if kind is not None and line is not None:
        fields = sorted(line.get("values", {}))
        manifest["kinds"][kind] = {"fields": fields, "masked": []}
        manifest["counts"][kind] = 1
        body[f"records/{kind}.jsonl"] = json.dumps(line).encode("utf-8") + b"\n"
    if manifest_change is not None:
        manifest_change(manifest)
    out = folder / f"hostile-{name}.bvx"
    out.write_bytes(package.build_zip(manifest, body, sender.signer().sign))
    return out


def _record(kind_values: dict, vector: dict | None = None, **extra) -> dict:
    return {"id": RID, "vector": {"m": 1} if vector is None else vector, "values": kind_values,
            **extra}


def _hostile(victim_device: str) -> list[tuple[str, str | None, dict | None, Any]]:
    """(name, kind, record line, manifest change)."""
    cases: list[tuple[str, str | None, dict | None, Any]] = []
    counters = [{victim_device: 2**53 - 1}, {"m": 2**53 - 1}, {"m": 1_000_001}, {"m": -1},
                {"m": 0}, {"": 1}, {"m": True}, {"m": 1.5}, {}]
    for n, vector in enumerate(counters):
        cases.append((f"counter-{n}", "action", _record({"name": "Soep"}, vector), None))
    cases.append(("base-ahead", "action", _record(
        {"name": "Soep"}, {"m": 1}, bases=[{"vector": {"m": 9}, "values": {}}]), None))
    fields = [
        ("outreach_campaign", {"retention_months": -600}),
        ("outreach_campaign", {"retention_months": 9_000_000_000_000_000_000}),
        ("outreach_campaign", {"retention_months": 10**30}),
        ("outreach_campaign", {"retry_days": 0}),
        ("action", {"name": "x" * 999_999}),
        ("action", {"name": "Soep\x00babbel"}),
        ("action", {"description": "y" * 200_001}),
        ("outreach_visit", {"outcome": "exploded"}),
        ("outreach_visit", {"signals": ["loneliness", "made-up"]}),
        ("action", {"element_codes": ["=HYPERLINK(\"http://x\",\"click\")"]}),
        ("action", {"status": "gone"}),
        ("outreach_person", {"language": "klingon"}),
        ("outreach_person", {"birth_year": -5}),
        ("persona", {"age": 4000}),
        ("area_figure", {"value": float("nan")}),
        ("area_figure", {"value": float("inf")}),
        ("area_figure", {"value": 1e300}),
    ]
    types = [
        ("action", {"name": 5}), ("action", {"name": ["a"]}), ("action", {"name": None}),
        ("action", {"element_codes": "a,b"}), ("outreach_campaign", {"retention_months": "12"}),
        ("outreach_campaign", {"retention_months": True}), ("action", {"trajectory_id": "x"}),
        ("outreach_person", {"living_alone": "yes"}), ("outreach_person", {"birth_date": 20}),
        ("action", {"no_such_field": 1}),
    ]
    dates = [
        ("action", {"deleted_at": "0001-01-01T00:00:00+05:00"}),
        ("action", {"deleted_at": "9999-12-31T23:59:59-05:00"}),
        ("action", {"deleted_at": "2026-01-01T10:00:00"}),
        ("outreach_person", {"birth_date": "0001-01-01"}),
        ("outreach_person", {"birth_date": "9999-12-31"}),
        ("outreach_person", {"birth_date": "2026-02-30"}),
        ("outreach_visit", {"visited_on": "10000-01-01"}),
    ]
    for n, (kind, values) in enumerate(fields + types + dates):
        cases.append((f"field-{n}", kind, _record(values), None))
    cases.append(("missing-required", "action", _record({"name": "Soep"}), None))
    cases.append(("missing-parent", "action", _record(
        {"name": "Soep", "trajectory_id": "0b8f8a4e-1111-4222-8333-944455556666"}), None))
    cases.append(("meta-date", "action", _record(
        {"name": "Soep"}, meta={"created_at": "0001-01-01T00:00:00+05:00"}), None))
    cases.append(("meta-revision", "action", _record({"name": "Soep"},
                                                     meta={"revision": 2**70}), None))
    cases.append(("manifest-date", None, None,
                  lambda m: m.update(created_at="0001-01-01T00:00:00+05:00")))
    cases.append(("manifest-year", None, None, lambda m: m.update(created_at="99999")))
    return cases


def _bad_packages(folder: Path) -> dict[str, int]:
    from app.services.exchange.errors import ExchangeError

    victim, mallory = _Laptop(folder, "victim"), _Laptop(folder, "mallory")
    victim.import_(mallory.export(victim))  # mallory's key is now trusted
    figures = {"bad packages refused": 0, "bad packages accepted": 0,
               "bad packages crashed": 0}
    try:
        for name, kind, line, change in _hostile(victim.db.device_id):
            path = _hand_made(mallory, victim, folder, name, kind, line, change)
            before = _snapshot(victim.db)
            try:
                victim.import_(path)
            except ExchangeError as exc:
                calm = exc.user_message() and "{" not in exc.user_message()
                same = _snapshot(victim.db) == before
                figures["bad packages refused" if calm and same else
                        "bad packages accepted"] += 1
            except Exception:  # noqa: BLE001  (a traceback is what we count)
                figures["bad packages crashed"] += 1
            else:
                figures["bad packages accepted"] += 1
    finally:
        victim.db.close()
        mallory.db.close()
    return figures


def _erasure(folder: Path) -> dict[str, int]:
    from sqlalchemy import select

    from app.models.base import utcnow
    from app.models.core import Partner, Trajectory
    from app.models.outreach import OutreachCampaign, OutreachPerson
    from app.services.exchange import tables
    from app.services.outreach import campaigns, people, retention, visits

    today = date(2026, 11, 2)
    anna, bert = _Laptop(folder, "anna"), _Laptop(folder, "bert")
    try:
        with anna.db.transaction() as s:
            traj = Trajectory(name="Heide")
            s.add(traj)
            s.flush()
            partner = Partner(trajectory_id=traj.id, name="Mutualiteit")
            s.add(partner)
            camp, _c = campaigns.create_campaign(s, traj.id, "Kerst", "christmas",
                                                 end_date=date(2025, 1, 31))
            person, _c = people.add_person(s, camp.id, first_name="Maria", last_name="Peeters",
                                           street="Kerkstraat", phone="0471 11 22 33")
        bert.import_(anna.export(bert))
        with anna.db.transaction() as s:
            retention.erase_campaign(s, camp.id, today, check_retention=False)
        with bert.db.transaction() as s:  # work made before bert learns of the erasure
            people.add_person(s, camp.id, first_name="Rita", last_name="Claes",
                              street="Molenweg", phone="0472 99 88 77")
            visits.log_visit(s, camp.id, today=today, person_id=person.id, visited_on=today,
                             outcome="inside", notes="Heup", wish="Zee")
            visits.record_consent(s, person.id, given_on=today, partner_id=partner.id,
                                  notes="Mutualiteit mag bellen")
            s.get(OutreachPerson, person.id).notes = "Belt op vrijdag"
        ignored = anna.import_(bert.export(anna)).preview.total("erased")
        bert.import_(anna.export(bert))
        ignored += anna.import_(bert.export(anna)).preview.total("erased")
        revived = 0
        for lt in (anna, bert):
            with lt.db.session() as s:
                gone = tables.erased_ids(s)
                erased_campaign = s.get(OutreachCampaign, camp.id)
                revived += erased_campaign.erased_at is None
                for model in tables.ordered_models():
                    ids = gone.get(model.__tablename__, set())
                    if not ids:
                        continue
                    for obj in s.scalars(select(model).where(model.id.in_(sorted(ids)))
                                         .execution_options(include_deleted=True)):
                        if any(getattr(obj, f) not in ("", None, [], False, 0)
                               for f in model.PERSONAL_FIELDS):
                            revived += 1
                        if "erased_at" in model.__table__.c and obj.erased_at is None:
                            revived += 1
            text = _snapshot(lt.db)
            revived += sum(secret in text for secret in (
                "Maria", "Kerkstraat", "Rita", "Molenweg", "Heup", "Zee", "Belt op vrijdag",
                "Mutualiteit mag bellen", "0472 99 88 77"))
        with bert.db.transaction() as s:  # a faulty sender: "erased", but with a name
            other, _c = campaigns.create_campaign(s, traj.id, "Zomer", "general")
            ghost, _c = people.add_person(s, other.id, first_name="Godelieve",
                                          street="Veldweg", phone="0473 00 11 22")
            ghost.erased_at = utcnow()
        anna.import_(bert.export(anna))
        text = _snapshot(anna.db)
        revived += sum(s in text for s in ("Godelieve", "Veldweg", "0473 00 11 22"))
        return {"erased records revived": revived, "changes to erased records ignored": ignored}
    finally:
        anna.db.close()
        bert.db.close()


def _criss_cross(folder: Path) -> dict[str, int]:
    from app.models.core import Action, Trajectory
    from app.services.exchange import conflicts

    anna, bert = _Laptop(folder, "anna2"), _Laptop(folder, "bert2")
    try:
        with anna.db.transaction() as s:
            traj = Trajectory(name="T")
            s.add(traj)
            s.flush()
            action = Action(trajectory_id=traj.id, name="Soepbabbel")
            s.add(action)
        bert.import_(anna.export(bert))
        for lt, name in ((anna, "Soep op dinsdag"), (bert, "Soep & babbel")):
            with lt.db.transaction() as s:
                s.get(Action, action.id).name = name

        def exchange():
            pa, pb = anna.export(bert), bert.export(anna)
            bert.import_(pa)
            anna.import_(pb)

        exchange()
        for lt in (anna, bert):  # each takes the other's name: settled two ways
            with lt.db.session() as s:
                (item,) = conflicts.pending(s)
            with lt.db.transaction() as s:
                conflicts.resolve(s, item.id, "incoming", lt.db.device_id)
        chosen = {}
        for lt in (anna, bert):
            with lt.db.session() as s:
                chosen[lt.name] = s.get(Action, action.id).name
        exchange()
        undone = 0
        for lt in (anna, bert):
            with lt.db.session() as s:
                waiting = [c for c in conflicts.pending(s) if c.field == "name"]
                now = s.get(Action, action.id).name
            undone += now != chosen[lt.name] or not waiting
        return {"settled conflicts undone": undone}
    finally:
        anna.db.close()
        bert.db.close()


def _lookalike(folder: Path) -> dict[str, int]:
    from app.services.exchange import importer, keys

    anna, bert, mallory = (_Laptop(folder, n) for n in ("anna3", "bert3", "mallory3"))
    try:
        with bert.db.transaction() as s:
            keys.create_identity(s, "Bert Peeters")
        with anna.db.transaction() as s:
            keys.trust_key(s, bert.public)
        shown = 0
        for claimed in ("Bert Peeters", "bert  peeters", "Bért Peeters"):
            with mallory.db.transaction() as s:
                keys.create_identity(s, claimed)
            pkg = importer.load_for(anna.db, mallory.export(anna))
            preview = importer.preview_for(anna.db, pkg)
            shown += preview.sender_name == claimed or preview.sender_status != "lookalike"
        return {"lookalike senders shown as a colleague": shown}
    finally:
        for lt in (anna, bert, mallory):
            lt.db.close()


def _poisoned_own(folder: Path) -> dict[str, int]:
    """A counter aimed at the victim's own device, at the largest value a reader accepts:
    after the victim edits that record, do its packages still reach a colleague?"""
    from app.models.core import Action, Trajectory
    from app.services.exchange import package
    from app.services.exchange.errors import ExchangeError

    victim, mallory, colleague = (_Laptop(folder, n) for n in ("victim4", "mallory4", "anna4"))
    try:
        with colleague.db.transaction() as s:
            traj = Trajectory(name="T")
            s.add(traj)
        for lt in (victim, mallory):
            lt.import_(colleague.export(lt))
        victim.import_(mallory.export(victim))
        stopped = 0
        for n, counter in enumerate((package.MAX_COUNTER, package.MAX_OWN_CLAIM + 1)):
            record = {"id": f"6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a1{n}",
                      "vector": {victim.db.device_id: counter},
                      "values": {"name": "Soep", "trajectory_id": traj.id}}
            victim.import_(_hand_made(mallory, victim, folder, f"own-{n}", "action", record))
            with victim.db.transaction() as s:
                for action in s.query(Action).all():
                    action.name += " (bewerkt)"
            try:
                colleague.import_(victim.export(colleague))
            except ExchangeError:
                stopped += 1
        return {"laptops stopped by a poisoned counter": stopped}
    finally:
        for lt in (victim, mallory, colleague):
            lt.db.close()


def counts(workdir: Path) -> dict[str, int]:
    """Run every hostile exchange scenario under `workdir` and return the figures."""
    workdir = Path(workdir)
    figures: dict[str, int] = {}
    for name, check in (("packages", _bad_packages), ("erasure", _erasure),
                        ("criss-cross", _criss_cross), ("lookalike", _lookalike),
                        ("own-counter", _poisoned_own)):
        folder = workdir / f"exchange-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        figures.update(check(folder))
    return figures
