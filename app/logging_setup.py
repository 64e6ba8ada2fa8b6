"""Rotating log files in the user's log folder.

The GUI starts with a plain file handler on the same file and swaps in the rotating one after
the window's first paint (`logging.handlers` and what it imports cost the first paint about
15 ms); nothing logged in between is lost, and rotation happens at the next record.
"""
from __future__ import annotations

import logging

from app.services import paths

LOG_FILE = "buurtverbinder.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _ours(root: logging.Logger) -> logging.Handler | None:
    return next((h for h in root.handlers if getattr(h, "_buurtverbinder", False)), None)


def _install(root: logging.Logger, make) -> None:
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = make(folder / LOG_FILE)
    except OSError:
        handler = logging.StreamHandler()
    handler._buurtverbinder = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)


def _rotating(path):
    import logging.handlers

    return logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES,
                                                backupCount=BACKUP_COUNT, encoding="utf-8")


def setup_logging(level: int = logging.INFO, quick: bool = False) -> None:
    """Log to the user's log folder. `quick`: a plain file handler for now; call
    `finish_logging()` once the window is up."""
    root = logging.getLogger()
    if _ours(root) is not None:
        return
    if quick:
        _install(root, lambda path: logging.FileHandler(path, encoding="utf-8"))
    else:
        _install(root, _rotating)
    root.setLevel(level)


def finish_logging() -> None:
    """Swap the start-up's plain file handler for the rotating one."""
    root = logging.getLogger()
    current = _ours(root)
    if current is None or type(current) is not logging.FileHandler:
        return
    root.removeHandler(current)
    current.close()
    _install(root, _rotating)
