"""Database files made once per test session and copied for each test (issue 20).

Migrating a new database takes about 0.4 s and filling it with the demo about 0.6 s; some
two hundred tests did both. Here the migrated file is made once, by the very code that makes
a new database in the app (`database._create_new`: every migration, then the file folded out
of WAL), before any device identity is written. Each test copies it to its own path and opens
the copy with the app's ordinary `open_database`, which checks it as strictly as any file and
gives the copy a device identity of its own. The demo file is the migrated file opened once,
filled with the demo and copied the same way (its device identity is the one the demo was
made with, as in a test that made it itself); there is one per language, since the demo's
texts are made in the language of the moment.

Tests of the migrations themselves, of the upgrade path and of older files never use these:
they open files of their own, which are migrated for real.

The templates' checksums are taken when they are made and checked again at the end of the
session: a test that wrote into a template instead of its copy fails the run."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Templates:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._made: dict[str, tuple[Path, str]] = {}  # name -> (file, checksum when made)

    def migrated(self) -> Path:
        if "migrated" not in self._made:
            from app.services import database

            path = self.folder / "migrated.sqlite3"
            database._create_new(path)
            self._made["migrated"] = (path, _checksum(path))
        return self._made["migrated"][0]

    def demo(self) -> Path:
        """The demo as made in the language of the moment (its texts are translated)."""
        from app.services import i18n

        name = f"demo-{i18n.current_language()}"
        if name not in self._made:
            from app.services.database import open_database
            from app.services.demo import create_demo

            work = self.copy_migrated(self.folder / f"{name}-work.sqlite3")
            db = open_database(work)
            try:
                with db.transaction() as s:
                    create_demo(s)
            finally:
                db.close()
            path = self.folder / f"{name}.sqlite3"
            _single_file(work, path)
            self._made[name] = (path, _checksum(path))
        return self._made[name][0]

    def copy_migrated(self, target: Path) -> Path:
        return _copy(self.migrated(), target)

    def copy_demo(self, target: Path) -> Path:
        return _copy(self.demo(), target)

    def changed(self) -> list[str]:
        """The templates whose bytes are no longer those they were made with."""
        return [name for name, (path, checksum) in self._made.items()
                if not path.exists() or _checksum(path) != checksum
                or any(Path(f"{path}{s}").exists() for s in ("-wal", "-journal"))]


def _single_file(source: Path, target: Path) -> None:
    """A consistent copy of `source` as one file (no WAL beside it): SQLite's backup API."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        src.close()
        dst.close()


def _copy(template: Path, target: Path) -> Path:
    target = Path(target)
    if target.exists():
        raise FileExistsError(target)  # a test's own file is never overwritten
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target
