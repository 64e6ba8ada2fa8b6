"""Look and feel: light, dark and high-contrast themes, the OS dark mode, and visible focus.

`apply_theme(app, "system")` follows the operating system: its dark mode and, where Qt can
read it (Qt 6.10+), its high-contrast setting, and it follows along when those change while
the app runs. The other choices force one theme. Every theme uses the Fusion style, so the
app looks the same on Windows, macOS and Linux as in the user guide's screenshots, and a
proxy style draws a thick focus frame, so keyboard users always see where they are.

The choice is stored in `Settings.theme`; `ThemeMenu` lets the user change it.
"""
from __future__ import annotations

import logging
import weakref

# Only QtGui's palette and colour here: the first paint must not wait for PySide6 to build
# the `Qt` namespace's and QStyle's enums (about 55 ms on a slow laptop). The focus style,
# the menu and the OS hooks import what they need when they are made, after that paint.
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from app.services import paths
from app.services.i18n import N_, _

log = logging.getLogger(__name__)

THEMES: dict[str, str] = {
    "system": N_("Follow the system"),
    "light": N_("Light"),
    "dark": N_("Dark"),
    "high_contrast": N_("High contrast"),
}
DEFAULT_THEME = "system"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

# (role, active colour, disabled colour or None = same)
_DARK = [
    (Role.Window, "#2b2d30", None), (Role.WindowText, "#e8e8e8", "#8a8a8a"),
    (Role.Base, "#1e1f22", "#2b2d30"), (Role.AlternateBase, "#26282b", None),
    (Role.Text, "#e8e8e8", "#8a8a8a"), (Role.Button, "#3a3d41", None),
    (Role.ButtonText, "#e8e8e8", "#8a8a8a"), (Role.BrightText, "#ff6b6b", None),
    (Role.Highlight, "#2a64a8", "#4a4d52"), (Role.HighlightedText, "#ffffff", "#b0b0b0"),
    (Role.ToolTipBase, "#3a3d41", None), (Role.ToolTipText, "#f0f0f0", None),
    (Role.PlaceholderText, "#a0a0a0", None), (Role.Link, "#7fb8ff", None),
    (Role.LinkVisited, "#c39bff", None), (Role.Light, "#505357", None),
    (Role.Midlight, "#45484c", None), (Role.Mid, "#35373a", None),
    (Role.Dark, "#1a1b1d", None), (Role.Shadow, "#000000", None),
]
# Black and white with yellow selection: every text/background pair is above 15:1, and
# disabled text stays readable (about 8:1) rather than fading away.
_HIGH_CONTRAST = [
    (Role.Window, "#000000", None), (Role.WindowText, "#ffffff", "#b4b4b4"),
    (Role.Base, "#000000", None), (Role.AlternateBase, "#1a1a1a", None),
    (Role.Text, "#ffffff", "#b4b4b4"), (Role.Button, "#000000", None),
    (Role.ButtonText, "#ffffff", "#b4b4b4"), (Role.BrightText, "#ffff00", None),
    (Role.Highlight, "#ffff00", "#808080"), (Role.HighlightedText, "#000000", "#000000"),
    (Role.ToolTipBase, "#000000", None), (Role.ToolTipText, "#ffffff", None),
    (Role.PlaceholderText, "#c8c8c8", None), (Role.Link, "#00ffff", None),
    (Role.LinkVisited, "#ff80ff", None), (Role.Light, "#ffffff", None),
    (Role.Midlight, "#c0c0c0", None), (Role.Mid, "#ffffff", None),
    (Role.Dark, "#ffffff", None), (Role.Shadow, "#ffffff", None),
]
# Fusion's light palette, with the selection blue, links and placeholders darkened to reach
# 4.5:1 on white. Written out (not asked from the Fusion style) so that the start-up needs no
# style object before the first paint.
_LIGHT = [
    (Role.Window, "#efefef", None), (Role.WindowText, "#000000", "#bebebe"),
    (Role.Base, "#ffffff", "#efefef"), (Role.AlternateBase, "#f7f7f7", None),
    (Role.Text, "#000000", "#bebebe"), (Role.Button, "#efefef", None),
    (Role.ButtonText, "#000000", "#bebebe"), (Role.BrightText, "#ffffff", None),
    (Role.Highlight, "#1f63a6", "#919191"), (Role.HighlightedText, "#ffffff", None),
    (Role.ToolTipBase, "#ffffdc", None), (Role.ToolTipText, "#000000", None),
    (Role.PlaceholderText, "#5f6368", "#80000000"), (Role.Link, "#0b57b0", "#0000ff"),
    (Role.LinkVisited, "#ff00ff", None), (Role.Light, "#ffffff", None),
    (Role.Midlight, "#cacaca", None), (Role.Mid, "#b8b8b8", None),
    (Role.Dark, "#9f9f9f", "#bebebe"), (Role.Shadow, "#767676", "#b1b1b1"),
    (Role.Accent, "#308cc6", "#919191"),
]
FOCUS_COLOURS = {"light": "#0a58ca", "dark": "#8cc4ff", "high_contrast": "#ffff00"}

