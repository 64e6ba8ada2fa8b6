from datetime import date

import pytest

from app.models.outreach import OutreachPerson
from app.services import tabular
from app.services.outreach import importer
from tests.outreach.conftest import TODAY, add

CP1252_CSV = (
    "Naam;Voornaam;Straat;Huisnr;Postcode;Deelgemeente;Geboortedatum;Alleenwonend;"
    "Burgerlijke staat\r\n"
    "Van den Broeck;Jef;Kerkstraat;7 bus 2;2431;Sint-Maria-Heide;03/02/1941;ja;weduwnaar\r\n"
    "Peeters;Hélène;Kerkstraat;12A;2431;Sint-Maria-Heide;31/12/1938;nee;gehuwd\r\n"
    "D'Hondt;Rita;Molenweg;4;2431;Sint-Maria-Heide;31/02/1940;ja;weduwe\r\n"
    ";;Molenweg;5;2431;Sint-Maria-Heide;01/01/1940;ja;\r\n"
    "Vandenbroeck;Jef;Kerkstraat;7/2;2431;Sint-Maria-Heide;03/02/1941;ja;\r\n"
    "Claes;Jan;Dorp;1;2431;Sint-Maria-Heide;;misschien;\r\n"
)


def _write(tmp_path, name, text, encoding):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _import(db, campaign, path, **kw):
    with db.transaction() as s:
        return importer.import_file(s, campaign.id, path, today=TODAY, **kw)


def test_cp1252_semicolon_export(db, campaign, tmp_path):
    path = _write(tmp_path, "alleenwonenden.csv", CP1252_CSV, "cp1252")
    result = _import(db, campaign, path)
    # only the row without any name is skipped; a detail never drops a person
    assert result.added == 4
    assert [line for line, _ in result.duplicates] == [6]
    assert [line for line, _ in result.skipped] == [5]
    checked = {line: texts for line, _n, _a, texts in result.to_check}
    assert set(checked) == {4, 7}
    assert "31/02/1940" in checked[4][0] and "misschien" in checked[7][0]
    with db.session() as s:
        people = {p.last_name: p for p in s.query(OutreachPerson)}
    jef = people["Van den Broeck"]
    assert (jef.house_number, jef.box, jef.birth_date, jef.living_alone, jef.widowed) == (
        "7", "2", date(1941, 2, 3), True, True)
    assert people["Peeters"].first_name == "Hélène"
    assert people["Peeters"].house_number == "12A" and not people["Peeters"].widowed
    assert people["Peeters"].living_alone is False and people["Peeters"].warnings == ""
    rita = people["D'Hondt"]
    assert (rita.birth_date, rita.birth_year, rita.widowed) == (None, 1940, True)
    assert "31/02/1940" in rita.warnings
    assert people["Claes"].living_alone is None and "misschien" in people["Claes"].warnings


def test_utf8_bom_with_combined_address_and_keep_duplicates(db, campaign, tmp_path):
    text = ("Familienaam;Voornaam;Adres;Geboortejaar;Telefoon\n"
            "Janssens;Mia;Schoolstraat 14 bus 3;1950;014 11 22 33\n"
            "Janssens;Mia;Schoolstraat 14 bus 3;1950;\n")
    path = _write(tmp_path, "lijst.csv", "\ufeff" + text, "utf-8")
    result = _import(db, campaign, path, keep_duplicates=True)
    assert result.added == 2 and result.skipped == []
    with db.session() as s:
        p = s.query(OutreachPerson).first()
    assert (p.street, p.house_number, p.box, p.birth_year) == ("Schoolstraat", "14", "3", 1950)


def test_xlsx_export(db, campaign, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Naam", "Voornaam", "Straat", "Huisnummer", "Geboortedatum"])
    ws.append(["Wuyts", "Lotte", "Heidestraat", 2, date(1944, 5, 6)])
    ws.append(["Aerts", "Nele", "Heidestraat", "10", "06/05/1946"])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    result = _import(db, campaign, path)
    assert result.added == 2
    with db.session() as s:
        years = sorted(p.birth_year for p in s.query(OutreachPerson))
    assert years == [1944, 1946]


def test_duplicate_against_existing_list(db, campaign, tmp_path):
    add(db, campaign.id, first_name="Jef", last_name="Vandenbroeck", birth_year=1941)
    path = _write(tmp_path, "a.csv", CP1252_CSV, "cp1252")
    result = _import(db, campaign, path)
    assert [line for line, _ in result.duplicates] == [2, 6]


def test_bad_files_raise_clear_errors(db, campaign, tmp_path):
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    with pytest.raises(tabular.TableEmptyError):
        _import(db, campaign, empty)
    pdf = tmp_path / "lijst.csv"
    pdf.write_bytes(b"%PDF-1.4 not a table")
    with pytest.raises(tabular.TableFormatUnsupportedError):
        _import(db, campaign, pdf)
    no_name = _write(tmp_path, "x.csv", "Straat;Nr\nKerkstraat;1\n", "utf-8")
    with pytest.raises(importer.NoNameColumnError):
        _import(db, campaign, no_name)
    with db.session() as s:
        assert s.query(OutreachPerson).count() == 0


BOTH_ENGINES = True  # the tests that use `db` run on SQLite and on a real PostgreSQL
