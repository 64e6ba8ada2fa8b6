"""Fixtures for step 5: a trajectory with personas and a planned session."""
from __future__ import annotations

import pytest


@pytest.fixture
def tid(trajectory):
    return trajectory.id


@pytest.fixture
def filled(db, tid):
    """Four personas, a dream session with 30 participants and four tables, planned."""
    from app.services.participation import personas, sessions

    with db.transaction() as s:
        ids = [personas.copy_example(s, tid, key)[0].id
               for key in ("ayse", "zoe", "jozef", "mariette")]
        obj, _c = sessions.create_session(s, tid, title="Droomavond", phase="dream")
        sessions.assign_personas(s, obj.id, ids)
        roles = ["resident", "volunteer", "professional", "carer", "resident"]
        for i in range(30):
            sessions.add_participant(s, obj.id, name=f"Deelnemer {i:02d}",
                                     role=roles[i % len(roles)])
        sessions.plan_session(s, obj.id)
        return {"session": obj.id, "personas": ids}
