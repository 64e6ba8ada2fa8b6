"""`--db URL` in every command (issue 21): each command that takes `--db` runs against a
shared database on the test server. Read commands show its data; write commands write there,
never into a default data file. What cannot be used gets a calm message and exit 2."""
from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy import select

from app.cli import build_parser, main
from app.models.groundwork import AreaFigure
from app.models.outreach import OutreachPerson
from app.services import paths
from app.services.server import open_server

CAMPAIGN = "Kleine Grote Wensen 2026"


def run(capsys, *argv) -> tuple[int, str]:
    code = main(["--lang", "en", *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """A field worker's file with keys, and a package of it sealed with a passphrase (made
    once for the module, in a profile of its own)."""
    folder = tmp_path_factory.mktemp("laptop")
    file = folder / "laptop.sqlite3"
    (folder / "pass.txt").write_text("een lange geheime zin\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BUURTVERBINDER_HOME", str(folder / "profile"))
        for argv in (["keys", "create", "--db", str(file), "--name", "An"],
                     ["keys", "export", "--db", str(file), "--out", str(folder / "an.json")],
                     ["demo", "--db", str(file)],
                     ["export", "--db", str(file), "--out", str(folder / "an.bvx"), "--scope",
                      "full", "--passphrase-file", str(folder / "pass.txt")]):
            assert main(argv) == 0, argv
    return folder


def fill_by_commands(url) -> None:
    """The demo and the lead's keys, put into the shared database by the commands themselves."""
    for argv in (["demo", "--db", url], ["keys", "create", "--db", url, "--name", "Lead"]):
        assert main(["--lang", "en", *argv]) == 0, argv


@pytest.fixture(scope="module")
def filled(pg_server, tmp_path_factory):
    """The rows `fill_by_commands` writes, made once for the module (in a profile of its
    own) and restored into each test's database: a COPY instead of running both commands
    again for each of some thirty tests."""
    name = pg_server.acquire()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("BUURTVERBINDER_HOME", str(tmp_path_factory.mktemp("lead") / "profile"))
            fill_by_commands(pg_server.url(name))
        return pg_server.snapshot(name)
    finally:
        pg_server.release(name)


@pytest.fixture
def shared(pg_server, pg_url, filled):
    """The shared database as the demo and `keys create` commands leave it."""
    pg_server.restore(filled, pg_url)
    return pg_url


def in_server(url, stmt):
    db = open_server(url)
    try:
        with db.session() as s:
            return s.scalars(stmt).all()
    finally:
        db.close()


def figures_csv(folder):
    path = folder / "cijfers.csv"
    path.write_bytes("Indicator;Waarde;Jaar;Deelgemeente\r\nNieuwkomers;11,2;2024;"
                     "Loonbeek-Dorp\r\n".encode("cp1252"))
    return path


def targets_csv(folder):
    path = folder / "lijst.csv"
    path.write_bytes("Naam;Voornaam;Straat;Huisnr\r\nVerbeke;Rosa;Kerkstraat;12\r\n"
                     .encode("cp1252"))
    return path


def pdf(folder):
    return str(folder / "out.pdf")


# command -> (argv after the command with {db}, a check of (code, output, folder, url))
READS = {
    "check": (["check"], lambda c, o, f, u: c == 0 and "The shared database is ready." in o),
    "status": (["status", "--json"], lambda c, o, f, u: c == 0 and len(json.loads(o)) == 1),
    "groundwork coverage": (["groundwork", "coverage"],
                            lambda c, o, f, u: c == 0 and "Budget café" in o),
    "groundwork readiness": (["groundwork", "readiness"],
                             lambda c, o, f, u: c in (0, 1) and o.strip()),
    "groundwork figures": (["groundwork", "figures", "--json"],
                           lambda c, o, f, u: c == 0 and isinstance(json.loads(o), list)),
    "keys show": (["keys", "show"], lambda c, o, f, u: c == 0 and "Lead" in o),
    "keys export": (["keys", "export", "--out", "{f}/lead.json"],
                    lambda c, o, f, u: c == 0 and "Lead" in (f / "lead.json").read_text()),
    "conflicts": (["conflicts"], lambda c, o, f, u: c == 0),
    "print personas": (["print", "personas", "--out", "{pdf}"],
                       lambda c, o, f, u: c == 0 and (f / "out.pdf").stat().st_size > 1000),
    "print plan": (["print", "plan", "--out", "{pdf}"],
                   lambda c, o, f, u: c == 0 and (f / "out.pdf").stat().st_size > 1000),
    "print walking-list": (["print", "walking-list", "--campaign", CAMPAIGN, "--out", "{pdf}"],
                           lambda c, o, f, u: c == 0 and (f / "out.pdf").is_file()),
    "print outreach-cards": (["print", "outreach-cards", "--campaign", CAMPAIGN, "--kind",
                              "kgw", "--out", "{pdf}"],
                             lambda c, o, f, u: c == 0 and (f / "out.pdf").is_file()),
    "targets list": (["targets", "list", "--campaign", CAMPAIGN, "--json"],
                     lambda c, o, f, u: c == 0 and o.count("{") >= 3),
    "erase (preview)": (["erase", "--campaign", CAMPAIGN],
                        lambda c, o, f, u: c == 0 and "Nothing was changed." in o),
    "sync": (["sync"], lambda c, o, f, u: c == 1 and "No mailbox is set up" in o),
}
WRITES = {
    "keys trust": (["keys", "trust", "{f}/an.json"], lambda c, o, f, u: c == 0),
    "import": (["import", "{f}/an.bvx", "--passphrase-file", "{f}/pass.txt"],
               lambda c, o, f, u: c == 0),
    "export": (["export", "--out", "{f}/lead.bvx", "--scope", "lead", "--to", "{f}/an.json"],
               lambda c, o, f, u: c == 0 and (f / "lead.bvx").stat().st_size > 100),
    "groundwork import-figures": (
        ["groundwork", "import-figures", "{figures}"],
        lambda c, o, f, u: c == 0 and "Nieuwkomers" in in_server(u, select(
            AreaFigure.indicator))),
    "targets import": (
        ["targets", "import", "--campaign", "Nieuw", "{targets}"],
        lambda c, o, f, u: c == 0 and "Rosa" in in_server(u, select(
            OutreachPerson.first_name))),
    "targets select": (["targets", "select", "--campaign", CAMPAIGN, "--alone-min-age", "70"],
                       lambda c, o, f, u: c == 0),
}


def commands_with_db() -> set[str]:
    """Every (sub)command of the parser that takes --db, as "command sub"."""
    found = set()

    def walk(parser, prefix):
        for action in parser._actions:
            if action.dest in ("db", "url") and action.option_strings and prefix:
                found.add(" ".join(prefix))
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*prefix, name])

    walk(build_parser(), [])
    return found


