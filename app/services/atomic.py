"""Writing a file so that it is either the old one or the whole new one, never half of it.

`atomic_write(path, write)` lets `write(tmp)` fill a temporary beside the target (same folder,
so the rename stays on one disk), flushes it to the disk, gives it the user's usual file mode,
renames it over the target and flushes the folder, so the new name survives a power cut too.
On any failure the temporary goes and the target is untouched. An `OSError` becomes a calm,
translated `WriteError` that says what to do: a full disk, a read-only stick, a folder the
user may not write to, a file held open by another program (Excel, a PDF viewer), a folder
that disappeared (an unplugged stick). Other errors (a cancel, a bug) pass through unchanged.

`atomic_file(path)` gives the same guarantee to a writer that streams into a file object (an
exchange package encrypted as it is written, a file copied into a mailbox folder).

Every file the app writes goes through here: settings, PDFs, spreadsheets, list exports,
database copies and restores, exchange packages, mailbox files and key files.
"""
from __future__ import annotations

import errno
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from app.services.errors import AppError, DiskFullError, ReadOnlyError
from app.services.i18n import N_

log = logging.getLogger(__name__)

# Windows' "sharing violation" and "lock violation": another program holds the file open
_WINDOWS_LOCKED = {32, 33}


class WriteError(AppError, OSError):
    """A file could not be written; nothing was changed. Also an `OSError`, so code that
    handled the raw error still does; new code shows `user_message()`."""

    msgid = N_("“{name}” could not be saved ({reason}). Nothing was changed.")


class WriteDiskFullError(WriteError, DiskFullError):
    msgid = N_("The disk is full, so “{name}” could not be saved. Free some space, or choose "
               "another place, and try again. Nothing was changed.")


class WriteReadOnlyError(WriteError, ReadOnlyError):
    msgid = N_("“{name}” could not be saved: the disk or stick is read-only. Choose another "
               "place and try again. Nothing was changed.")


class WriteNotAllowedError(WriteError):
    msgid = N_("You may not save files in “{folder}”. Choose another folder and try again. "
               "Nothing was changed.")


class WriteLockedError(WriteError):
    msgid = N_("“{name}” is open in another program. Close it there and try again. Nothing "
               "was changed.")


class WriteFolderGoneError(WriteError):
    msgid = N_("The folder “{folder}” is not there (any more), for example because a stick "
               "was removed. Choose another place and try again. Nothing was changed.")


def write_error(exc: OSError, path: Path) -> WriteError:
    """The calm error for an `OSError` met while writing `path` (same errno and filename)."""
    error = _classify(exc, path)
    error.errno, error.strerror, error.filename = exc.errno, exc.strerror, str(path)
    return error


def _classify(exc: OSError, path: Path) -> WriteError:
    names = {"name": path.name, "folder": str(path.parent)}
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return WriteDiskFullError(**names)
    if code == errno.EROFS:
        return WriteReadOnlyError(**names)
    if getattr(exc, "winerror", None) in _WINDOWS_LOCKED or code in (errno.EBUSY,
                                                                     errno.ETXTBSY):
        return WriteLockedError(**names)
    if code in (errno.EACCES, errno.EPERM):
        if sys.platform == "win32" and path.exists():  # Windows: open elsewhere, mostly
            return WriteLockedError(**names)
        return WriteNotAllowedError(**names)
    if code in (errno.ENOENT, errno.ENOTDIR):
        return WriteFolderGoneError(**names)
    return WriteError(name=path.name, reason=exc.strerror or type(exc).__name__)


def _umask() -> int:
    try:  # Linux: read it without the race of setting it
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def file_mode(private: bool = False) -> int:
    """The mode of a new file: the user's usual one (0666 less the umask), or 0600."""
    return 0o600 if private else 0o666 & ~_umask()


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no folder handles to flush)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_temp(path: Path) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".part")
    os.close(fd)
    return Path(tmp)


def atomic_write(path: Path | str, write: Callable[[str], object], *,
                 temp: Path | None = None, private: bool = False) -> Path:
    """Write `path` through `write(tmp)` all at once (`tmp` is the temporary's path as a
    string, as ReportLab, openpyxl and sqlite3 take it). `temp` names the temporary when others
    must recognise it (a database copy's `.part`); it must not exist yet. Returns `path`."""
    path = Path(path)
    with _replacing(path, private) as made:
        tmp = Path(temp) if temp is not None else _new_temp(path)
        made.append(tmp)
        write(str(tmp))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    return path


@contextmanager
def atomic_file(path: Path | str, *, temp: Path | None = None, private: bool = False,
                held: bool = False) -> Iterator[BinaryIO]:
    """`atomic_write` for a writer that streams: the body writes into the file object, and
    the file appears under `path` only when the body ends without an error. `temp`: as for
    `atomic_write`; `held`: the temporary is locked while written, so that
    `leftovers.remove_killed_exports` of another export leaves it alone."""
    path = Path(path)
    with _replacing(path, private) as made:
        if temp is None:
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-",
                                        suffix=".part")
        else:
            fd, name = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), str(temp)
        made.append(Path(name))
        if held:
            from app.services import leftovers

            leftovers.hold(fd)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())


@contextmanager
def _replacing(path: Path, private: bool) -> Iterator[list[Path]]:
    """What both writers share: the body makes the temporary (and names it in the list it is
    given) and fills it; then it takes the target's place, or on any failure it goes. An
    `OSError` becomes the calm `WriteError`; the folder is flushed after the rename."""
    made: list[Path] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield made
        _put_in_place(made[0], path, private)
        made.clear()
    except WriteError:
        raise
    except OSError as exc:
        raise write_error(exc, path) from exc
    finally:
        for tmp in made:
            tmp.unlink(missing_ok=True)
    _flush_folder(path)


def _put_in_place(tmp: Path, path: Path, private: bool) -> None:
    os.chmod(tmp, file_mode(private))
    os.replace(tmp, path)


def _flush_folder(path: Path) -> None:
    try:
        fsync_folder(path.parent)
    except OSError:  # the file is complete under its name; only its durability is less sure
        log.warning("could not flush the folder of %s", path.name)


def atomic_write_bytes(path: Path | str, data: bytes, *, private: bool = False) -> Path:
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(data), private=private)


def atomic_write_text(path: Path | str, text: str, *, private: bool = False) -> Path:
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(text.encode("utf-8")),
                        private=private)
