"""Importing a target list from a municipality's file (CSV, TXT, XLSX, XLS, ODS).

The shared reader (app.services.tabular) gives typed cells; here they become people: Dutch
and French headers are recognised, "Kerkstraat 7 bus 2" is split, dates in every Belgian form
are read (two-digit birth years to the right century), household and civil-status words are
understood. Nobody is dropped for a detail: only a row without any name is skipped; anything
else the import cannot take over becomes a “needs checking” warning on that person
(services.outreach.checks). A national register number is never taken over: its column cannot
be mapped and a value shaped like one is left out wherever it stands. Likely duplicates
(against the list and earlier rows of the same file) are skipped, or kept when the user asks.
Everything is added in the caller's one transaction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.services import tabular
from app.services.changes import Changes
from app.services.i18n import N_, _, ngettext
from app.services.outreach import checks, keys
from app.services.outreach.campaigns import get_campaign
from app.services.outreach.errors import OutreachError
from app.services.outreach.people import DuplicateIndex, add_person, clean
from app.services.progress import Progress


@dataclass(frozen=True)
class Target:
    key: str
    label: str  # msgid
    required: bool = False
    synonyms: tuple[str, ...] = ()


TARGETS: tuple[Target, ...] = (
    Target("last_name", N_("Last name"), True,
           ("familienaam", "achternaam", "naam", "nom", "nom de famille", "surname", "name")),
    Target("first_name", N_("First name"), False, ("voornaam", "voornamen", "prénom", "prenom",
                                                    "prénoms")),
    Target("address", N_("Address (street and number)"), False,
           ("adres", "adres + nr", "straat + nr", "adresse", "address")),
    Target("street", N_("Street"), False, ("straat", "straatnaam", "rue", "street")),
    Target("house_number", N_("House number"), False,
           ("huisnummer", "huisnr", "nr", "nummer", "numéro", "numero", "number")),
    Target("box", N_("Box"), False, ("bus", "busnummer", "busnr", "boîte", "boite", "box")),
    Target("postcode", N_("Postcode"), False, ("postcode", "postnummer", "code postal", "zip")),
    Target("place", N_("Place"), False,
           ("deelgemeente", "woonplaats", "gemeente", "plaats", "localité", "commune",
            "place", "city")),
    Target("birth_date", N_("Birth date"), False,
           ("geboortedatum", "geb datum", "geb. datum", "date de naissance", "birth date")),
    Target("birth_year", N_("Birth year"), False,
           ("geboortejaar", "jaar", "année de naissance", "birth year")),
    Target("living_alone", N_("Living alone"), False,
           ("alleenwonend", "alleenstaand", "alleen wonend", "woonsituatie", "gezinssituatie",
            "isolé", "vit seul", "living alone")),
    Target("household_size", N_("Household size"), False,
           ("aantal gezinsleden", "gezinsgrootte", "gezinsleden", "aantal personen",
            "grootte gezin", "taille du ménage", "nombre de personnes", "household size")),
    Target("civil_status", N_("Civil status"), False,
           ("burgerlijke staat", "burg. staat", "burgerlijke stand", "état civil",
            "civil status")),
    Target("widowed_since", N_("Widowed since"), False,
           ("weduwe sinds", "weduwnaar sinds", "weduw(e)(naar) sinds", "datum weduwe",
            "overlijden partner", "veuf depuis", "widowed since")),
    Target("phone", N_("Phone"), False, ("telefoon", "tel", "gsm", "téléphone", "phone")),
    Target("language", N_("Language"), False, ("taal", "langue", "language")),
    Target("notes", N_("Notes"), False, ("opmerkingen", "opmerking", "remarques", "notes")),
)

LANGUAGE_WORDS = {"nl": ("nl", "ned", "nederlands", "vlaams", "dutch", "neerlandais"),
                  "fr": ("fr", "frans", "francais", "french"),
                  "en": ("en", "engels", "english", "anglais")}
_STREET_NUMBER = re.compile(r"^(?P<street>.*?\D)\s*,?\s+(?P<rest>\d.*)$")

# household words (folded: lower case, no accents); a leading "niet"/"pas" turns them round
ALONE_WORDS = ("alleenwonend", "alleenwonende", "alleenstaand", "alleenstaande", "alleen",
               "1 persoon", "1 pers", "eenpersoonsgezin", "isole", "isolee", "vit seul",
               "vit seule", "seul", "seule", "personne seule", "living alone", "alone",
               "lives alone")
TOGETHER_WORDS = ("gezin", "samenwonend", "samenwonende", "samen", "met partner", "koppel",
                  "meerpersoonsgezin", "menage", "famille", "en couple", "couple",
                  "cohabitant", "cohabitants", "vit en couple", "family", "with partner")
_PERSONS = re.compile(r"^(\d+)\s*(personen|persoon|pers|personnes|personne|persons|person|p)?$")
WIDOWED_WORDS = ("weduwe", "weduwnaar", "weduw", "veuf", "veuve", "widow")
CIVIL_WORDS = ("gehuwd", "getrouwd", "gescheiden", "feitelijk gescheiden", "uit de echt",
               "wettelijk samenwonend", "feitelijk samenwonend", "samenwonend", "ongehuwd",
               "alleenstaand", "vrijgezel", "partner", "marie", "mariee", "divorce",
               "divorcee", "separe", "separee", "cohabitant legal", "cohabitante legale",
               "cohabitant", "celibataire", "married", "divorced", "separated", "single",
               "cohabiting")


class NoNameColumnError(OutreachError):
    msgid = N_("Choose the column that holds the last name.")


@dataclass
class Row:
    line: int
    values: dict
    problem: str = ""  # translated: why the row is skipped
    duplicate_of: str = ""  # label of the likely duplicate
    warnings: list[dict] = field(default_factory=list)  # checks.make(...) items
    cells: list = field(default_factory=list)  # the file's cells, national numbers left out
    bad_fields: set[str] = field(default_factory=set)  # target keys with a problem
    raw: dict[str, str] = field(default_factory=dict)  # each mapped field's text in the file

    def warning_texts(self) -> list[str]:
        return [checks.describe(w) for w in self.warnings]


@dataclass
class Prepared:
    """The rows of a file, read with a mapping: nothing is written yet."""

    rows: list[Row]
    headers: list[str]
    two_digit: dict  # tabular.resolve_birth_years' stats
    two_digit_choice: str
    national_columns: list[str]  # headers of the columns left out
    national_values: int  # values shaped like a national number left out of other columns

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class ImportResult:
    added: int = 0
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # line, of whom
    skipped: list[tuple[int, str]] = field(default_factory=list)  # line, reason
    # line, name, address, warnings (translated): added, but needs checking
    to_check: list[tuple[int, str, str, list[str]]] = field(default_factory=list)
    two_digit: dict = field(default_factory=dict)
    two_digit_choice: str = "auto"
    national_columns: list[str] = field(default_factory=list)
    national_values: int = 0
    changes: Changes = field(default_factory=Changes)


def synonyms() -> dict[str, list[str]]:
    return {t.key: [_(t.label), *t.synonyms] for t in TARGETS}


def known_headers() -> list[str]:
    """Every heading the import understands (to find the header row below title rows)."""
    words = [w for t in TARGETS for w in (t.label, *t.synonyms)]
    return words + list(tabular.NATIONAL_NUMBER_HEADERS)


def read(path: Path | str) -> tabular.Table:
    return tabular.read_table(path, known_headers=known_headers())


def guess(table: tabular.Table) -> dict[str, int]:
    return tabular.guess_mapping(table.headers, synonyms(),
                                 exclude=tabular.national_number_columns(table))


# --- reading one value ---------------------------------------------------------------------------

def _fold(value) -> str:
    text = keys.fold(tabular.cell_text(value)).strip().lower()
    text = re.sub(r"\((e|s|es|n|naar)\)", "", text)  # isolé(e), vit seul(e)
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text).split())


def parse_household(value) -> bool | None:
    """Living alone (True), not (False) or not said (None), from yes/no words, a household
    size or household words in Dutch, French or English. Raises ValueError."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0 or not float(value).is_integer():
            raise ValueError(f"not a household: {value!r}")
        return value == 1
    try:
        return tabular.parse_bool(value)
    except ValueError:
        pass
    s = _fold(value)
    negated = s.startswith(("niet ", "pas ", "not ", "ne "))
    if negated:
        s = s.split(" ", 1)[1]
    m = _PERSONS.match(s)
    if m:
        answer = int(m[1]) == 1
        if int(m[1]) == 0:
            raise ValueError(f"not a household: {value!r}")
    elif s in ALONE_WORDS:
        answer = True
    elif s in TOGETHER_WORDS or s.startswith(("samenwonend", "gezin ", "vit avec", "woont met",
                                             "woont samen")):
        answer = False
    else:
        raise ValueError(f"not a household: {value!r}")
    return (not answer) if negated else answer


