"""What the type checker found: a record that is not (or no longer) there is a calm error,
never an AttributeError on None."""
from datetime import UTC, datetime

import pytest

from app.services.exchange import codec, tables
from app.services.exchange.mailbox_settings import aware
from app.services.outreach import printing
from app.services.outreach.errors import CampaignNotFoundError

GONE = "0b7c2a9e-1d2f-4c3b-9a8e-7f6d5c4b3a21"


def test_an_erasure_report_of_a_campaign_that_is_not_there(db, tmp_path):
    folder = tmp_path / "verslagen"
    folder.mkdir()
    with db.session() as s, pytest.raises(CampaignNotFoundError) as info:
        printing.erasure_report(s, GONE, folder / "verslag.pdf")
    assert GONE in info.value.user_message()
    assert list(folder.iterdir()) == []  # not even a half-written file


def test_an_erasure_report_of_an_erased_campaign_is_still_written(db, campaign, tmp_path):
    with db.transaction() as s:
        s.get(type(campaign), campaign.id).erased_at = datetime(2027, 1, 5, tzinfo=UTC)
    with db.session() as s:
        out = printing.erasure_report(s, campaign.id, tmp_path / "verslag.pdf")
    assert out.stat().st_size > 1000


def test_life_events_are_coarsened_only_when_they_are_codes():
    assert tables.coarse_value("no_life_events", "status", {"status": "deceased"}) == "other"
    assert tables.coarse_value("no_life_events", "status", {"status": "reached"}) == "reached"
    for odd in (None, 3, ["deceased"]):
        assert tables.coarse_value("no_life_events", "status", {"status": odd}) == odd


def test_aware_keeps_none_and_gives_a_naive_moment_its_zone():
    assert aware(None) is None
    assert aware(datetime(2027, 1, 5, 8, 30)) == datetime(2027, 1, 5, 8, 30, tzinfo=UTC)


def test_per_model_caches_once_per_class():
    from app.models.outreach import OutreachPerson, OutreachVisit

    assert codec.required_fields(OutreachPerson) is codec.required_fields(OutreachPerson)
    assert codec.columns(OutreachVisit).keys() != codec.columns(OutreachPerson).keys()


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL
