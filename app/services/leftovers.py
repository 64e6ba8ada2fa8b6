"""Temporaries of a killed export, found and removed at the next export to that folder.

An export writes `.<name>-XXXXXXXX.part` beside the target (Python's `mkstemp`) and renames it
when complete. A process killed before the rename leaves that hidden, nearly complete package
on the stick: it may hold personal data. We remove only files that are unmistakably ours:
hidden, that exact name shape, empty or starting like a package (a zip, or age encryption),
and not being written right now — a writer holds a `flock` on its temporary (POSIX), and on
Windows an open file cannot be deleted.
"""
from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

log = logging.getLogger(__name__)
_EXPORT_TEMP = re.compile(r"^\..+-[a-z0-9_]{8}\.part$")
_PACKAGE_STARTS = (b"PK\x03\x04", b"age-encryption.org/")


def hold(fd: int) -> None:
    """Mark a temporary as being written (POSIX): `remove_killed_exports` leaves it alone."""
    if sys.platform != "win32":
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a file system without locks: the content check still applies
            pass


def _being_written(path: Path) -> bool:
    if sys.platform == "win32":
        return False  # the unlink below fails for an open file
    import fcntl
    import os

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def _ours(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(32)
    except OSError:
        return False
    return not head or head.startswith(_PACKAGE_STARTS)


def killed_exports(folder: Path) -> list[Path]:
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    return [p for p in entries if _EXPORT_TEMP.match(p.name) and p.is_file() and _ours(p)]


def remove_killed_exports(folder: Path) -> list[Path]:
    removed = []
    for path in killed_exports(folder):
        if _being_written(path):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError as exc:  # still open elsewhere, or a read-only stick
            log.info("left %s: %s", path, exc)
    return removed