def parse_civil_status(value) -> bool | None:
    """Widowed (True), another known civil status (False), empty (None). Raises ValueError
    for words it does not know."""
    s = _fold(value)
    if not s:
        return None
    if any(w in s for w in WIDOWED_WORDS):
        return True
    if s in CIVIL_WORDS or any(s.startswith(w) for w in CIVIL_WORDS):
        return False
    raise ValueError(f"not a civil status: {value!r}")


def _language(value) -> str:
    s = _fold(value)
    for code, words in LANGUAGE_WORDS.items():
        if s in words:
            return code
    return "other" if s else "nl"


# --- one row -------------------------------------------------------------------------------------

def _split_address(address: str) -> tuple[str, str]:
    m = _STREET_NUMBER.match(address)
    return (m["street"].strip(" ,"), m["rest"]) if m else (address, "")


def convert(cells: list, mapping: dict[str, int], today: date,
            birth: tabular.DateParts | str | None = None, line: int | None = None) -> Row:
    """One row's cells → a Row with the person's values and its warnings. `birth` is the
    birth-date cell already read with its column (two-digit years resolved), or the raw
    text when it could not be read at all."""
    def cell(key: str):
        i = mapping.get(key, -1)
        return cells[i] if 0 <= i < len(cells) else ""

    def text(key: str) -> str:
        return tabular.cell_text(cell(key))

    row = Row(line=line or 0, values={})
    warn = row.warnings

    def problem(key: str, code: str, value: str = "") -> None:
        warn.append(checks.make(code, value, line))
        row.bad_fields.add(key)

    v = row.values
    v["last_name"], v["first_name"] = text("last_name"), text("first_name")
    if not v["last_name"] and not v["first_name"]:
        row.problem = _("no name")
        row.bad_fields.update(("last_name", "first_name"))
        return row
    if not v["last_name"]:
        problem("last_name", "no_last_name")
    street, number, box = text("street"), text("house_number"), text("box")
    if not street and text("address"):
        street, number = _split_address(text("address"))
    if number and not box:
        number, box = keys.split_house_number(number)
    if not street and ("street" in mapping or "address" in mapping):
        problem("address" if "address" in mapping else "street", "no_address")
    phone = cell("phone")
    if isinstance(phone, float) and phone.is_integer() and 10**7 <= phone < 10**9:
        phone = f"0{int(phone)}"  # a number cell lost the leading 0 of 014 11 22 33
    v.update(street=street, house_number=number, box=box, postcode=text("postcode"),
             place=text("place"), phone=tabular.cell_text(phone), notes=text("notes"),
             language=_language(cell("language")))
    _birth(row, v, birth, cell("birth_year"), today, problem)
    _widowed(row, v, cell("widowed_since"), cell("civil_status"), today, problem)
    _household(v, cell("living_alone"), cell("household_size"), problem)
    return row


