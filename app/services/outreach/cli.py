"""The command-line jobs of outreach (`targets import`, `print walking-list`, `print
outreach-cards`); the thin argparse modules in app/cli call these. Qt-free."""
from __future__ import annotations

from pathlib import Path

from app.models.core import Trajectory
from app.services.i18n import _, ngettext
from app.services.outreach import campaigns, importer, people
from app.services.outreach.errors import CampaignNotFoundError


def _open(db_path: str | None):
    from app.services.command_line import open_data_file

    return open_data_file(db_path, must_exist=True)


def _trajectory(session, name: str | None) -> Trajectory:
    from app.services.command_line import choose_trajectory

    return choose_trajectory(session, name)


def targets_import(db_path: str | None, campaign_name: str, file: str,
                   trajectory: str | None = None, keep_duplicates: bool = False,
                   two_digit: str = "auto") -> str:
    """Import a target list; creates a general campaign when none has that name. The file is
    read before the data file is touched, and the rows are added in one transaction."""
    table = importer.read(file)
    db = _open(db_path)
    try:
        with db.transaction() as session:
            traj = _trajectory(session, trajectory)
            camp = campaigns.find_by_name(session, campaign_name, traj.id)
            created = camp is None
            if camp is None:
                camp, _c = campaigns.create_campaign(session, traj.id, campaign_name)
            prepared = importer.prepare(session, camp.id, table, importer.guess(table),
                                        two_digit=two_digit, keep_duplicates=keep_duplicates)
            result = importer.import_rows(session, camp.id, prepared)
    finally:
        db.close()
    lines = []
    if created:
        lines.append(_("Created the campaign “{name}” (general).").format(name=campaign_name))
    return "\n".join(lines + importer.report_lines(result))


def targets_list(db_path: str | None, campaign_name: str, trajectory: str | None = None,
                 needs_checking: bool = False) -> list[dict]:
    db = _open(db_path)
    try:
        with db.session() as session:
            camp = _campaign(session, campaign_name, trajectory)
            return people.people_rows(session, camp.id, needs_checking=needs_checking)
    finally:
        db.close()


def targets_select(db_path: str | None, campaign_name: str, rule_values: dict,
                   trajectory: str | None = None, replace: bool = False,
                   dry_run: bool = False) -> str:
    """The rule selection of the window: who goes on the visit list."""
    from datetime import date

    db = _open(db_path)
    try:
        with (db.session() if dry_run else db.transaction()) as session:
            camp = _campaign(session, campaign_name, trajectory)
            rule = people.Rule(reference_date=date.today(), **rule_values)
            count, _changes = people.select_by_rule(session, camp.id, rule, replace=replace,
                                                    dry_run=dry_run)
    finally:
        db.close()
    if dry_run:
        return ngettext("{n} person matches the rule (nothing was changed).",
                        "{n} people match the rule (nothing was changed).", count).format(n=count)
    return ngettext("{n} person matches the rule and is on the visit list.",
                    "{n} people match the rule and are on the visit list.", count).format(n=count)


def _campaign(session, name: str, trajectory: str | None):
    traj = _trajectory(session, trajectory)
    camp = campaigns.find_by_name(session, name, traj.id)
    if camp is None:
        raise CampaignNotFoundError(name=name)
    return camp


def print_walking_list(db_path: str | None, campaign_name: str, out: str,
                       trajectory: str | None = None, by_street: bool = False,
                       all_people: bool = False, order: str = "number") -> Path:
    from app.services import printables

    db = _open(db_path)
    try:
        with db.session() as session:
            camp = _campaign(session, campaign_name, trajectory)
            return printables.write(session, "walk_street" if by_street else "walk_visitor",
                                    Path(out), campaign_id=camp.id,
                                    open_only=not all_people, order=order)
    finally:
        db.close()


def print_cards(db_path: str | None, campaign_name: str, kind: str, out: str,
                trajectory: str | None = None) -> Path:
    """`kind`: one of the registry's outreach cards (`printables.of_feature`)."""
    import sys

    from app.services import printables

    db = _open(db_path)
    try:
        with db.session() as session:
            camp = _campaign(session, campaign_name, trajectory)
            # the same warning as in the window (cards without a contact line), on stderr
            for problem in printables.missing(session, kind, campaign_id=camp.id):
                print(problem, file=sys.stderr)
            return printables.write(session, kind, Path(out), campaign_id=camp.id)
    finally:
        db.close()
