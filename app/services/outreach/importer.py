"""Importing a target list from a municipality's CSV or XLSX export.

The shared reader (app.services.tabular) gives text cells; here they become people: Dutch
headers are recognised, "Kerkstraat 7 bus 2" is split, dd/mm/yyyy dates and yes/no words are
read, and every row that cannot be read is reported with its line and the reason. Likely
duplicates (against the list and earlier rows of the same file) are skipped, or kept when the
user asks so. Everything is added in the caller's one transaction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.services import tabular
from app.services.changes import Changes
from app.services.i18n import N_, _
from app.services.outreach import keys
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
    Target("first_name", N_("First name"), False, ("voornaam", "voornamen", "prénom", "prenom")),
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
           ("alleenwonend", "alleenstaand", "alleen wonend", "isolé", "living alone")),
    Target("civil_status", N_("Civil status"), False,
           ("burgerlijke staat", "burg. staat", "état civil", "civil status")),
    Target("widowed_since", N_("Widowed since"), False,
           ("weduwe sinds", "weduwnaar sinds", "weduw(e)(naar) sinds", "datum weduwe",
            "overlijden partner", "veuf depuis", "widowed since")),
    Target("phone", N_("Phone"), False, ("telefoon", "tel", "gsm", "téléphone", "phone")),
    Target("language", N_("Language"), False, ("taal", "langue", "language")),
    Target("notes", N_("Notes"), False, ("opmerkingen", "opmerking", "remarques", "notes")),
)

WIDOWED_WORDS = ("weduw", "veuf", "veuve", "widow")
LANGUAGE_WORDS = {"nl": ("nl", "ned", "nederlands", "vlaams", "dutch", "néerlandais"),
                  "fr": ("fr", "frans", "français", "francais", "french"),
                  "en": ("en", "engels", "english", "anglais")}
_STREET_NUMBER = re.compile(r"^(?P<street>.*?\D)\s*,?\s+(?P<rest>\d.*)$")


class NoNameColumn(OutreachError):
    msgid = N_("Choose the column that holds the last name.")


@dataclass
class Row:
    line: int
    values: dict
    problem: str = ""  # translated
    duplicate_of: str = ""  # label of the likely duplicate


@dataclass
class ImportResult:
    added: int = 0
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # line, of whom
    rejected: list[tuple[int, str]] = field(default_factory=list)  # line, reason
    changes: Changes = field(default_factory=Changes)


def synonyms() -> dict[str, list[str]]:
    return {t.key: [_(t.label), *t.synonyms] for t in TARGETS}


def guess(table: tabular.Table) -> dict[str, int]:
    return tabular.guess_mapping(table.headers, synonyms())


def _yes(text: str) -> bool | None:
    return tabular.parse_bool(text)


def _language(text: str) -> str:
    s = keys.fold(text).strip()
    for code, words in LANGUAGE_WORDS.items():
        if s in words:
            return code
    return "other" if s else "nl"


def convert(cells: list[str], mapping: dict[str, int], today: date) -> dict:
    """One row's text cells → person values. Raises ValueError with a translated reason."""
    def cell(key: str) -> str:
        i = mapping.get(key, -1)
        return cells[i].strip() if 0 <= i < len(cells) else ""

    values: dict = {"last_name": cell("last_name"), "first_name": cell("first_name")}
    if not values["last_name"] and not values["first_name"]:
        raise ValueError(_("no name"))
    street, number, box = cell("street"), cell("house_number"), cell("box")
    if not street and cell("address"):
        m = _STREET_NUMBER.match(cell("address"))
        street, number = (m["street"].strip(" ,"), m["rest"]) if m else (cell("address"), "")
    if number and not box:
        number, box = keys.split_house_number(number)
    values.update(street=street, house_number=number, box=box, postcode=cell("postcode"),
                  place=cell("place"), phone=cell("phone"), notes=cell("notes"),
                  language=_language(cell("language")))
    for key, label in (("birth_date", _("birth date")), ("widowed_since", _("widowed since"))):
        try:
            values[key] = tabular.parse_date_be(cell(key))
        except ValueError:
            raise ValueError(_("{field} “{value}” is not a date (dd/mm/yyyy)").format(
                field=label, value=cell(key))) from None
    try:
        year = tabular.parse_int(cell("birth_year"))
    except ValueError:
        raise ValueError(_("birth year “{value}” is not a year").format(
            value=cell("birth_year"))) from None
    values["birth_year"] = year if not values["birth_date"] else values["birth_date"].year
    by = values["birth_year"]
    if by is not None and not today.year - 120 <= by <= today.year:
        raise ValueError(_("birth year {year} is not plausible").format(year=by))
    try:
        values["living_alone"] = bool(_yes(cell("living_alone")))
    except ValueError:
        raise ValueError(_("“{value}” is not yes or no (living alone)").format(
            value=cell("living_alone"))) from None
    status = keys.fold(cell("civil_status"))
    values["widowed"] = bool(values["widowed_since"]) or any(w in status
                                                              for w in WIDOWED_WORDS)
    return values


def prepare(session: Session, campaign_id: str, table: tabular.Table,
            mapping: dict[str, int], today: date | None = None,
            progress: Progress | None = None) -> list[Row]:
    """Convert every row and mark problems and likely duplicates; nothing is written."""
    today = today or date.today()
    if "last_name" not in mapping and "first_name" not in mapping:
        raise NoNameColumn()
    index = DuplicateIndex(session, campaign_id)
    out: list[Row] = []
    total = len(table.rows)
    for n, cells in enumerate(table.rows):
        if progress is not None and n % 200 == 0:
            progress.step(n, total, _("Reading rows…"))
        row = Row(line=n + 2, values={})
        try:
            row.values = convert(cells, mapping, today)
        except ValueError as exc:
            row.problem = str(exc)
            out.append(row)
            continue
        v = row.values
        found = index.find(v["first_name"], v["last_name"], v["birth_year"], v["street"],
                           v["house_number"], v["box"])
        if found:
            row.duplicate_of = found[0].label
        else:
            index.add(f"line{row.line}", keys.name_key(v["first_name"], v["last_name"]),
                      v["birth_year"], keys.address_sort(v["street"], v["house_number"],
                                                         v["box"]),
                      v["first_name"], v["last_name"])
        out.append(row)
    return out


def import_rows(session: Session, campaign_id: str, rows: list[Row], *,
                keep_duplicates: bool = False, on_visit_list: bool = False) -> ImportResult:
    get_campaign(session, campaign_id)
    result = ImportResult()
    for row in rows:
        if row.problem:
            result.rejected.append((row.line, row.problem))
            continue
        if row.duplicate_of and not keep_duplicates:
            result.duplicates.append((row.line, row.duplicate_of))
            continue
        add_person(session, campaign_id, **clean(row.values), on_visit_list=on_visit_list)
        result.added += 1
    if result.added:
        result.changes = Changes.from_import("outreach_person")
    return result


def import_file(session: Session, campaign_id: str, path: Path | str,
                mapping: dict[str, int] | None = None, *, keep_duplicates: bool = False,
                today: date | None = None, progress: Progress | None = None) -> ImportResult:
    """Read, convert and add in one go (the command line; the GUI previews first)."""
    table = tabular.read_table(path)
    rows = prepare(session, campaign_id, table, mapping or guess(table), today, progress)
    return import_rows(session, campaign_id, rows, keep_duplicates=keep_duplicates)
