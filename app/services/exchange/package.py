"""The package file: a signed zip of JSON lines, optionally age-encrypted as a whole.

Writing streams the records into a deflated zip (only the compressed bytes are held), signs
the manifest, then streams the encryption into a temporary file that is fsynced and renamed.
Reading never extracts to disk: it checks names, sizes, the signature and every member's
checksum, then validates every record line by line, streaming from the compressed zip; the
importer reads the records again the same way, so neither ever holds all records. A line that
is byte for byte one this installation already accepted (its hash is in the exchange state)
is not checked again. Anything wrong raises ExchangeError; see docs/exchange-format.md.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Column

from app.models.base import UTCDateTime
from app.services import leftovers
from app.services.atomic import atomic_file
from app.services.exchange import age_scrypt, codec
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


#: records kept parsed after the check at opening, in all (a small package is not parsed
#: twice); the lines of a larger package after the first ones kept are read again, line by
#: line, when it is imported (memory stays bounded whatever the package's size)
CACHE_RECORDS = 20_000
CHUNK = 1024 * 1024  # bytes decompressed at a time
#: line hash -> record id, per kind: lines accepted here before (see `line_hash`)
Known = dict[str, dict[str, str]]


def line_hash(line: bytes) -> str:
    """The fingerprint of one record line as it travels (id, vector, values, bases, meta)."""
    return hashlib.blake2b(line, digest_size=16).hexdigest()


class Package:
    """An opened, checked package. Its records are read from the compressed zip on demand:
    `iter_records(kind)` streams them, `records` parses them all (for small packages)."""

    def __init__(self, manifest: dict[str, Any], sender: PublicKeyInfo, zip_data: bytes,
                 encrypted: str = "", file_name: str = ""):
        self.manifest, self.sender, self.zip_data = manifest, sender, zip_data
        self.encrypted, self.file_name = encrypted, file_name
        # kind -> (its first records, parsed when checked; whether they are all of them)
        self._cache: dict[str, tuple[list[tuple[int, str, Incoming]], bool]] = {}
        self._records: dict[str, list[Incoming]] | None = None
        # kind -> numbers of the lines checked when opened that do not hold their record in
        # its normal form (the others are rebuilt from their bytes without a second check)
        self._checked: dict[str, set[int]] = {}

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def scope(self) -> str:
        return self.manifest["scope"]

    @property
    def kinds(self) -> list[str]:
        return list(self.manifest["kinds"])

    def count(self, kind: str) -> int:
        return int(self.manifest["counts"].get(kind, 0))

    @property
    def records(self) -> dict[str, list[Incoming]]:
        """Every record, parsed (kind -> records in package order)."""
        if self._records is None:
            self._records = {kind: [inc for _n, _h, inc in self.iter_records(kind)
                                    if inc is not None] for kind in self.kinds}
        return self._records

    def lines(self, kind: str) -> Iterator[tuple[int, bytes]]:
        """(line number, line) of a kind's member, blank lines left out, streamed."""
        with zipfile.ZipFile(io.BytesIO(self.zip_data)) as zf:
            name = f"records/{kind}.jsonl"
            if name not in zf.NameToInfo:
                return
            yield from _numbered_lines(zf, zf.getinfo(name))

    def iter_records(self, kind: str, skip: dict[str, str] | None = None
                     ) -> Iterator[tuple[int, str, Incoming | None]]:
        """(line number, line hash, record) in package order; the record is None for a line
        whose hash is in `skip` (not parsed at all)."""
        cached, complete = self._cache.get(kind, ([], False))
        for number, digest, inc in cached:
            yield number, digest, None if skip and digest in skip else inc
        if complete:
            return
        from app.services.exchange.tables import models_by_kind

        model, carried = models_by_kind()[kind], set(self.manifest["kinds"][kind]["fields"])
        odd, done = self._checked.get(kind), cached[-1][0] if cached else 0
        for number, line in self.lines(kind):
            if number <= done:
                continue  # yielded from the records kept parsed
            digest = line_hash(line)
            if skip and digest in skip:
                yield number, digest, None
            elif odd is None or number in odd:
                yield number, digest, _parse(line, number, kind, model, carried)
            else:
                yield number, digest, _trusted(json.loads(line.decode("utf-8")))

    def check_records(self, known: Known | None = None) -> None:
        """Validate every record (RecordError on the first bad one): fields, duplicates and
        counts. Lines in `known` were checked when they were first accepted here."""
        from app.services.exchange.tables import models_by_kind

        models = models_by_kind()
        self._cache, kept = {}, 0
        for kind, spec in self.manifest["kinds"].items():
            _check_kind_spec(kind, spec, models)
            seen: set[str] = set()
            own_known, keep = (known or {}).get(kind, {}), True
            rows: list[tuple[int, str, Incoming]] = []
            odd = self._checked[kind] = set()
            for number, line in self.lines(kind):
                digest = line_hash(line)
                record_id = own_known.get(digest)
                inc = None
                if record_id is None:
                    inc, as_sent = _check(line, number, kind, models[kind], set(spec["fields"]))
                    record_id = inc.id
                else:  # checked when first accepted here; checked again if ever decided
                    as_sent = False
                if not as_sent:
                    odd.add(number)
                if record_id in seen:
                    raise E.RecordError(number, kind, "", P_DUPLICATE)
                seen.add(record_id)
                if keep and inc is not None and kept < CACHE_RECORDS:
                    rows.append((number, digest, inc))
                    kept += 1
                else:
                    keep = False
            if self.manifest["counts"].get(kind, len(seen)) != len(seen):
                raise fail(E.MALFORMED_MANIFEST, detail=f"count of {kind}")
            # the first records kept parsed; from the first known line or past the budget,
            # the rest is read again when imported
            self._cache[kind] = (rows, keep)


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


