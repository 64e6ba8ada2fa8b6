"""The package file: a signed zip of JSON lines, optionally age-encrypted as a whole.

Writing builds the zip in memory, signs the manifest, encrypts and writes atomically (temp
file, fsync, rename). Reading never extracts to disk: it checks names, sizes, the signature
and every member's checksum, then parses and validates every record. Anything wrong raises
ExchangeError; see docs/exchange-format.md for the layout.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Column

from app.models.base import UTCDateTime
from app.services import leftovers
from app.services.exchange import codec
from app.services.exchange import errors as E
from app.services.exchange.errors import ExchangeError, fail
from app.services.exchange.keys import PublicKeyInfo, verify
from app.services.i18n import N_

FORMAT = "buurtverbinder-exchange"
FORMAT_VERSION = 1
SUFFIX = ".bvx"
AGE_MAGIC = b"age-encryption.org/v1\n"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
MAX_FILE = 512 * 1024 * 1024  # bytes of the package file
MAX_UNPACKED = 1024 * 1024 * 1024  # bytes of all members together
MAX_MEMBERS = 500
MAX_RATIO = 200  # uncompressed / compressed for members above 1 MB
MAX_MANIFEST = 4 * 1024 * 1024
MAX_BASES = 4
_MEMBER = re.compile(r"^records/(?P<kind>[a-z][a-z0-9_]{0,62})\.jsonl$")
_SYNC_COPY = re.compile(r"\.sync-conflict-\d{8}-\d{6}|conflicted copy|\(conflict", re.I)


_CREATED_AT = Column("created_at", UTCDateTime, nullable=False)


class NeedPassphraseError(ExchangeError):
    """The package is passphrase-protected and no passphrase was given."""

    msgid = E.NEED_PASSPHRASE


@dataclass
class Incoming:
    """One record as the package carries it (values in JSON form, validated)."""

    id: str
    vector: dict[str, int]
    values: dict[str, Any]
    bases: list[tuple[dict[str, int], dict[str, Any]]] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Package:
    manifest: dict[str, Any]
    sender: PublicKeyInfo
    records: dict[str, list[Incoming]]
    encrypted: str = ""  # "", "key" or "passphrase"
    file_name: str = ""

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def scope(self) -> str:
        return self.manifest["scope"]


# --- writing --------------------------------------------------------------------------------

def build_zip(manifest: dict[str, Any], members: dict[str, bytes], sign) -> bytes:
    """The zip bytes: members, then the manifest (with checksums) and its signature."""
    manifest = dict(manifest)
    manifest["members"] = {name: {"sha256": hashlib.sha256(data).hexdigest(),
                                  "size": len(data)} for name, data in members.items()}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1,
                                sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(MANIFEST, manifest_bytes)
        zf.writestr(SIGNATURE, base64.b64encode(sign(manifest_bytes)))
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def encrypt(data: bytes, recipients: list[str], passphrase: str | None) -> bytes:
    import pyrage

    if passphrase:
        return pyrage.passphrase.encrypt(data, passphrase)
    if recipients:
        return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(r) for r in recipients])
    return data


def write_atomically(path: Path, data: bytes, progress=None) -> Path:
    """Write next to the target, fsync, then rename: never a half file under the real name."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    leftovers.remove_killed_exports(path.parent)  # a killed export's hidden temporary
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".part")
    leftovers.hold(fd)
    try:
        with os.fdopen(fd, "wb") as fh:
            step = 1024 * 1024
            for start in range(0, len(data), step):
                fh.write(data[start:start + step])
                if progress is not None:
                    progress.step(start + step, len(data))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- reading --------------------------------------------------------------------------------

def is_sync_conflict_copy(path: Path | str) -> bool:
    return bool(_SYNC_COPY.search(Path(path).name))


