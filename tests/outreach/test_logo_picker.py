"""The logo for a campaign's cards, chosen in the campaign settings."""
from __future__ import annotations

from io import BytesIO

from PIL import Image
from PySide6.QtWidgets import QDialogButtonBox

from app.services.outreach import logo
from app.views.outreach.logo_picker import LogoPicker
from tests.helpers import with_dialog
from tests.outreach.test_page import _choose_campaign, page  # noqa: F401 (fixture)


def _png(path):
    buf = BytesIO()
    Image.new("RGB", (300, 120), (40, 110, 90)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def test_picker_checks_the_file_and_applies_only_when_saved(qtbot, tmp_path):
    picker = LogoPicker("11111111-2222-3333-4444-555555555555")
    qtbot.addWidget(picker)
    assert picker.preview.text() == "Geen logo" and not picker.remove_button.isEnabled()
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # named .png, but no picture
    assert not picker.set_file(bad)
    assert not picker.problem.isHidden() and "PNG" in picker.problem.text()
    assert not picker.changed
    assert picker.set_file(_png(tmp_path / "good.png"))
    assert picker.problem.isHidden() and not picker.preview.pixmap().isNull()
    assert logo.logo("11111111-2222-3333-4444-555555555555") == b""  # nothing stored yet
    picker.apply("11111111-2222-3333-4444-555555555555")
    assert logo.logo("11111111-2222-3333-4444-555555555555").startswith(b"\x89PNG")
    picker.remove()
    picker.apply("11111111-2222-3333-4444-555555555555")
    assert logo.logo("11111111-2222-3333-4444-555555555555") == b""


def test_logo_is_chosen_in_the_campaign_settings(qtbot, page, tmp_path):  # noqa: F811
    cid = _choose_campaign(page, "kgw")
    png = _png(tmp_path / "ocmw.png")

    def choose(dialog):
        picker = page.logo_picker
        assert picker.isVisibleTo(dialog)
        picker.set_file(png)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    with_dialog(page.edit_campaign, choose)
    assert logo.logo(cid).startswith(b"\x89PNG")
