"""This installation's exchange keys and the senders it knows (trust on first use).

Signing: Ed25519 (cryptography). Encryption: age X25519 (pyrage). A fingerprint is the
SHA-256 of the raw public signing key, shown as 16 groups of 4 hex digits so that two people
can compare it by phone. A public key file is JSON (see docs/exchange-format.md).
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.exchange import ExchangeIdentity, ExchangeKnownKey
from app.services.changes import Changes
from app.services.exchange import errors as E
from app.services.exchange.errors import fail

KEY_FILE_FORMAT = "buurtverbinder-public-key"
MAX_KEY_FILE = 64 * 1024
ROLES = ("colleague", "lead")


def raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(sign_public_b64: str) -> str:
    digest = hashlib.sha256(base64.b64decode(sign_public_b64)).hexdigest()
    return digest


def pretty_fingerprint(fp: str) -> str:
    """The first 64 bits as 4 groups, easy to read aloud; enough to spot a wrong key."""
    fp = fp.upper()
    return " ".join(fp[i:i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class PublicKeyInfo:
    sign_public: str  # base64
    age_recipient: str
    device_id: str = ""
    name: str = ""
    organisation: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public) if self.sign_public else ""


def get_identity(session: Session) -> ExchangeIdentity | None:
    return session.get(ExchangeIdentity, "self")


def require_identity(session: Session) -> ExchangeIdentity:
    ident = get_identity(session)
    if ident is None:
        raise fail(E.NO_IDENTITY)
    return ident


def create_identity(session: Session, name: str = "", organisation: str = "",
                    *, replace: bool = False) -> tuple[ExchangeIdentity, Changes]:
    """Make this installation's keys (once; `replace` makes new ones)."""
    import pyrage

    ident = get_identity(session)
    if ident is not None and not replace:
        if name or organisation:
            ident.name = name or ident.name
            ident.organisation = organisation or ident.organisation
        return ident, Changes.of("exchange_identity")
    private = Ed25519PrivateKey.generate()
    values = dict(
        sign_private=base64.b64encode(private.private_bytes_raw()).decode("ascii"),
        age_identity=str(pyrage.x25519.Identity.generate()),
        pseudonym_secret=base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
    )
    if ident is None:
        ident = ExchangeIdentity(slot="self", name=name, organisation=organisation, **values)
        session.add(ident)
    else:
        for key, value in values.items():
            setattr(ident, key, value)
        ident.name, ident.organisation = name or ident.name, organisation or ident.organisation
        ident.created_at = utcnow()
    session.flush()
    return ident, Changes.of("exchange_identity")


def signing_key(ident: ExchangeIdentity) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(ident.sign_private))


def own_public(ident: ExchangeIdentity, device_id: str) -> PublicKeyInfo:
    import pyrage

    recipient = str(pyrage.x25519.Identity.from_str(ident.age_identity).to_public())
    sign_public = base64.b64encode(raw_public(signing_key(ident))).decode("ascii")
    return PublicKeyInfo(sign_public, recipient, device_id, ident.name, ident.organisation)


def public_key_json(info: PublicKeyInfo) -> str:
    return json.dumps({
        "format": KEY_FILE_FORMAT, "version": 1, "name": info.name,
        "organisation": info.organisation, "device_id": info.device_id,
        "sign_public": info.sign_public, "age_recipient": info.age_recipient,
        "fingerprint": info.fingerprint,
    }, ensure_ascii=False, indent=2)


def _read_small(path: Path) -> str:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise fail(E.BAD_KEY_FILE, name=path.name)
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise fail(E.CANNOT_READ, name=path.name, detail=str(exc)) from None


def parse_public_key(text: str, name: str = "") -> PublicKeyInfo:
    """A Buurtverbinder public key file, or a bare age recipient (`age1...`, no signing key)."""
    import pyrage

    text = text.strip()
    if text.startswith("age1") and "\n" not in text:
        try:
            pyrage.x25519.Recipient.from_str(text)
        except Exception:  # noqa: BLE001 (pyrage raises its own RecipientError)
            raise fail(E.BAD_KEY_FILE, name=name) from None
        return PublicKeyInfo("", text)
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != KEY_FILE_FORMAT:
            raise ValueError
        sign_public = str(data["sign_public"])
        Ed25519PublicKey.from_public_bytes(base64.b64decode(sign_public, validate=True))
        recipient = str(data.get("age_recipient", ""))
        if recipient:
            pyrage.x25519.Recipient.from_str(recipient)
        info = PublicKeyInfo(sign_public, recipient, str(data.get("device_id", ""))[:36],
                             str(data.get("name", ""))[:200],
                             str(data.get("organisation", ""))[:200])
    except Exception:  # noqa: BLE001 (any malformed key file is the same calm message)
        raise fail(E.BAD_KEY_FILE, name=name) from None
    if data.get("fingerprint") and data["fingerprint"] != info.fingerprint:
        raise fail(E.BAD_KEY_FILE, name=name)
    return info


def read_public_key_file(path: Path) -> PublicKeyInfo:
    return parse_public_key(_read_small(path), Path(path).name)


def read_identity_file(path: Path):
    """An age identity (AGE-SECRET-KEY-1...) from a file; comment lines are skipped."""
    import pyrage

    for line in _read_small(path).splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                return pyrage.x25519.Identity.from_str(line)
            except Exception:  # noqa: BLE001 (pyrage.IdentityError, or anything a bad line gives)
                break
    raise fail(E.BAD_IDENTITY_FILE, name=Path(path).name)


