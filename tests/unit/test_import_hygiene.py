"""Headless modules never load the UI libraries (DESIGN.md: imports only go down)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "solvers",
    "dlquiz",
    "dlquiz.cli",
    "dlquiz.locations",
    "dlquiz.bank",
    "dlquiz.bank.schema",
    "dlquiz.bank.loader",
    "dlquiz.bank.check",
    "dlquiz.bank.params",
    "dlquiz.bank.stats",
    "dlquiz.bank.search",
    "dlquiz.bank.instance",
    "dlquiz.quiz.worked",
    "dlquiz.commands.tui",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_loads_neither_textual_nor_rich(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_only_the_tui_package_imports_textual() -> None:
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    outside = [str(p.relative_to(root)) for p in (root / "dlquiz").rglob("*.py")
               if "tui" not in p.relative_to(root / "dlquiz").parts[:1]
               and any(line.lstrip().startswith(("import textual", "from textual"))
                       for line in p.read_text(encoding="utf-8").splitlines())]
    assert outside == []


def test_solvers_never_import_dlquiz() -> None:
    code = "import sys, solvers; print(','.join(m for m in sys.modules if m.startswith('dlquiz')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
