"""One package-import flow (issue 20): File › Import a package and a package opened from the
file manager (the start-up opener) both preview, import and then say what waits in the
conflict inbox; a damaged file gets the same calm message in both."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import select

from app.models.core import Partner, Trajectory
from app.services.settings import Settings


@pytest.fixture
def conflicting(laptops):
    """Bert has Anna's partner; both changed the same two fields since. Anna's new package
    for Bert, and Bert's window context."""
    from app.views.context import AppContext

    anna, bert = laptops("Els Peeters", "OCMW Geel"), laptops("Bert")
    with anna.db.transaction() as s:
        traj = Trajectory(name="Dorp", municipality="Gemeente")
        s.add(traj)
        s.flush()
        s.add(Partner(trajectory_id=traj.id, name="CAW De Kempen", partner_type="caw",
                      involvement="informed", contact_person="Jan", phone="014 11 22 33"))
    bert.import_(anna.export("full", to=bert))
    for laptop, person in ((anna, "Mieke"), (bert, "Joke")):
        with laptop.db.transaction() as s:
            s.scalars(select(Partner)).one().contact_person = person
    return AppContext(bert.db, Settings()), anna.export("full", to=bert)


@pytest.fixture
def shown(monkeypatch):
    """What the flow tells the user, instead of modal boxes."""
    said: list[tuple[str, str]] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda _parent, title, text, *_a, kind=name: said.append((kind, text))))
    return said


def _press_import_when_shown(qtbot):
    from app.views.exchange.import_dialog import ImportDialog

    def press():
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, ImportDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, press)
            return
        dialogs[0].buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, press)


def _window(qtbot, ctx):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    window.ctx = ctx
    qtbot.addWidget(window)
    return window


def test_file_import_names_the_conflicts(conflicting, shown, qtbot, monkeypatch):
    from app.views.exchange.import_dialog import choose_and_import

    ctx, package = conflicting
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(package), "")))
    _press_import_when_shown(qtbot)
    assert choose_and_import(_window(qtbot, ctx), ctx) is True
    (kind, text), = shown
    assert kind == "information" and "conflict" in text.lower() and "1 partner" in text


def test_an_opened_package_names_the_conflicts_too(conflicting, shown, qtbot):
    """The start-up opener (a double-clicked .bvx) used to lose the conflicts message."""
    from app.views.exchange.package_file import open_package

    ctx, package = conflicting
    _press_import_when_shown(qtbot)
    open_package(_window(qtbot, ctx), package)
    (kind, text), = shown
    assert kind == "information" and "conflict" in text.lower() and "1 partner" in text
    with ctx.db.session() as s:  # Bert's own value stays until he chooses
        assert s.scalars(select(Partner.contact_person)).one() == "Joke"


@pytest.mark.parametrize("entry", ["menu", "opener"])
def test_a_damaged_package_is_refused_calmly_by_both(conflicting, shown, qtbot, monkeypatch,
                                                     tmp_path, entry):
    from app.views.exchange import import_dialog, package_file

    ctx, package = conflicting
    bad = tmp_path / "kapot.bvx"
    bad.write_bytes(package.read_bytes()[:200])
    window = _window(qtbot, ctx)
    if entry == "menu":
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *a, **k: (str(bad), "")))
        assert import_dialog.choose_and_import(window, ctx) is False
    else:
        package_file.open_package(window, bad)
    (kind, text), = shown
    assert kind == "warning" and text and "Traceback" not in text


def test_cancelling_the_file_choice_does_nothing(conflicting, shown, qtbot, monkeypatch):
    from app.views.exchange.import_dialog import choose_and_import

    ctx, _package = conflicting
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    assert choose_and_import(_window(qtbot, ctx), ctx) is False
    assert shown == []


def test_the_message_without_conflicts_is_short():
    from app.services.i18n import _
    from app.views.exchange.import_dialog import imported_message

    preview = SimpleNamespace(conflicts=[], total=lambda _what: 0)
    assert imported_message(SimpleNamespace(preview=preview)) == _("The package was imported.")
