"""Argument checks shared by the solvers: each failure is a SolverError naming the broken constraint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from solvers.errors import SolverError


def integer(name: str, value: Any) -> int:
    """An int (an integral float is accepted, a bool or a string is not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SolverError(f"{name} must be an integer, got {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise SolverError(f"{name} must be an integer, got {value!r}")
        value = int(value)
    return value


def positive(name: str, value: Any) -> int:
    """An integer ≥ 1."""
    value = integer(name, value)
    if value < 1:
        raise SolverError(f"{name} must be positive, got {value}")
    return value


def non_negative(name: str, value: Any) -> int:
    """An integer ≥ 0."""
    value = integer(name, value)
    if value < 0:
        raise SolverError(f"{name} must not be negative, got {value}")
    return value


def number(name: str, value: Any) -> float:
    """A finite real number (int or float, not bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SolverError(f"{name} must be a number, got {value!r}")
    if value != value or value in (float("inf"), float("-inf")):
        raise SolverError(f"{name} must be finite, got {value!r}")
    return float(value)


def numbers(name: str, value: Any, *, min_len: int = 1) -> list[float]:
    """A list of at least `min_len` finite numbers."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise SolverError(f"{name} must be a list of numbers, got {value!r}")
    if len(value) < min_len:
        raise SolverError(f"{name} needs at least {min_len} number(s), got {len(value)}")
    return [number(f"{name}[{i}]", v) for i, v in enumerate(value)]


def flag(name: str, value: Any) -> bool:
    """A bool (YAML and JSON give real bools; 0 and 1 are accepted too)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise SolverError(f"{name} must be true or false, got {value!r}")


def ntuple(name: str, value: Any, n: int, check=positive) -> tuple[int, ...]:
    """An int or a sequence of `n` ints (PyTorch's int-or-tuple arguments), each passing `check`."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != n:
            raise SolverError(f"{name} needs {n} value(s), got {len(value)}: {tuple(value)}")
        return tuple(check(name, v) for v in value)
    return (check(name, value),) * n


def shape(name: str, value: Any, n: int) -> tuple[int, ...]:
    """A shape of exactly `n` positive sizes."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise SolverError(f"{name} must be a shape of {n} sizes, got {value!r}")
    if len(value) != n:
        raise SolverError(f"{name} must have {n} sizes, got {len(value)}: {tuple(value)}")
    return tuple(positive(name, v) for v in value)


def divisible(what: str, value: int, by_name: str, by: int) -> None:
    """`value` must be a multiple of `by`."""
    if value % by:
        raise SolverError(f"{by_name}={by} does not divide {what}={value}")
