"""Exchange packages at scale, against a plain baseline in the same run.

A laptop holds the demo trajectory plus a trajectory with partners and a contact moment for
each; with `--records N` also a home-visit campaign with people and visits, so that the
package carries about N shared records (people, visits, contacts). Without `--records` it is
the small case: 1 500 partners and their contact moments, 3 281 records.

Every step runs in a fresh child process (its time measured around the work only, after the
imports; its peak memory is the child's peak resident memory, VmHWM, interpreter and
imported modules included). The steps of one run are interleaved, on fresh copies of the databases:

- export: a full package, encrypted to the colleague's key and signed;
- first import: the colleague's empty database takes it all (load, checks, backup, merge
  decisions, one transaction);
- again: the same package once more (recognised from the ledger, nothing changes);
- unchanged: a later full package from the same laptop in which nothing changed;
- update: a later package after one partner in ten was changed (small case only).

The baseline does the bare work underneath: read the same rows with sqlite3, write them as
JSON lines into a deflated zip file, and read that back into an empty copy of the tables with
one `executemany` per table in one transaction.

    python benchmarks/exchange.py [--records 100000] [--runs 5] [--profile export|import|unchanged]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SMALL_PARTNERS = 1500


def timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def make_laptop(folder: Path, name: str, partners: int, records: int = 0):
    """A laptop's database: with `partners`, the demo and a trajectory of partners and contact
    moments; with `records`, a home-visit campaign filling it up to about that many."""
    from app.models.core import Partner, Trajectory
    from app.models.groundwork import ContactMoment
    from app.services.database import open_database
    from app.services.demo import create_demo
    from app.services.exchange import keys

    db = open_database(folder / f"{name}.sqlite3")
    with db.transaction() as s:
        keys.create_identity(s, name, f"Organisatie {name}")
        if partners:
            create_demo(s)
            traj = Trajectory(name="Groot dorp", municipality="Grootgem")
            s.add(traj)
            s.flush()
            rows = [Partner(trajectory_id=traj.id, name=f"Vereniging {i:04d}",
                            partner_type="association", contact_person=f"Contact {i}")
                    for i in range(partners)]
            s.add_all(rows)
            s.flush()
            s.add_all([ContactMoment(trajectory_id=traj.id, held_on=date(2026, 1, 1 + i % 28),
                                     kind="one_to_one", title=f"Gesprek {i}",
                                     partner_ids=[p.id], notes="Over samenwerking")
                       for i, p in enumerate(rows)])
    if records:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import outreach_visits

        rest = max(0, records - 2 * partners - 300)
        outreach_visits.build(db, max(1, rest // 4), rest - rest // 4)
    return db


def public(db):
    from app.services.exchange import keys

    with db.session() as s:
        return keys.own_public(keys.get_identity(s), db.device_id)


def table_names() -> list[str]:
    from app.services.exchange import tables

    return [model.__tablename__ for model in tables.ordered_models()]


def shared_tables(path: Path, names: list[str] | None = None
                  ) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every shared table's columns and rows, read with sqlite3 (the baseline's export)."""
    con = sqlite3.connect(path)
    try:
        result = {}
        for name in names or table_names():
            cur = con.execute(f"SELECT * FROM {name}")
            result[name] = ([d[0] for d in cur.description], cur.fetchall())
        return result
    finally:
        con.close()


def baseline_export(source: Path, out: Path, names: list[str] | None = None) -> int:
    data = shared_tables(source, names)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, (cols, rows) in data.items():
            lines = "\n".join(json.dumps(dict(zip(cols, row, strict=True)), ensure_ascii=False,
                                         default=str) for row in rows)
            zf.writestr(f"{name}.jsonl", lines)
    return sum(len(rows) for _cols, rows in data.values())


