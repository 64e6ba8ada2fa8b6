"""The `groundwork` command: import figures, coverage and readiness from the command line."""
from __future__ import annotations

from sqlalchemy import select

from app.cli import main
from app.models.core import FocusArea
from app.models.groundwork import AreaFigure


def _db_with_area(db, trajectory):
    with db.transaction() as s:
        s.add(FocusArea(trajectory_id=trajectory.id, name="Loonbeek"))


def test_import_figures_dry_run_then_for_real(db, db_path, trajectory, tmp_path, capsys):
    _db_with_area(db, trajectory)
    db.close()
    csv = tmp_path / "cijfers.csv"
    csv.write_bytes("Indicator;Waarde;Jaar;Deelgemeente\r\nNieuwkomers;11,2;2024;Loonbeek\r\n"
                    "Fout;;2024;Loonbeek\r\n".encode("cp1252"))
    args = ["--lang", "en", "groundwork", "import-figures", "--db", str(db_path), str(csv)]
    # a dry run that would import nothing (a real run stops at the bad row) says so and fails
    assert main([*args, "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "Line 3: The value is empty." in out and "1 figure can be imported" in out
    assert "Rows with a problem: 1." in out
    assert main([*args, "--dry-run", "--skip-invalid"]) == 0
    capsys.readouterr()
    assert main(args) == 2  # rows with problems: nothing written
    assert "Rows with a problem: 1." in capsys.readouterr().err
    assert main([*args, "--skip-invalid"]) == 0
    assert "1 figure saved." in capsys.readouterr().out
    from app.services.database import open_database

    again = open_database(db_path)
    with again.session() as s:
        assert s.scalars(select(AreaFigure.indicator)).all() == ["Nieuwkomers"]
    again.close()


def test_coverage_and_readiness_of_the_demo(demo_db, db_path, capsys):
    demo_db.close()
    assert main(["--lang", "en", "groundwork", "coverage", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Dinsdagsoep in De Linde" in out and "Farmers  ⚠ not reached" in out
    assert main(["--lang", "en", "groundwork", "readiness", "--db", str(db_path)]) == 1
    assert "Not ready to start yet" in capsys.readouterr().out
    assert main(["--lang", "en", "groundwork", "readiness", "--db", str(db_path),
                 "--trajectory", "Elders"]) == 2
    assert "no trajectory called “Elders”" in capsys.readouterr().err


def test_long_export_then_figures_as_json(db, db_path, trajectory, tmp_path, capsys):
    import json

    db.close()
    csv = tmp_path / "export.csv"
    csv.write_bytes(("Gemeente;Indicator;Jaar;Waarde;Eenheid\r\n"
                     "Herselt;Alleenwonende 75-plussers;2024;19,3;%\r\n"
                     "Herselt;Gemiddelde gezinsgrootte;2024;2,125;personen\r\n")
                    .encode("cp1252"))
    args = ["--lang", "en", "groundwork", "import-figures", "--db", str(db_path), str(csv)]
    assert main([*args, "--dry-run"]) == 0
    assert main(args) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "groundwork", "figures", "--db", str(db_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    got = sorted((f["label"], f["value"], f["unit"], f["year"], f["place"]) for f in figures)
    assert got == [("Alleenwonende 75-plussers", 19.3, "%", 2024, "Herselt"),
                   ("Gemiddelde gezinsgrootte", 2.125, "personen", 2024, "Herselt")]


def test_dry_run_that_would_import_nothing_fails_with_the_reasons(db, db_path, trajectory,
                                                                 tmp_path, capsys):
    db.close()
    csv = tmp_path / "fout.csv"
    csv.write_bytes("Indicator;Waarde;Jaar\r\nA;veel;2024\r\nB;;twintig\r\n".encode("cp1252"))
    args = ["--lang", "en", "groundwork", "import-figures", "--db", str(db_path), str(csv)]
    assert main([*args, "--dry-run", "--skip-invalid"]) == 1
    out = capsys.readouterr().out
    assert "Line 2: “veel” is not a number (Value)." in out
    assert "Line 3: The value is empty." in out and "Line 3: “twintig” is not a year." in out
    assert "Nothing in this file can be imported as a figure." in out
    assert main([*args, "--skip-invalid"]) != 0
