"""The progress store is headless: importing it loads no UI library (DESIGN.md: imports only go down)."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = [
    "dlquiz.store",
    "dlquiz.store.db",
    "dlquiz.store.migrations",
    "dlquiz.store.models",
    "dlquiz.store.progress",
    "dlquiz.store.queries",
    "dlquiz.store.transfer",
]


@pytest.mark.parametrize("module", MODULES)
def test_store_modules_load_neither_textual_nor_rich(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'fsrs', 'platformdirs')); "
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
