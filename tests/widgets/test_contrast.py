"""Colours come from the active theme, and every text on its background reaches WCAG AA
(4.5:1) in the light, dark and high-contrast themes: the palettes' roles, the banners, marks
and bars the views colour themselves, and the paper of the drawings."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.views import theme
from app.views.widgets.form import RecordDialog
from app.views.widgets.specs import Field

LOOKS = ("light", "dark", "high_contrast")
ROOT = Path(__file__).resolve().parents[2]
R = QPalette.ColorRole
# (text role, background role) pairs that widgets draw
ROLE_PAIRS = [(R.WindowText, R.Window), (R.Text, R.Base), (R.Text, R.AlternateBase),
              (R.ButtonText, R.Button), (R.HighlightedText, R.Highlight),
              (R.ToolTipText, R.ToolTipBase), (R.PlaceholderText, R.Base), (R.Link, R.Base),
              (R.Text, R.Window), (R.WindowText, R.Base)]


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_formula_matches_wcag():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    # the pairs named in the issue fail, as they should
    assert contrast(QColor("#000000"), QColor("#b3261e")) < 4.5


@pytest.mark.parametrize("look", LOOKS)
def test_palette_roles_reach_aa(look):
    palette = theme.palette_for(look)
    group = QPalette.ColorGroup.Active
    for fg, bg in ROLE_PAIRS:
        ratio = contrast(palette.color(group, fg), palette.color(group, bg))
        assert ratio >= 4.5, f"{look}: {fg.name} on {bg.name} is {ratio:.2f}:1"
    assert theme.current_look(palette) == look


@pytest.mark.parametrize("look", LOOKS)
def test_every_colour_the_views_set_reaches_aa(look):
    palette = theme.palette_for(look)
    for kind, (bg, fg) in theme.SEMANTIC[look].items():
        ratio = contrast(QColor(fg), QColor(bg))
        assert ratio >= 4.5, f"{look}: {kind} text {fg} on {bg} is {ratio:.2f}:1"
    # a mark in a table sits on the list's own rows too
    mark_bg, _fg = theme.SEMANTIC[look]["mark"]
    assert QColor(mark_bg) != palette.color(R.Base)


def test_the_paper_of_the_drawings_is_readable():
    page = QColor(theme.PAPER["page"])
    for ink in ("ink", "muted"):
        for ground in ("page", "ring_0", "ring_1", "ring_2"):
            assert contrast(QColor(theme.PAPER[ink]), QColor(theme.PAPER[ground])) >= 4.5
    assert page == QColor("#ffffff")


def test_views_set_no_colours_of_their_own():
    """Hex colours, named colours and style sheets live in theme.py only (the import dialog
    belongs to another piece of work; the persona painter draws the illustrations' own
    colours, which are data)."""
    allowed = {"theme.py", "focus_style.py", "painter.py", "import_dialog.py", "import_flow.py"}
    pattern = re.compile(r"#[0-9a-fA-F]{6}\b|QColor\(\"|Qt\.GlobalColor\.(?!transparent)|"
                         r"setStyleSheet\(\"|color:")
    found = []
    for file in (ROOT / "app" / "views").rglob("*.py"):
        if file.name in allowed and (file.name != "import_dialog.py"
                                     or file.parent.name == "widgets"):
            continue
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{file.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("look", LOOKS)
def test_a_refused_form_shows_its_message_in_the_themes_colours(qtbot, look):
    app = QApplication.instance()
    theme.apply_theme(app, look)
    try:
        dialog = RecordDialog("Test", [Field("name", "Name", required=True)])
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.problems.isVisible()
        bg, _fg = theme.SEMANTIC[look]["error"]
        assert f"background: {bg}" in dialog.problems.styleSheet()
        # the banner follows a theme change while it is open
        other = "dark" if look != "dark" else "light"
        theme.apply_theme(app, other)
        QApplication.processEvents()
        assert f"background: {theme.SEMANTIC[other]['error'][0]}" in \
            dialog.problems.styleSheet()
        # and what is drawn is the colour asked for
        image = dialog.problems.grab().toImage()
        corner = image.pixelColor(image.width() // 2, 3)
        assert corner == QColor(theme.SEMANTIC[other]["error"][0])
    finally:
        theme.apply_theme(app, "light")
