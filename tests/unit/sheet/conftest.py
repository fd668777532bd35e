"""Banks shared by the sheet tests: the real one (loaded once) and a small one whose items carry LaTeX."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz import bank
from dlquiz.bank import Bank

FORMULA_BANK = Path(__file__).resolve().parents[2] / "data" / "bank-sheet"


@pytest.fixture(scope="session")
def real_bank() -> Bank:
    loaded = bank.load()
    assert not loaded.problems
    return loaded


@pytest.fixture(scope="session")
def formula_bank() -> Bank:
    loaded = bank.load(FORMULA_BANK)
    assert not loaded.problems
    return loaded
