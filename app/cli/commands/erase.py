"""`erase`: erase a campaign's or a person's personal data for good, exactly as the window
does (the rows, the exchange bookkeeping, the file's free pages and log, the logs and every
backup copy). Without `--yes` it only shows what would be erased."""
from __future__ import annotations

from datetime import date

from app.cli import add_db_argument
from app.services.i18n import _


def register(sub) -> None:
    p = sub.add_parser("erase", help="erase a campaign's or a person's personal data for good "
                                     "(shows a preview without --yes)")
    add_db_argument(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--campaign", metavar="NAME", help="a home-visit campaign")
    which.add_argument("--person", metavar="NAME",
                       help="a person on the list of interested people (step 2)")
    p.add_argument("--trajectory", metavar="NAME", help="the trajectory, when names repeat")
    p.add_argument("--yes", action="store_true", help="really erase (without it: a preview)")
    p.set_defaults(func=run)


def run(args) -> int:
    from app.services.command_line import data_file_path, is_shared_database, open_data_file

    if not is_shared_database(args.db) and not data_file_path(args.db).is_file():
        print(_("No file at {path}.").format(path=data_file_path(args.db)))
        return 2
    db = open_data_file(args.db)
    try:
        if args.campaign is not None:
            return _campaign(db, args)
        return _person(db, args)
    finally:
        db.close()


def _campaign(db, args) -> int:
    from app.services import erasure
    from app.services.command_line import find_campaign
    from app.services.i18n import format_date
    from app.services.outreach import retention

    today = date.today()
    with db.session() as session:
        campaign = find_campaign(session, args.campaign, args.trajectory)
        cid, name = campaign.id, campaign.name
        pv = retention.preview(session, cid, today)
    print(_("Campaign: {name}").format(name=name))
    print(_("People: {n}").format(n=pv.people))
    print(_("Visits with notes, a wish or a follow-up: {n}").format(n=pv.visits_with_text))
    print(_("Consents: {n}").format(n=pv.consents))
    print(_("Referrals: {n}").format(n=pv.referrals))
    print(_("Backup copies to clean: {n}").format(n=erasure.backup_count(db.path)))
    if not args.yes:
        if pv.erase_after is None:
            print(_("Give the campaign an end date first; the retention period counts from "
                    "it."))
        elif not pv.allowed:
            print(_("The retention period runs until {date}; erasing is possible from "
                    "then on.").format(date=format_date(pv.erase_after, "long")))
        print(_("Nothing was changed. Add --yes to erase this for good."))
        return 0
    result = retention.erase_now(db, cid, today)
    _done(result["backups_cleaned"], result["backups_deleted"])
    return 0


def _person(db, args) -> int:
    from app.services import erasure
    from app.services.command_line import find_person
    from app.services.groundwork import people

    with db.session() as session:
        person = find_person(session, args.person, args.trajectory)
        pid, tid, name = person.id, person.trajectory_id, person.name
        copies = len(people.participant_values(session, pid))
    print(_("Person: {name}").format(name=name))
    print(_("Copies in the sessions of step 5: {n}").format(n=copies))
    print(_("Backup copies to clean: {n}").format(n=erasure.backup_count(db.path)))
    if not args.yes:
        print(_("Nothing was changed. Add --yes to erase this for good."))
        return 0
    cleaned, deleted = people.erase_person_now(db, tid, pid)
    _done(cleaned, deleted)
    return 0


def _done(cleaned: int, deleted: int) -> None:
    from app.services.i18n import ngettext

    print(_("Erased for good."))
    print(ngettext("{n} backup copy cleaned.", "{n} backup copies cleaned.",
                   cleaned).format(n=cleaned))
    if deleted:
        print(ngettext("{n} backup copy that could not be cleaned was deleted.",
                       "{n} backup copies that could not be cleaned were deleted.",
                       deleted).format(n=deleted))
