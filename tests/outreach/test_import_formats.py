"""A municipality's list of inhabitants in every format it comes in, with title rows, blank
lines, dd/mm/yy birth dates, a year alone, an impossible date, household and civil-status
words and a national-register-number column: every value that lands in the database is
checked, and the national numbers and unmapped columns are nowhere in the file's bytes."""
from __future__ import annotations

from datetime import date

import pytest

from app.models.outreach import OutreachPerson
from app.services.i18n import set_language
from app.services.outreach import checks, importer
from tests.outreach.conftest import TODAY
from tests.tablefiles import write_ods, write_text, write_xlsx

NRN = ("25.02.03-123.45", "37.01.01-222.18", "40.02.29-333.61")
SECRET = "GEHEIM-Dossier-4711"
HEADER = ["Rijksregisternummer", "Naam", "Voornaam", "Straat", "Huisnr", "Postcode",
          "Deelgemeente", "Geboortedatum", "Aantal gezinsleden", "Burgerlijke staat",
          "Dossiernotitie"]


def _rows(typed: bool) -> list:
    """Title rows, a blank row, the header on row 4, people from row 5 with a blank row 7."""
    one, two = (1, 2) if typed else ("1", "2")
    born = date(1925, 2, 3) if typed else "03/02/25"
    return [
        ["Bevolkingsregister – uittreksel 75+"], ["Toestand op 01/11/2026"], None, HEADER,
        [NRN[0], "Peeters", "Maria", "Kerkstraat", "7 bus 2", "2431", "Varendonk", born, one,
         "weduwe", SECRET],
        [NRN[1], "Claes", "Frans", "Dorp", "2", "2431", "Veerle", "1937", two, "gehuwd", ""],
        None,
        [NRN[2], "Janssens", "Jeanne", "Molenweg", "4", "2431", "Veerle", "31/02/1940",
         "alleenwonend", "veuve", ""],
        ["", "", "", "Molenweg", "5", "2431", "Veerle", "01/01/1940", "1", "", ""],
        ["", "", "Josée", "Heidestraat", "1", "2431", "Varendonk", "12.12.1938", "2 personen",
         "ongehuwd", ""],
        ["", "Maes", "Rik", "Heidestraat", "3", "2431", "Varendonk", "15/06/45", "isolé",
         "divorcé", ""],
        ["", "Smets", "Lea", "Dorp", "9", "2431", "Veerle", "01/01/2030", "x",
         "wettelijk samenwonend", "bel 93051822361"],
    ]


def _file(tmp_path, kind: str):
    if kind == "xlsx":
        return write_xlsx(tmp_path / "uittreksel.xlsx", _rows(typed=True))
    if kind == "ods":
        return write_ods(tmp_path / "uittreksel.ods", _rows(typed=True))
    rows = [r if r is not None else [] for r in _rows(typed=False)]
    return write_text(tmp_path / "uittreksel.csv", rows, kind)


