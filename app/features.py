"""The app's features, listed once. Everything else that needs them derives from here: the
translation domains (`app.services.i18n`, `tools/i18n.py`) and the checks that a new feature
folder is declared (tests/core/test_features.py).

A feature keeps its code under its own name: `app/services/<feature>/`,
`app/views/<feature>/`, `app/models/<feature>.py`, `app/cli/commands/<feature>*.py`
(docs/DEVELOPING.md). A module whose dotted name does not say which feature it serves is
listed in FEATURE_MODULES; every other module belongs to the core. Qt-free, imports nothing.
"""
from __future__ import annotations

FEATURES = ("groundwork", "participation", "actions", "outreach", "exchange", "packaging")

# Modules that belong to a feature although their name does not say so.
FEATURE_MODULES = {
    "app.selftest": "packaging",
    "app.views.theme": "packaging",
    "app.views.help": "packaging",
    "app.views.help_menu": "packaging",
    "app.cli.commands.keys": "exchange",
    "app.cli.commands.sync": "exchange",
    "app.cli.commands.targets": "outreach",
    "app.cli.printing.walking_list": "outreach",
    "app.cli.printing.personas": "participation",
    "app.cli.printing.plan": "actions",
    "app.services.loneliness": "actions",
}

# Packages under app/services/ and app/views/ that are shared, not a feature.
SHARED_PACKAGES = ("printing", "widgets")


def feature_of_module(name: str) -> str | None:
    """The feature a module (dotted name) belongs to, or None for the core."""
    if name in FEATURE_MODULES:
        return FEATURE_MODULES[name]
    parts = name.split(".")
    return next((f for f in FEATURES
                 if f in parts or any(p.startswith(f + "_") for p in parts)), None)