# Fusion draws frames and boxes in shades of the window colour, which vanish on black: in
# high contrast every control gets a white outline, and ticked boxes a check mark in black
# on yellow, so their state is shown by shape and not only by colour.
_HIGH_CONTRAST_QSS = """
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox, QAbstractItemView,
QListView, QTreeView, QTableView {
    border: 1px solid #ffffff; background: #000000; color: #ffffff;
    selection-background-color: #ffff00; selection-color: #000000;
}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,
QComboBox:focus, QAbstractItemView:focus { border: 3px solid #ffff00; }
QLineEdit:disabled, QPlainTextEdit:disabled, QComboBox:disabled { border: 1px dashed #b4b4b4; }
QPushButton, QToolButton {
    border: 2px solid #ffffff; border-radius: 3px; padding: 3px 10px;
    background: #000000; color: #ffffff;
}
QPushButton:hover, QToolButton:hover { background: #1a1a1a; }
QPushButton:pressed, QToolButton:pressed, QToolButton:checked {
    background: #ffff00; color: #000000;
}
QPushButton:focus, QToolButton:focus { border: 3px solid #ffff00; }
QPushButton:disabled, QToolButton:disabled { border: 1px dashed #b4b4b4; color: #b4b4b4; }
QCheckBox::indicator, QRadioButton::indicator, QGroupBox::indicator,
QAbstractItemView::indicator {
    width: 14px; height: 14px; border: 2px solid #ffffff; background: #000000;
}
QRadioButton::indicator { border-radius: 9px; }
QCheckBox::indicator:checked, QGroupBox::indicator:checked,
QAbstractItemView::indicator:checked { background: #ffff00; image: url(CHECK); }
QRadioButton::indicator:checked { background: #ffff00; image: url(RADIO); }
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled { border: 2px dashed #b4b4b4; }
QCheckBox:focus, QRadioButton:focus { outline: none; border: 2px solid #ffff00; }
QGroupBox { border: 1px solid #ffffff; margin-top: 1.4em; padding-top: 0.3em; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QTabBar::tab {
    border: 1px solid #ffffff; padding: 4px 10px; background: #000000; color: #ffffff;
}
QTabBar::tab:selected { background: #ffff00; color: #000000; font-weight: bold; }
QTabBar::tab:focus { border: 3px solid #ffff00; }
QHeaderView::section { border: 1px solid #ffffff; background: #000000; color: #ffffff;
    padding: 2px 4px; }
QMenuBar::item:selected, QMenu::item:selected { background: #ffff00; color: #000000; }
QMenu { border: 1px solid #ffffff; }
QToolTip { border: 1px solid #ffffff; background: #000000; color: #ffffff; }
QScrollBar { background: #000000; border: 1px solid #ffffff; }
QScrollBar::handle { background: #ffffff; min-height: 24px; min-width: 24px; }
QSplitter::handle { background: #ffffff; }
"""


