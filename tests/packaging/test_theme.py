"""Themes: readable contrast, visible focus, the OS dark mode followed, the choice saved."""
import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect

from app.services.settings import Settings
from app.views import theme
from app.views.focus_style import FocusStyle

Role = QPalette.ColorRole


@pytest.fixture
def app(qapp):
    """Restore the test application's look afterwards."""
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    manager = theme.theme_manager(qapp)
    yield qapp
    qapp._bv_theme_manager = manager  # a test may have made its own
    manager.applied = ""
    manager.theme = theme.DEFAULT_THEME
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


PAIRS = [(Role.WindowText, Role.Window), (Role.Text, Role.Base),
         (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight),
         (Role.ToolTipText, Role.ToolTipBase), (Role.PlaceholderText, Role.Base)]


@pytest.mark.parametrize("name, minimum", [("high_contrast", 7.0), ("dark", 4.5),
                                           ("light", 4.5)])
def test_text_is_readable_on_its_background(app, name, minimum):
    palette = theme.palette_for(name)
    group = QPalette.ColorGroup.Active
    for fg, bg in PAIRS:
        ratio = contrast(palette.color(group, fg), palette.color(group, bg))
        assert ratio >= minimum, f"{name}: {fg.name} on {bg.name} is {ratio:.1f}:1"


def test_disabled_text_stays_readable_in_high_contrast(app):
    palette = theme.palette_for("high_contrast")
    group = QPalette.ColorGroup.Disabled
    assert contrast(palette.color(group, Role.Text), palette.color(group, Role.Base)) >= 4.5


@pytest.mark.parametrize("name", ["light", "dark", "high_contrast"])
def test_each_theme_applies_its_palette_and_a_focus_style(app, name):
    assert theme.apply_theme(app, name) == name
    style = theme.theme_manager(app)._style
    assert isinstance(style, FocusStyle)
    # with the high-contrast style sheet Qt wraps our style in its style-sheet style
    assert name == "high_contrast" or app.style() is style
    assert style.width == (3 if name == "high_contrast" else 2)
    expected = theme.palette_for(name).color(QPalette.ColorGroup.Active, Role.Window)
    assert app.palette().color(QPalette.ColorGroup.Active, Role.Window) == expected
    assert bool(app.styleSheet()) == (name == "high_contrast")


def test_leaving_high_contrast_removes_its_style_sheet(app):
    theme.apply_theme(app, "high_contrast")
    assert "check-high-contrast.svg" in app.styleSheet()
    theme.apply_theme(app, "dark")
    assert app.styleSheet() == ""


def test_high_contrast_check_marks_exist(app):
    sheet = theme.high_contrast_stylesheet()
    for icon in ("check-high-contrast.svg", "radio-high-contrast.svg"):
        path = sheet.split(icon)[0].rsplit("url(", 1)[1] + icon
        assert QImage(path).width() > 0, path


def test_focus_frame_is_thick_and_in_the_focus_colour(app):
    style = FocusStyle("#ff00ff", 3)
    image = QImage(40, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    option = QStyleOptionFocusRect()
    option.rect = QRect(0, 0, 40, 20)
    painter = QPainter(image)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter)
    painter.end()
    magenta = QColor("#ff00ff").rgb()
    assert all(image.pixel(x, 10) == magenta for x in range(3))  # 3 px on the left edge
    assert image.pixel(3, 10) != magenta and image.pixel(20, 10) != magenta


def test_system_follows_the_os_dark_mode_and_high_contrast(app, monkeypatch):
    asked = {"look": "dark"}
    monkeypatch.setattr(theme, "system_theme", lambda _app: asked["look"])
    manager = theme.theme_manager(app)
    assert theme.apply_theme(app, "system") == "dark"
    asked["look"] = "high_contrast"
    manager._system_changed()  # what Qt calls when the OS setting changes
    assert manager.applied == "high_contrast"
    asked["look"] = "light"
    theme.apply_theme(app, "dark")  # a forced theme ignores the OS
    manager._system_changed()
    assert manager.applied == "dark"


