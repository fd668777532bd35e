"""One optimiser step on a scalar weight, with PyTorch's update rules (template solvers)."""

from __future__ import annotations

import math
from typing import Any

from solvers import checks
from solvers.errors import SolverError


def sgd_momentum(
    w: float,
    g: float,
    lr: float,
    momentum: float = 0.0,
    v: float = 0.0,
    weight_decay: float = 0.0,
    nesterov: bool = False,
    dampening: float = 0.0,
) -> dict[str, Any]:
    """One step of torch.optim.SGD.

    PyTorch's convention: g ← g + λ·w (weight decay), v ← μ·v + (1 − dampening)·g, w ← w − lr·v (Nesterov:
    w ← w − lr·(g + μ·v)). Some textbooks write v ← μ·v − lr·g, w ← w + v instead: the same path when lr is
    constant, different numbers for v. v = 0 is taken as the first step, where PyTorch initialises the
    buffer to g itself (no dampening).

    Args:
        w: the weight.
        g: its gradient.
        lr: learning rate.
        momentum: μ.
        v: the momentum buffer before the step (0 on the first step).
        weight_decay: λ, L2 penalty added to the gradient.
        nesterov: Nesterov momentum (needs momentum > 0 and dampening 0).
        dampening: scales the new gradient in the buffer.

    Returns:
        g_eff (gradient after weight decay), v_new, w_new.
    """
    w_, g_, lr_, mu, v_, wd, damp = (
        checks.number(n, x)
        for n, x in (
            ("w", w),
            ("g", g),
            ("lr", lr),
            ("momentum", momentum),
            ("v", v),
            ("weight_decay", weight_decay),
            ("dampening", dampening),
        )
    )
    nest = checks.flag("nesterov", nesterov)
    if lr_ < 0 or mu < 0 or wd < 0:
        raise SolverError("lr, momentum and weight_decay must not be negative")
    if nest and (mu <= 0 or damp != 0):
        raise SolverError("Nesterov momentum requires a momentum and zero dampening")
    g_eff = g_ + wd * w_
    # With no momentum, or on the first step (PyTorch sets the buffer to g), v is just the gradient.
    v_new = g_eff if mu == 0 or v_ == 0 else mu * v_ + (1 - damp) * g_eff
    direction = g_eff + mu * v_new if nest else v_new
    return {"g_eff": g_eff, "v_new": v_new, "w_new": w_ - lr_ * direction}


def adam(
    w: float,
    g: float,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    t: int = 1,
    m: float = 0.0,
    v: float = 0.0,
    weight_decay: float = 0.0,
    decoupled: bool = False,
) -> dict[str, Any]:
    """One step of torch.optim.Adam (decoupled=True: AdamW).

    m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), w ← w − lr·m̂/(√v̂ + ε).
    Adam adds λ·w to the gradient (L2); AdamW instead shrinks the weight first, w ← w·(1 − lr·λ).

    Args:
        w: the weight.
        g: its gradient.
        lr: learning rate.
        beta1: β₁, first-moment decay.
        beta2: β₂, second-moment decay.
        eps: ε in the denominator.
        t: the step number, 1 on the first step.
        m: first moment before the step.
        v: second moment before the step.
        weight_decay: λ.
        decoupled: AdamW's decoupled weight decay.

    Returns:
        m_new, v_new, m_hat, v_hat, w_new.
    """
    w_, g_, lr_, b1, b2, e, m_, v_, wd = (
        checks.number(n, x)
        for n, x in (
            ("w", w),
            ("g", g),
            ("lr", lr),
            ("beta1", beta1),
            ("beta2", beta2),
            ("eps", eps),
            ("m", m),
            ("v", v),
            ("weight_decay", weight_decay),
        )
    )
    step = checks.positive("t", t)
    if not (0 <= b1 < 1 and 0 <= b2 < 1):
        raise SolverError(f"beta1 and beta2 must lie in [0, 1), got {b1}, {b2}")
    if v_ < 0 or e < 0 or lr_ < 0:
        raise SolverError("v, eps and lr must not be negative")
    if checks.flag("decoupled", decoupled):
        w_ = w_ * (1 - lr_ * wd)
    else:
        g_ = g_ + wd * w_
    m_new = b1 * m_ + (1 - b1) * g_
    v_new = b2 * v_ + (1 - b2) * g_ * g_
    m_hat = m_new / (1 - b1**step)
    v_hat = v_new / (1 - b2**step)
    return {
        "m_new": m_new,
        "v_new": v_new,
        "m_hat": m_hat,
        "v_hat": v_hat,
        "w_new": w_ - lr_ * m_hat / (math.sqrt(v_hat) + e),
    }
