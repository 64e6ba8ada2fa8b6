"""Refresh tests/durations.json, the seconds each long test file takes on one worker, from a
run's `--durations=0` report (setup, call and teardown of every test):

    bash scripts/run-tests -q --durations=0 -vv | tee report.txt
    python -m tests.durations report.txt

The numbers only order the files for the parallel run (tests/conftest.py): the long ones
start first. Files under a second are left out; a file not listed counts as short."""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

TARGET = Path(__file__).with_name("durations.json")
LINE = re.compile(r"^\s*([0-9.]+)s (?:setup|call|teardown)\s+(\S+?)::")


def file_seconds(report: str) -> dict[str, float]:
    total: Counter[str] = Counter()
    for line in report.splitlines():
        found = LINE.match(line)
        if found:
            total[found.group(2)] += float(found.group(1))
    return {path: round(seconds, 1) for path, seconds in total.most_common() if seconds >= 1}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = file_seconds(Path(argv[0]).read_text(encoding="utf-8"))
    if not found:
        print(f"no durations in {argv[0]}: run pytest with --durations=0 -vv", file=sys.stderr)
        return 1
    TARGET.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    print(f"{TARGET}: {len(found)} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
