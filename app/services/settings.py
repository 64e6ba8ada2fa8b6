"""User settings, declared once with types and defaults, kept as JSON in the config folder."""
from __future__ import annotations

import json
import logging
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
        """Write the settings at once (raises a WriteError, an OSError's calm form)."""
        from app.services.atomic import atomic_write_text

        atomic_write_text(self.file(), json.dumps(asdict(self), indent=2, ensure_ascii=False),
                          private=True)
