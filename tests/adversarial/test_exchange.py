"""The hostile exchange packages of checks_exchange: every bad package refused calmly, nothing
erased comes back, no settled conflict is undone, no lookalike passes for a colleague."""
from __future__ import annotations

from tests.adversarial.checks_exchange import counts


def test_hostile_exchange_packages(tmp_path):
    figures = counts(tmp_path)
    assert figures["bad packages refused"] >= 40
    assert figures["bad packages accepted"] == 0
    assert figures["bad packages crashed"] == 0
    assert figures["erased records revived"] == 0
    assert figures["changes to erased records ignored"] >= 5
    assert figures["settled conflicts undone"] == 0
    assert figures["lookalike senders shown as a colleague"] == 0
    assert figures["laptops stopped by a poisoned counter"] == 0
