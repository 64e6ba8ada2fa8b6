"""The shared table reader on files as people really have them."""
from datetime import date
from decimal import Decimal

import pytest

from app.services import tabular
from app.services.tabular import (
    TableDamagedError,
    TableEmptyError,
    TableFormatUnsupportedError,
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


def test_xlsx_cells_keep_their_type(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Indicator", "Waarde", "Datum"])
    ws.append(["Aandeel 80+", 7.25, datetime(2024, 2, 3)])
    ws.append([None, None, None])
    ws.append(["Gezinsgrootte", 2.125, None])
    ws.append(["Inwoners", 5321, None])
    wb.save(tmp_path / "cijfers.xlsx")
    table = read_table(tmp_path / "cijfers.xlsx")
    assert table.encoding == "xlsx"
    assert table.rows == [["Aandeel 80+", 7.25, date(2024, 2, 3)], ["Gezinsgrootte", 2.125, ""],
                          ["Inwoners", 5321, ""]]
    assert table.lines == [2, 4, 5]
    assert parse_decimal_be(table.rows[1][1]) == Decimal("2.125")  # not 2125
    assert parse_date_be(table.rows[0][2]) == date(2024, 2, 3)


@pytest.mark.parametrize("content,error", [
    (b"", TableEmptyError),
    (b"Naam;Straat\r\n", TableEmptyError),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, TableDamagedError),
    (b"\x00\x01\x02\x03binary\x00\x00\x00\xff\x00", TableFormatUnsupportedError),
    (b"%PDF-1.7 ...", TableFormatUnsupportedError),
    (b"PK\x03\x04 not really a workbook", TableDamagedError),
])
def test_bad_files_get_a_clear_error(tmp_path, content, error):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        read_table(path)
    assert "bad.csv" in info.value.user_message()


def test_missing_file(tmp_path):
    with pytest.raises(tabular.TableNotFoundError):
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


# --- every format, as municipalities send them ---------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.tablefiles import write_ods, write_text, write_xlsx  # noqa: E402

KNOWN = ["naam", "voornaam", "straat", "geboortedatum", "gezinsgrootte"]
TITLED = [["Lijst inwoners 75+ — Gemeente Herselt"], ["Toestand op 01/11/2026"], [],
          ["Naam", "Voornaam", "Straat", "Geboortedatum", "Gezinsgrootte"],
          ["Peeters", "Josée", "Kerkstraat 7", "03/02/25", "1"],
          [],
          ["Claes", "Frans", "Dorp 2", "1937", "2"]]


@pytest.mark.parametrize("kind,encoding", [("cp1252", "cp1252"), ("utf-8", "utf-8"),
                                           ("utf-8-bom", "utf-8-sig"), ("utf-16", "utf-16")])
def test_text_with_title_rows_and_blank_lines(tmp_path, kind, encoding):
    path = write_text(tmp_path / "lijst.txt", TITLED, kind)
    table = read_table(path, known_headers=KNOWN)
    assert table.encoding == encoding
    assert table.delimiter == ("\t" if kind == "utf-16" else ";")
    assert table.headers == TITLED[3]
    assert table.header_line == 4
    assert table.rows == [TITLED[4], TITLED[6]]
    assert table.lines == [5, 7]  # the row numbers Excel shows, blank lines counted


def test_utf16_without_bom_is_read_too(tmp_path):
    path = tmp_path / "u.txt"
    path.write_bytes("Naam\tStraat\r\nJosée\tKerkstraat\r\n".encode("utf-16-le"))
    table = read_table(path)
    assert table.encoding == "utf-16" and table.rows == [["Josée", "Kerkstraat"]]


def test_a_quoted_line_break_is_one_row_like_in_excel(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('Naam;Opmerking\n"Peeters";"twee\nregels"\nClaes;x\n', encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["Peeters", "twee\nregels"], ["Claes", "x"]]
    assert table.lines == [2, 3]


def test_ods_is_a_spreadsheet_not_a_damaged_xlsx(tmp_path):
    path = write_ods(tmp_path / "lijst.ods", [
        ["Inwoners van Heide"], None,
        ["Naam", "Geboortedatum", "Gezinsgrootte", "Aandeel"],
        ["Peeters", date(1925, 2, 3), 1, 2.125], None, ["Claes", "03/02/25", 2, 19.3]])
    table = read_table(path, known_headers=KNOWN)
    assert table.encoding == "ods" and table.header_line == 3
    assert table.rows == [["Peeters", date(1925, 2, 3), 1, 2.125],
                          ["Claes", "03/02/25", 2, 19.3]]
    assert table.lines == [4, 6]


def test_other_zip_files_are_refused_clearly(tmp_path):
    import zipfile

    path = tmp_path / "brief.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(TableFormatUnsupportedError):
        read_table(path)


def test_xlsx_percent_cell_and_title_rows(tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", [
        ["Cijfers voor Herselt"], None, ["Gemeente", "Indicator", "Waarde"],
        ["Herselt", "Alleenwonend 75+", 0.193], ["Herselt", "Gezinsgrootte", 2.125]],
        percent_cells=((4, 3),))
    table = read_table(path, known_headers=["gemeente", "indicator", "waarde"])
    assert table.headers == ["Gemeente", "Indicator", "Waarde"] and table.lines == [4, 5]
    assert isinstance(table.rows[0][2], tabular.Percent)
    assert parse_decimal_be(table.rows[0][2]) == Decimal("19.3")
    assert tabular.is_percent(table.rows[0][2]) and not tabular.is_percent(table.rows[1][2])
    assert parse_decimal_be(table.rows[1][2]) == Decimal("2.125")


def test_two_digit_birth_years_go_to_the_century_of_the_column():
    today = date(2026, 11, 20)
    col = [tabular.split_date(v) for v in ("03/02/25", "1/1/1931", "12.12.40", "4/4/19",
                                           "", "31/02/38")]
    out, stats = tabular.resolve_birth_years(col, today)
    assert out[0].to_date() == date(1925, 2, 3)  # 2025 possible too, but the column is 19xx
    assert out[2].to_date() == date(1940, 12, 12)
    assert out[3].to_date() == date(1919, 4, 4)  # 2019 possible: a 7-year-old; column says 19xx
    assert out[4] is None and out[5].year == 1938
    assert stats["two_digit"] == 4 and stats["to_1900"] == 4
    forced, stats = tabular.resolve_birth_years(col, today, "2000")
    assert forced[0].year == 2025 and stats["to_2000"] == 4
    # a birth date never after today: 30/12/26 can only be 1926
    [late], _s = tabular.resolve_birth_years([tabular.split_date("30/12/26")], today)
    assert late.year == 1926
    # nobody is older than 110: 05/05/10 in a list of children is 2010
    kids, _s = tabular.resolve_birth_years([tabular.split_date(v) for v in
                                             ("05/05/10", "1/1/2015")], today)
    assert kids[0].year == 2010


def test_split_date_forms():
    assert tabular.split_date("1937") == tabular.DateParts(1937)
    assert tabular.split_date(1937.0) == tabular.DateParts(1937)
    assert tabular.split_date("31/02/1940") == tabular.DateParts(1940, 2, 31)
    with pytest.raises(ValueError):
        tabular.split_date("31/02/1940").to_date()
    assert tabular.split_date("1940-02-03 00:00:00").to_date() == date(1940, 2, 3)
    for bad in ("morgen", "12/1940", "2.5", "1/2/3/4"):
        with pytest.raises(ValueError):
            tabular.split_date(bad)


@pytest.mark.parametrize("value,yes", [
    ("93.05.18-223.61", True), ("93051822361", True), ("00.01.01-001.37", True),
    ("93051822362", False), ("014 11 22 33", False), ("0471234567", False), (93051822361.0, True),
])
def test_national_register_numbers_are_recognised(value, yes):
    assert tabular.looks_like_national_number(value) is yes


def test_national_number_columns_by_heading_or_by_content(tmp_path):
    path = write_text(tmp_path / "r.csv", [["Naam", "INSZ", "Code", "Tel"],
                                           ["A", "", "93.05.18-223.61", "014 11 22 33"],
                                           ["B", "x", "", "0471 12 34 56"]], "utf-8")
    assert tabular.national_number_columns(read_table(path)) == [1, 2]


def test_skipped_rows_csv_is_formula_safe_and_opens_in_excel(tmp_path):
    out = tabular.write_csv(tmp_path / "overgeslagen.csv", ["Naam", "Opmerking"],
                            [["=HYPERLINK(\"x\")", "+32 14"], ["@SUM(A1)", "-1"],
                             ["\tTab", "gewoon"], [date(1925, 2, 3), 2.125]])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = read_table(out)
    assert table.rows == [["'=HYPERLINK(\"x\")", "'+32 14"], ["'@SUM(A1)", "'-1"],
                          ["'\tTab", "gewoon"], ["03/02/1925", "2,125"]]
    assert not list(tmp_path.glob("*.part"))


# --- property tests: a value a spreadsheet writes comes back as that value -----------------------

def _belgian(value: Decimal, grouped: bool) -> str:
    sign = "-" if value < 0 else ""
    whole, _dot, frac = f"{abs(value):f}".partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", ".")
    return sign + whole + ("," + frac if frac else "")


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False),
       st.booleans())
