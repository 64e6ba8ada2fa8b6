"""File › Open a shared database… (issue 21): the dialog connects off the GUI thread, the
window then works on the server's data, the address (never the password) is remembered, and
a recent address opens again. Refusals are told calmly; Cancel leaves the file open."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import keyring
import pytest
from PySide6.QtWidgets import QMessageBox

from app.services import i18n, server
from app.services.settings import Settings
from app.views.shared_db import SharedDatabaseDialog
from tests.server.test_secrets import MemoryKeyring


def parts_of(pg_url, user="postgres"):
    name, _sep, socket = pg_url.split("@/", 1)[1].partition("?host=")
    return server.AddressParts(socket, 5432, name, user)


def fill(dialog, parts, password=""):
    f = dialog.fields
    f.host.setText(parts.host)
    f.port.setValue(parts.port)
    f.database.setText(parts.database)
    f.user.setText(parts.user)
    f.password.setText(password)


@pytest.fixture
def told(monkeypatch):
    messages = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _p, _t, text: messages.append(text)))
    return messages


@pytest.fixture
def ring():
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def test_open_a_shared_database_from_the_window_and_again_from_the_recent_list(
        app_window, pg_url, qtbot, monkeypatch, ring, told):
    from app.models.core import Trajectory

    db = server.open_server(pg_url)
    with db.transaction() as s:
        s.add(Trajectory(name="Regio Kempen", municipality="Kempen"))
    db.close()
    seen = {}

    def run(dialog):  # the user fills the form and presses Open; the bar shows meanwhile
        if dialog.busy.isHidden():
            fill(dialog, parts_of(pg_url), "geheim")
            dialog.remember.setChecked(True)
            dialog.connect_now()
        seen["busy"] = not dialog.busy.isHidden() and not dialog.fields.isEnabled()
        qtbot.waitUntil(dialog.busy.isHidden, timeout=15000)
        return dialog.result()

    monkeypatch.setattr(SharedDatabaseDialog, "exec", run)
    controller = app_window
    assert controller.open_shared_database(), told
    assert seen["busy"]
    window = controller.window
    assert window.windowTitle().startswith("Buurtverbinder — postgres@/")
    assert window.windowTitle().endswith(parts_of(pg_url).database)
    assert controller.ctx.db.engine.dialect.name == "postgresql"
    assert any("Regio Kempen" in window.trajectory_combo.itemText(i)
        for i in range(window.trajectory_combo.count()))
    assert not window.act_backup.isEnabled()
    raw = Settings.file().read_bytes()
    assert b"geheim" not in raw and b"postgresql://postgres@/" in raw
    assert server.keyring_password(server.address_of(parts_of(pg_url))) == "geheim"
    # the recent list names it and opens it again (password from the keyring)
    window.recent_shared.fill()
    entries = [a for a in window.recent_shared.actions() if a.isEnabled()]
    assert len(entries) == 1 and "geheim" not in entries[0].text()
    entries[0].trigger()
    assert controller.ctx.db.engine.dialect.name == "postgresql"
    assert Settings.load().recent_databases == [server.stored_url(
        server.address_of(parts_of(pg_url)))]
    controller.close_database()  # as the app does when it quits


def test_a_refused_connection_is_told_and_the_dialog_stays(qtbot, pg_url, told):
    dialog = SharedDatabaseDialog(None)
    qtbot.addWidget(dialog)
    fill(dialog, dataclasses.replace(parts_of(pg_url), database="bestaat_niet"), "geheim")
    dialog.connect_now()
    qtbot.waitUntil(lambda: bool(told), timeout=15000)
    assert "cannot connect" in told[0].lower() or "kan geen verbinding" in told[0].lower()
    assert "geheim" not in told[0]
    assert dialog.database is None and dialog.fields.isEnabled()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_a_database_without_schema_says_run_server_init(qtbot, pg_empty_url, told):
    dialog = SharedDatabaseDialog(None)
    qtbot.addWidget(dialog)
    fill(dialog, parts_of(pg_empty_url))
    dialog.connect_now()
    qtbot.waitUntil(lambda: bool(told), timeout=15000)
    assert "server init" in told[0]


def test_cancel_while_connecting_closes_what_arrives_late(qtbot, pg_url, monkeypatch):
    closed = []
    real = server.open_server

    def slow(url):
        import time

        time.sleep(0.5)
        db = real(url)
        monkeypatch.setattr(db, "close", lambda: (closed.append(True), real_close()))
        real_close = db.engine.dispose
        return db

    monkeypatch.setattr(server, "open_server", slow)
    dialog = SharedDatabaseDialog(None)
    qtbot.addWidget(dialog)
    fill(dialog, parts_of(pg_url))
    dialog.connect_now()
    dialog.cancel()
    qtbot.waitUntil(lambda: bool(closed), timeout=15000)
    assert dialog.database is None


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_dialog_in_each_language(qtbot, lang, ring, tmp_path):
    i18n.set_language(lang)
    dialog = SharedDatabaseDialog(None, "postgresql://els@server.example.be/buurtverbinder",
                                  keyring=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.fields.host.text() == "server.example.be"
    assert dialog.fields.user.text() == "els"
    title = {"nl": "Gedeelde databank openen", "fr": "Ouvrir une base de données partagée",
             "en": "Open a shared database"}[lang]
    assert dialog.windowTitle() == title
    assert dialog.fields.labels[4].text() == {"nl": "&Wachtwoord:", "fr": "Mot de &passe\xa0:",
                                               "en": "Pass&word:"}[lang]
    texts = [lb.text() for lb in dialog.fields.labels] + [dialog.remember.text()] + [
        b.text() for b in dialog.buttons.buttons()]
    letters = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(letters) == len(set(letters)) == 7, texts  # every field by its own Alt key
    for label in dialog.fields.labels:  # nothing clipped
        assert label.sizeHint().width() <= label.width() + 1, label.text()
    assert dialog.remember.sizeHint().width() <= dialog.remember.width() + 1
    shot = tmp_path / f"shared-db-dialog-{lang}.png"  # tools/screenshots.py keeps them
    assert dialog.grab().save(str(shot)) and shot.stat().st_size > 1000


def start_window(qtbot, address, app=None):
    from PySide6.QtWidgets import QApplication

    from app.views.window_controller import WindowController

    controller = WindowController(app or QApplication.instance(), None, Settings(), address,
                                  quick_start=True)
    qtbot.addWidget(controller.window)
    controller.show()
    return controller


def test_the_window_starts_on_a_shared_database_given_with_db(qtbot, pg_url):
    """`python -m app gui --db postgresql://…`: no file lock, no glance, the server's data."""
    controller = start_window(qtbot, pg_url.replace("postgres@", "postgres:geheim@"))
    with qtbot.waitSignal(controller.database_loaded, timeout=20000):
        controller.load_after_first_paint()
    try:
        assert controller.ctx.db.engine.dialect.name == "postgresql"
        assert controller._lock is None
        assert "geheim" not in controller.window.windowTitle()
        assert controller.window.windowTitle().startswith("Buurtverbinder — postgres@/")
    finally:
        controller.close_database()
        controller.window.close()


def test_a_window_started_on_an_unusable_address_says_why(qtbot, pg_empty_url, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    exits = []  # the app would stop with code 2 (a stand-in: a real exit() outlives the test)
    controller = start_window(qtbot, pg_empty_url, SimpleNamespace(exit=exits.append))
    controller.load_after_first_paint()
    qtbot.waitUntil(lambda: bool(exits), timeout=20000)
    assert "server init" in shown[0] and controller.ctx.db is None and exits == [2]
    controller.window.close()
