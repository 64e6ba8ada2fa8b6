"""The parallel run's order (tests/conftest.py): the long test files first, by the seconds in
tests/durations.json, each file's own tests in their order; a serial run keeps pytest's."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from tests import conftest, durations

ROOT = Path(__file__).resolve().parents[2]


def _ordered(nodeids: list[str], monkeypatch, worker: str | None = "gw0") -> list[str]:
    if worker is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    items = [SimpleNamespace(nodeid=n) for n in nodeids]
    conftest.pytest_collection_modifyitems(None, None, items)
    return [i.nodeid for i in items]


def test_long_files_go_first_and_keep_their_own_order(monkeypatch):
    known = json.loads((ROOT / "tests" / "durations.json").read_text(encoding="utf-8"))
    longest, second = sorted(known, key=known.get, reverse=True)[:2]
    nodeids = ["tests/a/test_new.py::test_one", f"{second}::test_b[sqlite]",
               "tests/a/test_new.py::test_two", f"{longest}::test_z", f"{second}::test_a",
               "tests/a/test_other.py::test_x", f"{longest}::test_y"]
    assert _ordered(nodeids, monkeypatch) == [
        f"{longest}::test_z", f"{longest}::test_y", f"{second}::test_b[sqlite]",
        f"{second}::test_a", "tests/a/test_new.py::test_one", "tests/a/test_new.py::test_two",
        "tests/a/test_other.py::test_x"]


def test_a_serial_run_keeps_the_order(monkeypatch):
    nodeids = ["tests/a/test_new.py::test_one", "tests/views/test_reader.py::test_x"]
    assert _ordered(nodeids, monkeypatch, worker=None) == nodeids


def test_every_listed_file_exists_and_the_list_is_sorted():
    known = json.loads((ROOT / "tests" / "durations.json").read_text(encoding="utf-8"))
    assert known, "tests/durations.json is empty"
    missing = [path for path in known if not (ROOT / path).is_file()]
    assert not missing, f"refresh tests/durations.json (python -m tests.durations): {missing}"
    assert all(seconds > 0 for seconds in known.values())


def test_the_durations_report_is_summed_per_file(tmp_path, monkeypatch):
    report = """
============================= slowest durations =============================
12.50s call     tests/x/test_a.py::test_one[sqlite]
0.60s setup    tests/x/test_a.py::test_one[sqlite]
0.70s call     tests/x/test_b.py::test_two
0.20s teardown tests/x/test_b.py::test_three
3.00s call     tests/x/test_c.py::TestGroup::test_four
(1 durations < 0.005s hidden.)
12 passed in 20.00s
"""
    assert durations.file_seconds(report) == {"tests/x/test_a.py": 13.1,
                                              "tests/x/test_c.py": 3.0}
    target = tmp_path / "durations.json"
    monkeypatch.setattr(durations, "TARGET", target)
    (tmp_path / "report.txt").write_text(report, encoding="utf-8")
    assert durations.main([str(tmp_path / "report.txt")]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == {"tests/x/test_a.py": 13.1,
                                                               "tests/x/test_c.py": 3.0}
    (tmp_path / "empty.txt").write_text("3 passed in 1.00s\n", encoding="utf-8")
    assert durations.main([str(tmp_path / "empty.txt")]) == 1
    assert durations.main([]) == 2