class PackageWriter:
    """Streams members into a deflated zip held as compressed bytes; `finish` adds the
    manifest (with every member's checksum and size) and its signature."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self.members: dict[str, dict[str, Any]] = {}

    def member(self, name: str, lines: Iterable[bytes]) -> int:
        """Write one member from its lines (each ended by a newline); returns the count."""
        digest, size, count, batch = hashlib.sha256(), 0, 0, []
        with self.zip.open(name, "w") as fh:
            for line in lines:
                batch.append(line)
                count += 1
                if len(batch) == 500:
                    size += self._write(fh, digest, batch)
                    batch = []
            size += self._write(fh, digest, batch)
        self.members[name] = {"sha256": digest.hexdigest(), "size": size}
        return count

    @staticmethod
    def _write(fh, digest, lines: list[bytes]) -> int:
        if not lines:
            return 0
        data = b"\n".join(lines) + b"\n"
        fh.write(data)
        digest.update(data)
        return len(data)

    def finish(self, manifest: dict[str, Any], sign) -> io.BytesIO:
        manifest = dict(manifest, members=self.members)
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1,
                                    sort_keys=True).encode("utf-8")
        self.zip.writestr(MANIFEST, manifest_bytes)
        self.zip.writestr(SIGNATURE, base64.b64encode(sign(manifest_bytes)))
        self.zip.close()
        self.buffer.seek(0)
        return self.buffer


def encrypt(data: bytes, recipients: list[str], passphrase: str | None) -> bytes:
    import pyrage

    if passphrase:
        return age_scrypt.encrypt(data, passphrase)
    if recipients:
        return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(r) for r in recipients])
    return data


def write_encrypted(path: Path, plain: io.BytesIO, recipients: list[str],
                    passphrase: str | None, progress=None) -> Path:
    """Encrypt the zip straight into the temporary file (streamed for keys; a passphrase
    package is encrypted in memory, see age_scrypt), then fsync and rename."""
    import pyrage

    if passphrase or not recipients:
        return write_atomically(path, encrypt(plain.getvalue(), recipients, passphrase),
                                progress)
    keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    return _atomic(path, lambda fh: pyrage.encrypt_io(plain, fh, keys))


def write_atomically(path: Path, data: bytes, progress=None) -> Path:
    """Write next to the target, fsync, then rename: never a half file under the real name."""
    def write(fh) -> None:
        step = 1024 * 1024
        for start in range(0, len(data), step):
            fh.write(data[start:start + step])
            if progress is not None:
                progress.step(start + step, len(data))
    return _atomic(path, write)


def _atomic(path: Path, write) -> Path:
    """`write(fh)` into a temporary beside `path` (locked while written, private: a package
    holds personal data), renamed when complete; a killed export's leftover goes first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    leftovers.remove_killed_exports(path.parent)  # a killed export's hidden temporary
    with atomic_file(path, private=True, held=True) as fh:
        write(fh)
    return path


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
        except Exception as exc:  # noqa: BLE001 (pyrage.DecryptError: wrong passphrase or damaged)
            if str(exc).startswith("Excessive work"):  # pyrage's refusal of a costly factor
                raise fail(E.TOO_COSTLY_PASSPHRASE,
                           factor=age_scrypt.work_factor(data) or "?") from None
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
                 passphrase: str | None = None, file_name: str = "",
                 known: Known | None = None,
                 already_imported: Callable[[str], bool] | None = None) -> Package:
    """Decrypt, check and parse a package's bytes. Raises ExchangeError only.

    `known`: lines accepted here before, not checked again. `already_imported(package_id)`:
    true for a package in the import ledger, whose records are not read (it changes nothing;
    its signature and checksums are still checked)."""
    from app.services.database import migration_graph

    encrypted = encryption_of(data)
    plain = decrypt(data, identities or [], passphrase)
    del data
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
            _verify_members(zf, members, manifest)
        pkg = Package(manifest, sender, plain, encrypted, file_name)
        if already_imported is None or not already_imported(pkg.package_id):
            pkg.check_records(known)
    except ExchangeError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, struct.error, ValueError,
            NotImplementedError, KeyError, RuntimeError, OverflowError):
        raise fail(E.TRUNCATED) from None
    return pkg


