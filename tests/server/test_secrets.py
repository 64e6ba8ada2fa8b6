"""Passwords of a shared database (issue 21): never in the settings file, never shown; from
.pgpass (libpq) or the system keyring, with a calm fallback when there is no keyring."""
from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import event

from app.services import server
from app.services.server import NotADatabaseUrlError, stored_url
from app.services.settings import Settings


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("no")


@pytest.fixture
def ring():
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.mark.parametrize("given, kept", [
    ("postgresql://els:geheim@server.example/bv", "postgresql://els@server.example/bv"),
    ("postgresql+psycopg://els:geh%40eim@server.example:6543/bv?sslmode=verify-full",
     "postgresql://els@server.example:6543/bv?sslmode=verify-full"),
    ("postgres://els@server/bv?password=geheim&sslpassword=geheim&sslmode=require",
     "postgresql://els@server/bv?sslmode=require"),
    ("postgresql://els@/bv?host=/run/postgresql",
     "postgresql://els@/bv?host=%2Frun%2Fpostgresql"),
])
def test_a_stored_address_never_holds_a_password(given, kept):
    assert stored_url(given) == kept
    assert "geh" not in server.shown_url(given)


@pytest.mark.parametrize("bad", ["C:\\data\\bv.sqlite3", "postgresql://els@server:poort/bv",
                                 "", "mysql://els@server/bv"])
def test_what_is_no_address_is_refused(bad):
    with pytest.raises(NotADatabaseUrlError):
        stored_url(bad)


def test_the_settings_file_never_holds_a_password():
    settings = Settings()
    settings.remember_database("postgresql://els:geheim@server.example/bv")
    settings.remember_database("postgresql://piet@server.example/bv?password=geheim")
    settings.remember_database("postgresql://els@server.example/bv")  # the same: moves up
    settings.remember_database("C:\\not\\an\\address")
    settings.save()
    raw = Settings.file().read_bytes()
    assert b"geheim" not in raw
    assert json.loads(raw)["recent_databases"] == ["postgresql://els@server.example/bv",
                                                   "postgresql://piet@server.example/bv"]
    assert Settings.load().recent_databases == json.loads(raw)["recent_databases"]


def test_a_hand_edited_settings_file_loses_its_passwords_on_load():
    Settings.file().parent.mkdir(parents=True, exist_ok=True)
    Settings.file().write_text(json.dumps({
        "language": "fr", "recent_databases": [
            "postgresql://els:geheim@server/bv", 7, "postgresql://a@b:x/c", *(
                f"postgresql://u{i}@server/bv" for i in range(20))]}), encoding="utf-8")
    loaded = Settings.load()
    assert loaded.language == "fr"
    assert loaded.recent_databases[0] == "postgresql://els@server/bv"
    assert len(loaded.recent_databases) == 8
    loaded.save()
    assert b"geheim" not in Settings.file().read_bytes()


def test_without_a_keyring_nothing_is_kept_and_nothing_breaks():
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert not server.keyring_available()
    assert not server.remember_password("postgresql://els@server/bv", "geheim")
    assert server.keyring_password("postgresql://els@server/bv") is None


def test_a_locked_keyring_is_calm():
    before = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        assert not server.remember_password("postgresql://els@server/bv", "geheim")
        assert server.keyring_password("postgresql://els@server/bv") is None
    finally:
        keyring.set_keyring(before)


def test_the_keyring_password_reaches_the_server_and_nowhere_else(ring, pg_url):
    assert server.remember_password(pg_url, "geheim")
    assert server.keyring_password(pg_url) == "geheim"
    assert server.keyring_password(pg_url.replace("postgres@", "els@")) is None  # per user
    engine = server.make_server_engine(pg_url)
    given = {}

    @event.listens_for(engine, "do_connect")
    def capture(_dialect, _rec, _cargs, cparams):
        given.update(cparams)

    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()
    assert given.get("password") == "geheim"
    assert "geheim" not in str(engine.url) and "geheim" not in server.shown_url(pg_url)
    # a password written in the address wins over the keyring's
    engine = server.make_server_engine(pg_url.replace("postgres@", "postgres:anders@"))
    given.clear()
    event.listen(engine, "do_connect", capture)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()
    assert given.get("password") == "anders"


@pytest.mark.parametrize("address", [
    "postgresql://els@server.example:6543/bv?sslmode=verify-full&sslrootcert=/etc/ca.pem",
    "postgresql://els@/bv?host=/run/postgresql",
    "postgresql://els@server.example/bv",
])
def test_a_remembered_address_opens_again_as_it_was(address):
    """The dialog's fields and back: the same address, its TLS options included."""
    again = server.address_of(server.address_parts(address))
    assert server._parsed(again) == server._parsed(address)


def test_a_password_in_a_remembered_address_is_not_taken_back():
    parts = server.address_parts("postgresql://els:geheim@server/bv?password=geheim")
    assert "geheim" not in server.address_of(parts)
