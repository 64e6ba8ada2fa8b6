"""One Buurtverbinder at a time per data file: a lock file beside it.

The window locks with Qt's `QLockFile` (app/views/window_controller.py); the command line,
which must not load Qt, with this module. Both use the same file, `<data file>.lock`, and the
same scheme, so each sees the other:

- the lock file is created exclusively (`O_EXCL`; Windows: `CREATE_NEW`) and holds three
  lines, as QLockFile writes them: process id, application name, host name;
- on POSIX the holder also keeps `flock` and a `fcntl` write lock on it for as long as it
  holds it (QLockFile's "native locks"). Whoever finds the file may only delete it when it
  gets those locks itself, so a live holder is never pushed out, whatever its age;
- a lock is stale, and is removed, when its process no longer runs on this host or when it is
  older than STALE_SECONDS — and, on POSIX, only if its native locks are free (the holder is
  gone); on Windows only if the file can be deleted (a live holder keeps it open, so Windows
  refuses).

QLockFile's own stale time is set to the same STALE_SECONDS.
"""
from __future__ import annotations

import errno
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from app.services.errors import AppError, InUseByError, InUseError, ReadOnlyError

STALE_SECONDS = 30


def lock_path_for(db_path: Path | str) -> Path:
    db_path = Path(db_path).resolve()
    return db_path.with_name(db_path.name + ".lock")


@dataclass(frozen=True)
class Holder:
    pid: int
    app: str
    host: str


def read_holder(lock_path: Path) -> Holder | None:
    try:
        lines = lock_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return Holder(int(lines[0]), lines[1] if len(lines) > 1 else "",
                      lines[2] if len(lines) > 2 else "")
    except (OSError, ValueError, IndexError):
        return None


def in_use_error(holder: Holder | None) -> AppError:
    if holder is not None and holder.pid > 0 and holder.host:
        return InUseByError(host=holder.host, pid=holder.pid)
    return InUseError()


def _app_name() -> str:
    """What QLockFile compares with the holder's process name to spot a reused process id."""
    return os.path.basename(os.path.realpath(sys.executable)) or "buurtverbinder"


def _host() -> str:
    return socket.gethostname()


def _process_runs(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would stop it there; Windows decides below
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _native_lock(fd: int) -> bool:
    if sys.platform == "win32":
        return True  # the open handle itself stops others from deleting the file
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # other processes on a local disk
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # network file systems
    except OSError as exc:
        # Held by someone else; any other error means a file system without such locks,
        # where (as QLockFile does) the lock file alone has to do.
        return exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)
    return True


class InstanceLock:
    """Hold the lock of one data file: `with InstanceLock(db_path): ...`."""

    def __init__(self, db_path: Path | str):
        self.path = lock_path_for(db_path)
        self._fd: int | None = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *_exc) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise InUseError (naming the holder when known)."""
        if self._fd is not None:
            return
        for attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                if attempt == 0 and self._remove_if_stale():
                    continue
                raise in_use_error(read_holder(self.path)) from None
            except OSError as exc:
                if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                    raise ReadOnlyError() from exc
                raise
            if not _native_lock(fd):  # someone else got in between
                os.close(fd)
                raise in_use_error(read_holder(self.path))
            os.write(fd, f"{os.getpid()}\n{_app_name()}\n{_host()}\n".encode())
            self._fd = fd
            return

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)  # first, while the native locks still hold
        finally:
            os.close(self._fd)
            self._fd = None

    def _remove_if_stale(self) -> bool:
        holder = read_holder(self.path)
        try:
            age = time.time() - self.path.stat().st_mtime
        except FileNotFoundError:
            return True  # released meanwhile
        gone = holder is not None and holder.host == _host() and not _process_runs(holder.pid)
        if not gone and abs(age) <= STALE_SECONDS:
            return False
        if sys.platform == "win32":
            try:
                self.path.unlink()
            except PermissionError:
                return False  # still open: its holder lives
            except FileNotFoundError:
                pass
            return True
        try:  # never follow a planted link to some other file
            fd = os.open(self.path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return True
        except OSError:  # a link (ELOOP) or a folder: not a lock anyone holds
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                return False  # a folder we may not remove: the file stays "in use"
            return True
        try:
            if not _native_lock(fd):
                return False  # its holder still has it: not stale, whatever its age
            self.path.unlink(missing_ok=True)
            return True
        finally:
            os.close(fd)
