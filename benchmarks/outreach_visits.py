"""The Home visits page at scale: 20,000 people and 100,000 (or --visits) visits in one campaign.

    python benchmarks/outreach_visits.py [--visits 100000] [--people 20000] [--runs 5]
                                         [--cache DIR] [--profile]

Against a plain baseline timed in the same run, interleaved, medians of --runs:

- open: a fresh process builds the Home visits page with the visit log as its tab and paints
  it. Before the clock starts, as in the running app: the database is open, SQLAlchemy's
  mappers configured, Babel's locale data and Qt's namespace are loaded; the page's modules
  (and the mailbox status line's, which the Overview has imported) are imported too (once
  per process, about 0.3-1 s on the shared machine, mostly PySide6's import hook: not the
  page's work); so are the "not yet shared" line's modules, which the Overview's own line
  imported with its first count.
  Baseline: a fresh process that connects with sqlite3, reads the app's ids in the app's
  order and the first screen, 200 rows x 8 columns.
- reopen: the visit log reloads and paints its first screen; baseline: the same two plain
  queries on an open connection.
- keystroke: a first letter typed in the visit log's search box (P, M, J, R, K, B: the
  median over them); baseline: one plain query returning the very ids the app shows, in its
  order, and their first screen. Also the slowest keystroke of typing a whole name.
- memory: RSS the fresh process gains by opening the page (the baseline's gain beside it).
- The visit log paints its first screen before it reads the rest of its rowids (right after
  the paint); open and reopen stop at the paint, as the issue defines them, and a line
  beside them gives both until the rest has been read too.

The last line is `open: R x plain; reopen: R x plain; keystroke: R x plain; memory +M MB`.
--cache keeps the generated database between runs (building 1,000,000 visits takes minutes).
"""
from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STREETS = ["Kerkstraat", "Molenweg", "Dorpsplein", "Heidestraat", "Schoolstraat", "Lindelaan",
           "Bosweg", "Veldstraat", "Kapelstraat", "Stationsstraat"]
FIRST = ["Maria", "Jef", "Rita", "Godelieve", "Jozef", "Anna", "Marcel", "Paula", "Emiel",
         "Simonne", "Frans", "Irma", "Roger", "Jeanne", "Alfons"]
LAST = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
        "Wouters", "De Smet", "Van den Broeck", "D'Hondt", "Vermeulen", "Aerts", "Smolders"]


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def build(db, n_people: int, n_visits: int) -> tuple[str, str]:
    from sqlalchemy import insert

    from app.models.core import Trajectory
    from app.models.outreach import OutreachPerson, OutreachVisit, OutreachVisitor
    from app.services.outreach import keys
    from app.services.outreach.campaigns import create_campaign

    rnd = random.Random(7)
    now = datetime.now(UTC)
    sync = {"created_at": now, "updated_at": now, "device_id": "bench", "revision": 1,
            "base_revision": 0}
    with db.transaction() as s:
        traj = Trajectory(name="Benchmark")
        s.add(traj)
        s.flush()
        camp, _c = create_campaign(s, traj.id, "Groot", "christmas")
        visitors = [OutreachVisitor(trajectory_id=traj.id, name=f"Bezoeker {i}")
                    for i in range(20)]
        s.add_all(visitors)
        s.flush()
        people = []
        for i in range(n_people):
            first, last = rnd.choice(FIRST), rnd.choice(LAST) + f" {i}"
            street, nr = rnd.choice(STREETS), str(rnd.randint(1, 300))
            people.append(dict(id=str(uuid.uuid4()), campaign_id=camp.id, first_name=first,
                               last_name=last, street=street, house_number=nr,
                               place="Heidebeek", birth_year=rnd.randint(1925, 1960),
                               on_visit_list=True, visitor_id=rnd.choice(visitors).id,
                               name_key=keys.name_key(first, last),
                               address_sort=keys.address_sort(street, nr), **sync))
        s.execute(insert(OutreachPerson), people)
        outcomes = ["door", "inside", "not_home", "declined", "moved", "other"]
        start = date(2020, 1, 1)
        rows = []
        for i in range(n_visits):
            p = people[i % n_people]
            rows.append(dict(id=str(uuid.uuid4()), campaign_id=camp.id, person_id=p["id"],
                             visitor_id=p["visitor_id"], outcome=rnd.choice(outcomes),
                             visited_on=start + timedelta(days=rnd.randint(0, 2000)),
                             notes=rnd.choice(["", "Babbel over de tuin", "Mist haar man"]),
                             signals=[], **sync))
            if len(rows) == 5000:
                s.execute(insert(OutreachVisit), rows)
                rows = []
        if rows:
            s.execute(insert(OutreachVisit), rows)
        return traj.id, camp.id


