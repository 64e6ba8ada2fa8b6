"""One rule for the data file and the trajectory of every command (app.services.command_line).

`--db` means the same wherever it is written (`keys --db X create` as `keys create --db X`),
and every command that acts on one trajectory picks it the same way: the named one, else the
only one, else a refusal that lists the names."""
from __future__ import annotations

import argparse

import pytest

from app.cli import build_parser, main
from app.models.core import Trajectory
from app.services import command_line


def _value_for(action: argparse.Action) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    return "1" if action.type is int else "x"


def _required(parser: argparse.ArgumentParser) -> list[str]:
    """The least a parser needs besides --db: its required options and positionals."""
    argv: list[str] = []
    groups = {id(a) for g in parser._mutually_exclusive_groups if g.required
              for a in g._group_actions[1:]}  # one member of a required group is enough
    for action in parser._actions:
        if action.dest == "db" or id(action) in groups or action.dest in ("help", "lang"):
            continue
        if isinstance(action, argparse._SubParsersAction):
            continue
        if not action.option_strings:
            argv.append(_value_for(action))
        elif action.required or any(action in g._group_actions and action is g._group_actions[0]
                                    for g in parser._mutually_exclusive_groups if g.required):
            argv += [action.option_strings[0], _value_for(action)]
    return argv


def _has_db(parser) -> bool:
    return any(a.dest == "db" and a.option_strings for a in parser._actions)


