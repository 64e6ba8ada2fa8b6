"""The tests' cheap passphrase packages (tests/cheap_scrypt.py) are real age files that the
app opens with its own code, and the app itself, unpatched, encrypts with pyrage's own work
factor."""
from __future__ import annotations

import re

import pyrage
import pytest

from app.services.exchange import package
from app.services.exchange.errors import ExchangeError
from tests import cheap_scrypt

PASS = "een lange geheime zin"


def work_factor(data: bytes) -> int:
    found = re.search(rb"\n-> scrypt \S+ (\d+)\n", data[:200])
    assert found, data[:200]
    return int(found.group(1))


@pytest.mark.parametrize("size", [0, 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 300_001])
def test_the_cheap_files_open_with_the_apps_own_decryption(size):
    data = (bytes(range(256)) * (size // 256 + 1))[:size]
    made = package.encrypt(data, [], PASS)  # the tests' stand-in, through the app's call
    assert work_factor(made) == cheap_scrypt.TEST_LOG_N
    assert package.encryption_of(made) == "passphrase"
    assert package.decrypt(made, [], PASS) == data


def test_a_wrong_passphrase_or_a_changed_byte_is_refused():
    made = package.encrypt(b"Kerkstraat 12", [], PASS)
    with pytest.raises(ExchangeError):
        package.decrypt(made, [], "een andere zin")
    changed = bytearray(made)
    changed[-3] ^= 1
    with pytest.raises(ExchangeError):
        package.decrypt(bytes(changed), [], PASS)


@pytest.mark.real_scrypt
def test_the_app_encrypts_with_pyrages_own_work_factor():
    """Only the writing: pyrage's decryption measures the machine again and refuses a file
    whose factor is more than 2^4 above what it measured, so on a busy machine it can refuse
    the file it has just made (seen here: 2^20 written, then "not right"). The reading code
    is the same for every factor and is tested above."""
    assert pyrage.passphrase.encrypt is not cheap_scrypt.encrypt
    made = package.encrypt(b"Kerkstraat 12", [], PASS)
    assert package.encryption_of(made) == "passphrase"
    assert work_factor(made) > cheap_scrypt.TEST_LOG_N + 2  # tuned to about a second
