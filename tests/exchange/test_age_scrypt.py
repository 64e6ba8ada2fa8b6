"""Passphrase packages: written with a fixed scrypt factor that any machine opens, and a file
whose factor the machine refuses to try is told apart from a wrong passphrase."""
from __future__ import annotations

import pyrage
import pytest

from app.services import i18n
from app.services.exchange import age_scrypt, package
from app.services.exchange.errors import ExchangeError

PASS = "lange zin van de buurtwerker"


@pytest.mark.parametrize("size", [0, 1, age_scrypt.CHUNK - 1, age_scrypt.CHUNK,
                                  age_scrypt.CHUNK + 1, 3 * age_scrypt.CHUNK])
def test_what_the_app_writes_is_read_by_pyrage(size):
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    made = age_scrypt.encrypt(data, PASS, log_n=10)
    assert age_scrypt.work_factor(made) == 10
    assert pyrage.passphrase.decrypt(made, PASS) == data
    assert package.decrypt(made, [], PASS) == data


@pytest.mark.real_scrypt
def test_the_app_writes_the_fixed_factor_not_a_tuned_one():
    made = package.encrypt(b"Kerkstraat 12", [], PASS)
    assert package.encryption_of(made) == "passphrase"
    assert age_scrypt.work_factor(made) == age_scrypt.LOG_N == 18
    assert package.decrypt(made, [], PASS) == b"Kerkstraat 12"


def test_the_tests_write_a_cheap_factor_through_the_apps_own_call():
    assert age_scrypt.work_factor(package.encrypt(b"x", [], PASS)) == 10


def test_two_packages_of_the_same_data_share_nothing():
    one, two = (age_scrypt.encrypt(b"same", PASS, log_n=10) for _ in range(2))
    assert one != two and one[-40:] != two[-40:]


def _refusal(data: bytes, passphrase: str) -> ExchangeError:
    with pytest.raises(ExchangeError) as caught:
        package.decrypt(data, [], passphrase)
    return caught.value


def test_a_factor_the_machine_will_not_try_is_not_called_a_wrong_passphrase():
    made = age_scrypt.encrypt(b"data", PASS, log_n=10)
    costly = made.replace(b" 10\n", b" 30\n", 1)
    assert age_scrypt.work_factor(costly) == 30
    refusal = _refusal(costly, PASS)
    assert "2^30" in refusal.user_message()
    assert refusal.user_message() != _refusal(made, "verkeerd wachtwoord").user_message()
    i18n.set_language("nl")
    assert "2^30" in refusal.user_message()
    assert "wachtzin" in refusal.user_message()
    assert refusal.user_message() != _refusal(made, "verkeerd wachtwoord").user_message()


def test_a_wrong_passphrase_or_a_changed_byte_is_still_refused():
    made = age_scrypt.encrypt(b"data" * 1000, PASS, log_n=10)
    wrong = _refusal(made, "verkeerd wachtwoord").user_message()
    flipped = made[:-5] + bytes([made[-5] ^ 1]) + made[-4:]
    assert _refusal(flipped, PASS).user_message() == wrong
    header_end = made.index(b"\n---") + 5
    in_mac = made[:header_end] + bytes([made[header_end] ^ 1]) + made[header_end + 1:]
    assert _refusal(in_mac, PASS).user_message() == wrong
