"""Passphrase packages in the age v1 format (https://age-encryption.org/v1, the scrypt
recipient), written with a fixed work factor.

`pyrage.passphrase.encrypt` tunes scrypt to take about a second on the machine of the moment,
and `pyrage.passphrase.decrypt` refuses a file whose factor is more than 2^4 above what it
measures on the machine that opens it. A package made on a fast desktop (2^21) could thus be
refused on a slow or busy laptop, and the user was told the passphrase was wrong. The app
writes 2^18 instead, the default of the reference implementation (age in Go): about a second
on a slow laptop, and opened by pyrage on any machine that does 2^14 in a second. Reading stays
pyrage's (`package.decrypt`), which also opens files made by age or rage themselves.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

LOG_N = 18
CHUNK = 64 * 1024
_STANZA = re.compile(rb"\n-> scrypt [A-Za-z0-9+/]{22} (\d{1,2})\n")


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _payload(file_key: bytes, data: bytes) -> bytes:
    """The STREAM: ChaCha20-Poly1305 chunks of 64 KiB with a counter nonce, the last flagged."""
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    count = max(1, -(-len(data) // CHUNK))
    out = [nonce]
    for index in range(count):
        last = b"\x01" if index == count - 1 else b"\x00"
        out.append(aead.encrypt(index.to_bytes(11, "big") + last,
                                data[index * CHUNK:(index + 1) * CHUNK], None))
    return b"".join(out)


def encrypt(data: bytes, passphrase: str, log_n: int | None = None) -> bytes:
    """`data` encrypted to `passphrase` as a binary age file with scrypt's factor 2^log_n
    (the module's LOG_N unless given)."""
    log_n = LOG_N if log_n is None else log_n
    file_key, salt = os.urandom(16), os.urandom(16)
    wrap_key = Scrypt(salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=2 ** log_n,
                      r=8, p=1).derive(passphrase.encode("utf-8"))
    body = ChaCha20Poly1305(wrap_key).encrypt(b"\x00" * 12, file_key, None)
    header = (b"age-encryption.org/v1\n-> scrypt " + _b64(salt) + b" "
              + str(log_n).encode("ascii") + b"\n" + _b64(body) + b"\n---")
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    return header + b" " + _b64(mac) + b"\n" + _payload(file_key, data)


def work_factor(data: bytes) -> int | None:
    """The scrypt factor (log2) in a passphrase file's header, or None if there is none."""
    found = _STANZA.search(data[:4096].split(b"\n---", 1)[0] + b"\n")
    return int(found.group(1)) if found else None