def _birth(row: Row, v: dict, birth, year_cell, today: date, problem) -> None:
    v["birth_date"], v["birth_year"] = None, None
    if isinstance(birth, str):
        problem("birth_date", "birth_date_unreadable", birth)
    elif birth is not None:
        written = _written(birth)
        try:
            born = birth.to_date()
        except ValueError:
            born = None
            problem("birth_date", "birth_date_impossible", written)
        year = birth.year
        if (born is not None and born > today) or (born is None and year > today.year):
            problem("birth_date", "birth_date_future", written)
            year = None
            born = None
        elif today.year - year > 110:
            problem("birth_date", "birth_date_too_old", written)
            year = None
            born = None
        v["birth_date"], v["birth_year"] = born, year
    if v["birth_year"] is None and not tabular.cell_text(year_cell) == "":
        try:
            year = tabular.parse_int(year_cell)
        except ValueError:
            year = None
        if year is None or not 0 <= today.year - year <= 110:
            problem("birth_year", "birth_year_unreadable", tabular.cell_text(year_cell))
        else:
            v["birth_year"] = year


def _written(parts: tabular.DateParts) -> str:
    if parts.month is None or parts.day is None:
        return str(parts.year)
    return f"{parts.day:02d}/{parts.month:02d}/{parts.year}"


