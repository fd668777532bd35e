"""Headless modules never load the UI libraries (DESIGN.md: imports only go down)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _modules(package: str) -> list[str]:
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in sorted((root / package).rglob("*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        found.append(name)
    return found


# Every module but the UI's own (the TUI and the Rich renderers) and the engine (which is NumPy's).
HEADLESS = [m for m in _modules("dlquiz") + _modules("solvers")
            if not m.startswith(("dlquiz.tui", "dlquiz.render", "dlquiz.__main__", "solvers.engine"))]


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
