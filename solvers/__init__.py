"""Closed-form solvers for the course's numbers (shapes, parameters, FLOPs) and a NumPy autograd engine.

This package never imports `dlquiz`, `rich` or `textual`. The solver functions are exported lazily
(`solvers.conv2d` imports `solvers.conv` on first use), so `import solvers` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from solvers.errors import SolverError

__all__ = ["SolverError", "solve_unknown", "summarize"]

# Names exported from a module other than the catalog's, imported on first use.
_OTHER = {"solve_unknown": "solvers.symbolic", "Result": "solvers.result", "Step": "solvers.result"}


def __getattr__(name: str) -> Any:
    # importlib, not `from solvers import …`: the latter asks this very function for the submodule first.
    catalog = importlib.import_module("solvers.catalog")
    if name in catalog.CALCULATORS:
        return catalog.load(name)
    if name in _OTHER:
        return getattr(importlib.import_module(_OTHER[name]), name)
    raise AttributeError(f"module 'solvers' has no attribute {name!r}")


def __dir__() -> list[str]:
    catalog = importlib.import_module("solvers.catalog")
    return sorted([*globals(), *catalog.CALCULATORS, *_OTHER])