def read_file(path: Path) -> bytes:
    path = Path(path)
    if is_sync_conflict_copy(path):
        raise fail(E.SYNC_CONFLICT_COPY, name=path.name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise fail(E.TOO_LARGE, limit=MAX_FILE // (1024 * 1024))
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE + 1)
    except OSError as exc:
        raise fail(E.CANNOT_READ, name=path.name, detail=exc.strerror or str(exc)) from None


def encryption_of(data: bytes) -> str:
    if not data.startswith(AGE_MAGIC):
        return ""
    header = data[:4096].split(b"\n---", 1)[0]
    return "passphrase" if b"\n-> scrypt " in header else "key"


def decrypt(data: bytes, identities: list, passphrase: str | None) -> bytes:
    import pyrage

    kind = encryption_of(data)
    if not kind:
        return data
    if kind == "passphrase":
        if not passphrase:
            raise NeedPassphraseError()
        try:
            return pyrage.passphrase.decrypt(data, passphrase)
        except Exception:  # noqa: BLE001 (pyrage.DecryptError: wrong passphrase or damaged)
            raise fail(E.WRONG_PASSPHRASE) from None
    if not identities:
        raise fail(E.NEED_KEY)
    try:
        return pyrage.decrypt(data, identities)
    except Exception as exc:  # noqa: BLE001 (pyrage.DecryptError)
        if "no matching keys" in str(exc).lower():
            raise fail(E.NEED_KEY) from None
        raise fail(E.TRUNCATED) from None


def _check_members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise fail(E.ZIP_BOMB)
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if (name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/")
                or re.match(r"^[A-Za-z]:", name) or "\x00" in name):
            raise fail(E.UNSAFE_NAME, name=name[:80])
        if name in by_name:
            raise fail(E.DUPLICATE_MEMBER, name=name[:80])
        if name not in (MANIFEST, SIGNATURE) and not _MEMBER.match(name):
            raise fail(E.UNSAFE_NAME, name=name[:80])
        total += info.file_size
        if total > MAX_UNPACKED or (info.file_size > 1024 * 1024 and
                                    info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise fail(E.ZIP_BOMB)
        by_name[name] = info
    return by_name


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise fail(E.ZIP_BOMB)
    with zf.open(info) as fh:
        data = fh.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise fail(E.ZIP_BOMB)
    return data


def _manifest(raw: bytes, known_revisions: set[str]) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeError, ValueError):
        raise fail(E.NOT_A_PACKAGE) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise fail(E.NOT_A_PACKAGE)
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise fail(E.MALFORMED_MANIFEST, detail="format_version")
    heads = manifest.get("schema_heads")
    if not isinstance(heads, list) or not all(isinstance(h, str) for h in heads):
        raise fail(E.MALFORMED_MANIFEST, detail="schema_heads")
    if version > FORMAT_VERSION or set(heads) - known_revisions:
        raise fail(E.NEWER_VERSION)
    _require(manifest, "package_id", str)
    _require(manifest, "created_at", str)
    _require(manifest, "sender", dict)
    _require(manifest, "kinds", dict)
    _require(manifest, "members", dict)
    _require(manifest, "counts", dict)
    if not isinstance(manifest.get("trajectories", []), list):
        raise fail(E.MALFORMED_MANIFEST, detail="trajectories")
    if manifest.get("scope") not in ("full", "lead", "practices"):
        raise fail(E.MALFORMED_MANIFEST, detail="scope")
    try:
        import uuid

        manifest["package_id"] = str(uuid.UUID(manifest["package_id"]))
    except ValueError:
        raise fail(E.MALFORMED_MANIFEST, detail="package_id") from None
    try:  # a date the ledger can hold, in UTC
        stamp = codec.from_json(_CREATED_AT, manifest["created_at"])
    except codec.CodecError:
        raise fail(E.MALFORMED_MANIFEST, detail="created_at") from None
    manifest["created_at"] = stamp.isoformat()
    return manifest


def _require(data: dict, key: str, typ: type) -> Any:
    if not isinstance(data.get(key), typ):
        raise fail(E.MALFORMED_MANIFEST, detail=key)
    return data[key]


def _sender(manifest: dict[str, Any]) -> PublicKeyInfo:
    s = manifest["sender"]
    values = {k: s.get(k, "") for k in ("sign_public", "age_recipient", "device_id", "name",
                                         "organisation")}
    try:
        if not all(isinstance(v, str) and codec.check_text(v) for v in values.values()
                   if v != ""):
            raise codec.CodecError("sender")
    except codec.CodecError:
        raise fail(E.MALFORMED_MANIFEST, detail="sender") from None
    return PublicKeyInfo(**values)


def open_package(data: bytes, *, identities: list | None = None,
                 passphrase: str | None = None, file_name: str = "") -> Package:
    """Decrypt, check and parse a package's bytes. Raises ExchangeError only."""
    from app.services.database import migration_graph

    encrypted = encryption_of(data)
    plain = decrypt(data, identities or [], passphrase)
    if not plain.startswith(b"PK\x03\x04"):
        if not plain or plain.startswith(b"PK") or AGE_MAGIC.startswith(plain[:22]):
            raise fail(E.TRUNCATED)
        raise fail(E.NOT_A_PACKAGE)
    try:
        with zipfile.ZipFile(io.BytesIO(plain)) as zf:
            members = _check_members(zf)
            if MANIFEST not in members:
                raise fail(E.NOT_A_PACKAGE)
            raw_manifest = _read_member(zf, members[MANIFEST], MAX_MANIFEST)
            manifest = _manifest(raw_manifest, set(migration_graph()))
            sender = _sender(manifest)
            if SIGNATURE not in members or not sender.sign_public:
                raise fail(E.UNSIGNED)
            signature = _read_member(zf, members[SIGNATURE], 1024)
            try:
                sig_ok = verify(sender.sign_public, raw_manifest, base64.b64decode(signature))
            except (ValueError, TypeError):
                sig_ok = False
            if not sig_ok:
                raise fail(E.TAMPERED)
            contents = _verified_members(zf, members, manifest)
    except ExchangeError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error, ValueError,
            NotImplementedError, KeyError, RuntimeError, OverflowError):
        raise fail(E.TRUNCATED) from None
    records = parse_records(manifest, contents)
    return Package(manifest, sender, records, encrypted, file_name)


