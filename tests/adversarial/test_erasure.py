"""The adversarial checks of issue 12 report zeros (tests/adversarial/checks_erasure.py)."""
from __future__ import annotations

from tests.adversarial import checks_erasure


def test_every_count_is_zero(tmp_path):
    found = checks_erasure.counts(tmp_path)
    assert set(found) >= {"erased strings found", "lead-scope free-text columns in clear",
                          "lead-scope personal columns in clear", "formula cells"}
    assert found == dict.fromkeys(found, 0)


def test_the_lead_scope_search_really_sees_what_travels(tmp_path):
    """The marker search is not blind: safe columns (names of actions, codes) are found."""
    free, personal, safe = checks_erasure.lead_columns_in_clear(tmp_path)
    assert (free, personal) == (set(), set())
    assert ("action", "name") in safe and ("trajectory", "municipality") in safe
    assert len(safe) >= 10


def test_the_formula_check_catches_an_unsafe_writer(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(['=HYPERLINK("http://x","click")', "@SUM(A1)"])  # a careless writer
    wb.save(tmp_path / "bad.xlsx")
    assert checks_erasure.xlsx_formula_cells(tmp_path / "bad.xlsx") >= 2
    (tmp_path / "bad.csv").write_text("=1+1;-2+3\n", encoding="utf-8")
    assert checks_erasure.csv_formula_cells(tmp_path / "bad.csv") == 2
