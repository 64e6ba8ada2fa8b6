"""The export encodes a record's content and vector once, for its line and its state, and
builds the line around them: every line must still be exactly the canonical JSON of its
object (sorted keys, no spaces), as `state.dumps` writes it, in every scope, with bases and
hidden fields, and the states must hold the same text."""
from __future__ import annotations

import json

from sqlalchemy import select

from app.models.core import Partner
from app.models.exchange import ExchangeRecordState
from app.services.exchange import state

from .test_roundtrip import _members


def _lines(path, reader) -> list[bytes]:
    return [line for name, data in _members(path, reader).items() if name.endswith(".jsonl")
            for line in data.splitlines()]


def _canonical(lines: list[bytes]) -> None:
    assert lines
    for line in lines:
        assert state.dumps(json.loads(line)).encode("utf-8") == line


def test_lines_and_states_are_canonical_json_in_every_scope(demo_laptop, laptops):
    bert, lead = laptops("bert"), laptops("lead", "Welzijnsregio")
    demo_laptop.trust(lead, "lead")
    _canonical(_lines(demo_laptop.export("full", to=bert), bert))
    with demo_laptop.db.transaction() as s:  # a second version: the first becomes a base
        for partner in s.scalars(select(Partner)):
            partner.notes = "Tweede versie \u00e9\u00e8 \U0001d11e \"quoted\" \\ \x01"
    full = _lines(demo_laptop.export("full", to=bert), bert)
    _canonical(full)
    assert any(json.loads(line)["bases"] for line in full)
    hidden = _lines(demo_laptop.export("lead"), lead)
    _canonical(hidden)
    assert any(json.loads(line)["masked"] for line in hidden)
    sent = {json.loads(line)["id"]: json.loads(line) for line in full}
    with demo_laptop.db.session() as s:
        states = s.scalars(select(ExchangeRecordState)).all()
        assert states
        for st in states:
            for column in (st.vector, st.content, st.ancestors, st.masked):
                assert state.dumps(json.loads(column)) == column
            if st.record_id in sent and not sent[st.record_id]["masked"]:
                assert json.loads(st.vector) == sent[st.record_id]["vector"]
                content = json.loads(st.content)  # every field; the line: those carried
                assert sent[st.record_id]["values"].items() <= content.items()
