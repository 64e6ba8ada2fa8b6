"""The shared table reader on files as people really have them."""
from datetime import date
from decimal import Decimal

import pytest

from app.services import tabular
from app.services.tabular import (
    TableDamaged,
    TableEmpty,
    TableFormatUnsupported,
    guess_mapping,
    parse_bool,
    parse_date_be,
    parse_decimal_be,
    read_table,
)

ROWS = [["Naam", "Straat", "Huisnr", "Geboortedatum", "Bedrag"],
        ["Josée Van den Broeck", "Kerkstraat", "7 bus 2", "03/02/1944", "1.234,50"],
        ["François D'Hondt", "Dorpsplein", "12A", "1/12/1950", "12,5"]]


def write_csv(path, rows, encoding, delimiter=";", bom=b""):
    text = "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"
    path.write_bytes(bom + text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding,bom,expected", [
    ("cp1252", b"", "cp1252"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("utf-8", b"", "utf-8"),
])
def test_excel_semicolon_csv_in_each_encoding(tmp_path, encoding, bom, expected):
    table = read_table(write_csv(tmp_path / "lijst.csv", ROWS, encoding, bom=bom))
    assert table.encoding == expected
    assert table.delimiter == ";"
    assert table.headers == ROWS[0]
    assert table.rows[0][0] == "Josée Van den Broeck"
    assert table.rows[1][0] == "François D'Hondt"


def test_comma_csv_with_quotes_and_blank_lines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Indicator,Waarde\n\n"Alleenwonend, 75+","12,5"\n', encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == ","
    assert table.rows == [["Alleenwonend, 75+", "12,5"]]


def test_xlsx_first_sheet_with_values(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Indicator", "Waarde", "Datum"])
    ws.append(["Aandeel 80+", 7.25, datetime(2024, 2, 3)])
    ws.append([None, None, None])
    ws.append(["Inwoners", 5321, None])
    wb.save(tmp_path / "cijfers.xlsx")
    table = read_table(tmp_path / "cijfers.xlsx")
    assert table.encoding == "xlsx"
    assert table.rows == [["Aandeel 80+", "7.25", "2024-02-03"], ["Inwoners", "5321", ""]]
    assert parse_decimal_be(table.rows[0][1]) == Decimal("7.25")
    assert parse_date_be(table.rows[0][2]) == date(2024, 2, 3)


@pytest.mark.parametrize("content,error", [
    (b"", TableEmpty),
    (b"Naam;Straat\r\n", TableEmpty),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, TableFormatUnsupported),
    (b"%PDF-1.7 ...", TableFormatUnsupported),
    (b"PK\x03\x04 not really a workbook", TableDamaged),
])
def test_bad_files_get_a_clear_error(tmp_path, content, error):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        read_table(path)
    assert "bad.csv" in info.value.user_message()


def test_missing_file(tmp_path):
    with pytest.raises(tabular.TableNotFound):
        read_table(tmp_path / "nope.csv")


@pytest.mark.parametrize("text,value", [
    ("1.234,5", Decimal("1234.5")), ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")),
    ("1.234", Decimal("1234")), ("1 234,5", Decimal("1234.5")), ("€ 3,20", Decimal("3.20")),
    ("45%", Decimal("45")), ("-0,75", Decimal("-0.75")), ("", None),
])
def test_belgian_numbers(text, value):
    assert parse_decimal_be(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12..5", "nan"])
def test_not_numbers(text):
    with pytest.raises(ValueError):
        parse_decimal_be(text)


def test_dates_day_first():
    assert parse_date_be("03/02/2024") == date(2024, 2, 3)
    assert parse_date_be("3-2-2024") == date(2024, 2, 3)
    assert parse_date_be("03.02.24") == date(2024, 2, 3)
    assert parse_date_be("1/1/45") == date(1945, 1, 1)
    assert parse_date_be("2024-02-03") == date(2024, 2, 3)
    for bad in ("31/02/2024", "2024/31/12", "morgen"):
        with pytest.raises(ValueError):
            parse_date_be(bad)


def test_yes_no():
    assert parse_bool("Ja") is True and parse_bool("x") is True and parse_bool("non") is False
    with pytest.raises(ValueError):
        parse_bool("misschien")


def test_header_guessing_ignores_case_accents_and_punctuation():
    headers = ["Naam", "Straat naam", "Huis-nr.", "Geboorte datum", "Opmerking"]
    mapping = guess_mapping(headers, {
        "name": ["naam", "nom"], "street": ["straatnaam", "straat"],
        "number": ["huisnummer", "huisnr"], "birth": ["geboortedatum"],
        "phone": ["telefoon"],
    })
    assert mapping == {"name": 0, "street": 1, "number": 2, "birth": 3}