def command_paths(parser, path=()):
    """(names, parsers) of every leaf command, from the top parser down."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path
        return
    for name, child in subs[0].choices.items():
        yield from command_paths(child, (*path, (name, child)))


def db_positions():
    """Every leaf command that takes --db, with each level at which --db may be written."""
    for path in command_paths(build_parser()):
        levels = [i for i, (_n, p) in enumerate(path) if _has_db(p)]
        for level in levels:
            yield " ".join(n for n, _p in path), path, level


def _argv(path, level: int, db: str | None) -> list[str]:
    argv: list[str] = []
    for i, (name, parser) in enumerate(path):
        argv.append(name)
        if i == level and db is not None:
            argv += ["--db", db]
        if i == len(path) - 1:
            argv += _required(parser)
    return argv


POSITIONS = list(db_positions())


def test_the_walk_finds_the_commands_that_take_a_database():
    names = {name for name, _p, _l in POSITIONS}
    assert {"status", "check", "demo", "keys create", "keys show", "export", "import",
            "erase", "print plan", "print personas", "targets import",
            "groundwork figures"} <= names
    assert [level for name, _p, level in POSITIONS if name == "keys create"] == [0, 1]


@pytest.mark.parametrize("name,path,level", POSITIONS,
                         ids=[f"{n}@{lvl}" for n, _p, lvl in POSITIONS])
def test_db_is_read_wherever_it_is_written(name, path, level):
    parser = build_parser()
    args = parser.parse_args(_argv(path, level, "/data/buurt.sqlite3"))
    assert args.db == "/data/buurt.sqlite3", name
    assert parser.parse_args(_argv(path, level, None)).db is None  # the default file


def test_keys_create_with_db_before_the_action_writes_into_that_file(tmp_path, capsys):
    from app.services import paths
    from app.services.database import open_database
    from app.services.exchange import keys

    chosen = tmp_path / "chosen.sqlite3"
    assert main(["keys", "--db", str(chosen), "create", "--name", "An"]) == 0
    assert not paths.default_db_path().exists()  # the default file was never made
    db = open_database(chosen)
    try:
        with db.session() as session:
            assert keys.require_identity(session) is not None
    finally:
        db.close()
    other = tmp_path / "other.sqlite3"
    assert main(["keys", "create", "--db", str(other), "--name", "Bo"]) == 0
    assert main(["keys", "--db", str(other), "show"]) == 0
    assert "Bo" in capsys.readouterr().out
    assert not paths.default_db_path().exists()


# --- the trajectory rule ----------------------------------------------------------------------

def _add(db, *names: str) -> None:
    with db.transaction() as session:
        for name in names:
            session.add(Trajectory(name=name, municipality="Testgem"))


def test_the_only_trajectory_is_chosen_without_a_name(db):
    _add(db, "Heikant")
    with db.session() as session:
        assert command_line.choose_trajectory(session, None).name == "Heikant"
        assert command_line.choose_trajectory(session, "  ").name == "Heikant"


def test_several_trajectories_without_a_name_are_refused_with_their_names(db):
    _add(db, "Zavel", "Achterbos")
    with db.session() as session, pytest.raises(command_line.WhichTrajectoryError) as info:
        command_line.choose_trajectory(session, None)
    text = info.value.user_message()
    assert "“Achterbos”, “Zavel”" in text and "--trajectory" in text


def test_a_name_is_exact_and_must_be_unique(db):
    _add(db, "Zavel", "Achterbos", "Dubbel", "Dubbel")
    with db.session() as session:
        assert command_line.choose_trajectory(session, " Zavel ").name == "Zavel"
        with pytest.raises(command_line.NoSuchTrajectoryError):
            command_line.choose_trajectory(session, "zavel")
        with pytest.raises(command_line.AmbiguousTrajectoryError):
            command_line.choose_trajectory(session, "Dubbel")
        assert command_line.trajectory_filter(session, None) is None


def test_the_practices_import_takes_the_only_trajectory_or_asks(db):
    from app.cli.commands.exchange import _target

    assert _target(db, None) is None  # none yet: the import asks which one
    _add(db, "Zavel")
    with db.session() as session:
        zavel = command_line.only_trajectory(session).id
    assert _target(db, None) == zavel
    _add(db, "Achterbos")
    assert _target(db, None) is None  # two: never a guess
    assert _target(db, " Zavel") == zavel
    with pytest.raises(command_line.NoSuchTrajectoryError):
        _target(db, "Nergens")


def test_an_empty_file_is_refused(db):
    with db.session() as session, pytest.raises(command_line.NoTrajectoryYetError):
        command_line.choose_trajectory(session, None)


def test_a_missing_file_is_refused_where_it_must_exist(tmp_path):
    with pytest.raises(command_line.NoDataFileError):
        command_line.open_data_file(tmp_path / "typo.sqlite3", must_exist=True)
    assert not (tmp_path / "typo.sqlite3").exists()


TRAJECTORY_COMMANDS = [
    ["groundwork", "figures"],
    ["groundwork", "readiness"],
    ["print", "plan", "--out", "{tmp}/plan.pdf"],
    ["targets", "list", "--campaign", "Winter"],
    ["print", "walking-list", "--campaign", "Winter", "--out", "{tmp}/w.pdf"],
]


@pytest.mark.parametrize("command", TRAJECTORY_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_refuses_to_guess_between_two_trajectories(command, db, db_path,
                                                                   tmp_path, capsys):
    _add(db, "Zavel", "Achterbos")
    db.close()
    argv = ["--lang", "en", *[a.format(tmp=tmp_path) for a in command], "--db", str(db_path)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "more than one trajectory" in err and "“Achterbos”, “Zavel”" in err
    assert main([*argv, "--trajectory", "Nergens"]) == 2
    assert "no trajectory called “Nergens”" in capsys.readouterr().err


def test_the_named_trajectory_is_the_one_printed(db, db_path, tmp_path):
    from pypdf import PdfReader

    _add(db, "Zavel")
    _add(db, "Achterbos")  # younger, and first by name: each old helper had its own pick
    db.close()
    out = tmp_path / "plan.pdf"
    assert main(["--lang", "en", "print", "plan", "--db", str(db_path), "--trajectory",
                 "Zavel", "--out", str(out)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Zavel" in text and "Achterbos" not in text


@pytest.mark.parametrize("command", [
    ["print", "plan", "--out", "{tmp}/plan.pdf"],
    ["print", "personas", "--out", "{tmp}/cards.pdf"],
    ["targets", "list", "--campaign", "Winter"],
    ["groundwork", "figures"],
    ["groundwork", "readiness"],
])
def test_a_mistyped_file_is_refused_and_never_created(command, tmp_path, capsys):
    typo = tmp_path / "buurtverbinder.sqlite"  # the real one ends in .sqlite3
    argv = ["--lang", "en", *[a.format(tmp=tmp_path) for a in command], "--db", str(typo)]
    assert main(argv) == 2
    assert "There is no data file at" in capsys.readouterr().err
    assert not typo.exists() and not list(tmp_path.glob("*.pdf"))
