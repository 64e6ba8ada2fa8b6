"""What every command-line command shares: the data file it works on, the trajectory it acts
on, and records named on the command line. Qt-free; the argparse modules in `app/cli/` stay
thin and call these.

The trajectory rule, the same for every command that acts on one trajectory:

1. `--trajectory NAME` names it (exact name, surrounding spaces ignored); a name that is not
   there, or that two trajectories share, is refused;
2. without it, the file's only trajectory;
3. a file with several trajectories is refused, with a message that lists their names.

Why not "the first one" or "the one the window last used": a municipality runs these
commands from scripts (a nightly import of a target list, a plan printed each month). A
script must act on the same trajectory every time. "The first" depends on the order of names
or dates, and "the last used" on what a colleague clicked in the window that morning: either
way a second trajectory in the file would silently send an import into the wrong one. A
refusal that names the trajectories costs the script's author one `--trajectory` argument.

Commands whose `--trajectory` only narrows a search (`erase`, `print personas`) look at every
trajectory without it (`trajectory_filter`).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.services.errors import AppError
from app.services.i18n import N_, pgettext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.models.core import Trajectory
    from app.models.groundwork import InterestedPerson
    from app.models.outreach import OutreachCampaign
    from app.services.database import Database


class NoDataFileError(AppError):
    msgid = N_("There is no data file at {path}.")


class NoSuchTrajectoryError(AppError):
    msgid = N_("There is no trajectory called “{name}” in this file.")


class AmbiguousTrajectoryError(AppError):
    msgid = N_("More than one trajectory is called “{name}”. Rename one in the window first.")


class NoTrajectoryYetError(AppError):
    msgid = N_("The data file holds no trajectory yet. Start one in the app first.")


class WhichTrajectoryError(AppError):
    msgid = N_("The data file holds more than one trajectory: {names}. Add --trajectory "
               "with the name of the one you mean.")


class NoSuchCampaignError(AppError):
    msgid = N_("There is no campaign called “{name}”.")


class AmbiguousCampaignError(AppError):
    msgid = N_("More than one campaign is called “{name}”. Add --trajectory to say which "
               "one.")


class AlreadyErasedError(AppError):
    msgid = N_("The personal data of campaign “{name}” was erased already.")


class NoSuchPersonError(AppError):
    msgid = N_("There is no person called “{name}” on the list of interested people (step "
               "2), or that person was erased already.")


class AmbiguousPersonError(AppError):
    msgid = N_("More than one person is called “{name}”. Add --trajectory to say which one, "
               "or erase the person in the window.")


def is_shared_database(db: str | Path | None) -> bool:
    """True when `--db` names a shared database (`postgresql://…`) rather than a file."""
    from app.services.server import is_database_url

    return bool(db) and is_database_url(str(db))


def data_file_path(db: str | Path | None) -> Path:
    """The file given with `--db`, else the one in the user's data folder. Only for files:
    ask `is_shared_database` first."""
    from app.services import paths

    return Path(db) if db else paths.default_db_path()


def open_data_file(db: str | Path | None, *, must_exist: bool = False) -> Database:
    """Open the database of `--db`: a shared database's address (checked, never migrated:
    that is `server init`), or a data file (checked, upgraded). A missing file becomes a new
    database, unless `must_exist`: commands that read what is in the file refuse a wrong path
    instead of making an empty file there."""
    from app.services.database import open_database

    if is_shared_database(db):
        from app.services.server import open_server

        return open_server(str(db))
    path = data_file_path(db)
    if must_exist and not path.is_file():
        raise NoDataFileError(path=str(path))
    return open_database(path)


def find_trajectory(session: Session, name: str) -> Trajectory:
    """The one trajectory called `name`."""
    from app.models.core import Trajectory

    found = list(session.scalars(select(Trajectory).where(Trajectory.name == name.strip())))
    if not found:
        raise NoSuchTrajectoryError(name=name.strip())
    if len(found) > 1:
        raise AmbiguousTrajectoryError(name=name.strip())
    return found[0]


def choose_trajectory(session: Session, name: str | None) -> Trajectory:
    """The trajectory a command acts on, by the rule in this module's docstring."""
    if name and name.strip():
        return find_trajectory(session, name)
    found = _all_trajectories(session)
    if not found:
        raise NoTrajectoryYetError()
    if len(found) > 1:
        raise WhichTrajectoryError(names=", ".join(
            pgettext("a quoted name", "“{name}”").format(name=t.name) for t in found))
    return found[0]


def only_trajectory(session: Session) -> Trajectory | None:
    """The file's one trajectory, or None when it holds none or several."""
    found = _all_trajectories(session)
    return found[0] if len(found) == 1 else None


def _all_trajectories(session: Session) -> list[Trajectory]:
    from app.models.core import Trajectory

    return list(session.scalars(select(Trajectory).order_by(Trajectory.name)))


def trajectory_filter(session: Session, name: str | None) -> str | None:
    """The id of the trajectory called `name`, or None (every trajectory) without a name."""
    return find_trajectory(session, name).id if name and name.strip() else None


def find_campaign(session: Session, name: str, trajectory: str | None = None
                  ) -> OutreachCampaign:
    """The one campaign called `name` (in the trajectory called `trajectory`), not erased."""
    from app.models.outreach import OutreachCampaign

    stmt = select(OutreachCampaign).where(OutreachCampaign.name == name.strip())
    tid = trajectory_filter(session, trajectory)
    if tid:
        stmt = stmt.where(OutreachCampaign.trajectory_id == tid)
    found = list(session.scalars(stmt))
    if not found:
        raise NoSuchCampaignError(name=name)
    if len(found) > 1:
        raise AmbiguousCampaignError(name=name)
    if found[0].erased_at is not None:
        raise AlreadyErasedError(name=found[0].name)
    return found[0]


def find_person(session: Session, name: str, trajectory: str | None = None
                ) -> InterestedPerson:
    """The one interested person (step 2) called `name`, not erased yet."""
    from app.services.groundwork import people

    found = people.find_people(session, name, trajectory_filter(session, trajectory))
    if not found:
        raise NoSuchPersonError(name=name)
    if len(found) > 1:
        raise AmbiguousPersonError(name=name)
    return found[0]
