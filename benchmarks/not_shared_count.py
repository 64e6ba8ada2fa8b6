"""The "not yet shared" count at scale (issue 16): its first count and a recount after one
saved visit, each in a fresh process, on the Home visits benchmark's database.

    python benchmarks/not_shared_count.py [--visits 100000] [--runs 3] [--cache DIR]
                                          [--before COMMIT]

Three states of the same database: "never shared" (as built), "shared" (every record of
the trajectory given an exchanged state holding its present content, as a lead package
leaves it, so the count is 0) and "unsure" (the same states, each written with a leading
space: the same JSON, but no longer the text the SQL compares, so every record is compared
in Python; still 0). --before COMMIT also times `not_shared.py` of that commit.
Prints, per state and code, the medians of the first count's time and the memory it adds
(RSS of the process), and the recount's time after one visit is saved.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def share_everything(path: Path, tid: str) -> None:
    """Exchanged states holding every record's present content, for the records of the
    trajectory (chosen in Python, parents first, as the exporter's `tables.stream_rows`
    chooses them)."""
    from sqlalchemy import insert, select

    from app.models.exchange import ExchangeRecordState
    from app.services.database import open_database
    from app.services.exchange import codec, state, tables

    db = open_database(path)
    chosen: dict[str, set] = {}
    with db.transaction() as s:
        for plan in tables.scope_plan("lead"):
            cols, fields = codec.columns(plan.model), codec.content_fields(plan.model)
            links = [(key, fk.column.table.name) for key, col in cols.items()
                     for fk in col.foreign_keys
                     if fk.column.table.name in chosen and fk.column.table.name != plan.kind]
            if plan.kind != "trajectory" and not links:
                continue  # not tied to a trajectory
            keep = chosen[plan.kind] = set()
            stmt = select(*(col.label(key) for key, col in cols.items()))
            for part in s.connection().execute(stmt).partitions(5000):
                rows = [r for r in part if r.id == tid or any(
                    r._mapping[key] in chosen[parent] for key, parent in links)]
                keep.update(r.id for r in rows)
                if rows:
                    s.execute(insert(ExchangeRecordState), [
                        {"kind": plan.kind, "record_id": str(r.id), "vector": '{"bench": 1}',
                         "content": state.dumps({k: codec.to_json(cols[k], r._mapping[k])
                                                 for k in fields})} for r in rows])
    db.close()


def child(db_path: str, tid: str, module: str) -> None:
    import gc

    from outreach_visits import rss_mb
    from sqlalchemy import text

    from app.services.database import open_database
    from app.services.outreach import background_read

    spec = importlib.util.spec_from_file_location("ns_under_test", module)
    ns = sys.modules["ns_under_test"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ns)
    db = open_database(Path(db_path))
    reader = background_read.Reader(db)  # the line's own sessions, which only read
    counter = ns.NotSharedCounter()
    gc.collect()
    before, t = rss_mb(), time.perf_counter()
    with reader.session() as s:
        first = counter.count(s, tid)
    spent, mb = time.perf_counter() - t, rss_mb() - before
    with db.transaction() as s:  # one visit saved: new notes, a new revision
        s.execute(text("UPDATE outreach_visit SET notes = notes || '.', revision = revision + 1"
                       " WHERE rowid = (SELECT max(rowid) FROM outreach_visit)"))
    t = time.perf_counter()
    with reader.session() as s:
        again = counter.count(s, tid)
    recount = time.perf_counter() - t
    reader.close()
    print(json.dumps({"t": spent, "mb": mb, "recount": recount, "first": first.as_dict(),
                      "again": again.as_dict()}))


def run(db: Path, tid: str, module: Path, runs: int, workdir: Path) -> dict:
    results = []
    for _ in range(runs):
        copy = workdir / "run.sqlite3"
        shutil.copyfile(db, copy)  # the recount's saved visit must not stay
        out = subprocess.run([sys.executable, __file__, "--child", str(copy), tid,
                              str(module)], capture_output=True, text=True, check=False,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"t": statistics.median(r["t"] for r in results),
            "mb": statistics.median(r["mb"] for r in results),
            "recount": statistics.median(r["recount"] for r in results),
            "first": results[0]["first"], "again": results[0]["again"]}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--visits", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cache", help="keep the generated databases in this folder")
    ap.add_argument("--before", help="also time not_shared.py of this commit")
    args = ap.parse_args()
    import outreach_visits

    args.profile = False
    path, tid, _cid = outreach_visits.ready_database(args)
    shared, unsure = path.with_name("shared.sqlite3"), path.with_name("unsure.sqlite3")
    if not shared.exists():
        shutil.copyfile(path, shared)
        share_everything(shared, tid)
    if not unsure.exists():
        shutil.copyfile(shared, unsure)
        with sqlite3.connect(unsure) as conn:
            conn.execute("UPDATE exchange_record_state SET content = ' ' || content")
    work = Path(tempfile.mkdtemp())
    codes = {"now": ROOT / "app/services/exchange/not_shared.py"}
    if args.before:
        old = work / "not_shared_before.py"
        old.write_text(subprocess.run(
            ["git", "show", f"{args.before}:app/services/exchange/not_shared.py"],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout)
        codes = {"before": old, **codes}
    print(f"{args.visits} visits, {args.people} people; load average "
          f"{os.getloadavg()[0]:.1f}; medians of {args.runs}")
    for label, db in (("never shared", path), ("shared", shared), ("unsure", unsure)):
        for code, module in codes.items():
            r = run(db, tid, module, args.runs, work)
            print(f"{label:12} {code:6}: first count {r['t']:.2f} s, +{r['mb']:.0f} MB; "
                  f"recount after one saved visit {r['recount']:.3f} s; "
                  f"{r['first']} then {r['again']}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
