"""The tests' own PostgreSQL server: found without PATH, never run as root, and a clear
failure (not a skip) when PostgreSQL is missing."""
import os

import pytest

from tests import pgserver


def test_the_server_runs_as_an_unprivileged_user_when_we_are_root(pg_server):
    data_owner = os.stat(pg_server.data).st_uid
    if os.geteuid() == 0:
        assert pg_server.user in ("postgres", "nobody")
        assert data_owner != 0
    else:
        assert pg_server.user is None and data_owner == os.geteuid()


def test_the_binaries_are_found_under_debians_folder_without_path(monkeypatch):
    monkeypatch.setattr(pgserver.shutil, "which", lambda _name: None)
    found = pgserver.find_bin_dir()
    assert (found / "pg_ctl").exists() and (found / "initdb").exists()
    assert str(found).startswith("/usr/lib/postgresql/")


def test_missing_postgresql_fails_with_the_command_that_installs_it(monkeypatch):
    monkeypatch.setattr(pgserver.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pgserver.glob, "glob", lambda _pattern: [])
    with pytest.raises(pgserver.PostgresUnavailableError, match=r"scripts/setup\.sh test"):
        pgserver.find_bin_dir()
