"""The parts editing dialogs end with (app/views/widgets/dialog_parts.py), and the rule that
every dialog builds them there: no second copy of the hidden banner or of OK/Cancel."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

VIEWS = Path(__file__).resolve().parents[2] / "app" / "views"


def test_the_banner_is_hidden_wrapped_named_and_coloured(qtbot):
    from app.views.widgets.dialog_parts import hidden_banner

    dialog = QDialog()
    qtbot.addWidget(dialog)
    error, warning = hidden_banner(), hidden_banner("warning", "realPersonWarnings")
    layout = QVBoxLayout(dialog)
    layout.addWidget(error)
    layout.addWidget(warning)
    dialog.show()
    assert not error.isVisible() and not warning.isVisible()
    assert error.objectName() == "problems" and warning.objectName() == "realPersonWarnings"
    assert error.wordWrap() and warning.wordWrap()
    assert error.property("banner") == "error" and warning.property("banner") == "warning"
    assert error.styleSheet() != warning.styleSheet()
    error.setText("Naam ontbreekt")
    error.show()
    assert error.isVisible()


def test_ok_accepts_and_cancel_rejects_through_the_dialog(qtbot):
    from app.views.widgets.dialog_parts import ok_cancel

    calls = []

    class Checking(QDialog):
        def accept(self):  # a dialog that checks first and may stay open
            calls.append("accept")

    dialog = Checking()
    qtbot.addWidget(dialog)
    buttons = ok_cancel(dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert calls == ["accept"]
    assert {buttons.buttonRole(b) for b in buttons.buttons()} == {
        QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.RejectRole}
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        buttons.button(QDialogButtonBox.StandardButton.Cancel).click()


def test_ok_can_call_the_dialogs_own_step_instead(qtbot):
    from app.views.widgets.dialog_parts import ok_cancel

    dialog, done = QDialog(), []
    qtbot.addWidget(dialog)
    dialog.accepted.connect(lambda: done.append("accepted"))
    buttons = ok_cancel(dialog, lambda: done.append("import"))
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert done == ["import"]  # the dialog's own step decides whether it closes


def test_no_view_builds_its_own_hidden_banner_or_ok_cancel():
    own_ok_cancel = re.compile(r"QDialogButtonBox\(\s*QDialogButtonBox\.StandardButton\.Ok\s*\|"
                               r"\s*QDialogButtonBox\.StandardButton\.Cancel\s*\)")
    own_banner = re.compile(r"make_banner\((\S+), \"\w+\"\)\n\s*\1\.hide\(\)")
    found = [f"{path.relative_to(VIEWS)}" for path in sorted(VIEWS.rglob("*.py"))
             if path.name != "dialog_parts.py"
             and (own_ok_cancel.search(text := path.read_text(encoding="utf-8"))
                  or own_banner.search(text))]
    assert found == [], f"use app.views.widgets.dialog_parts in {found}"
    # the patterns do find the old shape
    old = ('self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |\n'
           '                               QDialogButtonBox.StandardButton.Cancel)\n'
           '        make_banner(self.problems, "error")\n        self.problems.hide()\n')
    assert own_ok_cancel.search(old) and own_banner.search(old)
