"""Reading tables people really have in Flanders: Excel's semicolon CSV in Windows-1252 or
UTF-8 (with or without a BOM), Excel's "Unicode text" (UTF-16 with tabs), comma CSV, and the
workbooks XLSX, XLS and ODS. Plus the Belgian number and date formats found in them, and
header matching for the column-mapping dialog.

Cells keep their type: text stays `str`; a workbook's number stays a number (`float`), a
date a `date`, and an XLSX cell formatted as a percentage becomes a `Percent` (0.193 → 19.3).
`Table.lines` holds, for every data row, the row number Excel or LibreOffice shows for it.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.services.errors import AppError
from app.services.i18n import N_

MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 600 * 1024 * 1024  # what a workbook may unpack to (zip bombs)
MAX_ROWS = 250_000
DELIMITERS = (";", ",", "\t", "|")
HEADER_SEARCH_ROWS = 15  # title rows above the header are looked for this far down
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class Percent(float):
    """A workbook cell formatted as a percentage, in percent: the cell 0.193 is 19.3."""


Cell = str | float | int | Decimal | date | datetime | bool | None


class TableReadError(AppError):
    msgid = N_("The file could not be read as a table.")


class TableNotFoundError(TableReadError):
    msgid = N_("The file {name} could not be found or opened.")


class TableEmptyError(TableReadError):
    msgid = N_("The file {name} is empty or has no rows under the column headers.")


class TableFormatUnsupportedError(TableReadError):
    msgid = N_(
        "{name} is not a table the app can read. Use a CSV or text file, or a workbook "
        "from Excel (.xlsx, .xls) or LibreOffice (.ods)."
    )


class TableTooLargeError(TableReadError):
    msgid = N_("The file {name} is too large to import (more than {rows} rows or 50 MB).")


class TableDamagedError(TableReadError):
    msgid = N_("The file {name} seems damaged: it could not be read as {kind}.")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252", "xlsx", "xls" or "ods"
    delimiter: str  # "" for workbooks
    source: str  # file name
    lines: list[int] = field(default_factory=list)  # the file's row number of each row
    header_line: int = 1

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = [self.header_line + 1 + i for i in range(len(self.rows))]

    def column(self, index: int) -> list[Cell]:
        return [row[index] if index < len(row) else "" for row in self.rows]


def read_table(path: Path | str, *, max_rows: int = MAX_ROWS,
               known_headers: Iterable[str] = ()) -> Table:
    """Read the first sheet (or the text) with data. `known_headers` are the headings the
    caller understands: the header row is the first row that mostly consists of them, so
    title rows above it are skipped."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise TableNotFoundError(name=name) from exc
    if size > MAX_BYTES:
        raise TableTooLargeError(name=name, rows=max_rows)
    if size == 0:
        raise TableEmptyError(name=name)
    known = {normalise_header(h) for h in known_headers} - {""}
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path)
        return _read_workbook(path, kind, max_rows, known)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_workbook(path, "xls", max_rows, known)
    if head.startswith(b"%PDF"):
        raise TableFormatUnsupportedError(name=name)
    return _read_text(path, max_rows, known)


