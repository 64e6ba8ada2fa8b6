"""The window and a data file that cannot be used as it is: one window per file, a backup
offered only for a damaged file, leftovers gone at the next start (issue 12, points 3, 9, 10)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.services import backup
from app.services.errors import (
    DamagedHeaderError,
    EmptyDatabaseError,
    InUseByError,
    ReadOnlyError,
)
from tests.core.file_cases import read_only_folder, write_variant


class FakeApp:
    def __init__(self):
        self.exit_code = None

    def exit(self, code):
        self.exit_code = code


def make_controller(qtbot, path, app):
    from app.services.settings import Settings
    from app.views.window_controller import WindowController

    controller = WindowController(app, None, Settings(), path, quick_start=True)
    qtbot.addWidget(controller.window)
    return controller


@pytest.fixture
def told(monkeypatch):
    from app.views import window_controller

    errors = []
    monkeypatch.setattr(window_controller, "offer_restore",
                        lambda parent, db_path, error: errors.append(error) or False)
    return errors


@pytest.fixture
def good(tmp_path, db_templates):
    """A healthy demo file as the app leaves it: the demo template, opened and closed by
    the app (what `make_good_file` makes, without making the demo again)."""
    from app.services.database import open_database

    path = db_templates.copy_demo(tmp_path / "good" / "buurt.sqlite3")
    open_database(path).close()
    return path


def test_a_second_window_on_the_same_file_is_told_it_is_in_use(qtbot, tmp_path, good, told):
    first = make_controller(qtbot, good, FakeApp())
    first.open_database_in_background()
    qtbot.waitUntil(lambda: first.ctx.has_database, timeout=60_000)
    app = FakeApp()
    second = make_controller(qtbot, good, app)
    second.open_database_in_background()
    assert app.exit_code == 2 and not second.ctx.has_database
    assert isinstance(told[0], InUseByError) and told[0].params["pid"] == os.getpid()
    first.close_database()  # the first window closes: now the file is free
    third = make_controller(qtbot, good, FakeApp())
    third.open_database_in_background()
    qtbot.waitUntil(lambda: third.ctx.has_database, timeout=60_000)
    third.close_database()


def test_a_read_only_file_is_not_called_damaged_in_the_window(qtbot, tmp_path, good, told,
                                                              monkeypatch):
    from tests.core.file_cases import can_make_read_only

    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "buurt.sqlite3").write_bytes(good.read_bytes())
    backup.make_backup(folder / "buurt.sqlite3", "daily")  # a backup that must not be offered
    if not can_make_read_only():  # root without mount rights: the OS answer, simulated
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if (
            mode & os.W_OK and str(folder) in str(p)) else real(p, mode, **kw))
    with read_only_folder(folder):
        app = FakeApp()
        controller = make_controller(qtbot, folder / "buurt.sqlite3", app)
        controller.open_database_in_background()
        qtbot.waitUntil(lambda: app.exit_code is not None, timeout=60_000)
    assert isinstance(told[0], ReadOnlyError)


class Box:
    """What the message box would have shown."""

    def __init__(self, monkeypatch):
        from PySide6.QtWidgets import QMessageBox

        self.shown = []

        def exec_(box):
            self.shown.append((box.text(), box.informativeText(),
                               [b.text() for b in box.buttons()]))
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_)


@pytest.mark.parametrize("error, offered", [
    (ReadOnlyError(), False), (InUseByError(host="laptop-2", pid=42), False),
    (DamagedHeaderError(), True), (EmptyDatabaseError(), True)])
def test_a_backup_is_offered_only_for_a_damaged_file(qtbot, monkeypatch, good, error, offered):
    from app.services.i18n import _
    from app.views.window_controller import offer_restore

    backup.make_backup(good, "daily")
    box = Box(monkeypatch)
    assert offer_restore(None, good, error) is False
    text, _informative, buttons = box.shown[0]
    assert text == error.user_message()
    assert (_("Restore that backup") in buttons) is offered


def test_a_damaged_file_without_a_good_backup_says_so(qtbot, monkeypatch, tmp_path, good):
    from app.services.i18n import _
    from app.views.window_controller import offer_restore

    path = write_variant(good, tmp_path / "buurt.sqlite3", "empty")
    box = Box(monkeypatch)
    offer_restore(None, path, EmptyDatabaseError())
    _text, informative, buttons = box.shown[0]
    assert informative == _("There is no good backup of this file to restore.")
    assert _("Restore that backup") not in buttons


def test_leftovers_of_a_killed_copy_are_gone_after_the_next_start(qtbot, good):
    secret = "Mariette Vandeputte, Kerkstraat 12"  # a half copy holds personal data
    folder = good.parent / "backups"
    folder.mkdir(exist_ok=True)
    part = folder / "daily-20261129-080000.sqlite3.part"
    part.write_bytes(b"SQLite format 3\x00" + secret.encode() * 50)
    foreign = folder / "notes.part"  # not ours: left alone
    foreign.write_text("mine")
    creating = good.with_name(".buurt.sqlite3.creating")
    creating.write_bytes(secret.encode("utf-16-le"))
    controller = make_controller(qtbot, good, FakeApp())
    controller.open_database_in_background()
    qtbot.waitUntil(lambda: controller.ctx.has_database, timeout=60_000)
    controller.close_database()
    assert not part.exists() and not creating.exists() and foreign.exists()
    for file in Path(good.parent).rglob("*"):
        if file.is_file() and file != foreign:
            raw = file.read_bytes()
            assert secret.encode() not in raw and secret.encode("utf-16-le") not in raw
