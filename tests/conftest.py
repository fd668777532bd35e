"""Fixtures that keep the developer's machine out of the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so a failure in CI reproduces on any machine.
settings.register_profile("dlquiz", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("dlquiz")

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty user data directory."""
    home = tmp_path_factory.mktemp("dlquiz-home")
    monkeypatch.setenv("DLQUIZ_HOME", str(home))
    monkeypatch.delenv("DLQUIZ_BANK", raising=False)
    return home
