"""Reading tables people really have in Flanders: Excel's semicolon CSV in Windows-1252 or
UTF-8 with a BOM, comma CSV, tab-separated text, and XLSX. Plus the Belgian number and date
formats found in them, and header matching for the column-mapping dialog.

Everything comes back as text (`Table.rows` are lists of str); XLSX numbers become plain
"1234.5" and XLSX dates ISO "2024-02-03", which the parse helpers accept as well.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.services.errors import AppError
from app.services.i18n import N_

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 250_000
DELIMITERS = (";", ",", "\t", "|")


class TableReadError(AppError):
    msgid = N_("The file could not be read as a table.")


class TableNotFound(TableReadError):
    msgid = N_("The file {name} could not be found or opened.")


class TableEmpty(TableReadError):
    msgid = N_("The file {name} is empty or has no rows under the column headers.")


class TableFormatUnsupported(TableReadError):
    msgid = N_(
        "{name} is not a CSV or XLSX file. In Excel, choose “Save as” and pick “CSV "
        "(semicolon separated)” or “Excel workbook (.xlsx)”."
    )


class TableTooLarge(TableReadError):
    msgid = N_("The file {name} is too large to import (more than {rows} rows or 50 MB).")


class TableDamaged(TableReadError):
    msgid = N_("The file {name} seems damaged: it could not be read as {kind}.")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    encoding: str  # "utf-8", "utf-8-sig", "cp1252" or "xlsx"
    delimiter: str  # "" for xlsx
    source: str  # file name

    def column(self, index: int) -> list[str]:
        return [row[index] if index < len(row) else "" for row in self.rows]


def read_table(path: Path | str, *, max_rows: int = MAX_ROWS) -> Table:
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableNotFound(name=name) from exc
    if size > MAX_BYTES:
        raise TableTooLarge(name=name, rows=max_rows)
    if size == 0:
        raise TableEmpty(name=name)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, max_rows)
    if head.startswith(b"\xd0\xcf\x11\xe0") or head.startswith(b"%PDF") or b"\x00" in head:
        raise TableFormatUnsupported(name=name)
    return _read_text(path, max_rows)


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into several columns."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_score = ";", -1.0
    for delim in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delim))) for line in lines]
        if not counts or max(counts) < 2:
            continue
        same = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = same * 10 + min(counts[0], 30) / 30
        if score > best_score:
            best, best_score = delim, score
    return best


def _clean_rows(raw_rows, name: str, max_rows: int) -> tuple[list[str], list[list[str]]]:
    rows_iter = iter(raw_rows)
    headers: list[str] | None = None
    rows: list[list[str]] = []
    for row in rows_iter:
        cells = ["" if c is None else str(c).strip() for c in row]
        if not any(cells):
            continue
        if headers is None:
            headers = _unique_headers(cells)
            continue
        if len(rows) >= max_rows:
            raise TableTooLarge(name=name, rows=max_rows)
        if len(cells) < len(headers):
            cells += [""] * (len(headers) - len(cells))
        rows.append(cells)
    if not headers or not rows:
        raise TableEmpty(name=name)
    while headers and not headers[-1] and all(len(r) < len(headers) or not r[len(headers) - 1]
                                               for r in rows):
        headers.pop()
    return headers, rows


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


def _read_text(path: Path, max_rows: int) -> Table:
    raw = path.read_bytes()
    try:
        text, encoding = _decode(raw)
    except UnicodeDecodeError as exc:
        raise TableDamaged(name=path.name, kind="CSV") from exc
    if sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\r\n\t") > 5:
        raise TableFormatUnsupported(name=path.name)
    delimiter = sniff_delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        headers, rows = _clean_rows(reader, path.name, max_rows)
    except csv.Error as exc:
        raise TableDamaged(name=path.name, kind="CSV") from exc
    return Table(headers, rows, encoding, delimiter, path.name)


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == 0:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(path: Path, max_rows: int) -> Table:
    import zipfile

    from openpyxl import load_workbook

    from openpyxl.utils.exceptions import InvalidFileException

    handle = open(path, "rb")  # a file object: openpyxl then does not judge the extension
    try:
        wb = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError,
            InvalidFileException) as exc:
        handle.close()
        raise TableDamaged(name=path.name, kind="XLSX") from exc
    try:
        for ws in wb.worksheets:
            rows = ([_xlsx_cell(v) for v in row] for row in ws.iter_rows(values_only=True))
            try:
                headers, data = _clean_rows(rows, path.name, max_rows)
            except TableEmpty:
                continue
            return Table(headers, data, "xlsx", "", path.name)
    finally:
        wb.close()
        handle.close()
    raise TableEmpty(name=path.name)


# --- values ------------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([.\s\u00a0\u202f']\d{3})+$")


def parse_decimal_be(text: str) -> Decimal | None:
    """'1.234,5' → 1234.5; '12,5' → 12.5; '1234.5' → 1234.5; '1.234' → 1234; '' → None.

    Raises ValueError for text that is not a number. A trailing % or € is ignored.
    """
    s = (text or "").strip().replace("€", "").replace("%", "").strip()
    if not s:
        return None
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    if "," in s:
        s = s.replace(".", "").replace(" ", "").replace("'", "").replace(",", ".")
    elif _THOUSANDS.match(s):
        s = re.sub(r"[.\s']", "", s)
    else:
        s = s.replace(" ", "")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return value


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def parse_date_be(text: str, *, pivot: int = 30) -> date | None:
    """'03/02/2024', '3-2-2024', '03.02.24' (day first) or ISO '2024-02-03' → date; '' → None.

    Two-digit years up to `pivot` are 20xx, above are 19xx. Raises ValueError otherwise.
    """
    s = (text or "").strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DMY.match(s)
        if not m:
            raise ValueError(f"not a date: {text!r}")
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        if y < 100:
            y += 2000 if y <= pivot else 1900
    return date(y, mo, d)  # raises ValueError for 31/02


def parse_int(text: str) -> int | None:
    value = parse_decimal_be(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)


_TRUE = {"ja", "j", "yes", "y", "oui", "o", "x", "1", "waar", "true", "vrai"}
_FALSE = {"nee", "n", "no", "non", "0", "onwaar", "false", "faux", "-"}


def parse_bool(text: str) -> bool | None:
    s = (text or "").strip().lower()
    if not s:
        return None
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"not yes or no: {text!r}")


# --- headers ------------------------------------------------------------------------------------

def normalise_header(text: str) -> str:
    """Lower case, no accents, only letters and digits: 'Geboorte-datum' → 'geboortedatum'."""
    nfkd = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in nfkd if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def guess_mapping(headers: list[str], synonyms: dict[str, list[str]]) -> dict[str, int]:
    """For each target field, the index of the header that matches one of its synonyms
    (exact after normalising first, then 'starts with'); each column is used once."""
    norm = [normalise_header(h) for h in headers]
    used: set[int] = set()
    result: dict[str, int] = {}
    for exact in (True, False):
        for key, words in synonyms.items():
            if key in result:
                continue
            for word in (normalise_header(w) for w in words):
                for i, h in enumerate(norm):
                    if i in used or not h:
                        continue
                    if (h == word) if exact else (h.startswith(word) or word.startswith(h)
                                                  and len(h) >= 4):
                        result[key] = i
                        used.add(i)
                        break
                if key in result:
                    break
    return result