def baseline_import(package: Path, empty_db: Path) -> int:
    con = sqlite3.connect(empty_db)
    n = 0
    try:
        with zipfile.ZipFile(package) as zf, con:
            con.execute("PRAGMA foreign_keys = OFF")
            for member in zf.namelist():
                rows = [json.loads(line) for line in zf.read(member).decode().splitlines()
                        if line]
                if not rows:
                    continue
                cols = list(rows[0])
                con.execute(f"DELETE FROM {member[:-6]}")
                con.executemany(
                    f"INSERT INTO {member[:-6]} ({', '.join(cols)}) "
                    f"VALUES ({', '.join('?' for _ in cols)})",
                    [tuple(r[c] for c in cols) for r in rows])
                n += len(rows)
    finally:
        con.close()
    return n


# --- the steps, each in a fresh child process --------------------------------------------------

def _open(path: str):
    from app.services.database import open_database

    return open_database(Path(path))


def step_export(db_path: str, out: str, recipient: str) -> dict:
    from app.services.exchange import exporter

    db = _open(db_path)
    seconds, result = timed(lambda: exporter.export_package(db, Path(out), "full",
                                                            recipients=[recipient]))
    db.close()
    return {"seconds": seconds, "records": result.total}


def step_import(db_path: str, package: str) -> dict:
    from app.services.exchange import importer

    db = _open(db_path)

    def work():
        pkg = importer.load_for(db, Path(package))
        return importer.import_package(db, pkg)

    seconds, result = timed(work)
    db.close()
    preview = result.preview
    return {"seconds": seconds, "already": result.already_imported is not None,
            "added": preview.total("added"), "updated": preview.total("updated"),
            "unchanged": preview.total("unchanged"), "conflict": preview.total("conflict")}


def step_base_export(db_path: str, out: str, names: str) -> dict:
    seconds, n = timed(lambda: baseline_export(Path(db_path), Path(out), names.split(",")))
    return {"seconds": seconds, "records": n}


def step_base_import(package: str, empty: str) -> dict:
    seconds, n = timed(lambda: baseline_import(Path(package), Path(empty)))
    return {"seconds": seconds, "records": n}


def step_change(db_path: str) -> dict:
    """One partner in ten changed on the sender (the small case's update)."""
    from sqlalchemy import select

    from app.models.core import Partner

    db = _open(db_path)
    with db.transaction() as s:
        for i, partner in enumerate(s.scalars(select(Partner).order_by(Partner.name))):
            if i % 10 == 0:
                partner.contact_person += " (nieuw)"
    db.close()
    return {"seconds": 0.0}