def _widowed(row: Row, v: dict, since_cell, status_cell, today: date, problem) -> None:
    v["widowed_since"] = None
    try:
        parts = tabular.split_date(since_cell)
        if parts is not None:
            parts = tabular.resolve_past_year(parts, today)
            day = parts.to_date() or date(parts.year, 1, 1)
            if day > today:
                raise ValueError("future")
            v["widowed_since"] = day
    except ValueError:
        problem("widowed_since", "widowed_since_unreadable", tabular.cell_text(since_cell))
    try:
        widowed = parse_civil_status(status_cell)
    except ValueError:
        widowed = None
        problem("civil_status", "civil_status_unknown", tabular.cell_text(status_cell))
    v["widowed"] = bool(widowed) or v["widowed_since"] is not None


def _household(v: dict, alone_cell, size_cell, problem) -> None:
    v["living_alone"] = None
    for key, value in (("living_alone", alone_cell), ("household_size", size_cell)):
        if tabular.cell_text(value) == "":
            continue
        try:
            v["living_alone"] = parse_household(value)
            return
        except ValueError:
            problem(key, "living_alone_unknown", tabular.cell_text(value))


# --- the whole file ------------------------------------------------------------------------------

def _scrub(table: tabular.Table, cells: list, national: set[int]) -> tuple[list, int]:
    out, removed = [], 0
    for i, c in enumerate(cells):
        if i in national:
            out.append("")
        elif tabular.looks_like_national_number(c):
            out.append("")
            removed += 1
        elif isinstance(c, str) and c:
            text, n = tabular.strip_national_numbers(c)
            out.append(text)
            removed += n
        else:
            out.append(c)
    return out, removed


def _birth_column(rows: list[list], index: int | None, today: date, choice: str
                  ) -> tuple[list, dict]:
    if index is None:
        return [None] * len(rows), {"two_digit": 0}
    parsed: list = []
    for cells in rows:
        value = cells[index] if index < len(cells) else ""
        try:
            parsed.append(tabular.split_date(value))
        except ValueError:
            parsed.append(tabular.cell_text(value))
    parts = [p if isinstance(p, tabular.DateParts) else None for p in parsed]
    resolved, stats = tabular.resolve_birth_years(parts, today, choice)
    return [p if isinstance(p, str) else r for p, r in zip(parsed, resolved, strict=True)], stats