def test_system_theme_reads_the_qt_colour_scheme(app, monkeypatch):
    from PySide6.QtCore import Qt

    class Hints:
        def __init__(self, scheme):
            self.scheme = scheme

        def colorScheme(self):
            return self.scheme

    class App:
        def __init__(self, scheme):
            self.hints = Hints(scheme)

        def styleHints(self):
            return self.hints

    assert theme.system_theme(App(Qt.ColorScheme.Dark)) == "dark"
    assert theme.system_theme(App(Qt.ColorScheme.Light)) == "light"
    assert theme.system_theme(App(Qt.ColorScheme.Unknown)) == "light"


def test_an_unknown_theme_falls_back_to_the_system(app, monkeypatch):
    monkeypatch.setattr(theme, "system_theme", lambda _app: "light")
    assert theme.apply_theme(app, "purple") == "light"
    assert theme.theme_manager(app).theme == "system"


def test_theme_menu_applies_and_saves_the_choice(app, qtbot):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    settings = Settings()
    menu = theme.ThemeMenu(settings, parent)
    assert menu.title() == "Th&ema"
    assert [a.text() for a in menu.actions()] == [
        "Zoals het systeem", "Licht", "Donker", "Hoog contrast"]
    assert menu.theme_actions["system"].isChecked()
    menu.theme_actions["high_contrast"].trigger()
    assert theme.theme_manager(app).applied == "high_contrast"
    assert Settings.load().theme == "high_contrast"
    assert menu.theme_actions["high_contrast"].isChecked()
    assert not menu.theme_actions["system"].isChecked()


def test_theme_menu_is_translated(app, qtbot):
    from PySide6.QtWidgets import QWidget

    from app.services import i18n

    parent = QWidget()
    qtbot.addWidget(parent)
    menu = theme.ThemeMenu(Settings(theme="dark"), parent)
    assert menu.theme_actions["dark"].isChecked()
    i18n.set_language("fr")
    menu.retranslate_ui()
    assert menu.title() == "&Thème"
    assert menu.theme_actions["high_contrast"].text() == "Contraste élevé"


def test_app_icon_has_every_size(app):
    icon = theme.app_icon()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes


def test_main_window_has_the_theme_menu(app_window):
    window = app_window.window
    titles = [a.text() for a in window.menuBar().actions()]
    assert "Th&ema" in titles
    assert titles.index("Th&ema") == titles.index("&Help") - 1


def test_light_palette_is_fusions_with_darker_selection_links_and_placeholders(app):
    """The light palette is written out (no style object before the first paint); it must
    stay Fusion's own apart from the roles we darken for contrast."""
    from PySide6.QtWidgets import QStyleFactory

    ours = theme.palette_for("light")
    fusion = QStyleFactory.create("Fusion").standardPalette()
    darkened = {Role.Highlight, Role.PlaceholderText, Role.Link}
    for role, _active, _disabled in theme._LIGHT:
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled):
            if role in darkened and group == QPalette.ColorGroup.Active:
                continue
            a, b = ours.color(group, role), fusion.color(group, role)
            assert (a.name(), a.alpha()) == (b.name(), b.alpha()), (role, group)


def test_start_shows_the_remembered_os_look_then_asks_the_os(app, monkeypatch, tmp_path):
    settings = Settings(theme="system", system_look="dark")
    manager = theme.ThemeManager(app)
    manager.settings = settings
    monkeypatch.setattr(theme, "system_theme", lambda _app: "light")
    assert manager.apply("system", quick=True) == "dark"  # before the first paint
    assert manager._style is None  # the focus style comes after that paint
    manager.follow_system()  # the OS went light since the last run
    assert manager.applied == "light"
    assert isinstance(manager._style, FocusStyle)
    assert Settings.load().system_look == "light"  # remembered for the next start
    manager.setParent(None)


def test_first_start_guesses_the_os_look_from_the_platform_palette(app):
    manager = theme.ThemeManager(app)
    manager.settings = Settings(theme="system")
    app.setPalette(theme.palette_for("dark"))
    assert manager.apply("system", quick=True) == "dark"
    manager.setParent(None)