def _zip_kind(path: Path) -> str:
    """'ods' when the zip says it is an OpenDocument spreadsheet, else 'xlsx'."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            # a workbook that unpacks to far more than any register: refuse before reading
            if sum(i.file_size for i in infos) > MAX_UNPACKED or len(infos) > 10_000:
                raise TableTooLargeError(name=path.name, rows=MAX_ROWS)
            names = {i.filename for i in infos}
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200 and zf.read("mimetype").strip() == ODS_MIMETYPE:
                    return "ods"
                raise TableFormatUnsupportedError(name=path.name)
    except zipfile.BadZipFile as exc:
        raise TableDamagedError(name=path.name, kind="XLSX") from exc
    return "xlsx"


# --- text files ---------------------------------------------------------------------------------

def _decode(raw: bytes) -> tuple[str, str]:
    """The text and its encoding: a BOM first, then UTF-16 without BOM, UTF-8, cp1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le"), "utf-16"
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be"), "utf-16"
    sample = raw[:4000]
    if len(sample) >= 4 and b"\x00" in sample:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return raw.decode("utf-16-le"), "utf-16"
        if even > len(sample) // 4 and odd == 0:
            return raw.decode("utf-16-be"), "utf-16"
        raise UnicodeError("binary")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the lines most consistently into several columns (title
    lines of one cell do not count against it)."""
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    best, best_score = ";", -1.0
    for delim in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delim))) for line in lines]
        many = [c for c in counts if c >= 2]
        if not many:
            continue
        common = max(set(many), key=many.count)
        score = many.count(common) / len(counts) * 10 + min(common, 30) / 30
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_text(path: Path, max_rows: int, known: set[str]) -> Table:
    raw = path.read_bytes()
    try:
        text, encoding = _decode(raw)
    except UnicodeError as exc:
        raise TableFormatUnsupportedError(name=path.name) from exc
    if sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\r\n\t") > 5:
        raise TableFormatUnsupportedError(name=path.name)
    delimiter = sniff_delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # one record is one spreadsheet row, also when a quoted cell holds a line break
        numbered = ((n, row) for n, row in enumerate(reader, start=1))
        headers, rows, lines, header_line = _clean_rows(numbered, path.name, max_rows, known)
    except csv.Error as exc:
        raise TableDamagedError(name=path.name, kind="CSV") from exc
    return Table(headers, rows, encoding, delimiter, path.name, lines, header_line)


# --- workbooks ----------------------------------------------------------------------------------

def _read_workbook(path: Path, kind: str, max_rows: int, known: set[str]) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise TableDamagedError(name=path.name, kind=kind.upper()) from exc
    except Exception as exc:  # calamine's own errors (ZipError, XmlError...) are not shared
        raise TableDamagedError(name=path.name, kind=kind.upper()) from exc
    percents = _xlsx_percent_cells(path) if kind == "xlsx" else {}
    try:
        for index, _sheet_name in enumerate(wb.sheet_names):
            try:
                values = wb.get_sheet_by_index(index).to_python(skip_empty_area=False)
            except Exception as exc:
                raise TableDamagedError(name=path.name, kind=kind.upper()) from exc
            marks = percents.get(index, set())
            numbered = ((r + 1, [_workbook_cell(v, (r + 1, c + 1) in marks)
                                 for c, v in enumerate(row)])
                        for r, row in enumerate(values))
            try:
                headers, rows, lines, header_line = _clean_rows(numbered, path.name,
                                                                max_rows, known)
            except TableEmptyError:
                continue
            return Table(headers, rows, kind, "", path.name, lines, header_line)
    finally:
        close = getattr(wb, "close", None)
        if close is not None:
            close()
    raise TableEmptyError(name=path.name)


def _workbook_cell(value, percent: bool) -> Cell:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if percent:
            return Percent(float(Decimal(repr(float(value))) * 100))
        return float(value)
    if isinstance(value, datetime):
        return value.date() if (value.hour, value.minute, value.second) == (0, 0, 0) else value
    if isinstance(value, date):
        return value
    return str(value).strip()


def _xlsx_percent_cells(path: Path) -> dict[int, set[tuple[int, int]]]:
    """(row, column) of the number cells formatted as a percentage, per sheet index.
    calamine gives no number formats; openpyxl does."""
    from openpyxl import load_workbook

    if not _xlsx_has_percent_styles(path):
        return {}  # the usual register extract: no need to walk every cell with openpyxl
    out: dict[int, set[tuple[int, int]]] = {}
    try:
        with open(path, "rb") as handle:
            wb = load_workbook(handle, read_only=True, data_only=True)
            try:
                for index, ws in enumerate(wb.worksheets):
                    marks = set()
                    for row in ws.iter_rows():
                        for cell in row:
                            fmt = getattr(cell, "number_format", "") or ""
                            if "%" in fmt and isinstance(getattr(cell, "value", None),
                                                         (int, float)):
                                marks.add((cell.row, cell.column))
                    out[index] = marks
            finally:
                wb.close()
    except Exception:  # noqa: BLE001 - percent marks are a bonus; calamine read the values
        return {}
    return out


_BUILTIN_PERCENT = {9, 10}


def _xlsx_has_percent_styles(path: Path) -> bool:
    """Whether any cell style of the workbook is a percentage (styles.xml, read directly)."""
    import xml.etree.ElementTree as ET

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("xl/styles.xml")
            if info.file_size > 20 * 1024 * 1024:
                return True
            root = ET.fromstring(zf.read(info))
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError):
        return True  # unsure: let openpyxl look
    percent_ids = set(_BUILTIN_PERCENT)
    for fmt in root.iter(f"{ns}numFmt"):
        if "%" in fmt.get("formatCode", ""):
            percent_ids.add(int(fmt.get("numFmtId", "-1")))
    xfs = root.find(f"{ns}cellXfs")
    if xfs is None:
        return False
    return any(int(xf.get("numFmtId", "0")) in percent_ids for xf in xfs)


# --- rows, header -------------------------------------------------------------------------------

def _is_empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell_text(cell: Cell) -> str:
    return "" if cell is None else cell.strip() if isinstance(cell, str) else str(cell)


def _header_score(cells: list[Cell], known: set[str]) -> tuple[int, int]:
    filled = [normalise_header(_cell_text(c)) for c in cells if not _is_empty(c)]
    hits = sum(1 for h in filled if h and any(h == k or (len(k) >= 4 and h.startswith(k))
                                              for k in known))
    return hits, len(filled)


def _find_header(candidates: list[tuple[int, list[Cell]]], known: set[str]) -> int:
    """Index in `candidates` of the header row."""
    if known:
        for i, (_n, cells) in enumerate(candidates):
            hits, filled = _header_score(cells, known)
            if filled >= 2 and hits >= 2 and hits * 2 >= filled:
                return i
        scores = [_header_score(cells, known)[0] for _n, cells in candidates]
        if max(scores, default=0) >= 2:
            return scores.index(max(scores))
    widest = max((sum(1 for c in cells if not _is_empty(c)) for _n, cells in candidates),
                 default=0)
    for i, (_n, cells) in enumerate(candidates):
        filled = sum(1 for c in cells if not _is_empty(c))
        if (filled >= 2 and filled * 2 >= widest) or filled == widest:
            return i
    return 0


def _clean_rows(numbered, name: str, max_rows: int, known: set[str]
                ) -> tuple[list[str], list[list[Cell]], list[int], int]:
    numbered = iter(numbered)
    candidates: list[tuple[int, list[Cell]]] = []
    for n, row in numbered:
        cells = [c.strip() if isinstance(c, str) else c for c in row]
        if all(_is_empty(c) for c in cells):
            continue
        candidates.append((n, cells))
        if len(candidates) >= HEADER_SEARCH_ROWS:
            break
    if not candidates:
        raise TableEmptyError(name=name)
    h = _find_header(candidates, known)
    header_line, header_cells = candidates[h]
    headers = _unique_headers([_cell_text(c) for c in header_cells])
    rows: list[list[Cell]] = []
    lines: list[int] = []

    def add(n: int, cells: list[Cell]) -> None:
        if len(rows) >= max_rows:
            raise TableTooLargeError(name=name, rows=max_rows)
        cells = ["" if c is None else c for c in cells]
        if len(cells) < len(headers):
            cells += [""] * (len(headers) - len(cells))
        rows.append(cells)
        lines.append(n)

    for n, cells in candidates[h + 1:]:
        add(n, cells)
    for n, row in numbered:
        cells = [c.strip() if isinstance(c, str) else c for c in row]
        if not all(_is_empty(c) for c in cells):
            add(n, cells)
    if not rows:
        raise TableEmptyError(name=name)
    while headers and headers[-1].startswith("#") and all(
            len(r) < len(headers) or _is_empty(r[len(headers) - 1]) for r in rows):
        headers.pop()
    return headers, rows, lines, header_line


def _unique_headers(cells: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells):
        label = cell or f"#{i + 1}"
        if label in seen:
            seen[label] += 1
            label = f"{label} ({seen[label]})"
        else:
            seen[label] = 1
        out.append(label)
    return out


# --- values ------------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([.\s\u00a0\u202f']\d{3})+$")


def cell_text(cell: Cell) -> str:
    """A cell as the worker would read it: numbers without a useless '.0', dates d/m/yyyy."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, Percent):
        return _plain_number(float(cell)) + " %"
    if isinstance(cell, float):
        return _plain_number(cell)
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    return str(cell).strip()


