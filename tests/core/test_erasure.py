"""Erased means gone, everywhere: the rows, the exchange state and its older versions, the
conflict inbox, the log, every backup copy (a half-written one too), SQLite's free pages and
write-ahead log, and the bases of later packages. Proven by searching the raw bytes (UTF-8
and UTF-16) of every file under the profile folder for every erased value."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.cli import main
from app.models.exchange import ExchangeConflict, ExchangeRecordState
from app.models.groundwork import InterestedPerson
from app.models.outreach import OutreachCampaign, OutreachPerson
from tests.adversarial import erasure_scenario as sc


@pytest.fixture
def spread(tmp_path, _isolated_profile):
    outside = tmp_path / "usb"
    outside.mkdir()
    db = sc.build(outside)
    yield db, outside
    db.close()


def test_erasure_leaves_no_erased_value_in_any_file(spread, _isolated_profile):
    db, outside = spread
    before = sc.scan(_isolated_profile)
    # the scenario really spread the data: rows, log, backups and the killed copy
    assert any(k.startswith("logs/") for k in before)
    assert len([k for k in before if "backups" in k]) == 3
    assert set().union(*before.values()) == set(sc.SECRETS.values())
    path = db.path
    db.close()

    assert sc.erase_all(path) == [0, 0]

    assert sc.scan(_isolated_profile) == {}
    from app.services.database import open_database
    from app.services.exchange import exporter

    db2 = open_database(path)
    try:
        # erased values do not travel in the bases of a later full package either
        exporter.export_package(db2, outside / "after.bvx", "full", passphrase=sc.PASSPHRASE)
        assert sc.found_in(sc.package_plain(db2, outside / "after.bvx")) == set()
        with db2.session() as s:
            # contract with the importer: the rows stay, blank, with erased_at set; the
            # exchange state keeps its row and vector (only its content was purged)
            people = s.scalars(select(OutreachPerson).execution_options(
                include_deleted=True)).all()
            assert len(people) == 2 and all(p.erased_at and not p.last_name for p in people)
            states = s.scalars(select(ExchangeRecordState).where(
                ExchangeRecordState.kind == "outreach_person")).all()
            assert len(states) == 2 and all(json.loads(st.vector) for st in states)
            assert s.scalars(select(ExchangeConflict)).all() == []
            person = s.scalars(select(InterestedPerson).execution_options(
                include_deleted=True)).one()
            assert person.erased_at is not None and person.name == ""
    finally:
        db2.close()


def test_erasure_in_the_window_path_purges_the_exchange_state(spread):
    """The service the window calls (inside its transaction) already purges the exchange
    state and its ancestors: the erasure then travels as a newer version, blank."""
    from app.services.outreach import retention

    db, outside = spread
    with db.session() as s:
        cid = s.scalars(select(OutreachCampaign.id)).one()
    found: set[str] = set()
    with db.transaction() as s:
        retention.erase_campaign(s, cid, date.today(), found=found)
    assert {sc.SECRETS["street"], sc.SECRETS["wish"], sc.SECRETS["birth_date"]} <= found
    with db.session() as s:
        dumped = " ".join(st.content + st.ancestors for st in s.scalars(
            select(ExchangeRecordState)))
    assert sc.found_in(dumped.encode()) <= {sc.SECRETS[k] for k in (
        "interested_name", "interested_contact", "interested_notes", "signup_help")}
    from app.services.exchange import exporter

    exporter.export_package(db, outside / "after.bvx", "full", passphrase=sc.PASSPHRASE)
    raw = sc.package_plain(db, outside / "after.bvx")
    assert sc.SECRETS["old_street"].encode() not in raw
    people = [json.loads(line) for line in raw.split(b"\n")
              if line.startswith(b'{"') and b'"first_name"' in line]
    # the records themselves travel, blank and marked erased, so other laptops learn of it
    assert len(people) == 2
    assert all(p["values"]["erased_at"] and not p["values"]["last_name"] for p in people)


def test_preview_without_yes_changes_nothing(spread, capsys):
    db, _outside = spread
    path = db.path
    db.close()
    assert main(["erase", "--db", str(path), "--campaign", sc.CAMPAIGN]) == 0
    out = capsys.readouterr().out
    assert "2" in out and sc.CAMPAIGN in out and "--yes" in out
    assert main(["erase", "--db", str(path), "--person", sc.PERSON]) == 0
    from app.services.database import open_database

    db2 = open_database(path)
    try:
        with db2.session() as s:
            assert s.scalars(select(OutreachCampaign.erased_at)).one() is None
            assert s.scalars(select(InterestedPerson.name)).one() == sc.PERSON
    finally:
        db2.close()


@pytest.fixture
def small(db):
    """Two trajectories with a campaign and a person of the same name in each."""
    from app.models.core import Trajectory

    with db.transaction() as s:
        for name in ("Heide", "Beek"):
            traj = Trajectory(name=name, municipality=name)
            s.add(traj)
            s.flush()
            s.add(OutreachCampaign(trajectory_id=traj.id, name="Kerst", end_date=date(2020, 1, 1)))
            s.add(InterestedPerson(trajectory_id=traj.id, name="Jan Peeters"))
    return db


@pytest.mark.parametrize("argv, message", [
    (["--campaign", "Bestaat niet"], "Bestaat niet"),
    (["--person", "Niemand Hier"], "Niemand Hier"),
    (["--campaign", "Kerst", "--trajectory", "Ander traject"], "Ander traject"),
    (["--campaign", "Kerst"], "--trajectory"),  # two campaigns of that name
    (["--person", "jan peeters"], "--trajectory"),
])
def test_unknown_or_ambiguous_names_exit_non_zero_with_a_message(small, capsys, argv,
                                                                  message):
    assert main(["--lang", "en", "erase", "--db", str(small.path), *argv, "--yes"]) != 0
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    with small.session() as s:  # nothing was erased
        assert s.scalars(select(OutreachCampaign.erased_at)).all() == [None, None]
        assert s.scalars(select(InterestedPerson.name)).all() == ["Jan Peeters"] * 2


def test_the_trajectory_picks_one_of_two_names(small, capsys):
    assert main(["erase", "--db", str(small.path), "--person", "Jan Peeters",
                 "--trajectory", "Beek", "--yes"]) == 0
    with small.session() as s:
        left = s.execute(select(InterestedPerson.name, InterestedPerson.erased_at)
                         .execution_options(include_deleted=True)).all()
    assert sorted((n, e is None) for n, e in left) == [("", False), ("Jan Peeters", True)]


def test_a_missing_file_is_not_created(tmp_path, capsys):
    target = tmp_path / "typo.sqlite3"
    assert main(["erase", "--db", str(target), "--campaign", "x", "--yes"]) == 2
    assert not target.exists()


def test_retention_not_over_is_refused_like_in_the_window(spread, capsys):
    db, _outside = spread
    with db.transaction() as s:
        s.scalars(select(OutreachCampaign)).one().end_date = date.today()
    assert main(["--lang", "en", "erase", "--db", str(db.path), "--campaign", sc.CAMPAIGN,
                 "--yes"]) == 2
    assert "retention" in capsys.readouterr().err
    with db.session() as s:
        assert s.scalars(select(OutreachPerson.first_name).where(
            OutreachPerson.first_name != "")).all() == [sc.SECRETS["first_name"]]


def test_an_erased_campaign_cannot_be_erased_twice(spread, capsys):
    db, _outside = spread
    assert main(["erase", "--db", str(db.path), "--campaign", sc.CAMPAIGN, "--yes"]) == 0
    assert main(["--lang", "en", "erase", "--db", str(db.path), "--campaign", sc.CAMPAIGN,
                 "--yes"]) != 0
    assert "erased already" in capsys.readouterr().err


def test_campaign_and_person_together_are_refused(small, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["erase", "--db", str(small.path), "--campaign", "Kerst", "--person", "x"])
    assert exc.value.code != 0


def test_values_that_arrive_after_the_erasure_never_travel_as_bases(spread, tmp_path):
    """Even when an erased record's exchange state gets old values again (the bases of a
    package from a laptop that had not heard of the erasure), the next package is clean."""
    from app.services import erasure
    from app.services.exchange import exporter

    db, _outside = spread
    path = db.path
    db.close()
    assert sc.erase_all(path) == [0, 0]
    from app.services.database import open_database

    db2 = open_database(path)
    try:
        with db2.transaction() as s:  # as an importer storing incoming bases might do
            st = s.scalars(select(ExchangeRecordState).where(
                ExchangeRecordState.kind == "outreach_person")).first()
            ancestors = json.loads(st.ancestors)
            ancestors.insert(0, {"vector": {"x": 9}, "content": {
                **json.loads(st.content), "last_name": sc.SECRETS["last_name"],
                "notes": sc.SECRETS["person_notes"]}})
            st.ancestors = json.dumps(ancestors)
        exporter.export_package(db2, tmp_path / "later.bvx", "full", passphrase=sc.PASSPHRASE)
        assert sc.found_in(sc.package_plain(db2, tmp_path / "later.bvx")) == set()
        with db2.transaction() as s:
            assert erasure.purge_erased(s) == 0  # nothing left to purge: cheap next time
    finally:
        db2.close()


def test_log_scrubbing_keeps_the_running_log_handler_writing(tmp_path):
    import logging

    from app.services import erasure

    log_file = tmp_path / "buurtverbinder.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logger = logging.getLogger("tests.scrub")
    logger.addHandler(handler)
    try:
        logger.warning("bezoek bij Wuytackx in 2990 Heide")
        handler.flush()
        assert erasure.scrub_logs({"Wuytackx", "2990", "ab"}, tmp_path) == 1
        logger.warning("na het wissen")
        handler.flush()
    finally:
        logger.removeHandler(handler)
        handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert "Wuytackx" not in text and "2990 Heide" in text  # a postcode is not a name
    assert "na het wissen" in text  # the handler still writes into the same file


def test_cleaned_backup_copies_stay_single_files(spread):
    import sqlite3

    from app.services import backup

    db, _outside = spread
    path = db.path
    db.close()
    assert sc.erase_all(path) == [0, 0]
    copies = backup.list_backups(path)
    assert copies
    for info in copies:
        con = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
        try:
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        finally:
            con.close()
    leftovers = [p.name for p in copies[0].path.parent.iterdir()
                 if p.name.endswith(("-wal", "-shm", ".part"))]
    assert leftovers == []