# Colours the app sets itself, as (background, text) per look: banners (a refused form, a
# warning, a good state), marks in tables (an unreached group, a section row) and charts'
# bars with a number on them. Every view takes them from here, never a colour of its own;
# tests/widgets/test_contrast.py holds each pair to WCAG AA (4.5:1) in every look.
SEMANTIC: dict[str, dict[str, tuple[str, str]]] = {
    "light": {
        "error": ("#b3261e", "#ffffff"), "warning": ("#fff4d6", "#4a3b00"),
        "ok": ("#e3f1e8", "#1d2624"), "mark": ("#fbe3dc", "#1a1a1a"),
        "section": ("#e8f1ee", "#000000"),
        "bar_reached": ("#2f6f5e", "#ffffff"), "bar_attempted": ("#8a5a12", "#ffffff"),
        "bar_todo": ("#5f6b68", "#ffffff"), "bar": ("#2b6a92", "#ffffff"),
        "bar_reference": ("#b9c7c3", "#000000"),
    },
    "dark": {
        "error": ("#5c1a16", "#ffdad6"), "warning": ("#3d3200", "#ffe9a8"),
        "ok": ("#1e3a2c", "#d2f0dc"), "mark": ("#5a2a20", "#ffe3da"),
        "section": ("#23332e", "#e8e8e8"),
        "bar_reached": ("#2f6f5e", "#ffffff"), "bar_attempted": ("#8a5a12", "#ffffff"),
        "bar_todo": ("#5f6b68", "#ffffff"), "bar": ("#2b6a92", "#ffffff"),
        "bar_reference": ("#8a9a96", "#000000"),
    },
    "high_contrast": {
        "error": ("#000000", "#ffff00"), "warning": ("#000000", "#ffffff"),
        "ok": ("#000000", "#ffffff"), "mark": ("#ffff00", "#000000"),
        "section": ("#1a1a1a", "#ffffff"),
        "bar_reached": ("#ffffff", "#000000"), "bar_attempted": ("#ffff00", "#000000"),
        "bar_todo": ("#808080", "#000000"), "bar": ("#00ffff", "#000000"),
        "bar_reference": ("#808080", "#000000"),
    },
}

# Drawings that show paper in every theme (the stakeholder map as in the printed report, the
# card previews as they will print): their own page and ink, dark on light; the rings of the
# map go from "paper" to "ring_2".
PAPER: dict[str, str] = {
    "page": "#ffffff", "ink": "#000000", "muted": "#4f5a57", "line": "#5f6b68",
    "edge": "#b9c6c2", "shadow": "#28000000",
    "ring_0": "#dbe9e4", "ring_1": "#e8f1ee", "ring_2": "#f4f8f7",
}


def paper(name: str) -> QColor:
    return QColor(PAPER[name])


def current_look(palette: QPalette | None = None) -> str:
    """light, dark or high_contrast, read from the application's palette, so it is right
    whoever applied the theme."""
    if palette is None:
        app = QApplication.instance()
        palette = app.palette() if app is not None else QPalette()
    window = palette.color(Role.Window)
    if window.lightness() >= 128:
        return "light"
    if window == QColor("#000000") and palette.color(Role.Highlight) == QColor("#ffff00"):
        return "high_contrast"
    return "dark"


def colours(kind: str, look: str | None = None) -> tuple[QColor, QColor]:
    """(background, text) of a semantic `kind` in `look` (default: the look in use)."""
    bg, fg = SEMANTIC[look or current_look()][kind]
    return QColor(bg), QColor(fg)


