"""A list as the user sees it, written to an Excel file: the visible columns in their order,
every row the filter lets through, dates as real dates and numbers as numbers.

Text that Excel would read as a formula (starting with = + - @, a tab or a carriage return:
OWASP "CSV injection") is written as plain text, so a name typed as "=HYPERLINK(...)" in a
shared record can never run in someone's spreadsheet.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

from app.services import spreadsheet
from app.services.atomic import atomic_write
from app.services.progress import Progress

DATE_FORMAT = "d/m/yyyy"
DATETIME_FORMAT = "d/m/yyyy h:mm"
MAX_WIDTH = 60
WIDTH_SAMPLE = 200


def _formula_safe(value: Any) -> bool:
    """True when `value` is text that a spreadsheet would take for a formula."""
    return isinstance(value, str) and spreadsheet.looks_like_formula(value)


def cell_value(value: Any) -> Any:
    """What a cell holds: numbers and dates stay typed, the rest becomes text."""
    if value is None:
        return None
    if isinstance(value, bool):  # before int: a bool is an int to Python
        return str(value)
    if isinstance(value, (int, float, Decimal, date, datetime)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone().replace(tzinfo=None)  # Excel has no time zones
        return value
    if isinstance(value, (list, tuple)):
        return spreadsheet.clean_text(", ".join(str(v) for v in value))
    return spreadsheet.clean_text(value)


def write_xlsx(path: Path | str, title: str, headers: list[str], rows: Iterable[list[Any]],
               total: int = 0, progress: Progress | None = None) -> Path:
    """Write `rows` under `headers` to `path` (atomically: a half-written file never takes
    the place of a good one). Raises Cancelled, leaving nothing behind, when cancelled."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    progress = progress or Progress()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    widths = [len(h) for h in headers]
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        if _formula_safe(text):
            cell.data_type = "s"
        header_cells.append(cell)
    # column widths go before the first row in a streamed sheet: measure the first rows
    rows = iter(rows)
    head = [row for row in (next(rows, None) for _i in range(WIDTH_SAMPLE))
            if row is not None]
    for row in head:
        for i, raw in enumerate(row[:len(widths)]):
            value = cell_value(raw)
            shown = 10 if isinstance(value, (date, datetime)) else len(str(value or ""))
            widths[i] = max(widths[i], shown)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    sheet.append(header_cells)
    n = 0
    for n, row in enumerate(chain(head, rows), start=1):
        sheet.append([_cell(sheet, raw) for raw in row])
        if n % 500 == 0:
            progress.step(n, total)
    progress.check()
    return atomic_write(path, workbook.save)


def _cell(sheet, raw: Any):
    from openpyxl.cell import WriteOnlyCell

    value = cell_value(raw)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif _formula_safe(value):
        cell.data_type = "s"  # text, never a formula
    return cell


def _sheet_title(title: str) -> str:
    """Excel refuses []:*?/\\ in a sheet name and names over 31 characters."""
    clean = "".join(" " if c in '[]:*?/\\' else c for c in title).strip()
    return (clean or "List")[:31]
