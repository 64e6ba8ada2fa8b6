"""The lists' "Changed by" and "Last changed" columns (issue 21): shown on a shared database
with the other user's name, hidden on a file, and a reader sees when but not who."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.models.core import Partner, Trajectory
from app.services import records
from app.services.server import READER, open_server
from app.services.settings import Settings
from tests.server.test_changed_by import login

BOTH_ENGINES = True


def partner_panel(db, qtbot, trajectory_id):
    from app.views.context import AppContext
    from app.views.groundwork.step1_page import partner_spec
    from app.views.widgets.record_list import RecordListPanel

    ctx = AppContext(db, Settings())
    ctx.set_trajectory(trajectory_id)
    panel = RecordListPanel(ctx, partner_spec())
    qtbot.addWidget(panel)
    return panel


def add_partners(db, *names):
    with db.transaction() as s:
        traj = Trajectory(name="Testdorp", municipality="Testgem")
        s.add(traj)
        s.flush()
        s.add_all(Partner(trajectory_id=traj.id, name=n) for n in names)
    return traj.id


def column(panel, key):
    return [c.key for c in panel.columns].index(key)


def cells(panel, key):
    col = column(panel, key)
    return {panel.model.index(r, 0).data(): panel.model.index(r, col).data()
            for r in range(panel.model.rowCount())}


def test_on_a_file_the_columns_are_there_but_hidden(db, db_engine, qtbot):
    tid = add_partners(db, "OCMW Testgem")
    panel = partner_panel(db, qtbot, tid)
    who, when = column(panel, "changed_by"), column(panel, "updated_at")
    assert panel.view.isColumnHidden(who) == panel.view.isColumnHidden(when) == (
        db_engine == "sqlite")
    assert who not in panel.visible_columns() or db_engine != "sqlite"
    expected = db.device_name if db_engine == "sqlite" else db.user
    assert cells(panel, "changed_by") == {"OCMW Testgem": expected}
    assert cells(panel, "updated_at")["OCMW Testgem"]  # a date and time
    if db_engine == "sqlite":  # Ctrl+C copies what is shown, not the hidden columns
        panel.select_id(panel.model.id_at(0))
        assert expected not in panel.copy_rows()


@pytest.fixture
def marie_and_piet(pg_server, pg_url):
    marie = open_server(login(pg_server, pg_url, "marie"))
    piet = open_server(login(pg_server, pg_url, "piet"))
    yield marie, piet
    marie.close()
    piet.close()


def test_each_user_sees_the_others_name(marie_and_piet, qtbot, tmp_path, monkeypatch):
    from app.services import i18n

    i18n.set_language("nl")
    marie, piet = marie_and_piet
    tid = add_partners(marie, "OCMW Heidebeek", "Buurtcomité De Linde", "LDC Zonnebloem")
    with piet.transaction() as s:
        for p in s.query(Partner).filter(Partner.name != "LDC Zonnebloem"):
            p.phone = "011 22 33 44"
    marie_list, piet_list = partner_panel(marie, qtbot, tid), partner_panel(piet, qtbot, tid)
    assert cells(marie_list, "changed_by") == {
        "OCMW Heidebeek": "piet", "Buurtcomité De Linde": "piet", "LDC Zonnebloem": "marie"}
    assert cells(piet_list, "changed_by") == cells(marie_list, "changed_by")
    assert not marie_list.view.isColumnHidden(column(marie_list, "changed_by"))
    assert marie_list.model.header(column(marie_list, "changed_by")) == \
        "Gewijzigd door"
    marie_list.resize(1100, 220)
    marie_list.show()
    qtbot.waitExposed(marie_list)
    shot = tmp_path / "changed-by-nl.png"
    assert marie_list.grab().save(str(shot))
    # the stale edit in marie's window names piet
    told = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _title, text: told.append(text)))
    pid = marie_list.model.id_at(marie_list.model.row_of(
        next(r for r, n in _ids(marie_list).items() if n == "LDC Zonnebloem")))
    with marie.session() as s:
        rev = records.revision_of(s, Partner, pid)
    with piet.transaction() as s:
        s.get(Partner, pid).phone = "011 99 99 99"
    assert not marie_list.save_edit(pid, {"phone": "011 00 00 00"}, based_on=rev)
    assert told and told[0].startswith("piet heeft “LDC Zonnebloem” (partner) intussen")
    assert cells(marie_list, "changed_by")["LDC Zonnebloem"] == "piet"  # reloaded


def _ids(panel):
    return {panel.model.id_at(r): panel.model.index(r, 0).data()
            for r in range(panel.model.rowCount())}


def test_a_reader_sees_when_but_not_who(pg_server, pg_url, qtbot):
    db = open_server(pg_url)
    try:
        tid = add_partners(db, "OCMW Testgem")
    finally:
        db.close()
    reader = open_server(login(pg_server, pg_url, "lezer", READER))
    try:
        panel = partner_panel(reader, qtbot, tid)
        assert panel.view.isColumnHidden(column(panel, "changed_by"))
        assert not panel.view.isColumnHidden(column(panel, "updated_at"))
        assert cells(panel, "changed_by") == {"OCMW Testgem": ""}  # nor could it read it
        assert cells(panel, "updated_at")["OCMW Testgem"]
    finally:
        reader.close()
