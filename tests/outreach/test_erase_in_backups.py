"""Erasing a campaign also erases it from the backup copies, so no old copy can bring the
personal data back."""
from datetime import date

from sqlalchemy import select

from app.models.outreach import OutreachCampaign, OutreachPerson
from app.services import backup, database
from app.services.outreach import retention


def test_erasure_reaches_every_backup_copy(demo_db):
    db = demo_db
    with db.session() as s:
        campaign = s.scalars(select(OutreachCampaign)).first()
        person = s.scalars(select(OutreachPerson).where(
            OutreachPerson.campaign_id == campaign.id)).first()
        cid, surname = campaign.id, person.last_name
    copy = backup.make_backup(db.path, "manual")
    assert surname.encode() in copy.read_bytes()
    far = date(2100, 1, 1)  # long after any retention period
    with db.transaction() as s:
        retention.erase_campaign(s, cid, far)
    retention.scrub_file(db.engine)

    cleaned, deleted = retention.erase_in_backups(db.path, cid, far)

    assert (cleaned, deleted) == (1, 0)
    assert surname.encode() not in copy.read_bytes()
    reopened = database.open_database(copy)
    with reopened.session() as s:
        names = s.scalars(select(OutreachPerson.last_name).where(
            OutreachPerson.campaign_id == cid).execution_options(include_deleted=True)).all()
        assert names and all(not n for n in names)
    reopened.close()


def test_a_copy_that_cannot_be_cleaned_is_deleted(demo_db):
    db = demo_db
    bad = backup.make_backup(db.path, "daily")
    bad.write_bytes(b"not a database any more" * 100)
    with db.session() as s:
        cid = s.scalars(select(OutreachCampaign.id)).first()
    assert retention.erase_in_backups(db.path, cid, date(2100, 1, 1)) == (0, 1)
    assert not bad.exists()
