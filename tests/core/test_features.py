"""The features are listed once (app.features); a feature folder or module that the list does
not know is caught here, before its strings land in the wrong catalog."""
from __future__ import annotations

from pathlib import Path

from app import features
from app.services import i18n
from tools import i18n as tool

ROOT = Path(__file__).resolve().parents[2]


def test_every_feature_package_is_a_declared_feature():
    for layer in ("services", "views"):
        folders = {p.name for p in (ROOT / "app" / layer).iterdir()
                   if (p / "__init__.py").is_file()}
        unknown = folders - set(features.FEATURES) - set(features.SHARED_PACKAGES)
        assert unknown == set(), f"app/{layer}: add {sorted(unknown)} to app.features"


def test_every_declared_feature_has_code_and_a_catalog():
    for feature in features.FEATURES:
        modules = [p for p in (ROOT / "app").rglob("*.py")
                   if features.feature_of_module(tool.module_name(p)) == feature]
        assert modules, f"{feature} has no module"
        for lang in tool.LANGS:
            assert (ROOT / "translations" / lang / "LC_MESSAGES" / f"{feature}.po").is_file()


def test_the_named_modules_exist_and_name_a_feature():
    for module, feature in features.FEATURE_MODULES.items():
        assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), module
        assert feature in features.FEATURES


def test_the_domains_derive_from_the_one_list():
    assert i18n.DOMAINS == tool.DOMAINS == ("core", *features.FEATURES)
    assert features.feature_of_module("app.views.outreach.lists") == "outreach"
    assert features.feature_of_module("app.cli.commands.keys") == "exchange"
    assert features.feature_of_module("app.services.backup") is None
    assert tool.domain_of(ROOT / "app" / "services" / "backup.py") == "core"
