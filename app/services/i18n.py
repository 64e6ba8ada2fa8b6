"""Translation and locale formatting: the one place for `_`, `N_`, `ngettext`.

Catalogs are gettext files under `translations/<lang>/LC_MESSAGES/<domain>.mo`, one domain per
feature (core, groundwork, participation, actions, outreach, exchange, packaging). All domains
of a language are chained, so `_()` finds a message in whichever catalog holds it. Msgids are
English. Mark strings at import time with `N_()` and translate them at display time.
"""
from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Callable

from app.services import paths

LANGUAGES: dict[str, str] = {"nl": "Nederlands", "fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "nl"
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def load_translations(lang: str) -> _gettext.NullTranslations:
    """All catalogs of one language chained into one translations object."""
    folder = paths.translations_dir() / lang / "LC_MESSAGES"
    files = sorted(folder.glob("*.mo")) if folder.is_dir() else []
    # core first: it is the most used
    files.sort(key=lambda p: (p.stem != "core", p.stem))
    chain: _gettext.NullTranslations | None = None
    for mo in files:
        with open(mo, "rb") as fh:
            cat = _gettext.GNUTranslations(fh)
        if chain is None:
            chain = cat
        else:
            chain.add_fallback(cat)
    return chain or _gettext.NullTranslations()


def set_language(lang: str) -> None:
    global _translations, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r}")
    _translations = load_translations(lang)
    _language = lang
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    return _language


def current_locale() -> str:
    return LOCALES[_language]


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


# --- locale formatting (Babel, imported lazily to keep start-up quick) ---
#
# Loading Babel and a language's locale data takes about 40 ms on a slow laptop. The formats
# the window's first paint needs — whole percentages, and dates and date-times in the medium
# format — therefore come from the small table below; tests check it against Babel for every
# month and every percentage, so both give the same text.

_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
           "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"),
}
_PERCENT_SIGN = {"nl": "%", "fr": "\u00a0%", "en": "%"}


def format_date(value: date | datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if fmt == "medium":  # d MMM y in all three languages
        return f"{value.day} {_MONTHS[_language][value.month - 1]} {value.year}"
    from babel.dates import format_date as _fd

    return _fd(value, format=fmt, locale=current_locale())


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    """In the datetime's own time zone (call `.astimezone()` first for local time)."""
    if value is None:
        return ""
    if fmt == "medium":  # date, HH:mm:ss in all three languages
        return f"{format_date(value)}, {value:%H:%M:%S}"
    from babel.dates import format_datetime as _fdt

    return _fdt(value, format=fmt, locale=current_locale())


def format_decimal(value: float | int | Decimal | None, fmt: str | None = None) -> str:
    if value is None:
        return ""
    from babel.numbers import format_decimal as _fdec

    return _fdec(value, format=fmt, locale=current_locale())


def format_percent(value: float | None) -> str:
    if value is None:
        return ""
    # Babel rounds half to even on the decimal value; below 1000 % there is no grouping
    whole = Decimal(str(value)).scaleb(2).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    if 0 <= whole < 1000:
        return f"{int(whole)}{_PERCENT_SIGN[_language]}"
    from babel.numbers import format_percent as _fp

    return _fp(value, locale=current_locale())


def warm_up() -> None:
    """Load Babel and the current language's locale data now rather than at the first number
    a page shows (start-up does this on the thread that opens the database)."""
    format_decimal(0)


def parse_decimal(text: str) -> Decimal:
    """Parse a number typed in the current locale (accepts a decimal comma in nl and fr)."""
    from babel.numbers import parse_decimal as _pd

    return _pd(text, locale=current_locale())