def _verify_members(zf, members, manifest) -> None:
    """Every member listed in the signed manifest, with its checksum (streamed)."""
    listed = manifest["members"]
    for name in members:
        if name in (MANIFEST, SIGNATURE):
            continue
        if name not in listed:
            raise fail(E.TAMPERED)
    for name, meta in listed.items():
        if name not in members or not isinstance(meta, dict):
            raise fail(E.TAMPERED)
        digest = hashlib.sha256()
        for chunk in _chunks(zf, members[name]):
            digest.update(chunk)
        if digest.hexdigest() != meta.get("sha256"):
            raise fail(E.TAMPERED)
    for name in members:
        match = _MEMBER.match(name)
        if match and match["kind"] not in manifest["kinds"]:
            raise fail(E.MALFORMED_MANIFEST, detail=name)


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in pieces, never more than its declared size (zip bomb)."""
    if info.file_size > MAX_UNPACKED:
        raise fail(E.ZIP_BOMB)
    total = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(min(CHUNK, info.file_size + 1 - total))
            if not chunk:
                return
            total += len(chunk)
            if total > info.file_size:
                raise fail(E.ZIP_BOMB)
            yield chunk


def _numbered_lines(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[tuple[int, bytes]]:
    """Lines numbered as `bytes.splitlines()` numbers them; blank ones left out."""
    number, rest = 0, b""
    for chunk in _chunks(zf, info):
        pieces = (rest + chunk).split(b"\n")
        rest = pieces.pop()
        for piece in pieces:
            for line in (piece.splitlines() or [b""]) if b"\r" in piece else (piece,):
                number += 1
                if line.strip():
                    yield number, line
    for line in rest.splitlines():
        number += 1
        if line.strip():
            yield number, line


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


def _quick_values(raw: Any, model: type, carried: set[str]) -> dict[str, Any]:
    """`_values` with the table's compiled checks, one call per value; anything odd (an
    unknown field, a value not in the form this app writes, not an object at all) goes the
    generic way, which refuses it exactly as before or gives the same result."""
    quick = _compiled(model, frozenset(carried))
    try:
        return {key: quick[key](value) for key, value in raw.items()}
    except Exception:  # noqa: BLE001 - the generic way refuses it exactly, or agrees
        return _values(raw, codec.prepare_json(model), carried)


@lru_cache(maxsize=256)  # field sets come from packages: bounded
def _compiled(model: type, carried: frozenset[str]) -> dict[str, Any]:
    """field -> its quick check, for the fields a package carries (built once per table)."""
    quick = codec.quick_json(model)
    return {key: quick[key] for key in carried if key in quick}


def parse_line(line: bytes, model: type, carried: set[str]) -> Incoming:
    return _checked(_loads(line), model, carried)


def _loads(line: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeError, ValueError, RecursionError):
        raise codec.CodecError(P_NOT_JSON) from None
    if not isinstance(obj, dict):
        raise codec.CodecError(P_NOT_JSON)
    return obj


def _checked(obj: dict[str, Any], model: type, carried: set[str]) -> Incoming:
    """Every part of a record checked, values in their normal JSON form."""
    checkers = codec.prepare_json(model)
    record_id = checkers["id"](obj.get("id"))
    vector = _vector(obj.get("vector"))
    values = _quick_values(obj.get("values"), model, carried)
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
        bases.append((base_vector, _quick_values(base.get("values"), model, carried)))
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


_META = ("created_at", "updated_at", "revision", "base_revision", "device_id")


def _as_sent(obj: dict[str, Any], inc: Incoming, floats: tuple[str, ...]) -> bool:
    """Whether the checked record is exactly what the line holds (every value already in
    its normal form, as this app writes it): then `_trusted` rebuilds it from the same bytes
    without checking again. (Equal values of other types differ only as int and float.)"""
    raw_bases = obj.get("bases", [])
    meta = obj.get("meta", {})
    return (obj["id"] == inc.id and obj["vector"] == inc.vector
            and obj["values"] == inc.values and _floats(obj["values"], floats)
            and [(b["vector"], b["values"]) for b in raw_bases] == inc.bases
            and all(_floats(b["values"], floats) for b in raw_bases)
            and {k: meta[k] for k in _META if k in meta} == inc.meta)


def _floats(values: dict[str, Any], floats: tuple[str, ...]) -> bool:
    return all(type(values[f]) is float for f in floats if values.get(f) is not None)


def _trusted(obj: dict[str, Any]) -> Incoming:
    """A record from a line `_as_sent` found normal when the package was opened."""
    meta = obj.get("meta", {})
    return Incoming(obj["id"], obj["vector"], obj["values"],
                    [(b["vector"], b["values"]) for b in obj.get("bases", [])],
                    list(obj.get("masked", [])), {k: meta[k] for k in _META if k in meta})


@cache
def _float_fields(model: type) -> tuple[str, ...]:
    return tuple(k for k, c in codec.columns(model).items() if codec._kind(c.type) == "float")


def _check_kind_spec(kind: Any, spec: Any, models: dict[str, type]) -> None:
    if kind not in models or not isinstance(spec, dict):
        raise fail(E.MALFORMED_MANIFEST, detail=f"kind {str(kind)[:40]}")
    fields, masked = spec.get("fields"), spec.get("masked", [])
    cols = codec.columns(models[kind])
    if (not isinstance(fields, list) or not all(isinstance(f, str) for f in fields)
            or len(set(fields)) != len(fields) or not all(f in cols for f in fields)
            or not isinstance(masked, list)
            or not all(isinstance(f, str) and f in fields for f in masked)):
        raise fail(E.MALFORMED_MANIFEST, detail=f"fields of {kind}")


def _parse(line: bytes, number: int, kind: str, model: type, carried: set[str]) -> Incoming:
    try:
        return parse_line(line, model, carried)
    except codec.CodecError as exc:
        raise E.RecordError(number, kind, exc.field, exc.problem, **exc.params) from None


def _check(line: bytes, number: int, kind: str, model: type, carried: set[str]
           ) -> tuple[Incoming, bool]:
    """The checked record and whether the line held it exactly (see `_as_sent`)."""
    try:
        obj = _loads(line)
        inc = _checked(obj, model, carried)
    except codec.CodecError as exc:
        raise E.RecordError(number, kind, exc.field, exc.problem, **exc.params) from None
    return inc, _as_sent(obj, inc, _float_fields(model))