def test_every_command_that_takes_db_is_run_here_with_an_address():
    covered = {k.split(" (")[0] for k in (*READS, *WRITES)}
    covered |= {"demo", "keys create", "keys", "groundwork import-figures", "export", "import"}
    # `server init` is tested in test_init.py, `gui` starts the window (tests/views)
    assert commands_with_db() - covered == {"server init", "gui"}


@pytest.mark.parametrize("name", [*READS, *WRITES])
def test_a_command_works_on_a_shared_database(name, shared, laptop, tmp_path, capsys):
    argv, check = {**READS, **WRITES}[name]
    for file in ("an.json", "an.bvx", "pass.txt"):
        (tmp_path / file).write_bytes((laptop / file).read_bytes())
    laptop = tmp_path
    if name == "export":  # a package for An: her key must be trusted first
        assert run(capsys, "keys", "trust", "--db", shared, str(laptop / "an.json"))[0] == 0
    values = {"f": str(laptop), "pdf": pdf(laptop), "figures": str(figures_csv(laptop)),
              "targets": str(targets_csv(laptop))}
    filled = [a.format(**values) for a in argv]
    words = len(name.split(" (")[0].split())  # "--db URL" right after the command's words
    code, out = run(capsys, *filled[:words], "--db", shared, *filled[words:])
    assert check(code, out, laptop, shared), (name, code, out)
    assert not paths.default_db_path().exists()  # nothing went into a default data file
    assert "Traceback" not in out and "postgresql" not in out.lower().replace(
        "postgresql://", "")


