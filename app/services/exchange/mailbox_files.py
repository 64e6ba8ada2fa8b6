"""The mailbox folder's files: names, signed envelopes and receipts, safe writing and reading.

Files in a mailbox folder (fingerprints shortened to 16 hex digits):
    bv-<sender>-to-<recipient>-<YYYYMMDDTHHMMSSZ>-<random>.bvx       the package
    bv-<sender>-to-<recipient>-<YYYYMMDDTHHMMSSZ>-<random>.bvx.json  its envelope
    bv-receipt-<recipient>-from-<sender>.json                         a receipt
    .bv-tmp-<sender>-<random>.part                                    being written
Anything else (other programs' files, sync tools' conflict copies) is never changed.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeGuard

from app.services.atomic import atomic_file
from app.services.exchange import keys, package

ENVELOPE_FORMAT = "buurtverbinder-mailbox-envelope"


RECEIPT_FORMAT = "buurtverbinder-mailbox-receipt"


FORMAT_VERSION = 1


SHORT = 16  # hex digits of a fingerprint in file names


MAX_SMALL_FILE = 256 * 1024  # envelopes and receipts are a few hundred bytes


STALE_TEMP = timedelta(hours=6)  # our own temporary files older than this were interrupted


_HEX = rf"[0-9a-f]{{{SHORT}}}"


PACKAGE_RE = re.compile(
    rf"^bv-(?P<sender>{_HEX})-to-(?P<recipient>{_HEX})-(?P<stamp>\d{{8}}T\d{{6}}Z)"
    r"-(?P<token>[0-9a-f]{8})\.bvx$")


ENVELOPE_RE = re.compile(PACKAGE_RE.pattern[:-1] + r"\.json$")


def envelope_parts(path: Path) -> re.Match[str]:
    """The sender and recipient in a listed envelope's name (the listing holds only names
    that match)."""
    match = ENVELOPE_RE.match(path.name)
    assert match is not None, path.name
    return match


RECEIPT_RE = re.compile(rf"^bv-receipt-(?P<recipient>{_HEX})-from-(?P<sender>{_HEX})\.json$")


TEMP_PREFIX = ".bv-tmp-"


def short(fp: str) -> str:
    return fp[:SHORT].lower()


def canonical(obj: dict[str, Any]) -> bytes:
    body = {k: v for k, v in obj.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def signed(obj: dict[str, Any], signer) -> bytes:
    obj = dict(obj, signature=base64.b64encode(signer.sign(canonical(obj))).decode())
    return json.dumps(obj, indent=1, sort_keys=True).encode()


def read_small(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SMALL_FILE + 1)
        if len(raw) > MAX_SMALL_FILE:
            return None
        obj = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None  # still being written, or not ours
    return obj if isinstance(obj, dict) else None


def verified(obj: dict[str, Any], sign_public: str) -> bool:
    try:
        signature = base64.b64decode(obj.get("signature", ""), validate=True)
    except (ValueError, TypeError):
        return False
    return keys.verify(sign_public, canonical(obj), signature)


def write_into(folder: Path, name: str, data: bytes, me: str) -> Path:
    """Write a file into the mailbox under a temporary name, fsync, rename: a reader (or a
    sync tool) never sees a half file under the real name."""
    with atomic_file(folder / name, temp=_temp_in(folder, me)) as fh:
        fh.write(data)
    return folder / name


def copy_into(folder: Path, name: str, source: Path, me: str) -> None:
    with open(source, "rb") as src, atomic_file(folder / name,
                                                temp=_temp_in(folder, me)) as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)


def _temp_in(folder: Path, me: str) -> Path:
    """A temporary the other mailbox users recognise as someone's file being written."""
    return folder / f"{TEMP_PREFIX}{short(me)}-{secrets.token_hex(6)}.part"


def sha256_of(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@dataclass
class Listing:
    envelopes: list[Path] = field(default_factory=list)
    receipts: list[Path] = field(default_factory=list)
    copies: list[Path] = field(default_factory=list)  # sync tools' copies, renamed files
    temps: list[Path] = field(default_factory=list)


def scan(folder: Path) -> Listing:
    listing = Listing()
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(TEMP_PREFIX):
                listing.temps.append(Path(entry.path))
            elif not name.startswith("bv-") or not entry.is_file(follow_symlinks=False):
                continue  # not ours: never touched
            elif ENVELOPE_RE.match(name):
                listing.envelopes.append(Path(entry.path))
            elif RECEIPT_RE.match(name):
                listing.receipts.append(Path(entry.path))
            elif PACKAGE_RE.match(name):
                continue  # read through its envelope
            elif ".bvx" in name or name.startswith("bv-receipt-"):
                listing.copies.append(Path(entry.path))
    for items in (listing.envelopes, listing.receipts, listing.copies):
        items.sort()
    return listing


def valid_envelope(obj: dict[str, Any] | None, file_name: str) -> TypeGuard[dict[str, Any]]:
    if not obj or obj.get("format") != ENVELOPE_FORMAT:
        return False
    try:
        return (obj["package_file"] == file_name and isinstance(obj["package_id"], str)
                and isinstance(obj["sender"], str) and isinstance(obj["recipients"], list)
                and all(isinstance(r, str) for r in obj["recipients"])
                and isinstance(obj["size"], int) and 0 < obj["size"] <= package.MAX_FILE
                and isinstance(obj["sha256"], str) and isinstance(obj["scope"], str))
    except KeyError:
        return False


def complete_bytes(path: Path, envelope: dict[str, Any]) -> bytes | None:
    """The package's bytes when they are all there and match the envelope, else None."""
    try:
        if path.stat().st_size != envelope["size"]:
            return None
        with open(path, "rb") as fh:
            data = fh.read(envelope["size"] + 1)
    except OSError:
        return None
    if len(data) != envelope["size"] or hashlib.sha256(data).hexdigest() != envelope["sha256"]:
        return None
    return data


def remove_stale_temps(folder: Path, me: str) -> None:
    """Our own temporary files left by an interrupted pass (never another laptop's)."""
    mine = f"{TEMP_PREFIX}{short(me)}-"
    limit = time.time() - STALE_TEMP.total_seconds()
    for path in folder.glob(f"{mine}*.part"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
