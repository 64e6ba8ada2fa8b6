"""tools/rename_errors.py: the `…Error` renames, replayable on a merged tree."""
from tools import rename_errors


def test_whole_words_only_and_twice_is_once():
    text = ("raise NoSuchPerson(name=x)  # not NoSuchPersonaX, not MyNoSuchPerson\n"
            "except (errors.TableEmpty, NoTrajectoryAtAll, NoTrajectory):\n"
            "Cancelled, NoSuchPersonError\n")
    once = rename_errors.rename(text)
    assert once == ("raise NoSuchPersonError(name=x)  # not NoSuchPersonaX, not MyNoSuchPerson\n"
                    "except (errors.TableEmptyError, NoTrajectoryAtAllError, NoTrajectoryError):\n"
                    "Cancelled, NoSuchPersonError\n")
    assert rename_errors.rename(once) == once


def test_the_tree_holds_no_old_name(tmp_path, capsys):
    assert [p for p in rename_errors.files() if rename_errors.PATTERN.search(
        p.read_text(encoding="utf-8"))] == []
    (tmp_path / "app").mkdir()
    old = tmp_path / "app" / "branch.py"
    old.write_text("from x import SamePerson\nraise SamePerson()\n", encoding="utf-8")
    assert rename_errors.main(["--root", str(tmp_path), "--dry-run"]) == 0
    assert old.read_text(encoding="utf-8").count("SamePerson()") == 1
    assert rename_errors.main(["--root", str(tmp_path)]) == 0
    assert old.read_text(encoding="utf-8") == (
        "from x import SamePersonError\nraise SamePersonError()\n")
    assert "app/branch.py" in capsys.readouterr().out
