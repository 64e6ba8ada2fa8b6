"""The visit log at scale (issue 16): its Qt-free query door returns exactly what the ORM list
returned, searches narrow correctly, and the page loads each list once, when it is shown."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from app.models.outreach import OutreachPerson, OutreachVisit, OutreachVisitor
from app.services.outreach import visit_log
from tests.pgserver import ENGINES

TEXTS = ["a", "n", "e", "E", "Pe", "peeters", "Kerk", "straat 1", "Bezoeker", "ezoeker 2", "Anna M",
         "Maes Anna", "%", "_", "50%", "a_b", "\\", "'", "' OR 1=1 --", "Zzz", "é", "  "]


@pytest.fixture
def log(db, trajectory, campaign):
    """Three visitors, 30 people (one with a percent sign in the street), 200 visits with
    many on the same day, a few tombstoned, and a second campaign that must never show."""
    from app.services import records
    from app.services.outreach.campaigns import create_campaign
    from app.services.outreach.people import add_person
    from app.services.outreach.visits import log_visit

    rnd = random.Random(16)
    with db.transaction() as s:
        visitors = []
        for name in ("Bezoeker 1", "Bezoeker 2", "Lieve"):
            v = OutreachVisitor(trajectory_id=trajectory.id, name=name)
            s.add(v)
            visitors.append(v)
        s.flush()
        other, _c = create_campaign(s, trajectory.id, "Andere", "kgw")
        people = []
        for i in range(30):
            street = "Kerkstraat" if i % 3 else "Molenweg 50%_a_b"
            p, _c = add_person(s, campaign.id, first_name=rnd.choice(["Anna", "Jef", "Rita"]),
                               last_name=rnd.choice(["Peeters", "Maes", "D'Hondt"]) + f" {i}",
                               street=street, house_number=str(i + 1),
                               visitor_id=visitors[i % 3].id if i % 5 else None)
            people.append(p)
        stranger, _c = add_person(s, other.id, first_name="Anna", last_name="Peeters X")
        ids = []
        for n in range(200):
            p = people[n % 30]
            v, _c = log_visit(s, campaign.id, person_id=p.id, outcome="not_home",
                              visited_on=date(2026, 1, 1) + timedelta(days=n % 7),
                              visitor_id=visitors[n % 3].id if n % 4 else None,
                              notes="winkel" if n % 9 == 0 else "", today=date(2026, 11, 20))
            ids.append(v.id)
        log_visit(s, other.id, person_id=stranger.id, outcome="door",
                  visited_on=date(2026, 1, 2), today=date(2026, 11, 20))
        for vid in ids[::17]:
            records.soft_delete(s, OutreachVisit, vid)
    return campaign.id


def _orm_order(db, cid, key="visited_on", desc=True) -> list[str]:
    from app.views.outreach.lists import person_name_expr

    v = OutreachVisit
    e = person_name_expr(v.person_id) if key == "person" else getattr(v, key)
    with db.session() as s:
        return list(s.scalars(select(v.id).where(v.campaign_id == cid)
                              .order_by(e.desc() if desc else e.asc(), v.id)))


def _uuids(db, rowids) -> list[str]:
    with db.session() as s:
        rows = visit_log.visit_rows(s, list(rowids))
    return [rows[r][0] for r in rowids]


def _expected(db, cid, text, notes=False) -> list[str]:
    """The search done the slow, obvious way in Python, over the ORM order."""
    needle = text.strip().lower()
    with db.session() as s:
        people = {p.id: p for p in s.scalars(select(OutreachPerson))}
        visitors = {w.id: w.name for w in s.scalars(select(OutreachVisitor))}
        visits = {v.id: v for v in s.scalars(select(OutreachVisit))}
    out = []
    for vid in _orm_order(db, cid):
        v, p = visits[vid], people[visits[vid].person_id]
        hay = [p.street, f"{p.last_name} {p.first_name}", f"{p.first_name} {p.last_name}",
               visitors.get(v.visitor_id, "") if v.visitor_id else ""]
        if notes:
            hay += [v.notes, v.wish]
        if any(needle in h.lower() for h in hay):
            out.append(vid)
    return out


@pytest.mark.parametrize("db_engine", ENGINES)  # the lead server too
def test_find_visits_is_the_orm_order_without_tombstones_or_other_campaigns(db, log):
    sorts = (("visited_on", True), ("visited_on", False), ("person", False))
    with db.session() as s:  # one session at a time: each one begins IMMEDIATE
        found = {sort: visit_log.find_visits(s, log, *sort) for sort in sorts}
        assert len(visit_log.find_visits(s, "")) == 0
    for sort in sorts:
        assert _uuids(db, found[sort]) == _orm_order(db, log, *sort)
    assert len(found[sorts[0]]) == 200 - len(range(0, 200, 17))


@pytest.mark.parametrize("db_engine", ENGINES)  # the lead server too
@pytest.mark.parametrize("notes", [False, True])
def test_every_search_keeps_exactly_the_matching_visits_in_order(db, log, notes):
    with db.session() as s:
        ordered = visit_log.find_visits(s, log)
        got = {text: visit_log.match_visits(s, log, text.strip(), notes=notes).apply(ordered)
               for text in TEXTS if text.strip()}
    for text, rowids in got.items():
        assert _uuids(db, rowids) == _expected(db, log, text, notes), text


def test_both_ways_of_answering_a_search_are_used(db, log):
    with db.session() as s:
        assert visit_log.match_visits(s, log, "Peeters 1").keep  # few match: those
        assert not visit_log.match_visits(s, log, "e").keep  # most match: the others
        assert not visit_log.match_visits(s, log, "a").keep  # ... and no visitor's name


@pytest.mark.parametrize("db_engine", ENGINES)  # the lead server too
def test_cells_come_back_typed_as_the_list_shows_them(db, log):
    with db.session() as s:
        rid = visit_log.find_visits(s, log)[0]
        vid, cells = visit_log.visit_rows(s, [rid])[rid]
        v = s.get(OutreachVisit, vid)
        assert visit_log.rowid_of(s, vid) == rid and visit_log.rowid_of(s, vid.upper()) == rid
        assert visit_log.rowid_of(s, "not a uuid") is None
    row = dict(zip(visit_log.COLUMNS, cells, strict=True))
    assert row["visited_on"] == v.visited_on and row["signals"] == v.signals == []
    assert row["outcome"] == "not_home" and row["follow_up_due"] is None
    # who changed it last, and when (issue 21): as the record has them, UTC and aware
    assert row["changed_by"] == v.changed_by != "" and row["updated_at"] == v.updated_at
    with db.session() as s:  # sorted by who changed it: every live visit still there
        assert sorted(visit_log.find_visits(s, log, "changed_by")) == sorted(
            visit_log.find_visits(s, log))


@pytest.fixture
def page(qtbot, db, trajectory, log):
    from app.services.settings import Settings
    from app.views.context import AppContext
    from app.views.outreach.outreach_panel import OutreachPage

    ctx = AppContext(db, Settings(language="nl"))
    ctx.set_trajectory(trajectory.id)
    w = OutreachPage(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    return w


def test_each_list_is_loaded_once_and_the_log_only_when_shown(qtbot, page, log, monkeypatch):
    from app.services.outreach import visits

    calls = {"find": 0, "worklist": 0}
    find, work = visit_log.find_visits, visits.worklist

    def count(name, fn):
        def wrapper(*a, **k):
            calls[name] += 1
            return fn(*a, **k)
        return wrapper

    monkeypatch.setattr(visit_log, "find_visits", count("find", find))
    # fewer visits than a screen: the first screen's read is the whole log
    monkeypatch.setattr(visit_log, "first_visits", count("find", visit_log.first_visits))
    monkeypatch.setattr(visits, "worklist", count("worklist", work))
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(log))
    assert calls == {"find": 0, "worklist": 0}  # a page not shown reads nothing heavy
    page.show()
    assert calls == {"find": 0, "worklist": 1}  # the worklist is the tab in view
    page.tabs.setCurrentWidget(page.visits)
    assert calls == {"find": 1, "worklist": 1}
    assert page.visits.model.rowCount() == 200 - len(range(0, 200, 17))
    page.tabs.setCurrentWidget(page.people)
    page.tabs.setCurrentWidget(page.visits)  # shown again, nothing changed: not read again
    assert calls["find"] == 1
    page.retranslate_ui()  # a language switch re-reads nothing but the tab in view
    assert calls == {"find": 1, "worklist": 1}


def test_typing_narrows_and_erasing_widens_to_what_a_fresh_search_gives(qtbot, page, log):
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(log))
    page.show()
    page.tabs.setCurrentWidget(page.visits)
    model = page.visits.model
    word = "Peeters 1"
    typed = [word[:i] for i in range(1, len(word) + 1)]
    for text in typed + typed[::-1][1:] + [""]:
        model.set_filter_text(text)
        shown = [model.id_at(r) for r in range(model.rowCount())]
        assert shown == (_expected(page.ctx.db, log, text) if text else
                         _orm_order(page.ctx.db, log)), text
    model.set_filter_text("winkel")
    assert model.rowCount() == 0
    page.visits.search_notes.setChecked(True)
    assert [model.id_at(r) for r in range(model.rowCount())] == \
        _expected(page.ctx.db, log, "winkel", notes=True) != []
    model.set_filter_text("winkels")  # narrows within the notes search too
    assert model.rowCount() == 0


def test_a_visit_chosen_in_the_log_is_the_one_edited_after_a_sort(qtbot, page, log):
    page.campaign_box.setCurrentIndex(page.campaign_box.findData(log))
    page.show()
    page.tabs.setCurrentWidget(page.visits)
    panel = page.visits
    panel.view.sortByColumn(1, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.AscendingOrder)
    assert [panel.model.id_at(r) for r in range(panel.model.rowCount())] == \
        _orm_order(page.ctx.db, log, "person", desc=False)
    target = panel.model.id_at(7)
    panel.select_id(target)
    assert panel.current_id() == target and panel.view.currentIndex().row() == 7


def test_the_worklist_finds_open_wishes_through_their_partial_index(db, log):
    from app.services.outreach import visits

    seen = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if "wish_fulfilled_on IS NULL" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.session() as s:
            visits.worklist(s, log, date(2026, 11, 20))
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    [(sql, params)] = seen
    with db.engine.connect() as conn:
        plan = " ".join(str(r[3]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + sql, params))
    assert "ix_outreach_visit_open_wish" in plan, plan


@pytest.mark.parametrize("keep", [True, False])
def test_a_match_keeps_order_and_survives_short_and_outdated_lists(keep):
    ordered = [9, 3, 7, 1, 12, 5]
    match = visit_log.Match([3, 12, 5], keep, top=10)  # rowids above `top` on both sides
    expected = [i for i in ordered if (i in {3, 12, 5}) == keep]
    assert match.apply(ordered) == expected  # a rowid above `top`: the slow, sure way
    match = visit_log.Match([3, 5], keep, top=12)
    assert match.apply(ordered) == [i for i in ordered if (i in {3, 5}) == keep]
    assert match.apply([]) == []
    assert match.apply([5]) == ([5] if keep else [])
    assert match.apply([9]) == ([] if keep else [9])
    assert visit_log.Match([], False, top=12).apply(ordered) == ordered
    assert visit_log.Match([], True, top=12).apply(ordered) == []
