"""User settings, declared once with types and defaults, kept as JSON in the config folder."""
from __future__ import annotations

import json
import logging
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path

from app.services import paths

log = logging.getLogger(__name__)
RECENT_MAX = 8


@dataclass
class Settings:
    language: str = "nl"
    last_trajectory_id: str = ""
    theme: str = "system"  # system | light | dark | high_contrast
    system_look: str = ""  # what "system" looked like last time, shown until the OS is asked
    window_geometry: str = ""  # base64 of Qt's saveGeometry
    help_panel: str = "shown"  # the step tabs' side panel (help, checklist, notes): shown | hidden
    print_folder: str = ""  # where the last PDF was saved; the save dialog opens there
    # shared databases opened (File › Open a shared database…), newest first; addresses only,
    # never a password (that stays in ~/.pgpass or the system keyring)
    recent_databases: list[str] = field(default_factory=list)

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
        if not isinstance(raw, dict):
            return cls()
        known = {f.name: f.default_factory is not MISSING for f in fields(cls)}  # list field?
        settings = cls()
        for key, value in raw.items():
            if key in known and not known[key] and isinstance(value, str):
                setattr(settings, key, value)
        recent = raw.get("recent_databases")
        if isinstance(recent, list):  # a hand-edited file too: addresses only, no passwords
            for url in reversed([u for u in recent if isinstance(u, str)][:100]):
                settings.remember_database(url)
        return settings

    def remember_database(self, url: str) -> None:
        """Put a shared database first in the recent list, without any password in it (an
        address that is no shared database's is left out)."""
        from app.services.errors import AppError
        from app.services.server import stored_url

        try:
            clean = stored_url(url)
        except AppError:
            return
        self.recent_databases = [clean, *(u for u in self.recent_databases if u != clean)
                                 ][:RECENT_MAX]

    def save(self) -> None:
        """Write the settings at once (raises a WriteError, an OSError's calm form)."""
        from app.services.atomic import atomic_write_text

        atomic_write_text(self.file(), json.dumps(asdict(self), indent=2, ensure_ascii=False),
                          private=True)
