"""SQLAlchemy models. Never imports Qt.

Importing this package imports every model module in it (core first, then one module per
feature), so `Base.metadata` is complete wherever the package is used.
"""
from __future__ import annotations

import importlib
import pkgutil

from app.models import core  # noqa: F401  (core tables first)
from app.models.base import Base, SyncMixin, sync_models  # noqa: F401

_SKIP = {"base", "core", "session"}
for _info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
    if _info.name not in _SKIP and not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")
