"""Importing figures from real-world Flemish files: Excel's semicolon CSV in Windows-1252,
UTF-8 with a BOM, decimal commas, comma CSV, XLSX, and files that cannot be read."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.core import FocusArea
from app.models.groundwork import AreaFigure
from app.services import tabular
from app.services.groundwork import figure_import as fi
from app.services.i18n import set_language
from app.services.progress import Progress

EXCEL_CSV = (
    "Indicator;Waarde;Eenheid;Jaar;Bron;Deelgemeente;Referentie\r\n"
    "Alleenwonende 75-plussers;18,4;%;2024;Gemeente-Stadsmonitor;Sint-Maria-Heide;14,1\r\n"
    "Inwoners 80+;1.212;personen;2024;Statbel;Sint-Maria-Heide;\r\n"
    "Afstand tot bushalte;1,8;km;2023;De Lijn;Loonbeek;0,6\r\n"
)


@pytest.fixture
def areas(db, trajectory):
    with db.transaction() as s:
        s.add(FocusArea(trajectory_id=trajectory.id, name="Sint-Maria-Heide"))
        s.add(FocusArea(trajectory_id=trajectory.id, name="Loonbeek"))
    with db.session() as s:
        return dict(s.execute(select(FocusArea.name, FocusArea.id)).all())


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _preview(db, tid, path):
    table = fi.load(path)
    mapping = fi.suggest_mapping(table)
    with db.session() as s:
        return table, mapping, fi.preview(s, tid, table, mapping)


def _import(db, tid, rows, **kw):
    with db.transaction() as s:
        return fi.import_figures(s, tid, rows, **kw)


def _figures(db):
    with db.session() as s:
        return {f.indicator: f for f in s.scalars(select(AreaFigure))}


def test_excel_semicolon_csv_in_windows_1252(db, trajectory, areas, tmp_path):
    data = EXCEL_CSV.replace("Bron", "Bron (€)").encode("cp1252")
    path = _write(tmp_path, "cijfers.csv", data)
    table, mapping, rows = _preview(db, trajectory.id, path)
    assert table.encoding == "cp1252" and table.delimiter == ";"
    assert set(mapping) == {"indicator", "value", "unit", "year", "source", "area",
                            "reference_value"}
    assert all(r.ok for r in rows), [r.errors for r in rows]
    count, changes = _import(db, trajectory.id, rows)
    assert count == 3 and changes.touches("area_figure")
    figs = _figures(db)
    f = figs["Alleenwonende 75-plussers"]
    assert (f.value, f.unit, f.year, f.reference_value) == (18.4, "%", 2024, 14.1)
    assert f.focus_area_id == areas["Sint-Maria-Heide"]
    assert figs["Inwoners 80+"].value == 1212 and figs["Inwoners 80+"].reference_value is None
    assert figs["Afstand tot bushalte"].focus_area_id == areas["Loonbeek"]


def test_utf8_with_bom_and_accented_headers(db, trajectory, areas, tmp_path):
    text = ("Indicator;Waarde;Eenheid;Jaar;Buurt;Referentiewaarde;Vergeleken met\n"
            "Eénoudergezinnen;9,8;%;2024;sint-maria-heide;8,7;Vlaanderen\n")
    path = _write(tmp_path, "bom.csv", text.encode("utf-8-sig"))
    table, mapping, rows = _preview(db, trajectory.id, path)
    assert table.encoding == "utf-8-sig"
    assert mapping["reference_label"] == 6
    assert rows[0].ok and rows[0].area_id == areas["Sint-Maria-Heide"]  # case-insensitive
    _import(db, trajectory.id, rows)
    f = _figures(db)["Eénoudergezinnen"]
    assert (f.value, f.reference_value, f.reference_label) == (9.8, 8.7, "Vlaanderen")


def test_comma_csv_with_points(db, trajectory, areas, tmp_path):
    path = _write(tmp_path, "en.csv", b"Indicator,Value,Year\nNewcomers,11.2,2023\n")
    _table, _mapping, rows = _preview(db, trajectory.id, path)
    assert rows[0].ok and rows[0].values["value"] == 11.2 and rows[0].area_id is None


def test_xlsx_file(db, trajectory, areas, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Indicator", "Waarde", "Jaar", "Deelgemeente"])
    ws.append(["Land- en tuinbouwbedrijven", 37, 2024, "Loonbeek"])
    ws.append(["Mantelzorgpremies", 6.3, 2023, "Loonbeek"])
    path = tmp_path / "cijfers.xlsx"
    wb.save(path)
    _table, _mapping, rows = _preview(db, trajectory.id, path)
    assert [r.values["value"] for r in rows] == [37.0, 6.3]
    assert _import(db, trajectory.id, rows)[0] == 2


def test_rows_with_problems_are_reported_and_nothing_is_written(db, trajectory, areas,
                                                                tmp_path):
    set_language("en")
    text = ("Indicator;Waarde;Jaar;Deelgemeente\n"
            "Goed;1,5;2024;Loonbeek\n"
            ";2;2024;Loonbeek\n"
            "Geen getal;veel;2024;Loonbeek\n"
            "Raar jaar;3;twintig;Loonbeek\n"
            "Onbekend dorp;4;2024;Atlantis\n"
            "Leeg;;2024;Loonbeek\n")
    path = _write(tmp_path, "fout.csv", text.encode("cp1252"))
    _table, _mapping, rows = _preview(db, trajectory.id, path)
    assert [r.ok for r in rows] == [True, False, False, False, False, False]
    assert rows[1].line == 3
    assert "indicator is empty" in rows[1].errors[0]
    assert "“veel” is not a number" in rows[2].errors[0]
    assert "not a year" in rows[3].errors[0]
    assert "Atlantis" in rows[4].errors[0]
    assert "value is empty" in rows[5].errors[0]
    assert fi.summary(rows) == ("1 figure can be imported. 5 rows have a problem and will be "
                                "skipped.")
    with pytest.raises(fi.RowsWithProblemsError) as err:
        _import(db, trajectory.id, rows)
    assert "Rows with a problem: 5." in err.value.user_message()
    assert _figures(db) == {}
    assert _import(db, trajectory.id, rows, skip_invalid=True)[0] == 1
    assert list(_figures(db)) == ["Goed"]


def test_importing_the_same_file_twice_updates_instead_of_duplicating(db, trajectory, areas,
                                                                      tmp_path):
    path = _write(tmp_path, "cijfers.csv", EXCEL_CSV.encode("cp1252"))
    _t, _m, rows = _preview(db, trajectory.id, path)
    _import(db, trajectory.id, rows)
    changed = EXCEL_CSV.replace("18,4", "19,0")
    path.write_bytes(changed.encode("cp1252"))
    _t, _m, rows = _preview(db, trajectory.id, path)
    progress_calls = []
    count, _c = _import(db, trajectory.id, rows,
                        progress=Progress(lambda d, t, _x: progress_calls.append((d, t))))
    assert count == 3 and progress_calls[-1] == (3, 3)
    with db.session() as s:
        figs = s.scalars(select(AreaFigure)).all()
    assert len(figs) == 3
    assert {f.indicator: f.value for f in figs}["Alleenwonende 75-plussers"] == 19.0


def test_missing_required_column(db, trajectory, tmp_path):
    path = _write(tmp_path, "x.csv", b"Indicator;Bron\nA;B\n")
    table = fi.load(path)
    with db.session() as s, pytest.raises(fi.MissingColumnError):
        fi.preview(s, trajectory.id, table, fi.suggest_mapping(table))


@pytest.mark.parametrize("name,data,error", [
    ("leeg.csv", b"", tabular.TableEmptyError),
    ("alleen-kop.csv", b"Indicator;Waarde\n", tabular.TableEmptyError),
    ("rapport.pdf", b"%PDF-1.4\n%\xe2\xe3", tabular.TableFormatUnsupportedError),
    ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, tabular.TableDamagedError),
    ("kapot.xlsx", b"PK\x03\x04 dit is geen zip", tabular.TableDamagedError),
])
def test_files_that_cannot_be_read_give_a_clear_message(tmp_path, name, data, error):
    set_language("en")
    path = _write(tmp_path, name, data)
    with pytest.raises(error) as err:
        fi.load(path)
    message = err.value.user_message()
    assert name in message and "{" not in message


def test_missing_file(tmp_path):
    with pytest.raises(tabular.TableNotFoundError):
        fi.load(tmp_path / "weg.csv")


# --- long and wide statistics tables, typed cells ----------------------------------------------

from tests.tablefiles import write_ods, write_text, write_xlsx  # noqa: E402

LONG = [["Lokale Inburgerings- en Statistiekportaal – export"], [],
        ["Gemeente", "Indicator", "Jaar", "Waarde", "Eenheid"],
        ["Herselt", "Alleenwonende 75-plussers", "2024", "19,3", "%"],
        ["Herselt", "Gemiddelde gezinsgrootte", "2024", "2,125", "personen"],
        [],
        ["Loonbeek", "Inwoners 80+", "2023", "1.212", "personen"]]


def _figures_by_key(db):
    with db.session() as s:
        return {(f.indicator, f.place): f for f in s.scalars(select(AreaFigure))}


@pytest.mark.parametrize("kind", ["cp1252", "utf-8-bom", "utf-16"])
def test_long_format_with_the_municipality_as_place(db, trajectory, areas, tmp_path, kind):
    path = write_text(tmp_path / "export.csv", LONG, kind)
    table, mapping, rows = _preview(db, trajectory.id, path)
    assert table.header_line == 3 and [r.line for r in rows] == [4, 5, 7]
    assert mapping["place"] == 0 and "reference_value" not in mapping
    assert all(r.ok for r in rows), [r.errors for r in rows]
    assert _import(db, trajectory.id, rows)[0] == 3
    figs = _figures_by_key(db)
    f = figs[("Alleenwonende 75-plussers", "Herselt")]
    assert (f.value, f.unit, f.year, f.focus_area_id) == (19.3, "%", 2024, None)
    assert figs[("Gemiddelde gezinsgrootte", "Herselt")].value == 2.125
    loonbeek = figs[("Inwoners 80+", "Loonbeek")]
    assert loonbeek.value == 1212 and loonbeek.focus_area_id == areas["Loonbeek"]
    # the same file again changes nothing
    _t, _m, rows = _preview(db, trajectory.id, path)
    _import(db, trajectory.id, rows)
    assert len(_figures_by_key(db)) == 3


def test_xlsx_numbers_and_percent_cells_keep_their_value(db, trajectory, areas, tmp_path):
    path = write_xlsx(tmp_path / "cijfers.xlsx", [
        ["Gemeente", "Indicator", "Jaar", "Waarde", "Eenheid"],
        ["Herselt", "Alleenwonende 75-plussers", 2024, 0.193, None],
        ["Herselt", "Gemiddelde gezinsgrootte", 2024, 2.125, "personen"],
        ["Herselt", "Inwoners", 2024, 14250, "personen"]], percent_cells=((2, 4),))
    _table, _mapping, rows = _preview(db, trajectory.id, path)
    assert all(r.ok for r in rows)
    _import(db, trajectory.id, rows)
    figs = _figures_by_key(db)
    pct = figs[("Alleenwonende 75-plussers", "Herselt")]
    assert (pct.value, pct.unit) == (19.3, "%")
    assert figs[("Gemiddelde gezinsgrootte", "Herselt")].value == 2.125  # not 2125
    assert figs[("Inwoners", "Herselt")].value == 14250


def test_wide_table_one_column_a_year(db, trajectory, areas, tmp_path):
    path = write_ods(tmp_path / "reeks.ods", [
        ["Indicator", "Eenheid", "2022", "2023", "2024"],
        ["Inwoners 80+", "personen", 1180, 1195, 1212],
        ["Alleenwonend 75+", "%", 18.1, None, 19.3]])
    table, _mapping, rows = _preview(db, trajectory.id, path)
    assert table.encoding == "ods"
    got = sorted((r.values["indicator"], r.values["year"], r.values["value"], r.line)
                 for r in rows)
    assert got == [("Alleenwonend 75+", 2022, 18.1, 3), ("Alleenwonend 75+", 2024, 19.3, 3),
                   ("Inwoners 80+", 2022, 1180, 2), ("Inwoners 80+", 2023, 1195, 2),
                   ("Inwoners 80+", 2024, 1212, 2)]
    assert _import(db, trajectory.id, rows)[0] == 5
