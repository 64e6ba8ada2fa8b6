"""Translation and locale formatting: the one place for `_`, `N_`, `ngettext`.

Catalogs are gettext files under `translations/<lang>/LC_MESSAGES/<domain>.mo`, one domain per
feature (core, groundwork, participation, actions, outreach, exchange, packaging). Msgids are
English. Mark strings at import time with `N_()` and translate them at display time.

One msgid may mean two things in two features ("Tags" of a story vs the tags of an exchanged
record), so each message is looked up in its own domain first: the domain of the module that
wrote the string, as `tools/i18n.py`'s `domain_of` assigns it when it extracts the catalogs.
`_()`, `ngettext()` and `pgettext()` take it from the calling module; `N_()` returns the
string tagged with the marking module's domain (a `str` subclass), so a widget of another
feature that translates it later still finds the right wording. Only when the own domain lacks
the message do core and then the other domains answer. Deciding the domain costs one frame
look-up and a dict hit per call.
"""
from __future__ import annotations

import gettext as _gettext
import sys
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from app.features import FEATURES, feature_of_module
from app.services import paths

LANGUAGES: dict[str, str] = {"nl": "Nederlands", "fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "nl"
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}

CORE = "core"
DOMAINS = (CORE, *FEATURES)  # one catalog per feature (app.features), and the core's

_domain_cache: dict[str, str] = {}


def domain_of_module(name: str) -> str:
    """The catalog domain of a module, by its dotted name (the rule of tools/i18n.py)."""
    domain = _domain_cache.get(name)
    if domain is None:
        domain = feature_of_module(name) or CORE
        _domain_cache[name] = domain
    return domain


def _caller_domain(depth: int) -> str:
    name = sys._getframe(depth + 1).f_globals.get("__name__") or ""
    domain = _domain_cache.get(name)
    return domain if domain is not None else domain_of_module(name)


class Msg(str):
    """A msgid marked with `N_()`, remembering the domain of the module that marked it."""

    __slots__ = ("domain",)
    domain: str

    def __new__(cls, message: str, domain: str = CORE) -> Msg:
        self = super().__new__(cls, message)
        self.domain = domain
        return self

    def __reduce__(self):
        return (Msg, (str(self), self.domain))


def _domain(message: str, depth: int) -> str:
    domain = getattr(message, "domain", None)
    return domain if domain is not None else _caller_domain(depth + 1)


class Translations(_gettext.GNUTranslations):
    """The catalogs of one language, looked up per domain: the message's own domain first,
    then core, then the other domains. Its `gettext` & co. take the caller's domain, so it can
    stand where a gettext translations object is expected."""

    def __init__(self, catalogs: dict[str, _gettext.GNUTranslations]):
        super().__init__()  # no file: the catalogs come parsed
        self.catalogs = catalogs
        self._orders: dict[str, list[_gettext.GNUTranslations]] = {}

    def _order(self, domain: str) -> list[_gettext.GNUTranslations]:
        order = self._orders.get(domain)
        if order is None:
            names = [domain, CORE, *sorted(d for d in self.catalogs if d not in (domain, CORE))]
            order = self._orders[domain] = [self.catalogs[d] for d in names if d in self.catalogs]
        return order

    def dgettext(self, domain: str, message: str) -> str:
        for cat in self._order(domain):
            found = cat._catalog.get(message)  # type: ignore[attr-defined]  # gettext's own table
            if found is not None:
                return found
        return str(message)

    def dngettext(self, domain: str, singular: str, plural: str, n: int) -> str:
        for cat in self._order(domain):
            found = cat._catalog.get((singular, cat.plural(n)))  # type: ignore[attr-defined]  # ditto
            if found is not None:
                return found
        return str(singular) if n == 1 else str(plural)

    def dpgettext(self, domain: str, context: str, message: str) -> str:
        found = self.dgettext(domain, f"{context}\x04{message}")
        return str(message) if found == f"{context}\x04{message}" else found

    def gettext(self, message: str) -> str:
        return self.dgettext(_domain(message, 1), message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.dngettext(_domain(singular, 1), singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.dpgettext(_domain(message, 1), context, message)


_translations: Translations = Translations({})
_language = DEFAULT_LANGUAGE
def N_(message: str) -> str:
    """Mark a string for extraction without translating it now; it keeps its domain."""
    return Msg(message, _caller_domain(1))


def _(message: str) -> str:
    return _translations.dgettext(_domain(message, 1), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.dngettext(_domain(singular, 1), singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.dpgettext(_domain(message, 1), context, message)


def dgettext(domain: str, message: str) -> str:
    """A message as one domain's catalog translates it (falling back like `_`)."""
    return _translations.dgettext(domain, message)


def load_translations(lang: str) -> Translations:
    """All catalogs of one language, each kept apart and looked up per domain."""
    folder = paths.translations_dir() / lang / "LC_MESSAGES"
    catalogs: dict[str, _gettext.GNUTranslations] = {}
    for mo in sorted(folder.glob("*.mo")) if folder.is_dir() else []:
        with open(mo, "rb") as fh:
            catalogs[mo.stem] = _gettext.GNUTranslations(fh)
    return Translations(catalogs)


def set_language(lang: str) -> None:
    global _translations, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r}")
    _translations = load_translations(lang)
    _language = lang


def current_language() -> str:
    return _language


def current_locale() -> str:
    return LOCALES[_language]


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
