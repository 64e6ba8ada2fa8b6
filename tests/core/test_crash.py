"""The exception hook: calm messages for known errors, a crash file for bugs."""
import sqlite3

from PySide6.QtWidgets import QMessageBox

from app.services import paths
from app.services.errors import DiskFullError, NewerVersionError, classify_os_error
from app.views import crash


class Shown:
    def __init__(self, monkeypatch):
        self.calls = []
        monkeypatch.setattr(crash.CrashHandler, "_show",
                            lambda _self, icon, title, text, details:
                            self.calls.append((icon, title, text, details)))


def test_bug_writes_a_crash_file_and_shows_details(qtbot, monkeypatch):
    shown = Shown(monkeypatch)
    handler = crash.CrashHandler()
    try:
        raise ZeroDivisionError("oops")
    except ZeroDivisionError as exc:
        handler.handle(type(exc), exc, exc.__traceback__)
    assert handler.last_crash_file is not None
    assert handler.last_crash_file.parent == paths.log_dir()
    assert "ZeroDivisionError" in handler.last_crash_file.read_text(encoding="utf-8")
    icon, _title, text, details = shown.calls[0]
    assert icon == QMessageBox.Icon.Critical
    assert str(handler.last_crash_file) in text
    assert "ZeroDivisionError" in details


def test_known_errors_get_a_calm_translated_message(qtbot, monkeypatch):
    shown = Shown(monkeypatch)
    handler = crash.CrashHandler()
    exc = sqlite3.OperationalError("database or disk is full")
    handler.handle(type(exc), exc, None)
    icon, _title, text, details = shown.calls[0]
    assert icon == QMessageBox.Icon.Warning
    assert "schijf is vol" in text and details == ""
    assert handler.last_crash_file is None


def test_classification():
    assert isinstance(classify_os_error(sqlite3.OperationalError("database is locked")),
                      crash.classify_os_error(sqlite3.OperationalError("busy")).__class__)
    assert isinstance(classify_os_error(OSError(28, "No space left")), DiskFullError)
    assert isinstance(classify_os_error(NewerVersionError()), NewerVersionError)
    assert classify_os_error(KeyError("x")) is None


def test_handler_does_not_reenter_while_its_dialog_is_open(qtbot, monkeypatch):
    handler = crash.CrashHandler()
    opened = []

    class FakeBox:
        def __init__(self, *_a):
            opened.append(self)

        def __getattr__(self, _name):
            return lambda *a, **k: None

        def exec(self):
            exc = ValueError("second")
            handler.handle(type(exc), exc, None)  # raised while the dialog is open

    monkeypatch.setattr(crash, "QMessageBox", FakeBox)
    monkeypatch.setattr(crash.QMessageBox, "Icon", QMessageBox.Icon, raising=False)
    exc = ValueError("first")
    handler.handle(type(exc), exc, None)
    assert len(opened) == 1