KINDS = ["cp1252", "utf-8", "utf-8-bom", "utf-16", "xlsx", "ods"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_person_and_value_lands_right(db, db_path, campaign, tmp_path, kind):
    set_language("en")
    path = _file(tmp_path, kind)
    with db.transaction() as s:
        result = importer.import_file(s, campaign.id, path, today=TODAY)
    assert result.added == 6
    assert result.skipped and [line for line, _r in result.skipped] == [9]  # no name at all
    assert result.national_columns == ["Rijksregisternummer"]
    assert result.national_values == 1  # "93051822361" in a note column, also left out
    with db.session() as s:
        people = {(p.last_name, p.first_name): p for p in s.query(OutreachPerson)}
    got = {k: (p.street, p.house_number, p.box, p.postcode, p.place, p.birth_date,
               p.birth_year, p.living_alone, p.widowed, p.notes)
           for k, p in people.items()}
    assert got == {
        ("Peeters", "Maria"): ("Kerkstraat", "7", "2", "2431", "Varendonk", date(1925, 2, 3),
                               1925, True, True, ""),
        ("Claes", "Frans"): ("Dorp", "2", "", "2431", "Veerle", None, 1937, False, False, ""),
        ("Janssens", "Jeanne"): ("Molenweg", "4", "", "2431", "Veerle", None, 1940, True,
                                 True, ""),
        ("", "Josée"): ("Heidestraat", "1", "", "2431", "Varendonk", date(1938, 12, 12), 1938,
                        False, False, ""),
        ("Maes", "Rik"): ("Heidestraat", "3", "", "2431", "Varendonk", date(1945, 6, 15), 1945,
                          True, False, ""),
        ("Smets", "Lea"): ("Dorp", "9", "", "2431", "Veerle", None, None, True, False, ""),
    }
    codes = {k: [w["code"] for w in checks.load(p.warnings)] for k, p in people.items()}
    assert codes[("Peeters", "Maria")] == [] and codes[("Claes", "Frans")] == []
    assert codes[("Janssens", "Jeanne")] == ["birth_date_impossible"]
    assert codes[("", "Josée")] == ["no_last_name"]
    assert codes[("Smets", "Lea")] == ["birth_date_future"]
    # the lines are the ones the spreadsheet shows: title rows and blank rows counted
    lines = {name: line for line, name, _a, _t in result.to_check}
    assert lines == {"Jeanne Janssens": 8, "Josée": 10, "Lea Smets": 12}
    report = "\n".join(importer.report_lines(result))
    assert "Molenweg 4, Veerle" in report and "31/02/1940" in report
    assert "Rijksregisternummer" in report
    if kind not in ("xlsx", "ods"):
        assert "2 birth dates had a year of two digits" in report and "2 as 19xx" in report


@pytest.mark.parametrize("kind", ["cp1252", "xlsx"])
def test_national_numbers_and_unmapped_columns_are_nowhere_in_the_file(
        db, db_path, campaign, tmp_path, kind):
    path = _file(tmp_path, kind)
    with db.transaction() as s:
        importer.import_file(s, campaign.id, path, today=TODAY)
    db.close()
    data = b""
    for f in sorted(tmp_path.glob(db_path.name + "*")):
        data += f.read_bytes()
    assert b"Peeters" in data  # the people are there...
    for secret in (*NRN, SECRET, "93051822361", "250203123", "250203 123"):
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            assert secret.encode(enc) not in data, (secret, enc)
    digits = [n.replace(".", "").replace("-", "") for n in NRN]
    for d in digits:
        assert d.encode() not in data


def test_household_and_civil_status_words():
    alone = ["alleenwonend", "Alleenstaand", "alleen", "1 persoon", "1", 1.0, "isolé",
             "isolé(e)", "vit seul(e)", "Alleenwonende",
             "Isolée", "vit seul", "vit seule", "ja", "j", "x", "waar", "oui", "yes"]
    together = ["gezin", "samenwonend", "2 personen", "3 pers.", 2.0, "4", "nee", "n", "0",
                "onwaar", "non", "no", "niet alleenwonend", "en couple"]
    for word in alone:
        assert importer.parse_household(word) is True, word
    for word in together:
        assert importer.parse_household(word) is False, word
    assert importer.parse_household("") is None
    for bad in ("misschien", "0 personen", -1.0, 1.5):
        with pytest.raises(ValueError):
            importer.parse_household(bad)
    for word in ("weduwe", "Weduwnaar", "veuf", "veuve", "weduwe van J. Peeters"):
        assert importer.parse_civil_status(word) is True, word
    for word in ("gehuwd", "gehuwd(e)", "divorcé(e)", "gescheiden", "wettelijk samenwonend",
                 "ongehuwd", "marié", "divorcée", "cohabitant légal", "célibataire",
                 "feitelijk gescheiden"):
        assert importer.parse_civil_status(word) is False, word
    with pytest.raises(ValueError):
        importer.parse_civil_status("onbekend")


def test_two_digit_choice_and_report(db, campaign, tmp_path):
    set_language("en")

    def years(rows, choice):
        path = write_text(tmp_path / "a.csv", [["Naam", "Geboortedatum"], *rows], "utf-8")
        with db.session() as s:
            table = importer.read(path)
            prepared = importer.prepare(s, campaign.id, table, importer.guess(table), TODAY,
                                        two_digit=choice)
        return [r.values["birth_year"] for r in prepared], prepared

    # '30' can only be 1930 (2030 lies ahead): so '25' follows the column to 1925
    assert years([["A", "03/02/25"], ["B", "04/04/30"]], "auto")[0] == [1925, 1930]
    # '10' can only be 2010 (1910 would be 116): a list of children, so '25' is 2025
    assert years([["A", "03/02/25"], ["B", "04/04/10"]], "auto")[0] == [2025, 2010]
    # the worker's choice wins; a birth date after today is then left empty, with a warning
    got, prepared = years([["A", "03/02/25"], ["B", "04/04/30"]], "2000")
    assert got == [2025, None]
    assert [w["code"] for w in prepared.rows[1].warnings] == ["birth_date_future"]
    text = importer.two_digit_sentence(prepared.two_digit, "2000")
    assert "2 birth dates" in text and "20xx, as you chose" in text
    got, prepared = years([["A", "03/02/25"], ["B", "04/04/10"]], "1900")
    assert got == [1925, None]  # 1910: older than 110
    assert [w["code"] for w in prepared.rows[1].warnings] == ["birth_date_too_old"]


def test_editing_a_person_clears_only_the_warnings_that_no_longer_apply(db, campaign,
                                                                          tmp_path):
    from app.services.outreach.people import people_rows, update_person

    path = write_text(tmp_path / "a.csv", [["Naam", "Voornaam", "Adres", "Geboortedatum",
                                            "Alleenwonend"],
                                           ["Aerts", "Nele", "", "31/02/1940", "misschien"]],
                      "utf-8")
    with db.transaction() as s:
        importer.import_file(s, campaign.id, path, today=TODAY)
    with db.session() as s:
        [row] = people_rows(s, campaign.id, needs_checking=True)
    assert row["living_alone"] is None and row["birth_year"] == 1940
    assert len(row["warnings"]) == 3  # no address, impossible date, living alone unknown
    with db.transaction() as s:
        update_person(s, row["id"], living_alone=True)
    with db.session() as s:
        [row] = people_rows(s, campaign.id)
    assert len(row["warnings"]) == 2 and row["living_alone"] is True
    with db.transaction() as s:
        update_person(s, row["id"], birth_date=date(1940, 2, 28), street="Dorp",
                      house_number="3")
    with db.session() as s:
        assert people_rows(s, campaign.id, needs_checking=True) == []
