"""The Home visits page reads its campaign chooser and the campaign's line with plain Core
statements (issue 16): they must say exactly what the ORM reads said, on both engines."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.models.outreach import OutreachCampaign
from app.services import records
from app.services.outreach import campaigns
from app.services.outreach.errors import CampaignNotFoundError

BOTH_ENGINES = True


def _make(db, trajectory_id, name, start):
    with db.transaction() as s:
        camp, _c = campaigns.create_campaign(s, trajectory_id, name, "christmas",
                                             start_date=start)
    return camp.id


def test_the_chooser_lists_what_list_campaigns_lists_in_its_order(db, trajectory):
    from app.models.core import Trajectory

    for name, start in (("Zomer", date(2026, 6, 1)), ("Kerst", date(2026, 12, 1)),
                        ("Avond", date(2026, 12, 1)), ("Zonder datum", None)):
        _make(db, trajectory.id, name, start)
    gone = _make(db, trajectory.id, "Weg", date(2027, 1, 1))
    with db.transaction() as s:
        records.soft_delete(s, OutreachCampaign, gone)
        other = Trajectory(name="Elders")
        s.add(other)
        s.flush()
        campaigns.create_campaign(s, other.id, "Elders", "christmas")
    with db.session() as s:
        expected = [(c.id, c.name) for c in campaigns.list_campaigns(s, trajectory.id)]
        assert campaigns.campaign_choices(s, trajectory.id) == expected
        dated = [n for _i, n in expected if n != "Zonder datum"]  # NULLs: engine's place
        assert dated == ["Avond", "Kerst", "Zomer"]
        assert "Weg" not in [n for _i, n in expected] and len(expected) == 4
        assert campaigns.campaign_choices(s, "") == []


def test_the_summary_says_what_the_campaign_says(db, trajectory):
    cid = _make(db, trajectory.id, "Kerst", date(2026, 12, 1))
    with db.transaction() as s:
        camp = s.get(OutreachCampaign, cid)
        camp.end_date, camp.retention_months = date(2026, 12, 31), 18
        camp.erased_at = datetime(2028, 7, 1, 9, 30, tzinfo=UTC)
    with db.session() as s:
        summary = campaigns.campaign_summary(s, cid)
        camp = campaigns.get_campaign(s, cid, writable=False)
        assert (summary.kind, summary.end_date, summary.retention_months) == (
            camp.kind, camp.end_date, camp.retention_months) == ("christmas",
                                                                 date(2026, 12, 31), 18)
        assert summary.erased_at == camp.erased_at and summary.erased_at.tzinfo is not None
        assert campaigns.erase_after(summary) == campaigns.erase_after(camp) == date(2028, 6, 30)
    with db.transaction() as s:
        records.soft_delete(s, OutreachCampaign, cid)
    with db.session() as s:
        for missing in (cid, "00000000-0000-0000-0000-000000000000"):
            with pytest.raises(CampaignNotFoundError):
                campaigns.campaign_summary(s, missing)
