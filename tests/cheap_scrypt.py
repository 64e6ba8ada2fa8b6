"""Passphrase packages for the tests, made with a cheap scrypt work factor (issue 20).

`pyrage.passphrase.encrypt` tunes scrypt to take about a second on the machine of the
moment, and decrypting such a file takes as long again; on the busy test machine a single
package took up to 50 s, and a file made while a core was free (work factor 2^20) could be
refused later by a decryption that measured a slower machine. The tests make their passphrase
packages here instead: the same age v1 format (https://age-encryption.org/v1, the scrypt
recipient), written with `cryptography`, with the work factor 2^10. The app's own reading
code (`pyrage.passphrase.decrypt`) opens them unchanged, which is what proves the format.
`tests/exchange/test_cheap_scrypt.py` checks both that and that the app, unpatched, uses
pyrage's own factor. Only the tests use this; the app always uses pyrage."""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

TEST_LOG_N = 10
CHUNK = 64 * 1024


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _payload(file_key: bytes, data: bytes) -> bytes:
    """The STREAM of ChaCha20-Poly1305 chunks of 64 KiB, the last one flagged."""
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    out = [nonce]
    for counter, chunk in enumerate(chunks):
        last = b"\x01" if counter == len(chunks) - 1 else b"\x00"
        out.append(aead.encrypt(counter.to_bytes(11, "big") + last, chunk, None))
    return b"".join(out)


def encrypt(data: bytes, passphrase: str, armored: bool = False,
            log_n: int = TEST_LOG_N) -> bytes:
    """What `pyrage.passphrase.encrypt` makes, with scrypt's work factor 2^log_n."""
    assert not armored, "the app writes binary age files"
    file_key, salt = os.urandom(16), os.urandom(16)
    wrap_key = Scrypt(salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=2 ** log_n,
                      r=8, p=1).derive(passphrase.encode("utf-8"))
    body = ChaCha20Poly1305(wrap_key).encrypt(b"\x00" * 12, file_key, None)
    header = (b"age-encryption.org/v1\n-> scrypt " + _b64(salt) + b" " + str(log_n).encode()
              + b"\n" + _b64(body) + b"\n---")
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    return header + b" " + _b64(mac) + b"\n" + _payload(file_key, data)