# --- the plain baseline: sqlite3 only --------------------------------------------------------

ORDER = "visited_on DESC, id"  # the visit log's default order (newest first, then by id)
# the eight columns of the visit log, as plain SQL
SCREEN = """SELECT v.rowid, v.visited_on,
  (SELECT p.last_name || ' ' || p.first_name FROM outreach_person p WHERE p.id = v.person_id),
  v.outcome, (SELECT w.name FROM outreach_visitor w WHERE w.id = v.visitor_id),
  v.signals, v.wish, v.follow_up_due, v.notes
FROM outreach_visit v WHERE v.rowid IN ({marks})"""
MATCHING = """SELECT v.rowid FROM outreach_visit v
WHERE v.campaign_id = ? AND v.deleted_at IS NULL AND (
  v.person_id IN (SELECT id FROM outreach_person WHERE street LIKE ?1
                  OR last_name || ' ' || first_name LIKE ?1
                  OR first_name || ' ' || last_name LIKE ?1)
  OR v.visitor_id IN (SELECT id FROM outreach_visitor WHERE name LIKE ?1))
ORDER BY {order}"""


def plain_ids(conn, cid: str, needle: str = "") -> list[int]:
    if needle:
        sql = MATCHING.replace("v.campaign_id = ?", "v.campaign_id = ?2").format(
            order="v." + ORDER.replace(", ", ", v."))
        ids = [r for (r,) in conn.execute(sql, (f"%{needle}%", cid))]
    else:
        ids = [r for (r,) in conn.execute(
            f"SELECT rowid FROM outreach_visit WHERE campaign_id = ? AND deleted_at IS NULL "
            f"ORDER BY {ORDER}", (cid,))]
    first = ids[:200]
    rows = conn.execute(SCREEN.format(marks=",".join("?" * len(first))), first).fetchall()
    assert len(rows) == len(first)
    return ids


# --- child processes: one fresh open each ----------------------------------------------------

def child(mode: str, db_path: str, cid: str, tid: str, profile: bool) -> None:
    import gc
    import sqlite3

    if mode == "plain":
        gc.collect()
        before = rss_mb()
        t = time.perf_counter()
        conn = sqlite3.connect(db_path)
        n = len(plain_ids(conn, cid))
        spent = time.perf_counter() - t
        print(json.dumps({"t": spent, "mb": rss_mb() - before, "n": n}))
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.services.database import open_database
    from app.services.exchange import not_shared  # noqa: F401 (the Overview's first count)
    from app.services.i18n import set_language
    from app.services.outreach import background_read  # noqa: F401 (its count, too)
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.exchange import sharing  # noqa: F401 (the Overview imported it already)
    from app.views.outreach import not_shared_line, outreach_panel  # noqa: F401 (Overview)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_language("nl")
    db = open_database(Path(db_path))
    ctx = AppContext(db, Settings())
    ctx.set_trajectory(tid)
    # what the running app has done before anyone can open the tab: Babel's locale data is
    # loaded and SQLAlchemy's mappers are configured on the thread that opened the database
    # (window_controller._open_in_background), and the main window has built PySide6's Qt
    # namespace (docs/performance.md, start-up)
    from PySide6.QtCore import Qt
    from sqlalchemy.orm import configure_mappers

    from app.services import i18n

    i18n.warm_up()
    configure_mappers()
    _namespace = (Qt.AlignmentFlag.AlignLeft, Qt.ItemDataRole.DisplayRole, Qt.SortOrder,
                  Qt.Orientation.Horizontal, Qt.Key.Key_Insert, Qt.ShortcutContext)
    app.processEvents()
    gc.collect()
    before = rss_mb()
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t = time.perf_counter()
    page = outreach_panel.OutreachPage(ctx)
    page.tabs.setCurrentWidget(page.visits)
    page.resize(1280, 800)
    page.show()
    app.processEvents()
    page.visits.view.viewport().repaint()
    spent = time.perf_counter() - t
    app.processEvents()  # the rest of the log's rowids, read after the paint
    page.visits.model.rowids()
    spent_all = time.perf_counter() - t
    if prof is not None:
        import io
        import pstats

        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(12)
        print(out.getvalue(), file=sys.stderr)
    n = page.visits.model.rowCount()
    print(json.dumps({"t": spent, "t_all": spent_all, "mb": rss_mb() - before, "n": n}))
    os._exit(0)  # tearing the page down is not part of opening it


