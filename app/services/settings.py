"""User settings, declared once with types and defaults, kept as JSON in the config folder."""
from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from app.services import paths

log = logging.getLogger(__name__)


@dataclass
class Settings:
    language: str = "nl"
    last_trajectory_id: str = ""
    theme: str = "system"  # system | light | dark | high_contrast
    system_look: str = ""  # what "system" looked like last time, shown until the OS is asked
    window_geometry: str = ""  # base64 of Qt's saveGeometry
    help_panel: str = "shown"  # the step tabs' side panel (help, checklist, notes): shown | hidden
    last_backup_check: str = ""
    print_folder: str = ""  # where the last PDF was saved; the save dialog opens there

    @classmethod
    def file(cls) -> Path:
        return paths.config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        try:
            raw = json.loads(cls.file().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known and isinstance(v, str)}
        return cls(**values)

    def save(self) -> None:
        import tempfile

        target = self.file()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(self), fh, indent=2, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
