"""Creating tensors, and the engine's one random generator (seeded by `manual_seed`, like torch's)."""

from __future__ import annotations

from typing import Any

import numpy as np

from solvers.engine.tensor import Tensor, as_array

_generator = np.random.default_rng(0)


def manual_seed(seed: int) -> None:
    """Restart the generator behind randn, rand, dropout and nn.init, so runs repeat exactly."""
    global _generator
    _generator = np.random.default_rng(seed)


def generator() -> np.random.Generator:
    """The generator every random draw of the engine uses."""
    return _generator


def _size(size: tuple[Any, ...]) -> tuple[int, ...]:
    return tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else size


def tensor(data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor holding a copy of `data` (float32 for Python numbers, NumPy dtype kept otherwise)."""
    array = np.array(as_array(data), dtype=dtype)
    return Tensor(array, requires_grad=requires_grad)


def zeros(*size: Any, dtype: Any = np.float32, requires_grad: bool = False) -> Tensor:
    return Tensor(np.zeros(_size(size), dtype=dtype), requires_grad=requires_grad)


def ones(*size: Any, dtype: Any = np.float32, requires_grad: bool = False) -> Tensor:
    return Tensor(np.ones(_size(size), dtype=dtype), requires_grad=requires_grad)


def randn(*size: Any, dtype: Any = np.float32, requires_grad: bool = False) -> Tensor:
    """Standard normal samples."""
    return Tensor(_generator.standard_normal(_size(size)).astype(dtype), requires_grad=requires_grad)


def rand(*size: Any, dtype: Any = np.float32, requires_grad: bool = False) -> Tensor:
    """Uniform samples in [0, 1)."""
    return Tensor(_generator.random(_size(size)).astype(dtype), requires_grad=requires_grad)
