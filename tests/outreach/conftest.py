"""Fixtures for outreach tests: a campaign with a few people."""
from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 20)


@pytest.fixture
def campaign(db, trajectory):
    from app.services.outreach.campaigns import create_campaign

    with db.transaction() as s:
        camp, _changes = create_campaign(s, trajectory.id, "Kerstkaarten Heide", "christmas",
                                         village="Sint-Maria-Heide",
                                         start_date=date(2026, 11, 1),
                                         end_date=date(2026, 12, 31))
    return camp


@pytest.fixture
def partner(db, trajectory):
    from app.models.core import Partner

    with db.transaction() as s:
        p = Partner(trajectory_id=trajectory.id, name="OCMW Testgem", partner_type="other")
        s.add(p)
    return p


def add(db, campaign_id, **values):
    from app.services.outreach.people import add_person

    with db.transaction() as s:
        person, _c = add_person(s, campaign_id, **values)
    return person