def _verified_members(zf, members, manifest) -> dict[str, bytes]:
    listed = manifest["members"]
    contents = {}
    for name in members:
        if name in (MANIFEST, SIGNATURE):
            continue
        if name not in listed:
            raise fail(E.TAMPERED)
    for name, meta in listed.items():
        if name not in members or not isinstance(meta, dict):
            raise fail(E.TAMPERED)
        data = _read_member(zf, members[name], MAX_UNPACKED)
        if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            raise fail(E.TAMPERED)
        contents[name] = data
    return contents


# --- records ------------------------------------------------------------------------------

# A version-vector counter goes up by one each time one record leaves a laptop changed (an
# export after an edit). A million is a change of that one record, sent every day, for more
# than two thousand years; no real history comes near it. Above it a counter can only be forged
# ("poisoned"): a counter near 2**53 stops being exact in JSON readers and, once this laptop
# adds one to it, makes every package it sends unreadable for everyone. Refused at the door.
MAX_COUNTER = 1_000_000
# A counter for the *receiving* laptop above this, higher than any it made itself for that
# record, is a forgery aimed at it: were it adopted, the receiver's next edit of the record
# would pass MAX_COUNTER and every package it sends would be refused. Such a copy is left out
# (importer); the margin is room for a lifetime of the receiver's own edits of one record.
MAX_OWN_CLAIM = MAX_COUNTER - 100_000
MAX_DEVICES = 1_000  # devices in one vector: far more laptops than one trajectory ever has

P_VECTOR = N_("its version information is missing or not valid")
P_COUNTER = N_("its version information holds an impossible number (above {limit})")
P_NOT_JSON = N_("it is not a readable record")
P_UNKNOWN_FIELD = N_("it holds a field this version does not know (\u201c{name}\u201d)")
P_STRUCTURE = N_("its parts are not in the expected form ({part})")
P_DUPLICATE = N_("the same record appears twice")


