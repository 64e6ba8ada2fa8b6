"""`python -m app sync`: one pass from the command line, as scripts at a municipality run it."""
from __future__ import annotations

from app.cli import main
from app.services.exchange import keys, mailbox


def key_file(laptop, folder):
    path = folder / f"{laptop.name}.bvkey"
    path.write_text(keys.public_key_json(laptop.public), encoding="utf-8")
    return path


def test_sync_with_a_folder_sends_and_remembers_the_mailbox(laptops, tmp_path, capsys):
    an, lead = laptops("an", "OCMW Heidebeek"), laptops("lies", "Welzijnsvereniging")
    lead.trust(an)
    folder = tmp_path / "share"
    folder.mkdir()
    with an.db.transaction() as s:
        from app.models.core import Trajectory

        s.add(Trajectory(name="Heidebeek", municipality="Heidebeek"))
    args = ["--lang", "en", "sync", "--db", str(an.db.path), "--folder", str(folder),
            "--to", str(key_file(lead, tmp_path)), "--scope", "lead"]
    an.close()
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would send to lies (lead): 1 change" in out
    assert list(folder.iterdir()) == []
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "sent to lies (lead): 1 item" in out
    assert len([p for p in folder.iterdir() if p.name.endswith(".bvx")]) == 1
    # the folder is now a mailbox of its own: the next pass by name has nothing new
    assert main(["--lang", "en", "sync", "--db", str(an.db.path), "--mailbox", "share"]) == 0
    assert "nothing new to send" in capsys.readouterr().out
    # the lead organisation picks it up with --yes
    with lead.db.transaction() as s:
        mailbox.save_mailbox(s, "Heidebeek", folder, [])
    lead.close()
    assert main(["--lang", "en", "sync", "--db", str(lead.db.path), "--yes"]) == 0
    assert "received from an: 1 change" in capsys.readouterr().out


def test_sync_without_yes_leaves_packages_waiting(laptops, tmp_path, capsys):
    an, bo = laptops("an"), laptops("bo")
    an.trust(bo)
    bo.trust(an)
    folder = tmp_path / "share"
    folder.mkdir()
    for x, y in ((an, bo), (bo, an)):
        with x.db.transaction() as s:
            mailbox.save_mailbox(s, "Team", folder, [mailbox.RecipientSpec(y.public.fingerprint,
                                                                           "full")])
    with an.db.transaction() as s:
        from app.models.core import Trajectory

        s.add(Trajectory(name="Heidebeek", municipality="Heidebeek"))
    mailbox.sync(an.db)
    bo.close()
    assert main(["--lang", "nl", "sync", "--db", str(bo.db.path)]) == 0
    out = capsys.readouterr().out
    assert "wacht: 1 pakket" in out and "--yes" in out


def test_sync_exit_codes(laptops, tmp_path, capsys):
    an = laptops("an")
    an.close()
    db = str(an.db.path)
    assert main(["--lang", "en", "sync", "--db", db]) == 1
    assert "No mailbox is set up" in capsys.readouterr().out
    assert main(["--lang", "en", "sync", "--db", db, "--mailbox", "Nergens"]) == 2
    assert "no mailbox called “Nergens”" in capsys.readouterr().err
    assert main(["--lang", "en", "sync", "--db", db, "--folder", str(tmp_path)]) == 2
    assert "go together" in capsys.readouterr().err


def test_an_unreachable_mailbox_makes_the_pass_fail(laptops, tmp_path, capsys):
    an, bo = laptops("an"), laptops("bo")
    an.trust(bo)
    with an.db.transaction() as s:
        mailbox.save_mailbox(s, "Stick", tmp_path / "E:" / "gone",
                             [mailbox.RecipientSpec(bo.public.fingerprint, "full")])
    an.close()
    assert main(["--lang", "en", "sync", "--db", str(an.db.path)]) == 1
    assert "cannot be reached" in capsys.readouterr().out
