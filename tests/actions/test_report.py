"""The plan report and the step 6/7 print sections, read back with pypdf."""
from __future__ import annotations

from pypdf import PdfReader
from sqlalchemy import select

from app.models.core import Action, Trajectory
from app.services import i18n
from app.services.actions import report


def pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def demo_trajectory(db) -> str:
    with db.session() as s:
        return s.scalar(select(Trajectory.id))


def test_plan_report_for_the_board(demo_db, tmp_path):
    out = tmp_path / "plan.pdf"
    with demo_db.session() as s:
        report.write_plan_report(s, demo_trajectory(demo_db), out)
        names = [a.name for a in s.scalars(select(Action))]
    texts = pages(out)
    whole = "\n".join(texts)
    for heading in ("Plan tegen eenzaamheid", "Waar we werken en waarom", "Partners",
                    "Onze acties", "Bereik van de risicogroepen door onze acties",
                    "Werkzame elementen per actie", "Signalen aan het beleid",
                    "Voortgang en resultaten", "Sint-Maria-Heide"):
        assert heading in whole, heading
    assert "niet bereikt" in whole  # unreached groups said in words in the chart
    assert "Let op: maar 5 mensen" in whole  # small-group warning on the measurements
    sheets = [t for t in texts if "Actiefiche" in t]
    assert len(sheets) == len(names)  # one page per action
    for name in names:
        assert any(name in t for t in sheets), name
    assert "@" not in whole.replace("voorbeeld.be", "")


def test_plan_report_says_each_fact_once(demo_db, tmp_path):
    """The body summarises the actions; the details (impact answers, checks) stand once, on
    the action's own sheet, and the report is much shorter than body + sheets used to be."""
    from tests import pdfcheck

    out = tmp_path / "plan.pdf"
    with demo_db.session() as s:
        report.write_plan_report(s, demo_trajectory(demo_db), out)
        actions = list(s.scalars(select(Action)))
    texts = pages(out)
    flat = " ".join(" ".join(texts).split())
    checked = 0
    for action in actions:
        for answer in (action.impact_change, action.impact_evidence, action.impact_results):
            snippet = " ".join(answer.split())[:40]
            if len(snippet) >= 20:
                assert flat.count(snippet) == 1, snippet
                checked += 1
    assert checked >= 5
    assert len(texts) <= 2 * len(actions) + 1  # was 18 pages for 7 actions
    pdfcheck.assert_fonts_clean(out)
    assert pdfcheck.viewer_preferences(out)["/PrintScaling"] == "/None"


def test_plan_report_in_french(demo_db, tmp_path):
    i18n.set_language("fr")
    out = tmp_path / "plan-fr.pdf"
    with demo_db.session() as s:
        report.write_plan_report(s, demo_trajectory(demo_db), out)
    whole = "\n".join(pages(out))
    assert "Plan contre la solitude" in whole and "Fiche d’action" in whole


def test_plan_report_of_an_empty_trajectory(db, trajectory, tmp_path):
    out = tmp_path / "empty.pdf"
    with db.session() as s:
        report.write_plan_report(s, trajectory.id, out)
    whole = "\n".join(pages(out))
    assert "Nog geen acties." in whole and "Testdorp" in whole


def test_print_plan_command(demo_db, db_path, tmp_path, capsys):
    from app.cli import main

    demo_db.close()
    out = tmp_path / "cli.pdf"
    assert main(["print", "plan", "--db", str(db_path), "--out", str(out), "--lang", "en"]) == 0
    assert "Plan against loneliness" in pages(out)[0]
    missing = tmp_path / "none.pdf"
    assert main(["print", "plan", "--db", str(db_path), "--trajectory", "Nergens",
                 "--out", str(missing)]) == 2
    assert not missing.exists()
    assert "Nergens" in capsys.readouterr().err
    assert main(["print", "plan", "--db", str(tmp_path / "nope.sqlite3"), "--out",
                 str(missing)]) == 2
    assert not (tmp_path / "nope.sqlite3").exists()


def test_step_prints_hold_the_checklist_and_the_logs(demo_db, tmp_path):
    from app.services.printing.step_report import print_step

    tid = demo_trajectory(demo_db)
    with demo_db.session() as s:
        print_step(s, tid, 6, tmp_path / "s6.pdf")
        print_step(s, tid, 7, tmp_path / "s7.pdf")
    six = "\n".join(pages(tmp_path / "s6.pdf"))
    seven = "\n".join(pages(tmp_path / "s7.pdf"))
    assert "Checklist: alle acties samen" in six and "Belbus naar het dorpshuis" in six
    assert "Uitgeprobeerd:" in seven and "Kleine Grote Wensen" in seven
