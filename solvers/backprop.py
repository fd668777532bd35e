"""Backpropagation through a two-weight network by hand: every intermediate value and gradient."""

from __future__ import annotations

from typing import Any

from solvers import checks
from solvers.errors import SolverError
from solvers.functions import activation


def tiny_net(
    x: float, w1: float, b1: float, w2: float, b2: float, t: float, act: str = "sigmoid"
) -> dict[str, Any]:
    """Forward and backward pass of z1 = w1·x + b1, h = act(z1), y = w2·h + b2, L = ½(y − t)².

    The chain rule backwards: dy = y − t, dw2 = dy·h, db2 = dy, dh = dy·w2, dz1 = dh·act′(z1),
    dw1 = dz1·x, db1 = dz1, dx = dz1·w1 (every d· is ∂L/∂·). relu′(0) is taken as 0.

    Args:
        x: the input.
        w1: first weight.
        b1: first bias.
        w2: second weight.
        b2: second bias.
        t: the target.
        act: sigmoid, tanh or relu.

    Returns:
        z1, h, y, loss, dy, dw2, db2, dh, dz1, dw1, db1, dx.
    """
    if act not in ("sigmoid", "tanh", "relu"):
        raise SolverError(f"act must be sigmoid, tanh or relu, got {act!r}")
    xv, w1v, b1v, w2v, b2v, tv = (
        checks.number(n, v) for n, v in (("x", x), ("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2), ("t", t))
    )
    z1 = w1v * xv + b1v
    a = activation(act, z1)
    h = a["y"]
    y = w2v * h + b2v
    dy = y - tv
    dh = dy * w2v
    dz1 = dh * a["dy"]
    return {
        "z1": z1,
        "h": h,
        "y": y,
        "loss": 0.5 * dy * dy,
        "dy": dy,
        "dw2": dy * h,
        "db2": dy,
        "dh": dh,
        "dz1": dz1,
        "dw1": dz1 * xv,
        "db1": dz1,
        "dx": dz1 * w1v,
    }