STEPS = {"export": step_export, "import": step_import, "base_export": step_base_export,
         "base_import": step_base_import, "change": step_change}


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, the kernel's high-water mark of the RSS.
    (getrusage's maxrss would do, but on Linux it keeps the parent's peak across exec.)"""
    with open("/proc/self/status") as fh:
        for row in fh:
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_main(name: str, args: list[str], profile: str | None) -> None:
    if not name.startswith("base"):  # the app's modules are loaded before the clock starts
        import app.models  # noqa: F401
        from app.services.exchange import exporter, importer  # noqa: F401
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        result = prof.runcall(STEPS[name], *args)
        stats = pstats.Stats(prof, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(15)
        if os.environ.get("BV_PROFILE_CUMULATIVE"):
            stats.sort_stats("cumulative").print_stats(40)
    else:
        result = STEPS[name](*args)
    result["maxrss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def child(name: str, *args: str, profile: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", name, *args]
    if profile:
        cmd.append("--profile-child")
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stderr[-3000:]}")
    if profile:
        print(done.stderr, file=sys.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def copy_db(source: Path, target: Path) -> Path:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def templates(folder: Path, partners: int, records: int) -> tuple[Path, Path, str]:
    """The sender's full database and the receiver's empty one, each trusting the other."""
    from app.services.exchange import keys

    sender = make_laptop(folder, "zender", partners, records)
    receiver = make_laptop(folder, "ontvanger", 0)
    with sender.transaction() as s:
        keys.trust_key(s, public(receiver), "colleague")
    with receiver.transaction() as s:
        keys.trust_key(s, public(sender), "colleague")
    recipient = public(receiver).age_recipient
    sender.close()
    receiver.close()
    return folder / "zender.sqlite3", folder / "ontvanger.sqlite3", recipient


def one_run(folder: Path, base: tuple[Path, Path, str], small: bool,
            profile: str | None) -> dict[str, float]:
    work = folder / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    sender, receiver = copy_db(base[0], work / "zender.sqlite3"), copy_db(
        base[1], work / "ontvanger.sqlite3")
    empty = copy_db(base[1], work / "leeg.sqlite3")
    pkg, later, plain = work / "pakket.bvx", work / "pakket-2.bvx", work / "plain.zip"
    out: dict[str, float] = {}
    exp = child("export", str(sender), str(pkg), base[2], profile=profile in ("export", "all"))
    out.update(export=exp["seconds"], records=exp["records"], export_mb=exp["maxrss_mb"],
               package_kb=pkg.stat().st_size / 1024)
    b = child("base_export", str(sender), str(plain), ",".join(table_names()))
    out.update(base_export=b["seconds"], base_records=b["records"],
               base_export_mb=b["maxrss_mb"])
    imp = child("import", str(receiver), str(pkg), profile=profile in ("import", "all"))
    assert imp["added"] >= exp["records"] - 10, imp
    out.update(import_=imp["seconds"], import_mb=imp["maxrss_mb"])
    b = child("base_import", str(plain), str(empty))
    out.update(base_import=b["seconds"], base_import_mb=b["maxrss_mb"])
    again = child("import", str(receiver), str(pkg))
    assert again["already"], again
    out.update(again=again["seconds"])
    child("export", str(sender), str(later), base[2])
    same = child("import", str(receiver), str(later), profile=profile in ("unchanged", "all"))
    assert same["added"] == same["updated"] == same["conflict"] == 0, same
    out.update(unchanged=same["seconds"], unchanged_mb=same["maxrss_mb"])
    if small:
        child("change", str(sender))
        update = work / "pakket-3.bvx"
        child("export", str(sender), str(update), base[2])
        upd = child("import", str(receiver), str(update))
        assert upd["updated"] > 0, upd
        out.update(update=upd["seconds"])
    return out


def report(runs: list[dict[str, float]], small: bool) -> None:
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    rng = {k: (min(r[k] for r in runs), max(r[k] for r in runs)) for k in runs[0]}
    print(f"runs: {len(runs)}, medians; {med['records']:.0f} records in the package "
          f"({med['package_kb']:.0f} KB), {med['base_records']:.0f} rows in the baseline")

    def line(label: str, key: str, base: str | None) -> None:
        lo, hi = rng[key]
        text = f"{label:<14}{med[key]:8.2f} s  ({lo:.2f}-{hi:.2f})"
        if base:
            text += f"   baseline {med[base]:6.2f} s   ratio {med[key] / med[base]:.2f}"
        print(text)

    line("export:", "export", "base_export")
    line("first import:", "import_", "base_import")
    line("again:", "again", None)
    line("unchanged:", "unchanged", "base_import")
    if small:
        line("update:", "update", "base_import")
    print(f"peak memory:  export {med['export_mb']:.0f} MB, import {med['import_mb']:.0f} MB, "
          f"unchanged {med['unchanged_mb']:.0f} MB; baseline export "
          f"{med['base_export_mb']:.0f} MB, import {med['base_import_mb']:.0f} MB")
    ratio = (med["export"] + med["import_"]) / (med["base_export"] + med["base_import"])
    peak = max(med["export_mb"], med["import_mb"], med["unchanged_mb"])
    print(f"export+import: {ratio:.2f} x baseline (goal <= 3); peak memory {peak:.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=0,
                    help="about this many shared records (default: the small case)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", choices=("export", "import", "unchanged", "all"),
                    help="print the first run's cProfile top entries of this step")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child_main(args.child[0], args.child[1:], args.profile_child)
        return 0
    small = not args.records
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BUURTVERBINDER_HOME"] = tmp
        folder = Path(tmp)
        start = time.perf_counter()
        base = templates(folder, SMALL_PARTNERS, args.records)
        print(f"built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        runs = [one_run(folder, base, small, args.profile if i == 0 else None)
                for i in range(args.runs)]
    report(runs, small)
    return 0


if __name__ == "__main__":
    sys.exit(main())
