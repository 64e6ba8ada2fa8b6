"""Expected errors with calm, translated messages. Anything else is a bug for the crash dialog.

Each error keeps an English msgid and its parameters; `user_message()` translates at display
time, so the message follows the language the user has chosen.
"""
from __future__ import annotations

from app.services.i18n import N_, _


class AppError(Exception):
    """An expected problem the user can understand and act on."""

    msgid = N_("Something went wrong.")

    def __init__(self, msgid: str | None = None, /, **params):
        self.msgid = msgid or type(self).msgid
        self.params = params
        super().__init__(self.msgid.format(**params) if params else self.msgid)

    def user_message(self) -> str:
        text = _(self.msgid)
        return text.format(**self.params) if self.params else text


class NewerVersionError(AppError):
    msgid = N_(
        "This file was made by a newer version of Buurtverbinder. Install the newest version "
        "to open it. The file has not been changed."
    )


class CorruptDatabaseError(AppError):
    msgid = N_(
        "The data file is damaged and has not been changed. You can restore the newest good "
        "backup."
    )


class NotADatabaseError(AppError):
    msgid = N_("This file is not a Buurtverbinder data file. Nothing has been changed.")


class DatabaseLockedError(AppError):
    msgid = N_(
        "The data file is in use by another program or another Buurtverbinder window. Close it "
        "and try again."
    )


class DiskFullError(AppError):
    msgid = N_(
        "The disk is full, so your last change could not be saved. Free some space and try again."
    )


class MigrationError(AppError):
    msgid = N_(
        "The data file could not be brought up to date. It was restored from the backup made "
        "just before: nothing was lost."
    )


def classify_os_error(exc: BaseException) -> AppError | None:
    """Map low-level errors to known, calm ones; None means it is a bug."""
    import errno
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, AppError):
        return exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return DatabaseLockedError()
        if "disk is full" in text or "database or disk is full" in text:
            return DiskFullError()
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc).lower()
        if "not a database" in text:
            return NotADatabaseError()
        if "malformed" in text or "corrupt" in text:
            return CorruptDatabaseError()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DiskFullError()
    return None