def test_demo_and_keys_create_wrote_into_the_shared_database(pg_url):
    from app.models.core import Trajectory
    from app.models.exchange import ExchangeIdentity

    fill_by_commands(pg_url)
    shared = pg_url
    assert len(in_server(shared, select(Trajectory.id))) == 1
    assert in_server(shared, select(ExchangeIdentity.name)) == ["Lead"]
    assert not paths.default_db_path().exists()


def pg_url_parts(url):
    """(database name, socket folder) of a test server address."""
    rest = url.split("@/", 1)[1]
    name, _sep, host = rest.partition("?host=")
    return name, host


@pytest.mark.parametrize("command", [["status"], ["demo"]])
@pytest.mark.parametrize("case", ["no such database", "no server", "not an address",
                                  "not set up", "newer", "no role", "a password"])
def test_an_unusable_address_gets_a_calm_message_and_exit_2(
        case, command, pg_server, pg_url, pg_empty_url, capsys):
    name, socket = pg_url_parts(pg_url)
    expected = "cannot connect to the shared database"
    if case == "no such database":
        url = f"postgresql://postgres:geheim@/bestaat_niet?host={socket}"
    elif case == "no server":
        url = "postgresql://els:geheim@/buurtverbinder?host=/tmp/bv-no-server-here"
    elif case == "not an address":
        url, expected = "postgresql://els:geheim@server:poort/bv", "not the address"
    elif case == "not set up":
        url, expected = pg_empty_url, "has not been set up for Buurtverbinder"
    elif case == "newer":
        import psycopg

        with psycopg.connect(host=socket, user="postgres", dbname=name) as conn:
            conn.execute("INSERT INTO alembic_version VALUES ('ffffffffffff')")
        url, expected = pg_url, "set up by a newer version"
    elif case == "no role":
        pg_server.admin("DROP ROLE IF EXISTS zonderrol")
        pg_server.admin("CREATE ROLE zonderrol LOGIN")
        url = pg_url.replace("postgres@", "zonderrol:geheim@")
        expected = "has no Buurtverbinder role"
    else:  # a password in the address works, and is never shown
        url = pg_url.replace("postgres@", "postgres:geheim@")
        code, out = run(capsys, *command, "--db", url)
        assert code == 0 and "geheim" not in out
        return
    code, out = run(capsys, *command, "--db", url)
    assert code == 2, out
    assert expected in out and "Traceback" not in out and "geheim" not in out
    assert not paths.default_db_path().exists()


def test_a_reader_may_check_but_a_write_is_refused_calmly(pg_server, shared, tmp_path, capsys):
    from app.models.core import Trajectory
    from app.services.server import READER

    pg_server.admin("DROP ROLE IF EXISTS lezer")
    pg_server.admin(f"CREATE ROLE lezer LOGIN IN ROLE {READER}")
    url = shared.replace("postgres@", "lezer@")
    assert run(capsys, "check", "--db", url)[0] == 0
    code, out = run(capsys, "targets", "import", "--db", url, "--campaign", "Nieuw",
                    str(targets_csv(tmp_path)))
    assert code == 2 and "may only read this shared database" in out, out
    assert "Traceback" not in out
    for argv in (["keys", "create", "--name", "Lezer"],
                 ["groundwork", "import-figures", str(figures_csv(tmp_path))]):
        code, out = run(capsys, *argv[:2], "--db", url, *argv[2:])
        assert code == 2 and "may only read this shared database" in out, (argv, out)
    assert len(in_server(shared, select(Trajectory.id))) == 1
    assert not paths.default_db_path().exists()