def prepare(session: Session, campaign_id: str, table: tabular.Table,
            mapping: dict[str, int], today: date | None = None,
            progress: Progress | None = None, *, two_digit: str = "auto",
            keep_duplicates: bool = False) -> Prepared:
    """Convert every row, with its warnings, and mark likely duplicates; nothing is written.
    With `keep_duplicates` False a likely duplicate is a skipped row."""
    today = today or date.today()
    national = set(tabular.national_number_columns(table))
    mapping = {k: i for k, i in mapping.items() if i is not None and i >= 0 and
               i not in national}
    if "last_name" not in mapping and "first_name" not in mapping:
        raise NoNameColumnError()
    scrubbed, removed = [], 0
    for cells in table.rows:
        clean_cells, n = _scrub(table, cells, national)
        scrubbed.append(clean_cells)
        removed += n
    births, stats = _birth_column(scrubbed, mapping.get("birth_date"), today, two_digit)
    index = DuplicateIndex(session, campaign_id)
    out: list[Row] = []
    total = len(scrubbed)
    for n, (cells, line, birth) in enumerate(zip(scrubbed, table.lines, births, strict=True)):
        if progress is not None and n % 200 == 0:
            progress.step(n, total, _("Reading rows…"))
        row = convert(cells, mapping, today, birth, line)
        row.raw = {k: tabular.cell_text(cells[i]) if i < len(cells) else ""
                   for k, i in mapping.items()}
        row.cells = [c for i, c in enumerate(cells) if i not in national]
        mapped_removed = any(i < len(cells) and cells[i] != table.rows[n][i]
                             for i in mapping.values())
        if mapped_removed and not row.problem:
            row.warnings.append(checks.make("national_number_removed", "", line))
        out.append(row)
        if row.problem:
            continue
        _mark_duplicate(index, row, keep_duplicates)
    headers = [h for i, h in enumerate(table.headers) if i not in national]
    return Prepared(out, headers, stats, two_digit,
                    [table.headers[i] for i in sorted(national)], removed)


def _mark_duplicate(index: DuplicateIndex, row: Row, keep_duplicates: bool) -> None:
    v = row.values
    found = index.find(v["first_name"], v["last_name"], v["birth_year"], v["street"],
                       v["house_number"], v["box"])
    if found:
        row.duplicate_of = found[0].label
        if not keep_duplicates:
            row.problem = _("looks like {name}, already on the list").format(
                name=found[0].label)
        return
    index.add(f"line{row.line}", keys.name_key(v["first_name"], v["last_name"]),
              v["birth_year"], keys.address_sort(v["street"], v["house_number"], v["box"]),
              v["first_name"], v["last_name"])


def _address(v: dict) -> str:
    house = v.get("house_number", "") + (" " + _("box") + " " + v["box"] if v.get("box")
                                         else "")
    return " ".join(x for x in (v.get("street", ""), house.strip()) if x).strip() + (
        ", " + v["place"] if v.get("place") else "")


def import_rows(session: Session, campaign_id: str, prepared: Prepared | list[Row], *,
                on_visit_list: bool = False) -> ImportResult:
    get_campaign(session, campaign_id)
    result = ImportResult()
    if isinstance(prepared, Prepared):
        result.two_digit, result.two_digit_choice = prepared.two_digit, prepared.two_digit_choice
        result.national_columns = prepared.national_columns
        result.national_values = prepared.national_values
    for row in prepared:
        if row.problem:
            if row.duplicate_of:
                result.duplicates.append((row.line, row.duplicate_of))
            else:
                result.skipped.append((row.line, row.problem))
            continue
        person, _c = add_person(session, campaign_id, **clean(row.values),
                                on_visit_list=on_visit_list)
        if row.warnings:
            person.warnings = checks.dump(row.warnings)
            v = row.values
            result.to_check.append((row.line, f"{v['first_name']} {v['last_name']}".strip(),
                                    _address(v), row.warning_texts()))
        result.added += 1
    if result.added:
        session.flush()
        result.changes = Changes.from_import("outreach_person")
    return result


