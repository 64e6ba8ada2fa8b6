"""Formula injection (OWASP): no XLSX or CSV the app writes starts a cell as a formula."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from app.services import spreadsheet

HOSTILE = ['=HYPERLINK("http://x","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1",
           "\r=1+1", "=cmd|' /C calc'!A0", "gewoon\x00tekst\x07", "  =1+1"]


def test_xlsx_cells_are_text_never_formulas(tmp_path):
    wb = Workbook()
    ws = wb.active
    spreadsheet.append_row(ws, ["Naam", "Aantal"])
    for text in HOSTILE:
        spreadsheet.append_row(ws, [text, -3, 0.5, date(2026, 1, 2), None, True])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    back = load_workbook(path).active
    rows = list(back.iter_rows(min_row=2))
    assert len(rows) == len(HOSTILE)
    for row, text in zip(rows, HOSTILE, strict=True):
        name = row[0]
        expected = text.replace("\x00", "").replace("\x07", "").replace("\r", "\n")  # XML
        assert name.data_type == "s" and name.value == expected
        if spreadsheet.looks_like_formula(text):
            assert name.quotePrefix  # editing the cell later keeps it text too
        # numbers and dates stay numbers and dates
        assert row[1].value == -3 and row[1].data_type == "n"
        assert row[2].value == 0.5
        assert row[3].value == datetime(2026, 1, 2) and row[3].is_date
        assert row[5].value is True
    raw = path.read_bytes()
    import zipfile
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet and raw


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_text_that_starts_like_a_formula_gets_a_quote(text):
    out = spreadsheet.csv_text([[text, -4, 2.5, date(2026, 3, 1)]])
    cells = next(csv.reader(io.StringIO(out), delimiter=";"))
    assert not spreadsheet.looks_like_formula(cells[0])
    assert cells[1:] == ["-4", "2.5", "2026-03-01"]  # a real negative number stays a number


def test_write_csv_is_atomic_and_readable_by_flemish_excel(tmp_path):
    path = spreadsheet.write_csv(tmp_path / "a.csv", [["Gemeente", "Waarde"],
                                                      ["=Heide", 3]])
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"'=Heide;3" in data
    assert list(tmp_path.iterdir()) == [path]
