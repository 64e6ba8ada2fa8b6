"""Safe cells for every XLSX and CSV the app writes (OWASP "CSV injection").

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel
and LibreOffice: a trajectory name `=HYPERLINK("http://x","click")` arriving in a package
would become a live link in the lead organisation's overview. Every writer goes through here:

- XLSX: `put(cell, value)` / `append_row(ws, values)`. Text is always a text cell
  (`data_type = "s"`, never "f") and one that starts like a formula also gets Excel's quote
  prefix, so editing the cell later does not turn it into a formula either. Characters XML
  cannot hold (NUL and other control characters) are dropped instead of crashing the save.
- CSV: `csv_cell(value)` / `write_csv(path, rows)`: text that starts like a formula gets a
  leading `'`.

Numbers, booleans, dates and datetimes stay real numbers and dates (a negative number is a
number, not a formula). Qt-free.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# what XML 1.0 cannot carry (openpyxl raises IllegalCharacterError on these)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TYPED = (bool, int, float, Decimal, date, datetime, time)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def clean_text(value: Any) -> str:
    """Text a spreadsheet cell can hold (XML 1.0: no NUL or other control characters)."""
    return _ILLEGAL.sub("", value if isinstance(value, str) else str(value))


def put(cell, value: Any):
    """Write `value` into an openpyxl cell, never as a formula. Returns the cell."""
    if value is None or isinstance(value, _TYPED):
        cell.value = value
        return cell
    text = clean_text(value)
    cell.value = text
    cell.data_type = "s"  # openpyxl made it "f" when it starts with "="
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def append_row(ws, values: Iterable[Any]) -> int:
    """`ws.append(values)`, safely. Returns the row number written."""
    values = list(values)
    ws.append([v if v is None or isinstance(v, _TYPED) else clean_text(v) for v in values])
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        put(ws.cell(row=row, column=column), value)
    return row


def csv_cell(value: Any) -> Any:
    """A value for a CSV writer: text that starts like a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, _TYPED):
        return value.isoformat() if isinstance(value, (date, datetime, time)) else value
    text = clean_text(value)
    return "'" + text if looks_like_formula(text) else text


def csv_text(rows: Iterable[Iterable[Any]], delimiter: str = ";") -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def write_csv(path: Path, rows: Iterable[Iterable[Any]], delimiter: str = ";",
              encoding: str = "utf-8-sig") -> Path:
    """A CSV file (Flemish Excel reads `;` and a BOM well), written atomically."""
    from app.services.atomic import atomic_write_bytes

    return atomic_write_bytes(Path(path), csv_text(rows, delimiter).encode(encoding))
