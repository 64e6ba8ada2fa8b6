"""Run the adversarial checks and print their figures: `python -m tools.adversarial`.

Each module `tests/adversarial/checks_*.py` attacks one part of the app as an attacker or a
careless user would (kill it mid-write, feed it bad files, look for erased data...) and
reports what it found. The contract of such a module:

- `counts(workdir: pathlib.Path) -> dict[str, int]`: run the checks in `workdir` (a fresh,
  empty temporary folder, deleted afterwards) and return figures by name, e.g.
  `{"kills": 20, "kills survived": 20, "partial states found": 0}`. Names are plain lower-case
  English and unique across modules (the runner prefixes the module's name when two clash).
- `MUST_BE_ZERO`: the names of the figures that count problems. Any of them above zero is a
  problem. A module without `MUST_BE_ZERO` may instead end such names with " (0)", e.g.
  `"erased strings found (0)"`; both ways can be mixed. Every other figure is information
  (how many attempts, how many survived) and is never a problem by itself.
- A module that raises counts as one problem (`<module>: error: ...`).

Output: one line `name: N` per figure, in the modules' order (sorted by file name), then
`adversarial: N checks, M problems` (the time each module took goes to stderr), where N is the
number of figures and M the number of problem figures above zero (plus modules that raised).
The exit code is 1 when M > 0.

Options: `--only files` runs `checks_files.py` alone; `-k/--keep` keeps the work folders.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "tests.adversarial"
ZERO_MARK = " (0)"


def modules(only: list[str] | None = None) -> list[str]:
    folder = ROOT / "tests" / "adversarial"
    names = sorted(info.name for info in pkgutil.iter_modules([str(folder)])
                   if info.name.startswith("checks_"))
    if only:
        names = [n for n in names if n.removeprefix("checks_") in only or n in only]
    return names


def must_be_zero(module, name: str) -> bool:
    return name in set(getattr(module, "MUST_BE_ZERO", ())) or name.endswith(ZERO_MARK)


def run(only: list[str] | None = None, keep: bool = False, out=sys.stdout) -> int:
    """Run the checks; print the figures; return the number of problems."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    figures: list[tuple[str, int, bool]] = []
    problems = 0
    seen: set[str] = set()
    for name in modules(only):
        started = time.monotonic()
        try:
            module = importlib.import_module(f"{PACKAGE}.{name}")
            if keep:
                workdir = Path(tempfile.mkdtemp(prefix=f"bv-{name}-"))
                found = module.counts(workdir)
            else:
                with tempfile.TemporaryDirectory(prefix=f"bv-{name}-") as tmp:
                    found = module.counts(Path(tmp))
        except Exception as exc:  # noqa: BLE001 - a broken check is a problem, not a crash
            traceback.print_exc()
            print(f"{name}: error: {type(exc).__name__}: {exc}", file=out)
            problems += 1
            continue
        for key, value in found.items():
            label = f"{name.removeprefix('checks_')}: {key}" if key in seen else key
            seen.add(key)
            bad = must_be_zero(module, key) and int(value) != 0
            problems += bad
            figures.append((label, int(value), bad))
            print(f"{label}: {int(value)}" + ("   <-- problem" if bad else ""), file=out)
        print(f"{name}: {time.monotonic() - started:.1f} s", file=sys.stderr)
    print(f"adversarial: {len(figures)} checks, {problems} problems", file=out)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.adversarial",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only checks_NAME.py (repeat for more)")
    parser.add_argument("-k", "--keep", action="store_true", help="keep the work folders")
    args = parser.parse_args(argv)
    return 1 if run(args.only, args.keep) else 0


if __name__ == "__main__":
    sys.exit(main())