def import_file(session: Session, campaign_id: str, path: Path | str,
                mapping: dict[str, int] | None = None, *, keep_duplicates: bool = False,
                two_digit: str = "auto", today: date | None = None,
                progress: Progress | None = None) -> ImportResult:
    """Read, convert and add in one go (the command line; the window previews first)."""
    table = read(path)
    prepared = prepare(session, campaign_id, table, mapping or guess(table), today, progress,
                       two_digit=two_digit, keep_duplicates=keep_duplicates)
    return import_rows(session, campaign_id, prepared)


# --- the report ----------------------------------------------------------------------------------

def two_digit_sentence(stats: dict, choice: str) -> str:
    n = stats.get("two_digit", 0)
    if not n:
        return ""
    if choice == "1900":
        how = _("all read as 19xx, as you chose")
    elif choice == "2000":
        how = _("all read as 20xx, as you chose")
    else:
        parts = []
        if stats.get("to_1900"):
            parts.append(ngettext("{n} as 19xx", "{n} as 19xx", stats["to_1900"]).format(
                n=stats["to_1900"]))
        if stats.get("to_2000"):
            parts.append(ngettext("{n} as 20xx", "{n} as 20xx", stats["to_2000"]).format(
                n=stats["to_2000"]))
        if stats.get("to_1800"):
            parts.append(ngettext("{n} as 18xx", "{n} as 18xx", stats["to_1800"]).format(
                n=stats["to_1800"]))
        how = _("{parts}: so that everyone is between 0 and 110 years old and, where both "
                "could be, like the other years in the column").format(parts=", ".join(parts))
    return ngettext("{n} birth date had a year of two digits; {how}.",
                    "{n} birth dates had a year of two digits; {how}.", n).format(n=n, how=how)


def national_sentence(columns: list[str], values: int) -> str:
    out = []
    if columns:
        out.append(_("Not imported (national register number): {columns}.").format(
            columns=", ".join(f"“{c}”" for c in columns)))
    if values:
        out.append(ngettext("{n} value that looks like a national register number was left "
                            "out.", "{n} values that look like a national register number "
                            "were left out.", values).format(n=values))
    return " ".join(out)


def report_lines(result: ImportResult, limit: int | None = None) -> list[str]:
    """What was added, skipped and needs checking, for the command line and the window."""
    def cut(items):
        return items if limit is None else items[:limit]

    lines = [ngettext("{n} person added.", "{n} people added.", result.added)
             .format(n=result.added)]
    if result.to_check:
        lines.append(ngettext("{n} of them needs checking:", "{n} of them need checking:",
                              len(result.to_check)).format(n=len(result.to_check)))
        for line, name, address, texts in cut(result.to_check):
            lines.append("  " + _("line {line}: {name}, {address}: {problems}").format(
                line=line, name=name, address=address or _("no address"),
                problems="; ".join(texts)))
    if result.duplicates:
        lines.append(ngettext("{n} row skipped as a likely duplicate:",
                              "{n} rows skipped as likely duplicates:",
                              len(result.duplicates)).format(n=len(result.duplicates)))
        lines += ["  " + _("line {line}: looks like {name}").format(line=ln, name=who)
                  for ln, who in cut(result.duplicates)]
    if result.skipped:
        lines.append(ngettext("{n} row skipped:", "{n} rows skipped:", len(result.skipped))
                     .format(n=len(result.skipped)))
        lines += ["  " + _("line {line}: {reason}").format(line=ln, reason=why)
                  for ln, why in cut(result.skipped)]
    for extra in (two_digit_sentence(result.two_digit, result.two_digit_choice),
                  national_sentence(result.national_columns, result.national_values)):
        if extra:
            lines.append(extra)
    return lines
