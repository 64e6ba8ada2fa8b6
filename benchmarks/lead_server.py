"""The lead organisation's shared database on PostgreSQL at scale (issue 21), against plain
baselines timed in the same run, interleaved, medians of --runs.

    python benchmarks/lead_server.py [--municipalities 50] [--visits 20000] [--runs 5]
                                     [--records 100000] [--skip overview|import]
                                     [--profile FILE] [--against DIR]

The benchmark starts its own PostgreSQL server in a temporary folder (as the tests do,
tests/pgserver.py: Unix socket only, fsync off) and stops it at the end.

- overview: 50 municipalities, each a trajectory with partners, actions, two home-visit
  campaigns, 4 000 people and 20 000 visits (1 000 000 visits in all), bulk-loaded with COPY
  before the clock, then VACUUM ANALYZE (as autovacuum would have done on a live server).
  Measured: a fresh process opens the consolidated overview the way the coordinator waits
  for it: connect (`open_server`), the overview's queries and building the dialog with its
  tabs and tables (`ConsolidatedDialog`), shown and painted. Before the clock, as in the
  running app: the modules are imported and QApplication exists. The server is restarted
  before every run, so its own cache is cold (the operating system's file cache is not
  emptied: the machine is shared). Baseline: a fresh process that connects with psycopg and
  runs plain grouped queries returning the same figures (the outreach counts, the actions'
  codes, the rows per trajectory of every table the step progress counts, the ticks and the
  ledger).
- import: a laptop's full package of about --records records (the home-visit campaign of
  benchmarks/exchange.py), imported in a fresh process into an empty lead database (load,
  decrypt, checks, merge decisions, one transaction; no backup file on a server); the part
  of `load_for` (reading, decrypting, checking every record) is printed too. Baselines:
  the very rows that import wrote (records, their sync states, the ledger), COPYed into the
  same tables of another empty database in one transaction, parents first
  (`metadata.sorted_tables`), timed two ways, interleaved with the import:
  - `COPY as the coordinator (checks on)`, the goal's baseline: connected as a login of
    `server init`'s coordinator role, the role that imports. It cannot switch off the
    foreign-key checks and the triggers (PostgreSQL refuses it `SET session_replication_role`:
    "permission denied"), and the import must not:
    its "missing parent" refusal relies on them. Same rows, same tables, the same checks
    the import cannot skip.
  - `COPY as a restore (no checks)`, the baseline of the earlier rows of docs/performance.md:
    as the superuser restoring a dump, `session_replication_role = replica`, which skips the
    foreign-key checks and the triggers (changed-by). Printed too, with its ratio on the line
    above the last, so the change of baseline hides no figure.

`--against DIR`: the import of another checkout of the app (a `git worktree` or `git archive`
of another version, with the same schema) timed too, interleaved with this one's and the
COPY, for a comparison under the same load.

`--profile FILE`: one more import, under cProfile, after the timed runs: its statistics
are written to FILE (`python -m pstats FILE`) and its largest parts printed.

The last line, as before: `overview: T s (R x plain); import: T s (R x COPY)`, where COPY is
the COPY as the coordinator; the line above it gives the import against the COPY as a
restore.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BENCH_COORDINATOR = "bench_coordinator"  # a login of `server init`'s coordinator role
STEP_TABLES = ("partner", "contact_moment", "focus_area", "precondition", "training_session",
               "interested_person", "existing_activity", "area_figure", "area_story",
               "area_need", "persona", "participatory_session", "idea", "action",
               "policy_signal")


def loadavg() -> float:
    return os.getloadavg()[0]


# --- filling the database with COPY ----------------------------------------------------------

class Copier:
    """Rows of a model COPYed in as the app would store them: every column, defaults filled
    in, each value through its column type's own bind processor."""

    def __init__(self, conn, dialect):
        self.conn, self.dialect = conn, dialect
        self.now = datetime.now(UTC)

    def copy(self, model: Any, rows) -> int:
        table = model.__table__
        plan = []
        for col in table.columns:
            default = col.default
            if default is not None and default.is_scalar:
                fill = default.arg
            elif default is not None and default.is_callable:  # the id: one per row
                fill = default.arg if col.primary_key else default.arg(None)
            else:
                fill = None
            plan.append((col.name, fill, col.type._cached_bind_processor(self.dialect)))
        names = ", ".join(f'"{name}"' for name, _f, _p in plan)
        n = 0
        with self.conn.cursor() as cur, cur.copy(
                f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                values = []
                for name, fill, process in plan:
                    value = row.get(name, fill)
                    if callable(value):
                        value = value(None)
                    values.append(process(value) if process is not None else value)
                copy.write_row(values)
                n += 1
        return n


def fill(url: str, municipalities: int, visits: int) -> dict[str, int]:
    import psycopg
    from sqlalchemy.dialects import postgresql

    import app.models  # noqa: F401
    from app.models import core, outreach
    from app.services import reference

    rnd = random.Random(21)
    elements, groups = reference.codes("element"), reference.codes("risk_group")
    statuses = reference.codes("action_status")
    outcomes = ["door", "inside", "not_home", "declined", "moved", "other"]
    made: dict[str, int] = {}
    with psycopg.connect(_dsn(url)) as conn:
        cp = Copier(conn, postgresql.psycopg.dialect())

        def put(model, rows):
            made[model.__tablename__] = made.get(model.__tablename__, 0) + cp.copy(model, rows)

        for m in range(municipalities):
            tid = str(uuid.uuid4())
            put(core.Trajectory, [{"id": tid, "name": f"Traject {m:02d}",
                                   "municipality": f"Gemeente {m:02d}"}])
            partners = [str(uuid.uuid4()) for _ in range(30)]
            put(core.Partner, ({"id": p, "trajectory_id": tid, "name": f"Partner {i}"}
                               for i, p in enumerate(partners)))
            put(core.Action, ({"trajectory_id": tid, "name": f"Actie {i}",
                               "status": rnd.choice(statuses),
                               "element_codes": rnd.sample(elements, 2),
                               "risk_group_codes": rnd.sample(groups, 1)} for i in range(12)))
            _fill_outreach(put, outreach, rnd, tid, partners, visits, outcomes)
        conn.commit()
    return made


def _fill_outreach(put, outreach, rnd, tid, partners, visits, outcomes) -> None:
    visitors = [str(uuid.uuid4()) for _ in range(10)]
    put(outreach.OutreachVisitor, ({"id": v, "trajectory_id": tid, "name": f"Bezoeker {i}"}
                                   for i, v in enumerate(visitors)))
    start = date(2026, 1, 1)
    for c in range(2):
        cid = str(uuid.uuid4())
        put(outreach.OutreachCampaign, [{"id": cid, "trajectory_id": tid,
                                         "name": f"Ronde {c + 1}"}])
        people = [str(uuid.uuid4()) for _ in range(visits // 10)]
        put(outreach.OutreachPerson, ({"id": p, "campaign_id": cid, "last_name": f"Naam {i}",
                                       "visitor_id": rnd.choice(visitors)}
                                      for i, p in enumerate(people)))
        put(outreach.OutreachVisit, ({"campaign_id": cid, "person_id": rnd.choice(people),
                                      "visitor_id": rnd.choice(visitors),
                                      "visited_on": start + timedelta(days=i % 300),
                                      "outcome": rnd.choice(outcomes)}
                                     for i in range(visits // 2)))
        consents = [{"id": str(uuid.uuid4()), "person_id": p, "given_on": start}
                    for p in people[:50]]
        put(outreach.OutreachConsent, consents)
        put(outreach.OutreachReferral, ({"person_id": c["person_id"], "consent_id": c["id"],
                                         "partner_id": rnd.choice(partners),
                                         "referred_on": start} for c in consents[:25]))


def _name(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


# --- the children: one fresh process each ----------------------------------------------------

def child_overview(url: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.services.i18n import set_language
    from app.services.server import open_server
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.exchange.consolidated_dialog import ConsolidatedDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_language("nl")
    t = time.perf_counter()
    db = open_server(url)
    connected = time.perf_counter() - t
    dialog = ConsolidatedDialog(AppContext(db, Settings()))
    dialog.show()
    app.processEvents()
    dialog.repaint()
    spent = time.perf_counter() - t
    rows = dialog.data.rows
    return {"t": spent, "connect": connected, "municipalities": len(rows),
            "visits": sum(r.outreach.get("outreach_visit", 0) for r in rows),
            "actions": sum(r.actions for r in rows)}


BASELINE_OUTREACH = {
    "outreach_campaign": "SELECT trajectory_id, count(*) FROM outreach_campaign "
                         "WHERE deleted_at IS NULL OR erased_at IS NOT NULL GROUP BY 1",
    "outreach_visitor": "SELECT trajectory_id, count(*) FROM outreach_visitor "
                        "WHERE deleted_at IS NULL GROUP BY 1",
    "outreach_person": "SELECT c.trajectory_id, count(*) FROM outreach_person p JOIN "
                       "outreach_campaign c ON c.id = p.campaign_id WHERE p.deleted_at IS "
                       "NULL OR p.erased_at IS NOT NULL GROUP BY 1",
    "outreach_visit": "SELECT c.trajectory_id, sum(n) FROM (SELECT campaign_id, count(*) n "
                      "FROM outreach_visit WHERE deleted_at IS NULL OR erased_at IS NOT NULL "
                      "GROUP BY 1) v JOIN outreach_campaign c ON c.id = v.campaign_id "
                      "GROUP BY 1",
    "outreach_consent": "SELECT c.trajectory_id, count(*) FROM outreach_consent x JOIN "
                        "outreach_person p ON p.id = x.person_id JOIN outreach_campaign c ON "
                        "c.id = p.campaign_id WHERE x.deleted_at IS NULL OR x.erased_at IS "
                        "NOT NULL GROUP BY 1",
    "outreach_referral": "SELECT c.trajectory_id, count(*) FROM outreach_referral x JOIN "
                         "outreach_person p ON p.id = x.person_id JOIN outreach_campaign c ON "
                         "c.id = p.campaign_id WHERE x.deleted_at IS NULL OR x.erased_at IS "
                         "NOT NULL GROUP BY 1",
}


def child_plain(url: str) -> dict:
    import psycopg

    t = time.perf_counter()
    with psycopg.connect(_dsn(url)) as conn:
        trajs = conn.execute("SELECT id, name, municipality FROM trajectory WHERE deleted_at "
                             "IS NULL ORDER BY municipality, name").fetchall()
        figures = {k: dict(conn.execute(q).fetchall()) for k, q in BASELINE_OUTREACH.items()}
        actions = conn.execute("SELECT trajectory_id, status, element_codes, risk_group_codes "
                               "FROM action WHERE deleted_at IS NULL").fetchall()
        steps = {name: dict(conn.execute(
            f"SELECT trajectory_id, count(*) FROM {name} WHERE deleted_at IS NULL "
            "GROUP BY 1").fetchall()) for name in STEP_TABLES}
        ticks = conn.execute("SELECT trajectory_id, step, item_code FROM checklist_tick "
                             "WHERE done AND deleted_at IS NULL").fetchall()
        ledger = conn.execute("SELECT count(*), max(imported_at) FROM exchange_import").fetchone()
    spent = time.perf_counter() - t
    return {"t": spent, "municipalities": len({m for _i, _n, m in trajs}),
            "visits": int(sum(figures["outreach_visit"].values())), "actions": len(actions),
            "tables": len(steps), "ticks": len(ticks), "packages": ledger[0]}


def child_import(url: str, package: str, home: str, profile: str = "") -> dict:
    from app.services.exchange import importer
    from app.services.server import open_server

    os.environ["BUURTVERBINDER_HOME"] = home
    db = open_server(url)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t = time.perf_counter()
    pkg = importer.load_for(db, Path(package))
    loaded = time.perf_counter() - t
    result = importer.import_package(db, pkg, backup=False)
    spent = time.perf_counter() - t
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    db.close()
    return {"t": spent, "load": loaded, "added": result.preview.total("added")}


def child_copy(url: str, dump: str, mode: str) -> dict:
    """The rows of the dump COPYed in one transaction, the tables in dependency order
    (parents first). `restore`: as the superuser restoring a dump, in replica mode (no
    foreign-key checks, no triggers). `coordinator`: as the role that imports, which cannot
    switch them off: the url's user is a login of the coordinator role."""
    import psycopg

    data = json.loads(Path(dump).read_text())
    t = time.perf_counter()
    n = 0
    with psycopg.connect(_dsn(url)) as conn, conn.cursor() as cur:
        if mode == "restore":
            cur.execute("SET session_replication_role = replica")
        else:
            assert mode == "coordinator", mode
        for table, (columns, text) in data.items():
            cols = ", ".join(f'"{c}"' for c in columns)
            with cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                copy.write(text)
            n += text.count("\n")
        conn.commit()
    spent = time.perf_counter() - t
    with psycopg.connect(_dsn(url)) as conn:  # who copied: checked by the parent
        superuser = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                                 ).fetchone()[0]
    return {"t": spent, "rows": n, "superuser": superuser}


CHILDREN = {"overview": child_overview, "plain": child_plain, "import": child_import,
            "copy": child_copy}


def fresh(name: str, *args: str, root: Path = ROOT) -> dict:
    """A child process of this benchmark (or of the same file in another checkout, `root`)."""
    cmd = [sys.executable, str(root / "benchmarks" / Path(__file__).name), "--child", name,
           *args]
    env = {**os.environ, "PYTHONPATH": str(root)}
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    found["process"] = time.perf_counter() - t
    return found


# --- the parent --------------------------------------------------------------------------------

def restart(server) -> None:
    """A cold server: its shared buffers emptied (the OS file cache stays as it is)."""
    server._run("pg_ctl", "-D", str(server.data), "-m", "fast", "-w", "stop")
    options = (f"-c listen_addresses='' -c unix_socket_directories={server.socket_dir} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
    server._run("pg_ctl", "-D", str(server.data), "-o", options, "-w", "-t", "60",
                "-l", str(server.root / "server.log"), "start")


def new_database(server) -> str:
    from app.services.server import init_server

    url = server.url(server.create_database())
    init_server(url)
    return url


def bench_overview(server, args) -> dict:
    url = new_database(server)
    t = time.perf_counter()
    made = fill(url, args.municipalities, args.visits)
    _admin_db(server, url, "VACUUM ANALYZE")
    print(f"filled {made.get('outreach_visit', 0)} visits, {sum(made.values())} rows, in "
          f"{time.perf_counter() - t:.0f} s (COPY, VACUUM ANALYZE)", flush=True)
    app, plain = [], []
    for run in range(args.runs):
        for name, into in (("overview", app), ("plain", plain))[::1 if run % 2 else -1]:
            restart(server)
            into.append(fresh(name, url))
    assert app[0]["visits"] == plain[0]["visits"] == made["outreach_visit"], (app, plain)
    assert app[0]["municipalities"] == plain[0]["municipalities"] == args.municipalities
    med = statistics.median(r["t"] for r in app)
    base = statistics.median(r["t"] for r in plain)
    connect = statistics.median(r["connect"] for r in app)
    process = statistics.median(r["process"] for r in app)
    print(f"overview: median {med:.2f} s (connect {connect:.2f} s; whole process "
          f"{process:.1f} s), runs "
          f"{[round(r['t'], 2) for r in app]}")
    print(f"plain psycopg: median {base:.3f} s, runs {[round(r['t'], 3) for r in plain]}")
    return {"overview": med, "plain": base}


def make_package(folder: Path, records: int, lead_public) -> Path:
    import exchange

    from app.services.exchange import exporter

    sender = exchange.make_laptop(folder, "sender", 0, records)
    out = folder / "sender.bvx"
    exporter.export_package(sender, out, "full", recipients=[lead_public.age_recipient])
    sender.close()
    return out


def lead_template(server) -> tuple[str, Any]:
    """An empty lead database with its keys (copied for every run)."""
    from app.services.exchange import keys
    from app.services.server import open_server

    url = new_database(server)
    db = open_server(url)
    with db.transaction() as s:
        keys.create_identity(s, "lead", "Regionale welzijnsvereniging")
    with db.session() as s:
        public = keys.own_public(keys.get_identity(s), db.device_id)
    db.close()
    return url, public


def dump_written(server, url: str, template_url: str, out: Path) -> int:
    """The rows the import wrote (every table that gained rows), as COPY text."""
    import psycopg

    counts: dict[str, int] = {}
    for which in (template_url, url):
        with psycopg.connect(_dsn(which)) as conn:
            tables = [t for (t,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            for table in tables:
                n = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                counts[table] = n - counts.get(table, 0) if which == url else n
    import app.models  # noqa: F401
    from app.models.base import Base

    order = [t.name for t in Base.metadata.sorted_tables]  # parents before their children
    data = {}
    with psycopg.connect(_dsn(url)) as conn:
        for table in sorted(counts, key=lambda name: (order.index(name), name)
                            if name in order else (len(order), name)):
            if counts[table] <= 0 or table == "alembic_version":
                continue
            cols = [c for (c,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = 'public' ORDER BY ordinal_position", (table,))]
            buf = io.BytesIO()
            with conn.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                for chunk in copy:
                    buf.write(chunk)
            data[table] = (cols, buf.getvalue().decode())
    out.write_text(json.dumps(data))
    return sum(text.count("\n") for _c, text in data.values())


def bench_import(server, args, folder: Path) -> dict:
    template_url, public = lead_template(server)
    template = _name(template_url)
    t = time.perf_counter()
    package = make_package(folder, args.records, public)
    print(f"package of about {args.records} records made in {time.perf_counter() - t:.0f} s",
          flush=True)
    dump = folder / "written.json"
    first = server.url(server.create_database(template))  # what the import writes, to COPY
    done = fresh("import", first, str(package), str(folder / "home"))
    rows = dump_written(server, first, template_url, dump)
    print(f"the import wrote {rows} rows ({done['added']} records added)", flush=True)
    server.drop_database(_name(first))
    from app.services.server import COORDINATOR
    from tests.pgserver import SUPERUSER

    server.admin(f"CREATE ROLE {BENCH_COORDINATOR} LOGIN IN ROLE {COORDINATOR}")
    app, restore, checked, other = [], [], [], []
    steps = [("import", app, ROOT), ("restore", restore, ROOT), ("coordinator", checked, ROOT)]
    if args.against:
        steps.append(("import", other, Path(args.against).resolve()))
    for run in range(args.runs):
        for name, into, root in steps[::1 if run % 2 else -1]:
            db_name = server.create_database(template)
            if name == "import":
                into.append(fresh("import", server.url(db_name), str(package),
                                  str(folder / "home"), root=root))
            else:
                user = BENCH_COORDINATOR if name == "coordinator" else SUPERUSER
                into.append(fresh("copy", server.url(db_name, user), str(dump), name))
            server.drop_database(db_name)
    assert restore[0]["rows"] == checked[0]["rows"] == rows, (restore[0], checked[0], rows)
    assert not any(r["superuser"] for r in checked), checked  # no replica mode possible
    med = statistics.median(r["t"] for r in app)
    base = statistics.median(r["t"] for r in checked)
    unchecked = statistics.median(r["t"] for r in restore)
    load = statistics.median(r["load"] for r in app)
    print(f"import: median {med:.2f} s (of which load_for {load:.2f} s: reading, decrypting, "
          f"checking), runs {[round(r['t'], 2) for r in app]}")
    print(f"COPY as a restore (no checks): median {unchecked:.2f} s, runs "
          f"{[round(r['t'], 2) for r in restore]}; import {med / unchecked:.1f} x")
    print(f"COPY as the coordinator (checks on): median {base:.2f} s, runs "
          f"{[round(r['t'], 2) for r in checked]}; import {med / base:.1f} x")
    if other:
        theirs = statistics.median(r["t"] for r in other)
        print(f"import by {args.against}: median {theirs:.2f} s ({theirs / base:.1f} x COPY "
              f"as the coordinator, {theirs / unchecked:.1f} x as a restore), "
              f"runs {[round(r['t'], 2) for r in other]}")
    if args.profile:
        profile_import(server, template, package, folder, args.profile)
    return {"import": med, "copy": base, "restore": unchecked}


def profile_import(server, template: str, package: Path, folder: Path, out: str) -> None:
    import pstats

    url = server.url(server.create_database(template))
    done = fresh("import", url, str(package), str(folder / "home"), str(Path(out).resolve()))
    server.drop_database(_name(url))
    print(f"import under cProfile: {done['t']:.2f} s; its largest parts (cumulative):")
    pstats.Stats(out).sort_stats("cumulative").print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=50)
    parser.add_argument("--visits", type=int, default=20000, help="per municipality")
    parser.add_argument("--records", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip", choices=("overview", "import"))
    parser.add_argument("--profile", default="", help="cProfile statistics of one import")
    parser.add_argument("--against", default="", help="another checkout: its import too")
    parser.add_argument("--child", choices=sorted(CHILDREN))
    args, rest = parser.parse_known_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](*rest), default=str))
        return
    from tests.pgserver import PgServer

    folder = Path(tempfile.mkdtemp(prefix="bv-lead-"))
    os.environ["BUURTVERBINDER_HOME"] = str(folder / "home")
    server = PgServer().start()
    try:
        print(f"load average at start: {loadavg():.1f}")
        found: dict[str, float] = {}
        if args.skip != "overview":
            found.update(bench_overview(server, args))
        if args.skip != "import":
            found.update(bench_import(server, args, folder))
        print(f"load average at end: {loadavg():.1f}")
        if "import" in found:
            print(f"import against the COPY as a restore (no checks, not the goal's baseline): "
                  f"{found['import'] / found['restore']:.1f} x")
        parts = []
        if "overview" in found:
            parts.append(f"overview: {found['overview']:.2f} s "
                         f"({found['overview'] / found['plain']:.1f} x plain)")
        if "import" in found:
            parts.append(f"import: {found['import']:.2f} s "
                         f"({found['import'] / found['copy']:.1f} x COPY)")
        print("; ".join(parts))
    finally:
        server.stop()


def _admin_db(server, url: str, sql: str) -> None:
    import psycopg

    name = _name(url)
    with psycopg.connect(host=str(server.socket_dir), user="postgres", dbname=name,
                         autocommit=True) as conn:
        conn.execute(sql)


if __name__ == "__main__":
    main()
