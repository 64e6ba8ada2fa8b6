"""The adversarial checks of the data file, run small (one kill of each kind of work), and the
runner's contract (tools/adversarial.py)."""
from __future__ import annotations

import io
import sys
import types

from app.models import session as session_settings
from tests.adversarial import checks_files
from tools import adversarial


def test_kills_and_data_file_cases_find_no_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(checks_files, "KILLS", 1)
    # the locked file's case holds the lock throughout: 0.2 s of waiting proves what 5 s does
    monkeypatch.setattr(session_settings, "BUSY_TIMEOUT_MS", 200)
    found = checks_files.counts(tmp_path)
    problems = {name: n for name, n in found.items()
                if name in checks_files.MUST_BE_ZERO and n}
    assert problems == {}, found
    assert found["kills"] >= 3  # most of the five kinds of work were really hit mid-way
    assert found["kills survived"] == found["kills"]
    assert found["file cases"] >= 10


def test_the_runner_prints_one_line_per_figure_and_fails_on_a_problem(monkeypatch):
    good = types.SimpleNamespace(MUST_BE_ZERO={"lost"},
                                 counts=lambda workdir: {"tries": 3, "lost": 0})
    bad = types.SimpleNamespace(counts=lambda workdir: {"tries": 2, "erased strings found (0)": 4})
    broken = types.SimpleNamespace(counts=lambda workdir: 1 / 0)
    fakes = {"checks_a": good, "checks_b": bad, "checks_c": broken}
    monkeypatch.setattr(adversarial, "modules", lambda only=None: list(fakes))
    monkeypatch.setitem(sys.modules, "tests.adversarial.checks_a", good)
    monkeypatch.setitem(sys.modules, "tests.adversarial.checks_b", bad)
    monkeypatch.setitem(sys.modules, "tests.adversarial.checks_c", broken)
    out = io.StringIO()
    assert adversarial.run(out=out) == 2
    lines = out.getvalue().splitlines()
    assert lines[:4] == ["tries: 3", "lost: 0", "b: tries: 2",
                         "erased strings found (0): 4   <-- problem"]
    assert lines[4].startswith("checks_c: error: ZeroDivisionError")
    assert lines[-1] == "adversarial: 4 checks, 2 problems"


def test_every_checks_module_keeps_the_contract():
    for name in adversarial.modules():
        module = __import__(f"tests.adversarial.{name}", fromlist=["counts"])
        assert callable(module.counts)
        assert all(isinstance(n, str) for n in getattr(module, "MUST_BE_ZERO", ()))
