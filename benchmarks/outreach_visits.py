"""Outreach at scale: 20,000 people and 100,000 visits in one campaign.

    python benchmarks/outreach_visits.py [--people 20000] [--visits 100000] [--runs 5]

Times, in the same run, (1) opening the visit log (the page's list model loading its ids in
SQL order and painting the first screen) against a plain SQL query of the same ids, and (2) a
filter keystroke in the visit log against the plain SQL query with the same filter, also with
"also in what came up" ticked (the visits' free text searched too). Prints the
medians and the ratios, and the memory the outreach page adds to the process (RSS).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
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
    now = datetime.now(timezone.utc)
    sync = dict(created_at=now, updated_at=now, device_id="bench", revision=1,
                base_revision=0)
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


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--visits", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = tempfile.mkdtemp()
    os.environ["BUURTVERBINDER_HOME"] = tmp
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import or_, select, union

    from sqlalchemy import literal

    from app.models.base import ci_like
    from app.models.outreach import OutreachPerson, OutreachVisit, OutreachVisitor
    from app.services.database import open_database
    from app.services.settings import Settings

    db = open_database(Path(tmp) / "bench.sqlite3")
    t0 = time.perf_counter()
    tid, cid = build(db, args.people, args.visits)
    print(f"built {args.people} people and {args.visits} visits in "
          f"{time.perf_counter() - t0:.1f} s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    ctx = AppContext(db, Settings())
    ctx.set_trajectory(tid)
    rss_before = rss_mb()
    page = OutreachPage(ctx)
    page.resize(1280, 800)
    page.show()
    page.tabs.setCurrentWidget(page.visits)
    app.processEvents()
    rss_after = rss_mb()
    model, view = page.visits.model, page.visits.view
    V, P = OutreachVisit, OutreachPerson

    def open_log():
        model.reload()
        view.viewport().repaint()

    def plain_open():
        with db.session() as s:
            ids = list(s.scalars(select(V.id).where(V.campaign_id == cid)
                                 .order_by(V.visited_on.desc(), V.id)))
            first = ids[:40]
            s.execute(select(V.id, V.visited_on, V.outcome, V.notes).where(V.id.in_(first)))
        return ids

    needle = "Peeters 12"

    def filter_log():
        model.set_filter_text(needle)
        view.viewport().repaint()

    def plain_filter(notes: bool = False):
        like = f"%{needle}%"
        with db.session() as s:
            # the same predicates as the page's filter (names and streets, case ignored)
            people = select(P.id).where(or_(
                ci_like(P.street, like),
                ci_like(P.last_name + literal(" ") + P.first_name, like),
                ci_like(P.first_name + literal(" ") + P.last_name, like)))
            visitors = select(OutreachVisitor.id).where(ci_like(OutreachVisitor.name, like))
            parts = [select(V.id).where(V.person_id.in_(people)),
                     select(V.id).where(V.visitor_id.in_(visitors))]
            if notes:  # "also in what came up"
                parts.append(select(V.id).where(V.campaign_id == cid, or_(
                    ci_like(V.notes, like), ci_like(V.wish, like))))
            matching = union(*parts)
            ids = list(s.scalars(select(V.id).where(V.campaign_id == cid,
                                                    V.deleted_at.is_(None),
                                                    V.id.in_(matching))
                                 .order_by(V.visited_on.desc(), V.id)))
            s.execute(select(V.id, V.visited_on, V.outcome, V.notes).where(V.id.in_(ids[:40])))

    def timed_filter():
        t = time.perf_counter()
        filter_log()
        spent = time.perf_counter() - t
        model.set_filter_text("")  # back to the whole log, not timed
        return spent

    page.campaign_box.setCurrentIndex(page.campaign_box.findData(cid))
    assert model.rowCount() == args.visits, model.rowCount()
    model.set_filter_text(needle)
    found = model.rowCount()
    model.set_filter_text("")
    t_open = median_time(open_log, args.runs)
    t_plain = median_time(plain_open, args.runs)
    t_filter = statistics.median(timed_filter() for _ in range(args.runs))
    t_plain_filter = median_time(plain_filter, args.runs)
    page.visits.search_notes.setChecked(True)
    t_notes = statistics.median(timed_filter() for _ in range(args.runs))
    page.visits.search_notes.setChecked(False)
    t_plain_notes = median_time(lambda: plain_filter(notes=True), args.runs)
    print(f"open visit log:  {t_open * 1000:8.1f} ms   plain SQL {t_plain * 1000:8.1f} ms   "
          f"ratio {t_open / t_plain:5.2f}")
    print(f"filter keystroke:{t_filter * 1000:8.1f} ms   plain SQL {t_plain_filter * 1000:8.1f} "
          f"ms   ratio {t_filter / t_plain_filter:5.2f}")
    print(f"filter keystroke, also in what came up: {t_notes * 1000:8.1f} ms   plain SQL "
          f"{t_plain_notes * 1000:8.1f} ms   ratio {t_notes / t_plain_notes:5.2f}")
    print(f"filter “{needle}” finds {found} visits")
    pmodel = page.people.model

    def people_filter():
        t = time.perf_counter()
        pmodel.set_filter_text("Peeters 12")
        page.people.view.viewport().repaint()
        spent = time.perf_counter() - t
        pmodel.set_filter_text("")
        return spent

    t_people = statistics.median(people_filter() for _ in range(args.runs))
    print(f"target list ({pmodel.rowCount()} people) filter keystroke: "
          f"{t_people * 1000:.1f} ms")
    print(f"memory of the outreach page: {rss_after - rss_before:.1f} MB "
          f"(process {rss_after:.1f} MB)")
    page.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
