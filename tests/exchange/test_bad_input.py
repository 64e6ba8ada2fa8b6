"""Every kind of bad input is refused with ExchangeError and leaves the database unchanged."""
from __future__ import annotations

import base64
import io
import json
import warnings
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models.core import Partner, Trajectory
from app.models.exchange import ExchangeImport
from app.services.exchange import errors as E
from app.services.exchange import keys, package
from app.services.exchange.errors import ExchangeError

from .conftest import snapshot


@pytest.fixture
def pair(laptops):
    anna, bert = laptops("anna"), laptops("bert")
    with anna.db.transaction() as s:
        traj = Trajectory(name="Klein dorp", municipality="Gem")
        s.add(traj)
        s.flush()
        s.add_all([Partner(trajectory_id=traj.id, name=f"Partner {i}", contact_person=f"Iemand {i}")
                   for i in range(3)])
    return anna, bert


def _unchanged(bert, action):
    def ledger():
        with bert.db.session() as s:
            return s.scalar(select(func.count()).select_from(ExchangeImport))

    before, imported = snapshot(bert.db), ledger()
    with pytest.raises(ExchangeError) as info:
        action()
    assert snapshot(bert.db) == before
    assert ledger() == imported
    message = info.value.user_message()
    assert message and "{" not in message
    return info.value


def _plain(anna) -> bytes:
    """A valid, unencrypted package (practices scope) as bytes."""
    return anna.export("practices").read_bytes()