def banner_style(kind: str, look: str | None = None) -> str:
    """A style sheet for a label that shows a message of `kind` (error, warning, ok)."""
    bg, fg = SEMANTIC[look or current_look()][kind]
    border = fg if (look or current_look()) == "high_contrast" else bg
    return (f"background: {bg}; color: {fg}; border: 2px solid {border};"
            " border-radius: 3px; padding: 5px;")


_BANNERS: weakref.WeakSet = weakref.WeakSet()


def make_banner(label, kind: str) -> None:
    """Colour `label` as a banner of `kind`, and keep it right when the theme changes."""
    label.setProperty("banner", kind)
    label.setStyleSheet(banner_style(kind))
    _BANNERS.add(label)


def refresh_banners() -> None:
    """After a theme change: every banner in the colours of the new look."""
    for label in list(_BANNERS):
        try:
            label.setStyleSheet(banner_style(label.property("banner")))
        except RuntimeError:  # its window was closed and deleted meanwhile
            _BANNERS.discard(label)

def high_contrast_stylesheet() -> str:
    icons = paths.resources_dir() / "icons"
    return (_HIGH_CONTRAST_QSS
            .replace("CHECK", (icons / "check-high-contrast.svg").as_posix())
            .replace("RADIO", (icons / "radio-high-contrast.svg").as_posix()))


def _palette(spec) -> QPalette:
    palette = QPalette()
    for role, active, disabled in spec:
        for group in (Group.Active, Group.Inactive):
            palette.setColor(group, role, QColor(active))
        palette.setColor(Group.Disabled, role, QColor(disabled or active))
    return palette


def palette_for(theme: str) -> QPalette:
    if theme == "dark":
        return _palette(_DARK)
    if theme == "high_contrast":
        return _palette(_HIGH_CONTRAST)
    return _palette(_LIGHT)


def system_theme(app) -> str:
    """What the OS asks for: high_contrast, dark or light."""
    from PySide6.QtCore import Qt

    hints = app.styleHints()
    accessibility = getattr(hints, "accessibility", None)  # Qt 6.10+
    if accessibility is not None:
        try:
            if accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
                return "high_contrast"
        except (AttributeError, RuntimeError):  # older Qt, or hints not ready yet
            pass
    scheme = getattr(hints, "colorScheme", None)  # Qt 6.5+
    if scheme is not None and scheme() == Qt.ColorScheme.Dark:
        return "dark"
    return "light"


def effective_theme(app, theme: str) -> str:
    if theme not in THEMES:
        theme = DEFAULT_THEME
    return system_theme(app) if theme == "system" else theme


