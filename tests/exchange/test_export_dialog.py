"""The export dialog never writes an unencrypted package because the passphrase boxes were
left empty, and for the lead organisation it preselects only a key marked as theirs."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from app.models.core import Trajectory
from app.services.exchange import package
from app.services.settings import Settings


@pytest.fixture
def anna(laptops):
    lt = laptops("anna")
    with lt.db.transaction() as s:
        s.add(Trajectory(name="Dorp", municipality="Gemeente"))
    return lt


@pytest.fixture
def messages(monkeypatch):
    shown = []
    for name in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(
            lambda _parent, _title, text, *a, _n=name, **k: shown.append((_n, text))))
    return shown


def _dialog(lt, qtbot):
    from app.views.context import AppContext
    from app.views.exchange.export_dialog import ExportDialog

    dialog = ExportDialog(AppContext(lt.db, Settings()))
    qtbot.addWidget(dialog)
    return dialog


@pytest.mark.parametrize("scope", ["lead", "full"])
@pytest.mark.parametrize("typed", [("", ""), ("   ", "   "), ("kort", "kort")])
def test_empty_or_weak_passphrase_writes_nothing(anna, qtbot, tmp_path, messages, scope, typed):
    dialog = _dialog(anna, qtbot)
    dialog.scope_buttons[scope].setChecked(True)
    dialog.with_pass.setChecked(True)
    dialog.passphrase.setText(typed[0])
    dialog.passphrase2.setText(typed[1])
    out = tmp_path / "p.bvx"
    dialog.export(str(out))
    assert not out.exists() and list(tmp_path.glob("*.bvx")) == []
    assert [kind for kind, _t in messages] == ["warning"]
    assert "8" in messages[0][1]  # tells how long a passphrase must be


def test_a_good_passphrase_encrypts(anna, qtbot, tmp_path, messages):
    dialog = _dialog(anna, qtbot)
    dialog.with_pass.setChecked(True)
    dialog.passphrase.setText("lange geheime zin")
    dialog.passphrase2.setText("lange geheime zin")
    out = tmp_path / "p.bvx"
    dialog.export(str(out))
    assert package.encryption_of(out.read_bytes()) == "passphrase"


def test_lead_export_preselects_only_the_lead_key(laptops, anna, qtbot):
    colleague, lead = laptops("bert"), laptops("welzijnsregio")
    anna.trust(colleague, "colleague")  # known first, and first in the list
    dialog = _dialog(anna, qtbot)
    assert dialog.scope() == "lead"
    # only a colleague's key known: never preselected for the lead organisation
    assert dialog.with_pass.isChecked() and dialog.recipient.currentIndex() == -1
    dialog.scope_buttons["full"].setChecked(True)
    assert dialog.to_key.isChecked()
    assert dialog.recipient.currentData() == colleague.public.age_recipient

    anna.trust(lead, "lead")
    dialog = _dialog(anna, qtbot)
    assert dialog.to_key.isChecked()
    assert dialog.recipient.currentData() == lead.public.age_recipient


def test_choosing_key_protection_without_a_key_writes_nothing(anna, qtbot, tmp_path,
                                                              messages):
    dialog = _dialog(anna, qtbot)
    dialog.to_key.setChecked(True)
    out = tmp_path / "k.bvx"
    dialog.export(str(out))
    assert not out.exists() and [k for k, _t in messages] == ["warning"]
