"""A campaign and a person with recognisable personal data, spread over every place the app
keeps data (rows, exchange state and its older versions, a conflict, the log, backups, a
killed backup's `.part` copy), for the erasure checks."""
from __future__ import annotations

import io
import logging
import os
import shutil
import zipfile
from contextlib import contextmanager
from datetime import UTC, date
from pathlib import Path

PASSPHRASE = "lange geheime zin 42"
CAMPAIGN = "Bezoekronde Oud-Heide"
PERSON = "Godelieve Vanderstraeten"

# every value below must appear nowhere after the erasure
SECRETS = {
    "first_name": "Rosalinde",
    "last_name": "Wuytackx",
    "street": "Kapelleveldstraat",
    "phone": "0471 55 23 19",
    "birth_date": "1931-07-23",
    "widowed_since": "2019-02-14",
    "person_notes": "slechthorend, dochter belt op zondag",
    "old_street": "Meiboomlaan",
    "second_last_name": "Bogaerdtsen",
    "second_birth_date": "1928-11-05",
    "visit_notes": "vertelde over haar overleden man Jozef",
    "wish": "nog eens naar zee met de bus",
    "follow_up": "OCMW bellen voor maaltijden aan huis",
    "consent_notes": "mail naar rosalinde.w@telenet.be",
    "referral_reason": "valt vaak, eenzaam sinds overlijden",
    "interested_name": PERSON,
    "interested_contact": "godelieve.vds@skynet.be",
    "interested_notes": "wil helpen bij het buurtcomité",
    "signup_help": "kan soep maken voor twintig mensen",
}


@contextmanager
def home(folder: Path):
    """Run with BUURTVERBINDER_HOME = folder (restored after, with the language: the command
    line sets it from the settings)."""
    from app.services import i18n

    old = os.environ.get("BUURTVERBINDER_HOME")
    language = i18n.current_language()
    os.environ["BUURTVERBINDER_HOME"] = str(folder)
    try:
        yield folder
    finally:
        i18n.set_language(language)
        if old is None:
            os.environ.pop("BUURTVERBINDER_HOME", None)
        else:
            os.environ["BUURTVERBINDER_HOME"] = old