class ThemeManager(QObject):
    """Applies a theme to the application and, for 'system', follows the OS when it changes.

    At start-up `apply(theme, quick=True)` sets the palette only, guessing the OS look from
    what the last run saw (or from the platform's palette), so the first paint needs neither
    the `Qt` namespace nor a style object. `follow_system()` runs after that paint: it adds
    the focus style, reads the OS setting for real (correcting the guess if the OS changed
    meanwhile) and listens for changes.
    """

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        app._bv_theme_manager = self
        self.theme = DEFAULT_THEME
        self.applied = ""
        self.settings = None  # remembers the OS look for the next start, when given
        self._style = None
        self._following = False

    def apply(self, theme: str, quick: bool = False) -> str:
        self.theme = theme if theme in THEMES else DEFAULT_THEME
        if quick and self.theme == "system":
            look = self._guessed_system_look()
        else:
            look = effective_theme(self.app, self.theme)
        if look == self.applied and (quick or self._style is not None):
            return look
        if not quick:
            from app.views.focus_style import FocusStyle

            width = 3 if look == "high_contrast" else 2
            self._style = FocusStyle(FOCUS_COLOURS[look], width)  # keep the object alive
            self.app.setStyle(self._style)
        self.app.setPalette(palette_for(look))
        refresh_banners()
        if look == "high_contrast":
            self.app.setStyleSheet(high_contrast_stylesheet())
        elif self.applied == "high_contrast":  # only remove what this manager set
            self.app.setStyleSheet("")
        self.applied = look
        if self.theme == "system" and not quick:
            self._remember_system_look(look)
        log.info("theme %s (%s)", self.theme, look)
        return look

    def _guessed_system_look(self) -> str:
        remembered = getattr(self.settings, "system_look", "")
        if remembered in FOCUS_COLOURS:
            return remembered
        # first start: platforms that follow a dark OS mode hand Qt a dark palette
        window = self.app.palette().color(QPalette.ColorRole.Window)
        return "dark" if window.lightness() < 128 else "light"

    def _remember_system_look(self, look: str) -> None:
        settings = self.settings
        if settings is None or getattr(settings, "system_look", look) == look:
            return
        settings.system_look = look
        try:
            settings.save()
        except OSError:
            log.warning("could not remember the system look")

    def follow_system(self) -> None:
        """After the first paint: the focus style, the real OS look, and its changes."""
        if not self._following:
            self._following = True
            hints = self.app.styleHints()
            if hasattr(hints, "colorSchemeChanged"):
                hints.colorSchemeChanged.connect(self._system_changed)
            accessibility = getattr(hints, "accessibility", None)
            if accessibility is not None and hasattr(accessibility(),
                                                     "contrastPreferenceChanged"):
                accessibility().contrastPreferenceChanged.connect(self._system_changed)
        self.apply(self.theme)

    def _system_changed(self, *_args) -> None:
        if self.theme == "system":
            self.apply("system")


def _manager(app: QApplication) -> ThemeManager | None:
    # kept on the application object (QObject.findChild with a Python class costs PySide6
    # about 12 ms the first time, before the first paint)
    return getattr(app, "_bv_theme_manager", None)


def theme_manager(app: QApplication) -> ThemeManager:
    manager = _manager(app)
    if manager is None:
        manager = ThemeManager(app)
        manager.follow_system()
    return manager


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply `theme` (a key of THEMES); returns the look in use: light, dark or high_contrast."""
    return theme_manager(app).apply(theme)


def app_icon() -> QIcon:
    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in ICON_SIZES:
        file = folder / f"buurtverbinder-{size}.png"
        if file.is_file():
            icon.addFile(str(file))
    return icon


def setup_look(app: QApplication, settings) -> str:
    """At start-up, before the first paint: the window icon and the chosen theme's colours.
    Call `finish_look(app)` after that paint. Returns the look shown."""
    app.setWindowIcon(app_icon())
    manager = _manager(app) or ThemeManager(app)
    manager.settings = settings
    return manager.apply(settings.theme, quick=True)


def finish_look(app: QApplication) -> None:
    """After the first paint: the focus style and following the OS's dark mode."""
    theme_manager(app).follow_system()


class ThemeMenu(QMenu):
    """View › Theme: pick a theme; the choice is applied at once and saved in the settings."""

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.setObjectName("themeMenu")
        self.settings = settings
        self.group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        current = settings.theme if settings.theme in THEMES else DEFAULT_THEME
        for key in THEMES:
            action = QAction(self)
            action.setObjectName(f"theme_{key}")
            action.setData(key)
            action.setCheckable(True)
            action.setChecked(key == current)
            self.group.addAction(action)
            self.addAction(action)
            self.theme_actions[key] = action
        self.group.triggered.connect(self._triggered)
        self.retranslate_ui()

    def _triggered(self, action: QAction) -> None:
        self.choose(action.data())

    def choose(self, key: str) -> None:
        apply_theme(QApplication.instance(), key)
        self.settings.theme = key
        self.theme_actions[key].setChecked(True)
        try:
            self.settings.save()
        except OSError:
            log.warning("could not save the theme choice")

    def retranslate_ui(self) -> None:
        self.setTitle(_("&Theme"))
        for key, action in self.theme_actions.items():
            action.setText(_(THEMES[key]))
