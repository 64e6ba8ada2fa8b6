"""A reader never sees names (issue 21): connected as the reader role, the window opens every
page, shows no personal or free-text value, and offers no edit; the commands read."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget
from sqlalchemy import select

from app.cli import main
from app.models.core import Partner
from app.models.groundwork import InterestedPerson
from app.models.outreach import OutreachPerson
from app.services import server
from app.services.settings import Settings
from app.views.widgets.record_list import RecordListPanel


@pytest.fixture
def reader_url(pg_server, pg_url):
    pg_server.restore_demo(pg_url)  # made by create_demo
    pg_server.admin("DROP ROLE IF EXISTS lezer")
    pg_server.admin(f"CREATE ROLE lezer LOGIN IN ROLE {server.READER}")
    return pg_url.replace("postgres@", "lezer@")


def personal_values(url):
    """Names, contact persons and addresses of the demo, read as the administrator."""
    db = server.open_server(url.replace("lezer@", "postgres@"))
    try:
        with db.session() as s:
            found = set(s.scalars(select(Partner.contact_person)))
            found |= set(s.scalars(select(InterestedPerson.name)))
            found |= {f"{p.first_name} {p.last_name}".strip()
                      for p in s.scalars(select(OutreachPerson))}
            found |= set(s.scalars(select(OutreachPerson.street)))
    finally:
        db.close()
    return {v for v in found if v and len(v) > 3}


def every_page(window):
    """Each tab and each tab inside it, shown in turn."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        page = window.current_page()
        for inner in page.findChildren(QTabWidget):
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                QApplication.processEvents()
                yield page


def test_the_reader_opens_every_page_sees_no_names_and_edits_nothing(qtbot, reader_url):
    from app.views.window_controller import WindowController

    secrets = personal_values(reader_url)
    assert len(secrets) > 10  # the demo has them; the reader must see none
    db = server.open_server(reader_url)
    assert db.read_only and db.user == "lezer"
    controller = WindowController(QApplication.instance(), db, Settings())
    controller.show()
    seen_lists = set()
    try:
        assert controller.window.windowTitle().startswith("Buurtverbinder — lezer@")
        for page in every_page(controller.window):
            for panel in page.findChildren(RecordListPanel):
                if not panel.isVisibleTo(controller.window):
                    continue
                seen_lists.add(panel.spec.model.__tablename__)
                cells = {str(panel.model.index(r, c).data())
                         for r in range(panel.model.rowCount())
                         for c in range(panel.model.columnCount())}
                assert not cells & secrets, (panel.objectName(), cells & secrets)
                assert not panel.add_button.isEnabled()
                assert not panel.edit_button.isEnabled()
                assert "only read" in panel.edit_button.toolTip() or \
                    "alleen lezen" in panel.edit_button.toolTip()
        assert "partner" in seen_lists and len(seen_lists) >= 10, seen_lists
    finally:
        close(controller)


def close(controller):
    """As the app_window fixture: the window goes first, for good, then the database."""
    from PySide6.QtCore import QEvent

    controller.window.close()
    controller.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    controller.close_database()


def test_a_reader_s_write_in_the_window_is_refused_before_the_server(qtbot, reader_url):
    from app.services.server import ServerReadOnlyError
    from app.views.context import AppContext

    ctx = AppContext(server.open_server(reader_url), Settings())
    try:
        with pytest.raises(ServerReadOnlyError), ctx.write():
            pass
    finally:
        ctx.db.close()


@pytest.mark.parametrize("argv", [["status"], ["groundwork", "coverage"], ["check"],
                                  ["conflicts"]])
def test_the_reader_s_commands_read(reader_url, argv, capsys):
    code = main(["--lang", "en", *argv, "--db", reader_url])
    out = capsys.readouterr()
    assert code == 0, out
    assert "Traceback" not in out.out + out.err


def test_a_reader_s_change_anywhere_in_the_window_gets_a_calm_message(reader_url, monkeypatch):
    """A change that does not pass through a list (a note saved on leaving a page...) still
    reaches the server as the reader, who refuses it: the crash hook tells it calmly."""
    from app.models.core import Trajectory
    from app.views import crash

    shown = []
    monkeypatch.setattr(crash.CrashHandler, "_show",
                        lambda self, icon, title, text, details: shown.append((text, details)))
    db = server.open_server(reader_url)
    try:
        with db.session() as s:
            s.add(Trajectory(name="Stiekem", municipality="Nergens"))
            with pytest.raises(Exception) as info:
                s.commit()
    finally:
        db.close()
    handler = crash.CrashHandler()
    handler.handle(type(info.value), info.value, info.value.__traceback__)
    handler.handle(server.ServerReadOnlyError, server.ServerReadOnlyError(), None)
    assert handler.last_crash_file is None
    assert [d for _t, d in shown] == ["", ""]
    assert all("alleen lezen" in t for t, _d in shown), shown