@settings(max_examples=300, deadline=None)
def test_property_belgian_numbers_round_trip(value, grouped):
    text = _belgian(value, grouped)
    if "," not in text and "." in text and not grouped:
        return  # cannot happen: an ungrouped whole number has no dot
    assert parse_decimal_be(text) == value


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
@settings(max_examples=300, deadline=None)
def test_property_number_cells_stay_that_number(value):
    assert float(parse_decimal_be(value)) == value


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
       st.sampled_from(["%d/%m/%Y", "{d}/{m}/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y"]))
@settings(max_examples=300, deadline=None)
def test_property_belgian_dates_round_trip(day, pattern):
    text = day.strftime(pattern.format(d=day.day, m=day.month))
    assert tabular.split_date(text).to_date() == day
    assert tabular.split_date(day).to_date() == day


@given(st.lists(st.dates(min_value=date(1916, 11, 21), max_value=date(1960, 12, 31)),
                min_size=1, max_size=30),
       st.sampled_from(["%d/%m/%y", "{d}/{m}/%y"]))
@settings(max_examples=200, deadline=None)
def test_property_two_digit_birth_years_of_older_people(days, pattern):
    """LibreOffice nl-BE writes dd/mm/yy: a list of people born 1916–1960 comes back whole."""
    today = date(2026, 11, 20)
    col = [tabular.split_date(d.strftime(pattern.format(d=d.day, m=d.month))) for d in days]
    out, _stats = tabular.resolve_birth_years(col, today)
    assert [p.to_date() for p in out] == days


def test_national_numbers_inside_text_are_taken_out():
    assert tabular.strip_national_numbers("bel 93051822361 of 014 11 22 33") == (
        "bel of 014 11 22 33", 1)
    assert tabular.strip_national_numbers("RRN 25.02.03-123.45.") == ("RRN .", 1)
    assert tabular.strip_national_numbers("rekening 12345678901") == ("rekening 12345678901", 0)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_reading(tmp_path):
    import zipfile

    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _i in range(700):
                fh.write(block)
    assert path.stat().st_size < 5 * 1024 * 1024
    with pytest.raises(tabular.TableTooLargeError):
        read_table(path)


def test_only_title_rows_and_headings_is_an_empty_table(tmp_path):
    path = write_text(tmp_path / "leeg.csv", [["Lijst"], [], ["Naam", "Straat"], [], []],
                      "utf-8")
    with pytest.raises(TableEmptyError):
        read_table(path, known_headers=KNOWN)
