"""The command line: demo, check, status."""
import json
import sqlite3
import subprocess
import sys

import pytest

from app.cli import main


def run(*args):
    return main(list(args))


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as info:
        run("--help")
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "check", "status", "gui", "print"):
        assert command in out


def test_demo_check_status(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert run("demo", "--db", str(db)) == 0
    assert run("check", "--db", str(db)) == 0
    assert run("--lang", "en", "status", "--db", str(db), "--json") == 0
    out = capsys.readouterr().out
    data = json.loads(out[out.index("["):])
    assert len(data) == 1 and data[0]["name"].startswith("Heidebeek")
    steps = data[0]["steps"]
    assert [s["step"] for s in steps] == list(range(8))
    assert all(0 <= s["progress"] <= 1 for s in steps)
    assert steps[0]["counts"]["focus_area"] == 3
    assert steps[1]["counts"]["partner"] >= 3


def test_demo_twice_is_refused_calmly(tmp_path, capsys):
    db = tmp_path / "demo.sqlite3"
    assert run("demo", "--db", str(db)) == 0
    assert run("--lang", "en", "demo", "--db", str(db)) == 2
    assert "already" in capsys.readouterr().err


def test_check_reports_a_damaged_file(tmp_path, capsys):
    db = tmp_path / "x.sqlite3"
    assert run("demo", "--db", str(db)) == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("UPDATE focus_area SET trajectory_id='00000000-0000-4000-8000-000000000000'")
    con.commit()
    con.close()
    assert run("--lang", "en", "check", "--db", str(db)) == 1
    assert "foreign key" in capsys.readouterr().out


def test_check_refuses_a_newer_file(tmp_path, capsys):
    db = tmp_path / "x.sqlite3"
    assert run("demo", "--db", str(db)) == 0
    con = sqlite3.connect(db)
    con.execute("INSERT INTO alembic_version VALUES ('zz_future_0001')")
    con.commit()
    con.close()
    assert run("--lang", "nl", "check", "--db", str(db)) == 3
    assert "nieuwere versie" in capsys.readouterr().out


def test_status_in_text_and_module_entry_point(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert run("demo", "--db", str(db)) == 0
    out = subprocess.run([sys.executable, "-m", "app", "--lang", "fr", "status", "--db", str(db)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Heidebeek" in out.stdout and "%" in out.stdout


def test_status_names_what_it_counts_in_user_words(tmp_path, capsys):
    """No table names (action_log, area_figure...) in the Dutch or French output (issue 14)."""
    import re

    from app.models.base import sync_models

    db = tmp_path / "demo.sqlite3"
    assert run("demo", "--db", str(db)) == 0
    capsys.readouterr()
    tables = {m.__tablename__ for m in sync_models()} | {"precondition_in_place",
                                                         "idea_action", "action_running"}
    for lang, words in (("nl", ("10 logboekregels", "9 partners")),
                        ("fr", ("10 entrées du journal", "9 partenaires"))):
        assert run("--lang", lang, "status", "--db", str(db)) == 0
        out = capsys.readouterr().out
        assert not set(re.findall(r"[a-z]+_[a-z_]+", out)) & tables, out
        for word in words:
            assert word in out, out
