"""Every dialog of the app opened on a 1366×768 laptop at 100 % and on a full-HD screen at
200 % (960×540 logical pixels): it fits the free part of the screen, title bar included, its
OK (Save, Close) button is on screen and whole, and the first focus is in a field.

Qt's offscreen platform takes its screen size per process, so each screen runs
`tests.widgets.dialog_fit` in a child process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {
    "laptop_1366x768_100": (1366, 768, "1"),
    "fullhd_200": (1920, 1080, "2"),
}
# every dialog the issue names must be among those opened
EXPECTED = {
    "record_partner", "record_contact_moment", "record_training_session", "record_area_figure",
    "record_area_story", "record_area_need", "persona", "record_participatory_session",
    "record_idea", "action", "campaign", "record_outreach_person", "record_outreach_visit",
    "record_outreach_visitor", "record_outreach_consent", "record_outreach_referral",
    "export", "keys", "conflicts", "measurement", "trajectory", "guide", "exchange_import",
}
FIELDS = {"QLineEdit", "QComboBox", "QPlainTextEdit", "QSpinBox", "QDoubleSpinBox",
          "CodeListWidget", "QListWidget", "QTableView", "QRadioButton", "QDateEdit",
          "QCheckBox", "QTabBar"}


def _run(tmp_path, name, width, height, scale, lang):
    config = tmp_path / f"{name}.json"
    config.write_text(json.dumps({"screens": [{
        "name": name, "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    out = tmp_path / f"{name}-result.json"
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": scale, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "tests.widgets.dialog_fit", str(out),
                          "--lang", lang], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("screen, lang", [("laptop_1366x768_100", "nl"),
                                          ("fullhd_200", "fr")])
def test_every_dialog_fits_the_screen_with_ok_on_it(tmp_path, screen, lang):
    width, height, scale = SCREENS[screen]
    results = _run(tmp_path, screen, width, height, scale, lang)
    names = {r["name"] for r in results}
    assert EXPECTED <= names, EXPECTED - names
    logical = (width // int(scale), height // int(scale))
    errors = [r for r in results if "error" in r]
    assert not errors
    for r in results:
        assert tuple(r["screen"]) == logical
        assert r["dialog_fits"], f"{r['name']} is larger than the screen: {r}"
        assert r["ok_on_screen"], f"{r['name']}: OK/Close is not on screen: {r}"
        if r["name"] != "main_window":
            assert r["focus"] in FIELDS, f"{r['name']} opens with focus on {r['focus']}"
        if r["name"] not in ("main_window", "conflicts"):  # the inbox: its own engineer
            assert not r["traps_tab"], f"{r['name']}: Tab is trapped in {r['traps_tab']}"