def _rezip(data: bytes, change) -> bytes:
    """Rebuild a zip, letting `change(name, bytes)` return new (name, bytes) or None to drop."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            result = change(info.filename, src.read(info.filename))
            if result is not None:
                dst.writestr(result[0], result[1])
    return out.getvalue()


def _forge(anna, manifest_change=None, members=None, signer=None) -> bytes:
    """A package signed by anna (or `signer`) with a changed manifest or members."""
    data = _plain(anna)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        body = {n: zf.read(n) for n in zf.namelist() if n.startswith("records/")}
    manifest.pop("members")
    if manifest_change:
        manifest_change(manifest)
    if members:
        members(body)
    with anna.db.session() as s:
        key = keys.signing_key(keys.get_identity(s))
    return package.build_zip(manifest, body, (signer or key).sign)


def _write(tmp_path, data: bytes, name="p.bvx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(bert, tmp_path, data, msgid=None, name="p.bvx", **kw):
    path = _write(tmp_path, data, name)
    err = _unchanged(bert, lambda: bert.import_(path, **kw))
    if msgid:
        assert err.msgid == msgid
    return err


def test_truncated_package(pair, tmp_path):
    anna, bert = pair
    data = _plain(anna)
    for cut in (len(data) // 2, len(data) - 10, 30):
        _refused(bert, tmp_path, data[:cut], E.TRUNCATED)
    encrypted = anna.export("full", to=bert).read_bytes()
    _refused(bert, tmp_path, encrypted[: len(encrypted) - 40], E.TRUNCATED)


def test_not_a_package(pair, tmp_path):
    _anna, bert = pair
    _refused(bert, tmp_path, b"Hallo, dit is een brief.", E.NOT_A_PACKAGE)
    _refused(bert, tmp_path, b"", E.TRUNCATED)
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "something-else"}))
    _refused(bert, tmp_path, other.getvalue(), E.NOT_A_PACKAGE)


def test_newer_app_version_and_format(pair, tmp_path):
    anna, bert = pair
    newer = _forge(anna, lambda m: m["schema_heads"].append("zzz_9999"))
    _refused(bert, tmp_path, newer, E.NEWER_VERSION)
    newer_format = _forge(anna, lambda m: m.update(format_version=99))
    _refused(bert, tmp_path, newer_format, E.NEWER_VERSION)


def test_tampered_and_unsigned(pair, tmp_path, laptops):
    anna, bert = pair

    def change_member(name, data):
        return name, data.replace(b"Partner", b"Partnex") if name.startswith("records/") else data

    forged = _forge(anna, members=lambda body: body.update({"records/action.jsonl": b""}))
    tampered = _rezip(forged, lambda n, d: (n, d + b"\n" if n == "records/action.jsonl" else d))
    _refused(bert, tmp_path, tampered, E.TAMPERED)
    _refused(bert, tmp_path, _rezip(_plain(anna), change_member))  # checksum or nothing to change
    manifest_changed = _rezip(_plain(anna), lambda n, d: (n, d.replace(
        b'"scope": "practices"', b'"scope": "lead"') if n == "manifest.json" else d))
    _refused(bert, tmp_path, manifest_changed, E.TAMPERED)
    unsigned = _rezip(_plain(anna), lambda n, d: None if n == "manifest.sig" else (n, d))
    _refused(bert, tmp_path, unsigned, E.UNSIGNED)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    wrong_signer = _forge(anna, signer=Ed25519PrivateKey.generate())
    _refused(bert, tmp_path, wrong_signer, E.TAMPERED)


def test_passphrase_and_keys(pair, tmp_path, laptops):
    anna, bert = pair
    path = anna.export("full", passphrase="geheim wachtwoord")
    _unchanged(bert, lambda: bert.import_(path))  # no passphrase given
    with pytest.raises(package.NeedPassphraseError):
        bert.load(path)
    _unchanged(bert, lambda: bert.import_(path, passphrase="verkeerd!"))
    assert bert.import_(path, passphrase="geheim wachtwoord").preview.total("added") == 4
    carl = laptops("carl")
    for_carl = anna.export("full", to=carl)
    err = _unchanged(bert, lambda: bert.import_(for_carl))
    assert err.msgid == E.NEED_KEY


def test_short_passphrase_and_unencrypted_full_are_refused(pair):
    anna, _bert = pair
    with pytest.raises(ExchangeError) as info:
        anna.export("full", passphrase="kort")
    assert info.value.msgid == E.SHORT_PASSPHRASE
    with pytest.raises(ExchangeError) as info:
        anna.export("full")
    assert info.value.msgid == E.NO_RECIPIENT


@pytest.mark.parametrize("bad_name", ["../evil.jsonl", "/etc/passwd", "records\\x.jsonl",
                                      "records/../../x.jsonl", "C:/x.jsonl", "extra.txt"])
def test_unsafe_member_names(pair, tmp_path, bad_name):
    anna, bert = pair
    data = _rezip(_plain(anna), lambda n, d: (n, d))
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr(bad_name, b"x")
    _refused(bert, tmp_path, out.getvalue(), E.UNSAFE_NAME)


def test_zip_bomb(pair, tmp_path):
    _anna, bert = pair
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b" " * (20 * 1024 * 1024))
    _refused(bert, tmp_path, bomb.getvalue(), E.ZIP_BOMB)


def test_duplicate_members(pair, tmp_path):
    anna, bert = pair
    out = io.BytesIO(_plain(anna))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we make on purpose
        with zipfile.ZipFile(out, "a") as zf:
            zf.writestr("manifest.json", b"{}")
    _refused(bert, tmp_path, out.getvalue(), E.DUPLICATE_MEMBER)


MALFORMED = [
    b"not json at all",
    b"[1, 2, 3]",
    b'{"id": "not-a-uuid", "vector": {"d": 1}, "values": {}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "values": {}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 0}, "values": {}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, '
    b'"values": {"name": 5}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, '
    b'"values": {"no_such_field": "x"}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, '
    b'"values": {"element_codes": "a,b"}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, '
    b'"values": {"deleted_at": "2026-01-01T10:00:00"}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, "values": {}, '
    b'"masked": [{}]}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, "values": {}, '
    b'"bases": [{"vector": {"d": 1}, "values": []}]}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, "values": {}, '
    b'"meta": {"revision": "x"}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, "values": {}, '
    b'"meta": {"created_at": 5}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1.5}, "values": {}}',
    b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, '
    b'"values": {"name": "\\ud800"}}',
]


@pytest.mark.parametrize("line", MALFORMED)
def test_malformed_records(pair, tmp_path, line):
    anna, bert = pair
    forged = _forge(anna, lambda m: m["counts"].update(action=1),
                    members=lambda body: body.update({"records/action.jsonl": line + b"\n"}))
    _refused(bert, tmp_path, forged, E.MALFORMED_RECORD)


BAD_MANIFESTS = [
    lambda m: m["kinds"].update(action={"fields": [{"x": 1}]}),
    lambda m: m["kinds"].update(action={"fields": [["x"]]}),
    lambda m: m["kinds"].update(action={"fields": ["name", "name"]}),
    lambda m: m["kinds"].update(action={"fields": ["name"], "masked": 3}),
    lambda m: m["kinds"].update(action={"fields": ["name"], "masked": ["email"]}),
    lambda m: m["kinds"].update(no_such_table={"fields": []}),
    lambda m: m.update(counts={"action": "x"}),
    lambda m: m.update(trajectories="x"),
    lambda m: m.update(kinds={"action": None}),
    lambda m: m.update(schema_heads=[[1]]),
    lambda m: m["sender"].update(device_id=5),
    lambda m: m.update(package_id="not-a-uuid"),
    lambda m: m.update(scope="everything"),
]


@pytest.mark.parametrize("change", BAD_MANIFESTS)
def test_malformed_manifests(pair, tmp_path, change):
    anna, bert = pair
    _refused(bert, tmp_path, _forge(anna, change), E.MALFORMED_MANIFEST)


def test_sender_text_that_cannot_be_stored_is_refused():
    manifest = {"sender": {"sign_public": "AAAA", "name": "\ud800"}}
    with pytest.raises(ExchangeError) as info:
        package._sender(manifest)
    assert info.value.msgid == E.MALFORMED_MANIFEST


def test_duplicate_record_ids(pair, tmp_path):
    anna, bert = pair
    line = (b'{"id": "6f1c3c1e-8d2a-4d7e-9a59-2b8c1c0f0a11", "vector": {"d": 1}, '
            b'"values": {"name": "x"}}\n')
    forged = _forge(anna, lambda m: m["counts"].update(action=2),
                    members=lambda body: body.update({"records/action.jsonl": line * 2}))
    _refused(bert, tmp_path, forged, E.MALFORMED_RECORD)


def test_sync_conflict_copies_are_recognised(pair, tmp_path):
    anna, bert = pair
    data = anna.export("full", to=bert).read_bytes()
    for name in ("anna.sync-conflict-20261128-101010-ABCDEFG.bvx",
                 "anna (conflicted copy 2026-11-28).bvx"):
        _refused(bert, tmp_path, data, E.SYNC_CONFLICT_COPY, name=name)


def test_fuzzed_packages_raise_only_exchange_errors(pair):
    anna, _bert = pair
    valid = _plain(anna)
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.tuples(st.integers(0, len(valid) - 1), st.integers(0, 255)),
                    min_size=1, max_size=6),
           st.integers(0, len(valid)))
    def fuzz(flips, cut):
        data = bytearray(valid[:max(cut, 1)] if cut % 3 == 0 else valid)
        for pos, value in flips:
            if pos < len(data):
                data[pos] = value
        try:
            package.open_package(bytes(data))
        except ExchangeError:
            pass

    fuzz()


def test_fuzzed_records_raise_only_exchange_errors(pair):
    anna, _bert = pair
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner,
                                                                     max_size=3),
        max_leaves=8)

    @settings(max_examples=60, deadline=None)
    @given(st.dictionaries(st.sampled_from(["id", "vector", "values", "bases", "masked",
                                            "meta"]), json_values))
    def fuzz(obj):
        data = _forge(anna, lambda m: m["counts"].update(action=1),
                      members=lambda body: body.update(
                          {"records/action.jsonl": json.dumps(obj).encode()}))
        try:
            package.open_package(data)
        except ExchangeError:
            pass

    fuzz()


def test_messages_are_translated():
    from app.services import i18n

    for lang in ("nl", "fr"):
        i18n.set_language(lang)
        for msgid in (E.TRUNCATED, E.TAMPERED, E.ZIP_BOMB, E.SYNC_CONFLICT_COPY):
            assert ExchangeError(msgid, name="x").user_message() != msgid
    _ = base64


def test_a_changed_or_distrusted_sender_key_is_refused(pair, tmp_path):
    anna, bert = pair
    first = bert.import_(anna.export("full", to=bert))
    assert first.preview.sender_status == "new"  # trusted on first use
    assert bert.load(anna.export("full", to=bert)).sender.fingerprint == anna.public.fingerprint
    with anna.db.transaction() as s:
        keys.create_identity(s, replace=True)
    path = anna.export("full", to=bert)
    err = _unchanged(bert, lambda: bert.import_(path))
    assert err.msgid == E.KEY_CHANGED
    assert bert.import_(path, trust_new_key=True).preview.sender_status == "changed"
    from app.models.exchange import ExchangeKnownKey
    with bert.db.transaction() as s:
        s.get(ExchangeKnownKey, anna.public.fingerprint).trusted = False
    err = _unchanged(bert, lambda: bert.import_(anna.export("full", to=bert)))
    assert err.msgid == E.UNTRUSTED


def test_a_package_that_cannot_be_written_gives_a_calm_message(pair, tmp_path):
    from app.services.exchange import exporter

    anna, _bert = pair
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExchangeError) as info:
        exporter.export_package(anna.db, blocker / "p.bvx", "practices")
    assert info.value.msgid == E.CANNOT_WRITE


def test_a_locked_database_gives_a_calm_message(pair, tmp_path):
    import sqlite3

    from app.services.errors import DatabaseLockedError

    anna, bert = pair
    path = anna.export("full", to=bert)
    pkg = bert.load(path)
    holder = sqlite3.connect(str(bert.db.path), timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        from sqlalchemy import event

        @event.listens_for(bert.db.engine, "connect")
        def _short_timeout(dbapi_conn, _rec):
            dbapi_conn.execute("PRAGMA busy_timeout=50")

        bert.db.engine.dispose()
        from app.services.exchange import importer
        with pytest.raises(DatabaseLockedError):
            importer.import_package(bert.db, pkg, backup=False)
    finally:
        holder.rollback()
        holder.close()


def test_fuzzed_signed_manifests_raise_only_exchange_errors(pair):
    anna, _bert = pair
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                     max_size=3),
        max_leaves=6)
    keys_ = st.sampled_from(["format_version", "schema_heads", "package_id", "created_at",
                             "sender", "kinds", "counts", "scope", "trajectories"])

    @settings(max_examples=80, deadline=None)
    @given(st.dictionaries(keys_, json_values, min_size=1, max_size=3),
           st.sampled_from(["action", "partner", "trajectory"]), json_values)
    def fuzz(changes, kind, spec):
        def change(manifest):
            manifest.update(changes)
            if isinstance(manifest.get("kinds"), dict) and kind in manifest["kinds"]:
                manifest["kinds"][kind] = spec

        try:
            package.open_package(_forge(anna, change))
        except ExchangeError:
            pass

    fuzz()
