"""The record lists' query door (`app.services.list_query`) and the feature queries the views
ask, run without Qt: which ids a list shows, in which order, found by which text."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from app.models.core import Partner
from app.models.groundwork import AreaFigure, AreaNeed, AreaStory, TrainingSession
from app.models.participation import Idea, IdeaSignup
from app.services import list_query
from app.services.groundwork import lists as gw_lists
from app.services.participation import lists as p_lists

NOBODY = "00000000-0000-4000-8000-000000000000"
NAMES = ("CAW De Kempen", "LDC De Linde", "OCMW Testgem", "Ziekenzorg Oosterwijk")


@pytest.fixture
def partners(db, trajectory):
    with db.transaction() as s:
        for name in NAMES:
            s.add(Partner(trajectory_id=trajectory.id, name=name, partner_type="other"))
        s.add(Partner(trajectory_id=trajectory.id, name="Café 100% %_ zeker",
                      partner_type="other"))
    return trajectory.id


def _ids(session, tid, text="", sort=0, descending=False, extra=()):
    exprs = [Partner.name, Partner.partner_type]
    base = list_query.in_trajectory(list_query.records_of(Partner), Partner, tid)
    stmt = list_query.id_query(base, Partner, exprs, [True, False], text, sort, descending,
                               extra)
    ids = list_query.find_ids(session, stmt)
    rows = list_query.fetch_rows(session, Partner, [Partner.name], ids)
    return [rows[i][0] for i in ids]


def test_sorts_searches_and_narrows_in_sql(db, partners):
    with db.session() as s:
        assert _ids(s, partners) == sorted([*NAMES, "Café 100% %_ zeker"])
        assert _ids(s, partners, descending=True)[0] == "Ziekenzorg Oosterwijk"
        # case does not matter; an unsearchable column is not searched
        assert _ids(s, partners, "caf") == ["Café 100% %_ zeker"]
        assert _ids(s, partners, "DE K") == ["CAW De Kempen"]
        assert _ids(s, partners, "other") == []
        assert _ids(s, partners, extra=[Partner.name.like("L%")]) == ["LDC De Linde"]
        # another trajectory's rows never show
        assert _ids(s, NOBODY) == []


def test_rows_come_in_blocks_and_keep_the_asked_order(db, trajectory):
    with db.transaction() as s:
        for i in range(1203):  # more than two blocks of IN (...)
            s.add(Partner(trajectory_id=trajectory.id, name=f"P{i:04}", partner_type="x"))
    with db.session() as s:
        stmt = list_query.id_query(
            list_query.in_trajectory(list_query.records_of(Partner), Partner, trajectory.id),
            Partner, [Partner.name], [True], sort=0, descending=True)
        ids = list_query.find_ids(s, stmt)
    assert len(ids) == 1203
    got = list(list_query.iter_rows(db.session, Partner, [Partner.name], ids[::-1]))
    assert [values[0] for _rid, values in got] == [f"P{i:04}" for i in range(1203)]
    with db.session() as s:
        assert list_query.fetch_rows(s, Partner, [Partner.name], [NOBODY, ids[0]]) == {
            ids[0]: ("P1202",)}


def test_a_child_list_shows_nothing_until_its_parent_is_chosen(db, trajectory):
    parent = {"id": ""}
    with db.transaction() as s:
        idea = Idea(trajectory_id=trajectory.id, title="Buurtsoep")
        s.add(idea)
        s.flush()
        s.add(IdeaSignup(idea_id=idea.id, name="Jef", consent=False))
        s.add(IdeaSignup(idea_id=idea.id, name="Mia", consent=False))
        idea_id = idea.id
    scope = p_lists.signups_of(lambda: parent["id"])
    base = list_query.records_of(IdeaSignup)
    with db.session() as s:
        assert list_query.find_ids(s, scope(base, trajectory.id)) == []
        parent["id"] = idea_id
        assert len(list_query.find_ids(s, scope(base, trajectory.id))) == 2
        counts = list_query.fetch_rows(s, Idea, [p_lists.signup_count()], [idea_id])
    assert counts == {idea_id: (2,)}


def test_field_values_of_a_live_record_only(db, partners):
    with db.session() as s:
        pid = s.query(Partner.id).filter(Partner.name == NAMES[0]).scalar()
        assert list_query.field_values(s, Partner, pid, ["name"]) == {"name": NAMES[0]}
        assert list_query.field_values(s, Partner, NOBODY, ["name"]) is None


def test_groundwork_queries_of_step_4(db, trajectory):
    tid = trajectory.id
    with db.transaction() as s:
        fig = AreaFigure(trajectory_id=tid, indicator="Alleenwonend 80+", value=41.0,
                         reference_value=35.0, reference_label="Vlaanderen", unit="%")
        bare = AreaFigure(trajectory_id=tid, indicator="Zonder vergelijking", value=3.0)
        story = AreaStory(trajectory_id=tid, title="Bank aan de kerk")
        s.add_all([fig, bare, story])
        s.flush()
        s.add(AreaNeed(trajectory_id=tid, title="Ontmoeting", priority=2,
                       figure_ids=[fig.id], story_ids=[]))
        s.add(AreaNeed(trajectory_id=tid, title="Vervoer", priority=1, figure_ids=[],
                       story_ids=["00000000-0000-4000-8000-00000000000f"]))
        s.add(TrainingSession(trajectory_id=tid, kind="info", held_on=date(2026, 3, 1),
                              professionals=2, volunteers=3, residents=4, lived_experience=1))
    with db.session() as s:
        assert gw_lists.unchecked_needs(s, tid) == 1  # a deleted story supports nothing
        assert gw_lists.needs_in_order(s, tid) == list_query.find_ids(
            s, list_query.id_query(list_query.records_of(AreaNeed), AreaNeed,
                                   [AreaNeed.priority], [False], sort=0))
        assert [r[0] for r in gw_lists.chart_figures(s, tid, gw_lists.ALL_AREAS)] == [
            "Alleenwonend 80+"]
        assert gw_lists.chart_figures(s, tid, "00000000-0000-4000-8000-0000000000aa") == []
        assert [r[0] for r in gw_lists.chart_figures(s, tid, gw_lists.NO_AREA)] == [
            "Alleenwonend 80+"]
        total = s.scalar(list_query.records_of(TrainingSession)
                         .with_only_columns(gw_lists.training_total()))
    assert total == 10


def test_the_query_door_loads_no_qt():
    code = ("import sys; import app.services.list_query, app.services.groundwork.lists, "
            "app.services.participation.lists, app.services.actions.lists, "
            "app.services.exchange.dialog_queries; "
            "print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
