"""`targets import / list / select` as a municipality's script runs them: the Christmas rule
("living alone and over 70") fed from a real register extract, JSON keys as documented."""
from __future__ import annotations

import json
from datetime import date

from app.cli import main
from tests.tablefiles import write_text, write_xlsx

EXTRACT = [
    ["Uittreksel bevolkingsregister"], [],
    ["INSZ", "Naam", "Voornaam", "Adres", "Postcode", "Gemeente", "Geboortedatum",
     "Aantal gezinsleden", "Burgerlijke staat"],
    ["25.02.03-123.45", "Peeters", "Maria", "Kerkstraat 7 bus 2", "2431", "Varendonk",
     "03/02/25", "1", "weduwe"],
    ["", "Claes", "Frans", "Dorp 2", "2431", "Veerle", "1937", "2", "gehuwd"],
    ["", "Janssens", "Jeanne", "Molenweg 4", "2431", "Veerle", "31/02/1940", "alleenwonend",
     "veuve"],
    ["", "Maes", "Rik", "Heidestraat 3", "2431", "Varendonk", "15/06/65", "1", "gescheiden"],
    ["", "", "", "Heidestraat 5", "2431", "Varendonk", "", "", ""],
]


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_list_and_select_like_a_script(db, db_path, trajectory, tmp_path, capsys):
    db.close()
    path = write_text(tmp_path / "uittreksel.csv", EXTRACT, "cp1252")
    base = ["--db", str(db_path), "--campaign", "Kerst"]
    code, out, _err = _run(capsys, "targets", "import", *base, str(path))
    assert code == 0
    assert "4 people added." in out and "line 6: Jeanne Janssens, Molenweg 4" in out
    assert "1 row skipped:" in out and "line 8: no name" in out
    assert "Not imported (national register number): “INSZ”." in out
    assert "2 birth dates had a year of two digits; 2 as 19xx" in out

    code, out, _err = _run(capsys, "targets", "list", *base, "--json")
    assert code == 0
    people = {p["last_name"]: p for p in json.loads(out)}
    assert set(people) == {"Peeters", "Claes", "Janssens", "Maes"}
    for p in people.values():
        assert {"last_name", "first_name", "street", "house_number", "box", "postcode", "place",
                "birth_date", "birth_year", "living_alone", "widowed", "on_visit_list",
                "warnings"} <= set(p)
    maria = people["Peeters"]
    assert (maria["street"], maria["house_number"], maria["box"], maria["place"]) == (
        "Kerkstraat", "7", "2", "Varendonk")
    assert (maria["birth_date"], maria["birth_year"], maria["living_alone"],
            maria["widowed"], maria["warnings"]) == ("1925-02-03", 1925, True, True, [])
    assert people["Claes"]["birth_date"] is None and people["Claes"]["birth_year"] == 1937
    assert people["Claes"]["living_alone"] is False and people["Claes"]["widowed"] is False
    jeanne = people["Janssens"]
    assert jeanne["birth_year"] == 1940 and jeanne["living_alone"] is True
    assert jeanne["warnings"] == ["birth date “31/02/1940” does not exist"]
    assert "25.02.03" not in out and "123.45" not in out

    code, out, _err = _run(capsys, "targets", "list", *base, "--json", "--needs-checking")
    assert [p["last_name"] for p in json.loads(out)] == ["Janssens"]

    # the Christmas rule: living alone and over 70 (Maes lives alone but is 61)
    code, out, _err = _run(capsys, "targets", "select", *base, "--alone-min-age", "70",
                           "--dry-run")
    assert code == 0 and "2 people match the rule (nothing was changed)." in out
    code, out, _err = _run(capsys, "targets", "list", *base, "--json")
    assert not any(p["on_visit_list"] for p in json.loads(out))
    code, out, _err = _run(capsys, "targets", "select", *base, "--alone-min-age", "70")
    assert "2 people match the rule and are on the visit list." in out
    code, out, _err = _run(capsys, "targets", "list", *base, "--json")
    chosen = sorted(p["last_name"] for p in json.loads(out) if p["on_visit_list"])
    assert chosen == ["Janssens", "Peeters"]
    # everyone from 85, widowed only, in one village; --replace takes the others off
    code, out, _err = _run(capsys, "targets", "select", *base, "--min-age", "85",
                           "--widowed", "--village", "varendonk", "--replace")
    assert "1 person matches" in out
    code, out, _err = _run(capsys, "targets", "list", *base, "--json")
    assert [p["last_name"] for p in json.loads(out) if p["on_visit_list"]] == ["Peeters"]


def test_xlsx_with_typed_cells_through_the_command_line(db, db_path, trajectory, tmp_path,
                                                       capsys):
    db.close()
    path = write_xlsx(tmp_path / "lijst.xlsx", [
        ["Naam", "Voornaam", "Straat", "Huisnummer", "Geboortedatum", "Gezinsgrootte", "Tel"],
        ["Wuyts", "Lotte", "Heidestraat", 2, date(1944, 5, 6), 1, 14112233],
        ["Aerts", "Nele", "Heidestraat", 10, date(1946, 6, 5), 2.0, "0471 12 34 56"]])
    base = ["--db", str(db_path), "--campaign", "Kerst"]
    assert _run(capsys, "targets", "import", *base, str(path))[0] == 0
    code, out, _err = _run(capsys, "targets", "list", *base, "--json")
    assert code == 0
    got = {p["last_name"]: (p["house_number"], p["birth_date"], p["living_alone"], p["phone"])
           for p in json.loads(out)}
    assert got == {"Wuyts": ("2", "1944-05-06", True, "014112233"),
                   "Aerts": ("10", "1946-06-05", False, "0471 12 34 56")}


def test_unknown_campaign_and_unreadable_file_fail_calmly(db, db_path, trajectory, tmp_path,
                                                         capsys):
    db.close()
    code, _out, err = _run(capsys, "targets", "list", "--db", str(db_path), "--campaign",
                           "Nope", "--json")
    assert code != 0 and "Nope" in err and "Traceback" not in err
    bad = tmp_path / "lijst.csv"
    bad.write_bytes(b"%PDF-1.4 nope")
    code, _out, err = _run(capsys, "targets", "import", "--db", str(db_path), "--campaign",
                           "Kerst", str(bad))
    assert code != 0 and "lijst.csv" in err and "Traceback" not in err
    # nothing was created for a file that could not be read
    code, _out, _err = _run(capsys, "targets", "list", "--db", str(db_path), "--campaign",
                           "Kerst", "--json")
    assert code != 0