def _vector(value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not value or len(value) > MAX_DEVICES:
        raise codec.CodecError(P_VECTOR)
    for key, count in value.items():
        if (not isinstance(key, str) or not key or len(key) > 64 or "\x00" in key
                or isinstance(count, bool) or not isinstance(count, int)):
            raise codec.CodecError(P_VECTOR)
        try:
            codec.check_text(key)
        except codec.CodecError:
            raise codec.CodecError(P_VECTOR) from None
        if not 0 < count <= MAX_COUNTER:
            raise codec.CodecError(P_COUNTER if count > 0 else P_VECTOR, limit=MAX_COUNTER)
    return dict(value)


def _values(raw: Any, checkers: dict[str, Any], carried: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise codec.CodecError(P_STRUCTURE, part="values")
    result = {}
    for key, value in raw.items():
        if key not in carried:
            raise codec.CodecError(P_UNKNOWN_FIELD, name=str(key)[:40])
        try:
            result[key] = checkers[key](value)
        except codec.CodecError as exc:
            exc.field = key
            raise
    return result


def parse_line(line: bytes, model: type[Any], carried: set[str]) -> Incoming:
    checkers = codec.prepare_json(model)
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeError, ValueError, RecursionError):
        raise codec.CodecError(P_NOT_JSON) from None
    if not isinstance(obj, dict):
        raise codec.CodecError(P_NOT_JSON)
    record_id = checkers["id"](obj.get("id"))
    vector = _vector(obj.get("vector"))
    values = _values(obj.get("values"), checkers, carried)
    raw_bases = obj.get("bases", [])
    if not isinstance(raw_bases, list) or len(raw_bases) > MAX_BASES:
        raise codec.CodecError(P_STRUCTURE, part="bases")
    bases = []
    for base in raw_bases:
        if not isinstance(base, dict):
            raise codec.CodecError(P_STRUCTURE, part="bases")
        base_vector = _vector(base.get("vector"))
        if not all(n <= vector.get(d, 0) for d, n in base_vector.items()):
            raise codec.CodecError(P_VECTOR)  # an earlier version cannot be ahead of this one
        bases.append((base_vector, _values(base.get("values"), checkers, carried)))
    masked = obj.get("masked", [])
    if not isinstance(masked, list) or not all(isinstance(m, str) and m in carried
                                               for m in masked):
        raise codec.CodecError(P_STRUCTURE, part="masked")
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        raise codec.CodecError(P_STRUCTURE, part="meta")
    clean_meta = {}
    try:
        for key in ("created_at", "updated_at", "revision", "base_revision", "device_id"):
            if key in meta:
                clean_meta[key] = checkers[key](meta[key])
    except codec.CodecError as exc:
        exc.field = key
        raise
    return Incoming(record_id, vector, values, bases, list(masked), clean_meta)


def parse_records(manifest: dict[str, Any], contents: dict[str, bytes]) -> dict[str, list]:
    from app.services.exchange.tables import models_by_kind

    models = models_by_kind()
    result: dict[str, list[Incoming]] = {}
    for kind, spec in manifest["kinds"].items():
        if kind not in models or not isinstance(spec, dict):
            raise fail(E.MALFORMED_MANIFEST, detail=f"kind {str(kind)[:40]}")
        fields, masked = spec.get("fields"), spec.get("masked", [])
        cols = codec.columns(models[kind])
        if (not isinstance(fields, list) or not all(isinstance(f, str) for f in fields)
                or len(set(fields)) != len(fields) or not all(f in cols for f in fields)
                or not isinstance(masked, list)
                or not all(isinstance(f, str) and f in fields for f in masked)):
            raise fail(E.MALFORMED_MANIFEST, detail=f"fields of {kind}")
        data = contents.get(f"records/{kind}.jsonl", b"")
        items, seen, carried = [], set(), set(fields)
        for number, line in enumerate(data.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = parse_line(line, models[kind], carried)
            except codec.CodecError as exc:
                raise E.RecordError(number, kind, exc.field, exc.problem,
                                    **exc.params) from None
            if rec.id in seen:
                raise E.RecordError(number, kind, "", P_DUPLICATE)
            seen.add(rec.id)
            items.append(rec)
        if manifest["counts"].get(kind, len(items)) != len(items):
            raise fail(E.MALFORMED_MANIFEST, detail=f"count of {kind}")
        result[kind] = items
    for name in contents:
        match = _MEMBER.match(name)
        if match and match["kind"] not in result:
            raise fail(E.MALFORMED_MANIFEST, detail=name)
    return result