def _plain_number(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)).normalize(), "f").replace(".", ",")


def parse_decimal_be(value: Cell) -> Decimal | None:
    """A number cell is that number; text is read the Belgian way: '1.234,5' → 1234.5,
    '12,5' → 12.5, '1234.5' → 1234.5, '1.234' → 1234, '' → None.

    Raises ValueError for text that is not a number. A trailing % or € is ignored.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a number: {value!r}")
        return Decimal(repr(float(value)))
    if isinstance(value, (date, datetime)):
        raise ValueError(f"not a number: {value!r}")
    s = (value or "").strip().replace("€", "").replace("%", "").strip()
    if not s:
        return None
    s = s.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-")
    if "," in s:
        s = s.replace(".", "").replace(" ", "").replace("'", "").replace(",", ".")
    elif _THOUSANDS.match(s):
        s = re.sub(r"[.\s']", "", s)
    else:
        s = s.replace(" ", "")
    try:
        number = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return number


def is_percent(value: Cell) -> bool:
    return isinstance(value, Percent) or (isinstance(value, str) and value.strip()
                                          .endswith("%"))


def parse_int(value: Cell) -> int | None:
    number = parse_decimal_be(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(f"not a whole number: {value!r}")
    return int(number)


# --- dates --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DateParts:
    """A date as written: `year` may have two digits (`two_digit`), day and month may be
    missing (a year alone), and the whole may not exist (31/02)."""

    year: int
    month: int | None = None
    day: int | None = None
    two_digit: bool = False

    def with_year(self, year: int) -> DateParts:
        return DateParts(year, self.month, self.day, False)

    def to_date(self) -> date | None:
        """The date, or None for a year alone. Raises ValueError when it does not exist."""
        if self.two_digit:
            raise ValueError("two-digit year not resolved")
        if self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}"
                  r"(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")


def split_date(value: Cell) -> DateParts | None:
    """Read a date cell or text: dd/mm/yyyy, d/m/yy, dd.mm.yyyy, dd-mm-yyyy, yyyy-mm-dd or a
    year alone. '' → None. Raises ValueError when it is no date at all."""
    if isinstance(value, datetime):
        return DateParts(value.year, value.month, value.day)
    if isinstance(value, date):
        return DateParts(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, (int, float, Decimal)):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return DateParts(int(value))
        raise ValueError(f"not a date: {value!r}")
    s = (value or "").strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return DateParts(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.match(s)
    if m:
        return DateParts(int(m[3]), int(m[2]), int(m[1]), two_digit=len(m[3]) == 2)
    m = _YEAR.match(s)
    if m:
        return DateParts(int(m[1]))
    raise ValueError(f"not a date: {value!r}")


TWO_DIGIT_CHOICES = ("auto", "1900", "2000")


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def birth_year_candidates(parts: DateParts, today: date, max_age: int = 110) -> list[int]:
    """The four-digit years a two-digit birth year can be, so that the person is 0 to
    `max_age` years old today (a date that does not exist is judged on its year)."""
    out = []
    for century in (1800, 1900, 2000):
        year = century + parts.year
        if parts.month and parts.day:
            try:
                born = date(year, parts.month, parts.day)
            except ValueError:
                born = None
            if born is not None:
                if born <= today and age_on(born, today) <= max_age:
                    out.append(year)
                continue
        if 0 <= today.year - year <= max_age:
            out.append(year)
    return out


def resolve_birth_years(column: list[DateParts | None], today: date, choice: str = "auto"
                        ) -> tuple[list[DateParts | None], dict]:
    """Give every two-digit year in a birth-date column its century.

    `choice` "1900" or "2000" forces the century. "auto": the century that makes the person
    0–110 years old; where two would, the one most of the rest of the column has (a list of
    people born in 19xx keeps '25' in 1925); with no other years at all, the earlier one.
    Returns the column and what was done: {"two_digit": n, "to_1900": n, "to_2000": n}.
    """
    stats = {"two_digit": 0, "to_1800": 0, "to_1900": 0, "to_2000": 0}
    centuries: dict[int, int] = {}
    for parts in column:
        if parts is not None and not parts.two_digit:
            centuries[parts.year // 100 * 100] = centuries.get(parts.year // 100 * 100, 0) + 1
    for parts in column:
        if parts is not None and parts.two_digit:
            found = birth_year_candidates(parts, today)
            if len(found) == 1:
                centuries[found[0] // 100 * 100] = centuries.get(found[0] // 100 * 100, 0) + 1
    out: list[DateParts | None] = []
    for parts in column:
        if parts is None or not parts.two_digit:
            out.append(parts)
            continue
        stats["two_digit"] += 1
        if choice in ("1900", "2000"):
            year = int(choice) + parts.year
        else:
            found = birth_year_candidates(parts, today) or [1900 + parts.year]
            year = max(found, key=lambda y: (centuries.get(y // 100 * 100, 0), -y))
        stats[f"to_{year // 100 * 100}"] += 1
        out.append(parts.with_year(year))
    return out, stats


def resolve_past_year(parts: DateParts, today: date) -> DateParts:
    """A two-digit year of a date in the past (widowed since...): the latest century that
    does not put it after today."""
    if not parts.two_digit:
        return parts
    for century in (2000, 1900, 1800):
        year = century + parts.year
        try:
            day = date(year, parts.month or 1, parts.day or 1)
        except ValueError:
            day = date(year, 1, 1)
        if day <= today:
            return parts.with_year(year)
    return parts.with_year(1900 + parts.year)


def parse_date_be(value: Cell, *, pivot: int = 30) -> date | None:
    """A full date: '03/02/2024', '3-2-2024', '03.02.24' (day first), ISO '2024-02-03' or a
    date cell → date; '' → None. Two-digit years up to `pivot` are 20xx, above are 19xx.
    Raises ValueError for anything else, also for a year alone."""
    parts = split_date(value)
    if parts is None:
        return None
    if parts.two_digit:
        parts = parts.with_year(parts.year + (2000 if parts.year <= pivot else 1900))
    result = parts.to_date()
    if result is None:
        raise ValueError(f"not a full date: {value!r}")
    return result


# --- yes/no -------------------------------------------------------------------------------------

_TRUE = {"ja", "j", "yes", "y", "oui", "o", "x", "1", "waar", "true", "vrai", "wahr"}
_FALSE = {"nee", "n", "no", "non", "0", "onwaar", "false", "faux", "-"}


def parse_bool(value: Cell) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    s = _cell_text(value).lower()
    if not s:
        return None
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"not yes or no: {value!r}")


# --- headers ------------------------------------------------------------------------------------

def normalise_header(text: str) -> str:
    """Lower case, no accents, only letters and digits: 'Geboorte-datum' → 'geboortedatum'."""
    nfkd = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in nfkd if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def guess_mapping(headers: list[str], synonyms: dict[str, list[str]],
                  exclude: Iterable[int] = ()) -> dict[str, int]:
    """For each target field, the index of the header that matches one of its synonyms
    (exact after normalising first, then 'starts with'); each column is used once, and the
    `exclude`d columns never."""
    norm = [normalise_header(h) for h in headers]
    used: set[int] = set(exclude)
    result: dict[str, int] = {}
    for exact in (True, False):
        for key, words in synonyms.items():
            if key in result:
                continue
            for word in (normalise_header(w) for w in words):
                for i, h in enumerate(norm):
                    if i in used or not h or not word:
                        continue
                    if (h == word) if exact else (h.startswith(word) or (word.startswith(h)
                                                  and len(h) >= 4)):
                        result[key] = i
                        used.add(i)
                        break
                if key in result:
                    break
    return result


# --- national register numbers -----------------------------------------------------------------

NATIONAL_NUMBER_HEADERS = ("rijksregisternummer", "rijksregisternr", "rijksregister", "insz",
                           "inszummer", "insznummer", "inss", "numéro de registre national",
                           "registre national", "n° national", "niss", "national register number",
                           "national number", "rrn")
_NN_SHAPED = re.compile(r"^\d{2}\.\d{2}\.\d{2}[- ]?\d{3}\.?\d{2}$|^\d{6}[- ]\d{3}[.\- ]?\d{2}$")
_NN_BARE = re.compile(r"^\d{11}$")


def looks_like_national_number(value: Cell) -> bool:
    """yy.mm.dd-xxx.cc (or with other separators); eleven bare digits only when the check
    digits fit, so a phone number is not taken for one."""
    if isinstance(value, float) and value.is_integer() and 1e9 <= value < 1e11:
        value = f"{int(value):011d}"
    if not isinstance(value, str):
        return False
    s = value.strip()
    if _NN_SHAPED.match(s):
        return True
    if _NN_BARE.match(s):
        base, check = int(s[:9]), int(s[9:])
        return check in (97 - base % 97, 97 - int("2" + s[:9]) % 97)
    return False


_NN_IN_TEXT = re.compile(r"(?<![\d.])\d{2}[.\- ]?\d{2}[.\- ]?\d{2}[.\- ]?\d{3}[.\- ]?\d{2}(?![\d])")


def strip_national_numbers(text: str) -> tuple[str, int]:
    """The text without anything that looks like a national register number, and how many
    were taken out ("bel 93051822361" → "bel")."""
    count = 0

    def drop(m: re.Match) -> str:
        nonlocal count
        if looks_like_national_number(m[0]) or looks_like_national_number(
                re.sub(r"\D", "", m[0])) or _NN_SHAPED.match(m[0]):
            count += 1
            return ""
        return m[0]

    out = _NN_IN_TEXT.sub(drop, text)
    return (" ".join(out.split()) if count else text), count


def national_number_columns(table: Table) -> list[int]:
    """Columns that hold national register numbers: by their heading, or because most of
    their filled cells look like one."""
    words = {normalise_header(w) for w in NATIONAL_NUMBER_HEADERS}
    out = []
    for i, header in enumerate(table.headers):
        h = normalise_header(header)
        if h and any(h == w or (len(w) >= 4 and h.startswith(w)) for w in words):
            out.append(i)
            continue
        filled = [c for c in table.column(i)[:500] if not _is_empty(c)]
        if filled and sum(1 for c in filled if looks_like_national_number(c)) * 2 > len(filled):
            out.append(i)
    return out


# --- writing ------------------------------------------------------------------------------------

def write_csv(path: Path | str, headers: list[str], rows: list[list[Cell]]) -> Path:
    """Excel's own CSV for Flanders: UTF-8 with a BOM, semicolons; written atomically and
    formula-safe (app.services.spreadsheet)."""
    from app.services import spreadsheet

    return spreadsheet.write_csv(Path(path), [headers, *[
        [c if isinstance(c, str) else cell_text(c) for c in row] for row in rows]])
