"""Exchange packages at the size of a busy trajectory, against a plain baseline in the same run.

A laptop holds the demo trajectory plus a second trajectory with `--partners` partners and a
contact moment for each (3 000 records by default). We time:

- export: a full package, encrypted to the colleague's key and signed
  (`exporter.export_package`);
- first import: the colleague's empty database takes it all (`importer.load_for` +
  `import_package`, with its backup, the merge decisions and one transaction);
- import an update: a later full package from the same laptop, after one partner in ten was
  changed there, so every record is compared and a tenth is merged.

The baseline does the bare work underneath: read the same rows with sqlite3, write them as
JSON lines into a deflated zip file, and read that back into an empty copy of the tables with
one `executemany` per table in one transaction. The ratios say what signing, encryption,
version vectors, merging, checks and backups cost on top.

    python benchmarks/exchange.py [--partners 1500] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def make_laptop(folder: Path, name: str, partners: int):
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
    return db


def public(db):
    from app.services.exchange import keys

    with db.session() as s:
        return keys.own_public(keys.get_identity(s), db.device_id)


def shared_tables(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every shared table's columns and rows, read with sqlite3 (the baseline's export)."""
    from app.services.exchange import tables

    con = sqlite3.connect(path)
    try:
        result = {}
        for model in tables.ordered_models():
            name = model.__tablename__
            cur = con.execute(f"SELECT * FROM {name}")
            result[name] = ([d[0] for d in cur.description], cur.fetchall())
        return result
    finally:
        con.close()


def baseline_export(source: Path, out: Path) -> int:
    data = shared_tables(source)
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


def one_run(folder: Path, partners: int) -> dict[str, float]:
    from app.services.exchange import exporter, importer, keys

    sender = make_laptop(folder, "zender", partners)
    receiver = make_laptop(folder, "ontvanger", 0)
    with sender.transaction() as s:
        keys.trust_key(s, public(receiver), "colleague")
    with receiver.transaction() as s:
        keys.trust_key(s, public(sender), "colleague")
    out = folder / "pakket.bvx"
    t_export, result = timed(lambda: exporter.export_package(
        sender, out, "full", recipients=[public(receiver).age_recipient]))
    records = sum(result.counts.values())

    def import_(path):
        pkg = importer.load_for(receiver, path)
        return importer.import_package(receiver, pkg)

    t_import, _ = timed(lambda: import_(out))
    from sqlalchemy import select

    from app.models.core import Partner

    with sender.transaction() as s:
        for i, partner in enumerate(s.scalars(select(Partner).order_by(Partner.name))):
            if i % 10 == 0:
                partner.contact_person += " (nieuw)"
    update = folder / "pakket-2.bvx"
    exporter.export_package(sender, update, "full", recipients=[public(receiver).age_recipient])
    t_again, _ = timed(lambda: import_(update))
    sender.close()
    receiver.close()

    plain = folder / "plain.zip"
    t_base_export, n = timed(lambda: baseline_export(folder / "zender.sqlite3", plain))
    empty = folder / "leeg.sqlite3"
    from app.services.database import open_database

    open_database(empty).close()
    t_base_import, _ = timed(lambda: baseline_import(plain, empty))
    return {"records": records, "baseline_records": n, "export": t_export,
            "import": t_import, "again": t_again, "base_export": t_base_export,
            "base_import": t_base_import, "package_kb": out.stat().st_size / 1024}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--partners", type=int, default=1500)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["BUURTVERBINDER_HOME"] = tmp
            runs.append(one_run(Path(tmp), args.partners))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"runs: {args.runs}, medians; {med['records']:.0f} records in the package "
          f"({med['package_kb']:.0f} KB), {med['baseline_records']:.0f} rows in the baseline")
    ms = {k: v * 1000 for k, v in med.items()}
    print(f"export:       {ms['export']:7.0f} ms   baseline {ms['base_export']:6.0f} ms   "
          f"ratio {med['export'] / med['base_export']:.1f}")
    print(f"first import: {ms['import']:7.0f} ms   baseline {ms['base_import']:6.0f} ms   "
          f"ratio {med['import'] / med['base_import']:.1f}")
    print(f"import update:{ms['again']:7.0f} ms   baseline {ms['base_import']:6.0f} ms   "
          f"ratio {med['again'] / med['base_import']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
