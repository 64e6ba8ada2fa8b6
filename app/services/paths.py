"""Where the app keeps its files.

Everything lives in the user's profile (platformdirs). `BUURTVERBINDER_HOME` moves all of it
under one folder, which the tests and portable installs use.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_NAME

DB_FILENAME = "buurtverbinder.sqlite3"


def _home_override() -> Path | None:
    value = os.environ.get("BUURTVERBINDER_HOME")
    return Path(value) if value else None


def _platform_dir(kind: str) -> Path:
    import platformdirs

    func = getattr(platformdirs, f"user_{kind}_dir")
    return Path(func(APP_NAME, appauthor=False))


def data_dir() -> Path:
    home = _home_override()
    return home / "data" if home else _platform_dir("data")


def config_dir() -> Path:
    home = _home_override()
    return home / "config" if home else _platform_dir("config")


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else _platform_dir("log")


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backup_dir_for(db_path: Path) -> Path:
    """Backups sit beside the database, in a folder of their own."""
    return Path(db_path).resolve().parent / "backups"


def resource_root() -> Path:
    """The folder with `resources/` and `translations/`, also inside a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return resource_root() / "resources"


def translations_dir() -> Path:
    return resource_root() / "translations"
