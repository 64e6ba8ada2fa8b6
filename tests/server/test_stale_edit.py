"""The optimistic revision check (issue 21): an edit based on an old revision is refused,
never last-write-wins, on SQLite and on PostgreSQL, and nothing of it is written."""
import threading
import time

import pytest
from sqlalchemy import select

from app.models.core import Partner, Trajectory
from app.services import i18n, records
from app.services.records import StaleEditError, StaleRecordError

BOTH_ENGINES = True


def add_partner(db):
    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem")
        s.add(traj)
        s.flush()
        partner = Partner(trajectory_id=traj.id, name="OCMW Testgem", phone="011 11 11 11")
        s.add(partner)
    return partner.id


def read_form(db, pid):
    """What an edit form reads: the values and the revision they belong to."""
    with db.session() as s:
        return s.get(Partner, pid).phone, records.revision_of(s, Partner, pid)


def save(db, pid, based_on, **values):
    with db.transaction() as s:
        records.check_revision(s, Partner, pid, based_on)
        records.update(s, s.get(Partner, pid), **values)


def stored(db, pid):
    with db.session() as s:
        row = s.execute(select(Partner.phone, Partner.email, Partner.revision)
                        .where(Partner.id == pid),
                        execution_options={"include_deleted": True}).one()
        return tuple(row)


def test_the_second_save_based_on_the_same_revision_is_refused(db):
    pid = add_partner(db)
    _phone, rev_a = read_form(db, pid)  # two people open the same partner
    _phone, rev_b = read_form(db, pid)
    save(db, pid, rev_a, phone="011 22 22 22")
    with pytest.raises(StaleEditError) as info:
        save(db, pid, rev_b, phone="011 33 33 33", email="els@example.org")
    assert stored(db, pid) == ("011 22 22 22", "", rev_a + 1)  # nothing of it written
    i18n.set_language("nl")
    assert info.value.user_message() == (
        "Iemand anders heeft “OCMW Testgem” (partner) intussen gewijzigd. Laad opnieuw en "
        "doe je wijziging opnieuw.")
    i18n.set_language("fr")
    assert "OCMW Testgem" in info.value.user_message()
    assert "entre-temps" in info.value.user_message()
    # after a reload (the new revision) the same change goes through
    save(db, pid, rev_a + 1, phone="011 33 33 33")
    assert stored(db, pid) == ("011 33 33 33", "", rev_a + 2)


def test_a_record_deleted_meanwhile_is_refused_too(db):
    pid = add_partner(db)
    _phone, rev = read_form(db, pid)
    with db.transaction() as s:
        records.soft_delete(s, Partner, pid)
    with pytest.raises(StaleEditError):
        save(db, pid, rev, phone="000")
    assert stored(db, pid)[0] == "011 11 11 11"


def test_an_unknown_record_is_refused_without_a_name(db):
    add_partner(db)
    with db.transaction() as s, pytest.raises(StaleRecordError) as info:
        records.check_revision(s, Partner, "00000000-0000-0000-0000-000000000000", 1)
    i18n.set_language("en")
    assert info.value.user_message().startswith(
        "Someone else changed this item (partner) meanwhile")


def test_two_saves_at_the_same_moment_one_wins_the_other_is_refused(db):
    """The check holds the row until the end of its transaction: the second save waits
    for the first one's commit, then finds a newer revision (no lost update in between)."""
    pid = add_partner(db)
    _phone, rev = read_form(db, pid)
    outcome = {}

    def second():
        try:
            save(db, pid, rev, phone="second")
            outcome["second"] = "saved"
        except StaleEditError:
            outcome["second"] = "refused"

    with db.transaction() as s:
        records.check_revision(s, Partner, pid, rev)
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.5)  # the second save is now waiting for the row
        assert "second" not in outcome
        records.update(s, s.get(Partner, pid), phone="first")
    worker.join(timeout=20)
    assert outcome == {"second": "refused"}
    assert stored(db, pid)[:2] == ("first", "")