def fresh(mode: str, args, db_path: Path, cid: str, tid: str) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--db", str(db_path), "--campaign", cid,
           "--trajectory", tid] + (["--profile"] if args.profile else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    if args.profile and mode == "app":
        print(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the parent: build, then measure ---------------------------------------------------------

def ready_database(args) -> tuple[Path, str, str]:
    from app.services.database import open_database

    folder = Path(args.cache or tempfile.mkdtemp()) / f"p{args.people}-v{args.visits}"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["BUURTVERBINDER_HOME"] = str(folder / "home")
    path, meta = folder / "bench.sqlite3", folder / "ids.json"
    if path.exists() and meta.exists():
        tid, cid = json.loads(meta.read_text())
        open_database(path).close()  # upgrades an older cached file
        return path, tid, cid
    for stale in folder.glob("bench.sqlite3*"):
        stale.unlink()
    db = open_database(path)
    t0 = time.perf_counter()
    tid, cid = build(db, args.people, args.visits)
    db.close()
    meta.write_text(json.dumps([tid, cid]))
    print(f"built {args.people} people and {args.visits} visits in "
          f"{time.perf_counter() - t0:.1f} s")
    return path, tid, cid


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def wait_for_not_shared(page) -> tuple[float, float]:
    """The "not yet shared" line counts every record on a worker thread a moment after the
    page is shown. In the running app the Overview's line has counted first and the page's
    count compares only what changed since; here it is the first count: wait for it, so it
    does not share the interpreter with what is measured next. Its time and memory."""
    from PySide6.QtWidgets import QApplication

    line, before, t = page.not_shared, rss_mb(), time.perf_counter()
    started = False
    while line.counting or not (started or time.perf_counter() - t > 10):
        time.sleep(0.02)  # lets go of the interpreter, as the app's idle event loop does
        QApplication.processEvents()
        started = started or line.counting
    assert started, "the not-yet-shared line did not count"
    return time.perf_counter() - t, rss_mb() - before


def app_order(model) -> list:
    """The visit log's rows in order, as rowids (or, in the old model, as UUID strings)."""
    if hasattr(model, "rowids"):
        return list(model.rowids())
    return list(model._ids)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--visits", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache", help="keep the generated database in this folder")
    ap.add_argument("--profile", action="store_true", help="print where opening spends time")
    ap.add_argument("--child", choices=("app", "plain"), help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--campaign", help=argparse.SUPPRESS)
    ap.add_argument("--trajectory", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.db, args.campaign, args.trajectory, args.profile)
        return 0
    import sqlite3

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db_path, tid, cid = ready_database(args)

    # open, in fresh processes, interleaved
    opens = {"app": [], "plain": []}
    for _ in range(args.runs):
        for mode in ("app", "plain"):
            opens[mode].append(fresh(mode, args, db_path, cid, tid))
    assert all(r["n"] == args.visits for r in opens["app"] + opens["plain"]), opens
    t_open = statistics.median(r["t"] for r in opens["app"])
    t_open_plain = statistics.median(r["t"] for r in opens["plain"])
    t_open_all = statistics.median(r["t_all"] for r in opens["app"])
    mem = statistics.median(r["mb"] for r in opens["app"])
    mem_plain = statistics.median(r["mb"] for r in opens["plain"])

    from PySide6.QtWidgets import QApplication

    from app.services.database import open_database
    from app.services.i18n import set_language
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    set_language("nl")
    db = open_database(db_path)
    ctx = AppContext(db, Settings())
    ctx.set_trajectory(tid)
    page = OutreachPage(ctx)
    page.tabs.setCurrentWidget(page.visits)
    page.resize(1280, 800)
    page.show()
    app.processEvents()
    counted = wait_for_not_shared(page)
    model, view = page.visits.model, page.visits.view
    conn = sqlite3.connect(db_path)
    uuid_of = None
    if not hasattr(model, "rowids"):  # the old model keeps UUIDs: compare those
        uuid_of = dict(conn.execute("SELECT rowid, id FROM outreach_visit"))

    def same_order(needle: str) -> None:
        plain = plain_ids(conn, cid, needle)
        if uuid_of is not None:
            plain = [uuid_of[r] for r in plain]
        assert app_order(model) == plain, f"the baseline must return the app's ids ({needle!r})"

    same_order("")

    def reopen():
        model.reload()
        view.viewport().repaint()

    def reopen_all():  # and the rest of the rowids, read after the paint
        reopen()
        app.processEvents()
        model.rowids()

    def keystroke(text: str) -> float:
        t = time.perf_counter()
        model.set_filter_text(text)
        view.viewport().repaint()
        return time.perf_counter() - t

    reopen_app, reopen_plain, reopen_whole = [], [], []
    for _ in range(args.runs):
        reopen_app.append(median_time(reopen, 1))
        model.rowids()
        reopen_plain.append(median_time(lambda: plain_ids(conn, cid), 1))
        reopen_whole.append(median_time(reopen_all, 1))
    t_reopen, t_reopen_plain = statistics.median(reopen_app), statistics.median(reopen_plain)

    letters = "PMJRKB"  # Peeters, Maria/Molenweg, Jef, Rita, Kerkstraat, Bezoeker (visitors)
    keys_app, keys_plain, found = [], [], {}
    per_letter: dict[str, list[float]] = {letter: [] for letter in letters}
    for _ in range(args.runs):
        for letter in letters:
            keys_app.append(keystroke(letter))
            per_letter[letter].append(keys_app[-1])
            found[letter] = model.rowCount()
            same_order(letter)
            keys_plain.append(median_time(lambda t=letter: plain_ids(conn, cid, t), 1))
            keystroke("")
    t_key, t_key_plain = statistics.median(keys_app), statistics.median(keys_plain)

    needle, typing = "Peeters 12", []
    for _ in range(args.runs):
        for i in range(1, len(needle) + 1):
            typing.append((keystroke(needle[:i]), needle[:i]))
        same_order(needle)
        for i in range(len(needle) - 1, -1, -1):  # and back again with backspace
            typing.append((keystroke(needle[:i]), needle[:i] + " ⌫"))
    worst, worst_text = max(typing)

    print(f"{args.visits} visits, {args.people} people; medians of {args.runs}, interleaved")
    print(f"open (fresh process, page built, visit log painted): {t_open * 1000:7.1f} ms   "
          f"plain sqlite3 {t_open_plain * 1000:6.1f} ms")
    print(f"reopen the visit log (load + first screen):           {t_reopen * 1000:7.1f} ms   "
          f"plain sqlite3 {t_reopen_plain * 1000:6.1f} ms")
    print(f"the same until the rest of the log's rowids is read: open {t_open_all * 1000:.1f} ms"
          f" ({t_open_all / t_open_plain:.2f} x plain), reopen "
          f"{statistics.median(reopen_whole) * 1000:.1f} ms "
          f"({statistics.median(reopen_whole) / t_reopen_plain:.2f} x plain)")
    print(f"first-letter keystroke ({', '.join(f'{k} {n}' for k, n in found.items())} rows): "
          f"{t_key * 1000:.1f} ms   plain sqlite3 {t_key_plain * 1000:.1f} ms")
    print(f"slowest first-letter keystroke: {max(keys_app) * 1000:.1f} ms")
    medians = {k: statistics.median(v) for k, v in per_letter.items()}
    slow = max(medians, key=medians.get)
    print(f"slowest first letter, median of its runs: {slow} {medians[slow] * 1000:.1f} ms "
          f"({', '.join(f'{k} {v * 1000:.0f}' for k, v in medians.items())})")
    print(f"slowest keystroke typing and erasing “{needle}”: {worst * 1000:.1f} ms "
          f"(“{worst_text}”)")
    print(f"memory added by opening: app +{mem:.1f} MB, plain +{mem_plain:.1f} MB")
    print(f"the not-yet-shared line's first count (worker thread, after the paint): "
          f"{counted[0]:.1f} s, +{counted[1]:.0f} MB")
    print(f"open: {t_open / t_open_plain:.2f} x plain; reopen: {t_reopen / t_reopen_plain:.2f} "
          f"x plain; keystroke: {t_key / t_key_plain:.2f} x plain; memory +{mem:.0f} MB")
    conn.close()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
