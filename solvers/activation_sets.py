"""Activations applied to a vector of pre-activations: outputs, derivatives, sparsity, and two compared."""

from __future__ import annotations

from typing import Any

from solvers import checks
from solvers.errors import SolverError
from solvers.functions import activation


def activation_vector(name: str, x: list[float], alpha: float | None = None) -> dict[str, Any]:
    """An activation applied element-wise to the pre-activations x, with the conventions of `activation`.

    PyTorch's: relu(0) = 0 with derivative 0 there; leaky_relu's slope α is 0.01 unless given (the course's
    outline 001 uses 0.1). zero_fraction is the share of outputs exactly 0, the "sparse activation" of relu:
    every x ≤ 0 is silenced.

    Args:
        name: sigmoid, tanh, relu, leaky_relu or elu.
        x: the pre-activations.
        alpha: leaky_relu's slope or elu's scale.

    Returns:
        y, dy (lists), y_sum, zero_fraction, active_fraction (share of outputs not 0).

    Raises:
        SolverError: an unknown activation, an empty or non-numeric x, alpha where it does not apply.
    """
    xs = checks.numbers("x", x)
    out = [activation(name, v, alpha) for v in xs]
    y = [o["y"] for o in out]
    zeros = sum(1 for v in y if v == 0)
    return {
        "y": y,
        "dy": [o["dy"] for o in out],
        "y_sum": sum(y),
        "zero_fraction": zeros / len(y),
        "active_fraction": 1 - zeros / len(y),
    }


def activation_compare(
    first: str,
    second: str,
    x: list[float],
    first_alpha: float | None = None,
    second_alpha: float | None = None,
) -> dict[str, Any]:
    """Two activations on the same inputs: their outputs' sums and their derivatives side by side.

    For instance tanh against sigmoid at x = 0 gives the derivative ratio 1/0.25 = 4 (tanh(x) = 2σ(2x) − 1),
    and relu against leaky_relu shows what the negative slope keeps of the negative inputs.

    Args:
        first: the first activation (sigmoid, tanh, relu, leaky_relu, elu).
        second: the second.
        x: the inputs.
        first_alpha: the first one's α (leaky_relu, elu).
        second_alpha: the second one's α.

    Returns:
        y_first, y_second, dy_first, dy_second (lists), y_sum_first, y_sum_second, y_sum_difference
        (first − second), and dy_ratio (first's derivative over second's, per input; absent when the second's
        derivative is 0 somewhere).

    Raises:
        SolverError: as `activation_vector`.
    """
    try:
        a = activation_vector(first, x, first_alpha)
    except SolverError as exc:
        raise SolverError(f"first: {exc}") from None
    try:
        b = activation_vector(second, x, second_alpha)
    except SolverError as exc:
        raise SolverError(f"second: {exc}") from None
    out = {
        "y_first": a["y"],
        "y_second": b["y"],
        "dy_first": a["dy"],
        "dy_second": b["dy"],
        "y_sum_first": a["y_sum"],
        "y_sum_second": b["y_sum"],
        "y_sum_difference": a["y_sum"] - b["y_sum"],
    }
    if all(d != 0 for d in b["dy"]):
        out["dy_ratio"] = [p / q for p, q in zip(a["dy"], b["dy"], strict=True)]
    return out