def verify(sign_public_b64: str, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(sign_public_b64)).verify(
            signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


# --- known senders ------------------------------------------------------------------------

def known_keys(session: Session) -> list[ExchangeKnownKey]:
    return list(session.scalars(select(ExchangeKnownKey).order_by(
        ExchangeKnownKey.organisation, ExchangeKnownKey.name)))


def lead_key(session: Session) -> ExchangeKnownKey | None:
    return session.scalar(select(ExchangeKnownKey).where(
        ExchangeKnownKey.role == "lead", ExchangeKnownKey.trusted.is_(True),
        ExchangeKnownKey.age_recipient != "").order_by(ExchangeKnownKey.last_seen.desc()))


def trust_key(session: Session, info: PublicKeyInfo, role: str = "colleague",
              trusted: bool = True) -> tuple[ExchangeKnownKey, Changes]:
    """Remember a sender's public key (from a key file, or on first use of a package)."""
    if role not in ROLES:
        raise ValueError(role)
    if not info.sign_public:
        raise fail(E.BAD_KEY_FILE, name=info.age_recipient[:20])
    key = session.get(ExchangeKnownKey, info.fingerprint)
    if key is None:
        key = ExchangeKnownKey(fingerprint=info.fingerprint, sign_public=info.sign_public)
        session.add(key)
    key.age_recipient = info.age_recipient or key.age_recipient or ""
    key.device_id = info.device_id or key.device_id or ""
    name = info.name or key.name or ""
    label = name or info.organisation or key.organisation or ""  # what the user will see
    if label and lookalike(session, label, info.fingerprint) is not None:
        name = distinct_name(label, info.fingerprint)  # never a known colleague's name
    key.name = name
    key.organisation = info.organisation or key.organisation or ""
    key.role, key.trusted, key.last_seen = role, trusted, utcnow()
    session.flush()
    return key, Changes.of("exchange_known_key")


def forget_key(session: Session, fp: str) -> Changes:
    key = session.get(ExchangeKnownKey, fp)
    if key is None:
        return Changes()
    session.delete(key)
    session.flush()
    return Changes.of("exchange_known_key")


def toggle_role(session: Session, fp: str) -> Changes:
    """The known key `fp` becomes the lead organisation's, or a colleague's again. A key
    that is gone (forgotten in another window) changes nothing."""
    key = session.get(ExchangeKnownKey, fp)
    if key is None:
        return Changes()
    key.role = "colleague" if key.role == "lead" else "lead"
    session.flush()
    return Changes.of("exchange_known_key")


def toggle_trust(session: Session, fp: str) -> Changes:
    """Trust the known key `fp`, or stop trusting it (its packages are then refused). A key
    that is gone changes nothing."""
    key = session.get(ExchangeKnownKey, fp)
    if key is None:
        return Changes()
    key.trusted = not key.trusted
    session.flush()
    return Changes.of("exchange_known_key")


@dataclass(frozen=True)
class SenderCheck:
    """What the receiver learns about a package's signer, and the name to show for it.

    The name shown is bound to the key: a known key shows the name it was trusted under,
    whatever its package claims; a new key that claims the name of someone already known
    under another key ("lookalike") is shown with its fingerprint and needs confirming."""

    status: str  # "self", "trusted", "new" (first use), "changed" (other key, same device),
    # "lookalike" (a new key using the name of a colleague known under another key)
    fingerprint: str
    known: ExchangeKnownKey | None = None
    name: str = ""
    organisation: str = ""


def _name_key(name: str) -> str:
    """A name reduced to what a reader sees: case, accents, spaces and punctuation ignored."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))


def lookalike(session: Session, name: str, fp: str) -> ExchangeKnownKey | ExchangeIdentity | None:
    """A known key (or this installation) with another fingerprint that shows the same name."""
    wanted = _name_key(name)
    if not wanted:
        return None
    ident = get_identity(session)
    if ident is not None and wanted in (_name_key(ident.name),
                                        _name_key(ident.name or ident.organisation)):
        own = base64.b64encode(raw_public(signing_key(ident))).decode("ascii")
        if fingerprint(own) != fp:
            return ident
    for key in known_keys(session):
        if key.fingerprint != fp and wanted in (_name_key(key.name),
                                                _name_key(key.name or key.organisation)):
            return key
    return None


def distinct_name(name: str, fp: str) -> str:
    """A claimed name made distinct by its key: "Bert (4CF5 62E8)"."""
    return f"{name[:180]} ({pretty_fingerprint(fp)[:9]})"


def check_sender(session: Session, info: PublicKeyInfo, own_fp: str = "") -> SenderCheck:
    fp = info.fingerprint
    if own_fp and fp == own_fp:
        return SenderCheck("self", fp, None, info.name, info.organisation)
    known = session.get(ExchangeKnownKey, fp)
    if known is not None:
        if not known.trusted:
            raise fail(E.UNTRUSTED, fingerprint=pretty_fingerprint(fp))
        return SenderCheck("trusted", fp, known, known.name, known.organisation)
    if info.device_id:
        other = session.scalar(select(ExchangeKnownKey).where(
            ExchangeKnownKey.device_id == info.device_id))
        if other is not None:
            return SenderCheck("changed", fp, other, info.name, info.organisation)
    claimed = info.name or info.organisation  # shown as the sender
    if claimed and lookalike(session, claimed, fp) is not None:
        return SenderCheck("lookalike", fp, None, distinct_name(claimed, fp),
                           info.organisation)
    return SenderCheck("new", fp, None, info.name, info.organisation)
