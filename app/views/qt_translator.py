"""Qt's own translations (standard buttons, context menus) for the user's language."""
from __future__ import annotations

from app.services import i18n


def install_qt_translator(app, lang: str) -> None:
    """Replace the application's Qt translator with the one for `lang` and make Qt's default
    locale match it (number and date widgets)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    old = getattr(app, "_bv_translator", None)
    if old is not None:
        app.removeTranslator(old)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{lang}", folder):
        app.installTranslator(translator)
        app._bv_translator = translator
    QLocale.setDefault(QLocale(i18n.LOCALES[lang]))
