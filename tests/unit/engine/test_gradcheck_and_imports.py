"""gradcheck catches wrong gradients; importing the packages pulls in only what it should."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from solvers.engine import GradcheckError, Tensor, gradcheck


def test_gradcheck_catches_a_wrong_backward() -> None:
    def wrong_square(x: Tensor) -> Tensor:
        return Tensor._make(x.data**2, (x,), lambda g: (g * x.data,))  # should be 2x

    with pytest.raises(GradcheckError, match="differs"):
        gradcheck(wrong_square, [Tensor(np.array([1.0, 2.0]), requires_grad=True)])


def test_gradcheck_needs_float64_inputs_that_require_grad() -> None:
    with pytest.raises(ValueError, match="float64"):
        gradcheck(lambda x: x * 2, [Tensor(np.ones(2, dtype=np.float32), requires_grad=True)])
    with pytest.raises(ValueError, match="requires grad"):
        gradcheck(lambda x: x * 2, [Tensor(np.ones(2))])


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_importing_solvers_does_not_import_numpy() -> None:
    assert "numpy" not in _modules_after("import solvers")


def test_the_engine_imports_numpy_but_nothing_of_dlquiz_rich_or_textual() -> None:
    loaded = _modules_after("import solvers.engine, solvers.engine.datasets")
    assert "numpy" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("dlquiz", "rich", "textual", "torch")}
