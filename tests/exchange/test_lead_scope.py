"""The lead scope is what it says: the demo's lead package holds no free text, no personal
field and no per-person profile; the network director's name does not leak through a note."""
from __future__ import annotations

import json

from sqlalchemy import select

from app.models.base import text_columns
from app.models.core import Trajectory
from app.models.outreach import OutreachPerson
from app.services.exchange import package, tables


def _plain(lt, path, lead):
    import io
    import zipfile

    data = package.decrypt(path.read_bytes(), [_identity(lead)], None)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _identity(lt):
    import pyrage

    from app.services.exchange import keys
    with lt.db.session() as s:
        return pyrage.x25519.Identity.from_str(keys.get_identity(s).age_identity)


def test_demo_lead_package_holds_no_free_text_and_no_director(demo_laptop, laptops):
    lead = laptops("lead", "Welzijnsregio")
    demo_laptop.trust(lead, "lead")
    with demo_laptop.db.session() as s:
        director = s.scalars(select(Trajectory.network_director)).first()
        free = {(m.__tablename__, f): [v for v in s.scalars(select(getattr(m, f))
                                                             .execution_options(
                                                                 include_deleted=True))
                                       if isinstance(v, str) and len(v) >= 12]
                for m in tables.ordered_models() for f in m.FREE_TEXT_FIELDS
                if "lead" in m.EXCHANGE_SCOPES}
        # a value also written in a safe field (an idea's title that became an action's
        # name) travels as that safe field, not as a leak of the free text
        safe = {v for m in tables.ordered_models() for f in m.SAFE_FIELDS
                for v in s.scalars(select(getattr(m, f)).execution_options(
                    include_deleted=True)) if isinstance(v, str)}
    free = {k: [v for v in values if v not in safe] for k, values in free.items()}
    assert director and any(free.values())
    members = _plain(demo_laptop, demo_laptop.export("lead"), lead)
    text = b"\n".join(members.values()).decode("utf-8")
    assert director not in text and director.split()[-1] not in text
    leaks = {k: v for k, values in free.items() for v in values if v in text}
    assert leaks == {}
    assert '"P-' not in text  # no stable pseudonyms
    people = [json.loads(line)["values"] for line in
              members["records/outreach_person.jsonl"].splitlines()]
    assert people
    for values in people:
        assert values["birth_date"] is None and values["postcode"] == ""
        assert values["place"] == "" and not values["living_alone"] and not values["widowed"]
        assert values["status"] != "deceased"
        assert values["birth_year"] is None or values["birth_year"] % 5 == 0
    # dates about one person only to the month: no visit, consent or referral day
    for kind, fields in (("outreach_visit", ("visited_on", "wish_fulfilled_on")),
                         ("outreach_consent", ("given_on",)),
                         ("outreach_referral", ("referred_on",))):
        lines = members[f"records/{kind}.jsonl"].splitlines()
        assert lines, kind
        for line in lines:
            record = json.loads(line)
            for values in (record["values"], *(b["values"] for b in record["bases"])):
                for name in fields:
                    assert values[name] is None or values[name].endswith("-01"), (kind, name)


def test_lead_import_keeps_the_counts(demo_laptop, laptops):
    lead = laptops("lead", "Welzijnsregio")
    demo_laptop.trust(lead, "lead")
    lead.import_(demo_laptop.export("lead"))
    with demo_laptop.db.session() as s:
        expected = len(s.scalars(select(OutreachPerson.id)).all())
    with lead.db.session() as s:
        assert len(s.scalars(select(OutreachPerson.id)).all()) == expected
        assert all(not p.last_name and not p.notes for p in s.scalars(select(OutreachPerson)))


def test_text_columns_hidden_in_lead_scope_are_declared_not_guessed():
    for plan in tables.scope_plan("lead"):
        shown = [f for f in text_columns(plan.model) if f in plan.fields
                 and f not in plan.masked]
        assert set(shown) <= set(plan.model.SAFE_FIELDS)


BOTH_ENGINES = True  # the laptops (and `db`) run on SQLite and on a real PostgreSQL
