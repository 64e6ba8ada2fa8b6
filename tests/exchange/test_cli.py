"""The command line: keys, export, import (dry run, result, conflicts, errors)."""
from __future__ import annotations

from app.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_keys_export_import_and_conflicts_from_the_command_line(tmp_path, capsys):
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    code, out = run(capsys, "keys", "create", "--db", str(a), "--name", "Anna",
                    "--organisation", "OCMW")
    assert code == 0 and "Vingerafdruk" in out
    assert run(capsys, "keys", "create", "--db", str(b), "--name", "Bert")[0] == 0
    assert run(capsys, "keys", "export", "--db", str(b), "--out", str(tmp_path / "b.json"))[0] == 0
    assert run(capsys, "keys", "trust", "--db", str(a), str(tmp_path / "b.json"))[0] == 0
    code, out = run(capsys, "keys", "show", "--db", str(a))
    assert code == 0 and "Bert" in out
    assert run(capsys, "demo", "--db", str(a))[0] == 0
    pkg = tmp_path / "full.bvx"
    code, out = run(capsys, "export", "--db", str(a), "--out", str(pkg), "--scope", "full",
                    "--to", str(tmp_path / "b.json"))
    assert code == 0 and pkg.exists()
    code, out = run(capsys, "import", "--db", str(b), str(pkg), "--dry-run")
    assert code == 0 and "nog niets gewijzigd" in out
    code, out = run(capsys, "import", "--db", str(b), str(pkg))
    assert code == 0 and "reservekopie" in out
    code, out = run(capsys, "import", "--db", str(b), str(pkg))
    assert code == 0 and "al geïmporteerd" in out
    # a conflicting edit on both sides: exit 0, the conflict listed, then settled by id
    import json

    from sqlalchemy import select

    from app.models.core import Action
    from app.services.database import open_database
    for path, name in ((a, "Bij Anna"), (b, "Bij Bert")):
        db = open_database(path)
        with db.transaction() as s:
            s.scalars(select(Action).order_by(Action.id)).first().name = name
        db.close()
    pkg2 = tmp_path / "full2.bvx"
    run(capsys, "export", "--db", str(a), "--out", str(pkg2), "--scope", "full",
        "--to", str(tmp_path / "b.json"))
    code, out = run(capsys, "import", "--db", str(b), str(pkg2), "--dry-run", "--json")
    preview = json.loads(out)
    assert preview["dry_run"] and [c["field"] for c in preview["conflicts"]] == ["name"]
    code, out = run(capsys, "import", "--db", str(b), str(pkg2))
    assert code == 0 and "Bij Anna" in out and "Bij Bert" in out
    code, out = run(capsys, "conflicts", "--db", str(b))
    assert "#1" in out
    code, out = run(capsys, "import", "--db", str(b), str(pkg2), "--dry-run", "--json")
    assert code == 0 and "already_imported" in json.loads(out)
    code, out = run(capsys, "conflicts", "--db", str(b), "--take", "1")
    assert code == 0 and "Er wachten geen conflicten" in out
    # a package for bert's key opened elsewhere with bert's exported secret key
    secret = tmp_path / "bert.key"
    assert run(capsys, "keys", "export", "--db", str(b), "--out", str(secret), "--secret")[0] == 0
    c = tmp_path / "c.sqlite3"
    code, out = run(capsys, "import", "--db", str(c), str(pkg), "--dry-run")
    assert code == 2
    code, out = run(capsys, "import", "--db", str(c), str(pkg), "--identity", str(secret))
    assert code == 0 and "In totaal" in out


def test_command_line_errors_are_calm(tmp_path, capsys):
    db = tmp_path / "a.sqlite3"
    (tmp_path / "x.bvx").write_bytes(b"geen pakket")
    code, out = run(capsys, "import", "--db", str(db), str(tmp_path / "x.bvx"))
    assert code == 2 and "geen uitwisselpakket" in out
    code, out = run(capsys, "export", "--db", str(db), "--out", str(tmp_path / "o.bvx"),
                    "--scope", "practices")
    assert code == 0  # the first export makes this installation's keys
    assert "geen persoonsgegevens" not in out  # no false promise about what travels
    lead_out = tmp_path / "lead.bvx"
    code, out = run(capsys, "export", "--db", str(db), "--out", str(lead_out), "--scope", "lead")
    # a lead package is always encrypted: without a lead key or a passphrase, no file at all
    assert code == 2 and "trekkende organisatie" in out and not lead_out.exists()
    code, out = run(capsys, "keys", "show", "--db", str(db))
    assert code == 0 and "Vingerafdruk" in out
    code, out = run(capsys, "export", "--db", str(db), "--out", str(tmp_path / "o.bvx"),
                    "--scope", "full")
    assert code == 2 and "versleuteld" in out


def test_cli_output_names_kinds_and_fields_in_user_words(tmp_path, capsys):
    """No table or column names in the Dutch output, and the conflicts counted in the
    inbox's unit (issue 14)."""
    import re

    from sqlalchemy import select

    from app.models.base import sync_models
    from app.models.core import Partner
    from app.services.database import open_database

    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    run(capsys, "keys", "create", "--db", str(a), "--name", "Els", "--organisation", "OCMW")
    run(capsys, "keys", "create", "--db", str(b), "--name", "Bert")
    run(capsys, "keys", "export", "--db", str(b), "--out", str(tmp_path / "b.json"))
    run(capsys, "demo", "--db", str(a))
    pkg = tmp_path / "one.bvx"
    run(capsys, "export", "--db", str(a), "--out", str(pkg), "--scope", "full",
        "--to", str(tmp_path / "b.json"))
    code, out = run(capsys, "import", "--db", str(b), str(pkg), "--dry-run")
    tables = {m.__tablename__ for m in sync_models()} - {"partner", "action", "persona", "idea"}
    words = set(re.findall(r"[a-z_]+", out))
    assert code == 0 and not words & tables, words & tables
    assert "Logboekregels" in out or "Acties" in out
    run(capsys, "import", "--db", str(b), str(pkg))
    for path, phone in ((a, "014 11"), (b, "014 22")):
        db = open_database(path)
        with db.transaction() as s:
            partner = s.scalars(select(Partner).order_by(Partner.name)).first()
            partner.phone, partner.contact_person = phone, f"Contact {phone}"
        db.close()
    pkg2 = tmp_path / "two.bvx"
    run(capsys, "export", "--db", str(a), "--out", str(pkg2), "--scope", "full",
        "--to", str(tmp_path / "b.json"))
    code, out = run(capsys, "import", "--db", str(b), str(pkg2), "--dry-run")
    assert "Aan beide kanten gewijzigd: 2 velden bij 1 partner." in out
    assert "conflict" not in out.lower().replace("conflicten", "")
    code, out = run(capsys, "import", "--db", str(b), str(pkg2))
    assert code == 0
    assert "Wacht op een keuze: 2 velden bij 1 partner." in out
    assert "Telefoon" in out and "contact_person" not in out and " phone" not in out
    assert "van Els" in out and "ours" not in out
