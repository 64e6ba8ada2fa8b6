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


class EmptyDatabaseError(CorruptDatabaseError):
    """A 0-byte file where the data file should be: never taken for a new database."""

    msgid = N_(
        "The data file is empty (0 bytes): its contents were lost, for example by a crash or "
        "a copy that did not finish. Nothing has been changed. You can restore the newest good "
        "backup."
    )


class TruncatedDatabaseError(CorruptDatabaseError):
    """The file starts like ours but is cut off (shorter than its own header says)."""

    msgid = N_(
        "The data file is incomplete: it is cut off, for example by a copy that did not "
        "finish. Nothing has been changed. You can restore the newest good backup."
    )


class DamagedHeaderError(CorruptDatabaseError):
    """Our file, but its first bytes (the header) are damaged."""

    msgid = N_(
        "The start of the data file is damaged, so it cannot be read. Nothing has been "
        "changed. You can restore the newest good backup."
    )


class NotADatabaseError(AppError):
    msgid = N_("This file is not a Buurtverbinder data file. Nothing has been changed.")


class DatabaseLockedError(AppError):
    msgid = N_(
        "The data file is in use by another program or another Buurtverbinder window. Close it "
        "and try again."
    )


class ReadOnlyError(AppError):
    """The file is fine, but we may not write: never a reason to offer a backup."""

    msgid = N_(
        "Buurtverbinder cannot write to the data file: the file, its folder or the disk is "
        "read-only (for example a locked USB stick or a file marked read-only). The file is "
        "not damaged and nothing has been changed. Copy it to a folder you can write to, or "
        "remove the read-only mark, and try again."
    )


class InUseError(AppError):
    """Another Buurtverbinder (window or command) holds the instance lock of the file."""

    msgid = N_(
        "This data file is already open in another Buurtverbinder window or command. Close "
        "it there first, then try again."
    )


class InUseByError(InUseError):
    msgid = N_(
        "This data file is already open in Buurtverbinder on computer {host} (process "
        "{pid}). Close it there first, then try again."
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
        if "readonly" in text or "read-only" in text:
            return ReadOnlyError()
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc).lower()
        if "not a database" in text:
            return NotADatabaseError()
        if "malformed" in text or "corrupt" in text:
            return CorruptDatabaseError()
    full = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    if isinstance(exc, OSError) and exc.errno in full:
        return DiskFullError()
    return None