def build(outside: Path):
    """The database in the data folder, filled and spread around. Returns the Database."""
    from app.models.core import Partner, Trajectory
    from app.models.exchange import ExchangeConflict
    from app.models.groundwork import InterestedPerson
    from app.models.outreach import (
        OutreachCampaign,
        OutreachConsent,
        OutreachPerson,
        OutreachReferral,
        OutreachVisit,
    )
    from app.models.participation import (
        Idea,
        IdeaSignup,
        ParticipatorySession,
        SessionParticipant,
    )
    from app.services import backup, paths
    from app.services.database import open_database
    from app.services.exchange import exporter, keys

    s = SECRETS
    db = open_database(paths.default_db_path())
    with db.transaction() as session:
        keys.create_identity(session, "laptop Anna", "OCMW Heide")
        traj = Trajectory(name="Heide samen", municipality="Heide")
        session.add(traj)
        session.flush()
        partner = Partner(trajectory_id=traj.id, name="Dienstencentrum De Linde")
        camp = OutreachCampaign(trajectory_id=traj.id, name=CAMPAIGN, kind="general",
                                start_date=date(2020, 1, 1), end_date=date(2020, 3, 31),
                                retention_months=12)
        session.add_all([partner, camp])
        session.flush()
        person = OutreachPerson(
            campaign_id=camp.id, first_name=s["first_name"], last_name=s["last_name"],
            street=s["old_street"], house_number="17", postcode="2990", place="Heide",
            birth_date=date.fromisoformat(s["birth_date"]), widowed=True,
            widowed_since=date.fromisoformat(s["widowed_since"]), phone=s["phone"],
            notes=s["person_notes"], living_alone=True)
        other = OutreachPerson(campaign_id=camp.id, last_name=s["second_last_name"],
                               birth_date=date.fromisoformat(s["second_birth_date"]))
        session.add_all([person, other])
        session.flush()
        visit = OutreachVisit(campaign_id=camp.id, person_id=person.id,
                              visited_on=date(2020, 2, 3), outcome="inside",
                              notes=s["visit_notes"], wish=s["wish"], follow_up=s["follow_up"])
        consent = OutreachConsent(person_id=person.id, partner_id=partner.id,
                                  given_on=date(2020, 2, 3), notes=s["consent_notes"])
        session.add_all([visit, consent])
        session.flush()
        session.add(OutreachReferral(person_id=person.id, partner_id=partner.id,
                                     consent_id=consent.id, referred_on=date(2020, 2, 4),
                                     reason=s["referral_reason"]))
        interested = InterestedPerson(trajectory_id=traj.id, name=s["interested_name"],
                                      contact=s["interested_contact"],
                                      notes=s["interested_notes"])
        session.add(interested)
        session.flush()
        # picked for a session of step 5 (a copy of the name), then signed up for an idea
        meeting = ParticipatorySession(trajectory_id=traj.id, title="Droomavond")
        session.add(meeting)
        session.flush()
        seat = SessionParticipant(session_id=meeting.id, name=s["interested_name"],
                                  contact=s["interested_contact"], source_id=interested.id)
        idea = Idea(trajectory_id=traj.id, title="Soep op zondag")
        session.add_all([seat, idea])
        session.flush()
        session.add(IdeaSignup(idea_id=idea.id, name=s["interested_name"],
                               contact=s["interested_contact"], help_offer=s["signup_help"],
                               participant_id=seat.id))
        person_id = person.id
    # a full package remembers what was sent: the old street goes into the ancestors
    exporter.export_package(db, outside / "first.bvx", "full", passphrase=PASSPHRASE)
    with db.transaction() as session:
        session.get(OutreachPerson, person_id).street = s["street"]
    exporter.export_package(db, outside / "second.bvx", "full", passphrase=PASSPHRASE)
    with db.transaction() as session:  # a conflict waiting for a person
        session.add(ExchangeConflict(
            kind="outreach_person", record_id=person_id, field="last_name",
            local_value=f'"{s["last_name"]}"', incoming_value=f'"{s["last_name"]}-Peeters"',
            incoming_vector="{}", sender_name="Bart"))
    _log_line(f"import refused for {s['first_name']} {s['last_name']}, {s['street']}")
    backup.make_backup(db.path, "daily")
    manual = backup.make_backup(db.path, "manual", now=_later())
    shutil.copyfile(manual, manual.with_name("daily-20990101-000000.sqlite3.part"))
    return db


def _later():
    from datetime import datetime, timedelta

    return datetime.now(UTC) + timedelta(seconds=5)


def _log_line(text: str) -> None:
    from app.services import paths

    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(folder / "buurtverbinder.log", encoding="utf-8")
    logger = logging.getLogger("tests.erasure")
    logger.addHandler(handler)
    try:
        logger.warning(text)
    finally:
        logger.removeHandler(handler)
        handler.close()


def found_in(data: bytes) -> set[str]:
    return {value for value in SECRETS.values()
            if any(value.encode(enc) in data for enc in ("utf-8", "utf-16-le", "utf-16-be"))}


def scan(folder: Path) -> dict[str, set[str]]:
    """Erased values found in the raw bytes of every file under `folder`, by file."""
    hits = {}
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            found = found_in(path.read_bytes())
            if found:
                hits[str(path.relative_to(folder))] = found
    return hits


def package_plain(db, path: Path) -> bytes:
    """A package's decrypted members, concatenated."""
    from app.services.exchange import package

    data = package.decrypt(path.read_bytes(), [], PASSPHRASE)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return b"".join(zf.read(n) for n in zf.namelist())


def erase_all(db_path: Path) -> list[int]:
    """Erase the campaign and the person through the command line, as a script would."""
    from app.cli import main

    return [main(["erase", "--db", str(db_path), "--campaign", CAMPAIGN, "--yes"]),
            main(["erase", "--db", str(db_path), "--person", PERSON, "--yes"])]
