"""Regularisers by hand: the pull of L1 and L2 penalties on a weight, and inverted dropout's scaling."""

from __future__ import annotations

from typing import Any

from solvers import checks
from solvers.errors import SolverError


def penalty_grad(w: float, lam: float, half: bool = True) -> dict[str, Any]:
    """The gradients of the L1 penalty λ|w| and the L2 penalty (λ/2)·w² (or λ·w² with half false) at w.

    ∂(λ|w|)/∂w = λ·sign(w), a constant pull towards 0 whatever the size of w (sign(0) = 0, as PyTorch's
    autograd takes it): that drives small weights to exactly 0, a sparse solution. ∂((λ/2)w²)/∂w = λ·w, a pull
    proportional to w: weights shrink but rarely reach 0. The ½ makes λ the weight_decay of torch.optim.SGD,
    which adds λ·w to the gradient.

    Args:
        w: the weight.
        lam: λ ≥ 0, the penalty coefficient.
        half: whether the L2 penalty carries the ½.

    Returns:
        l1 (the penalty), l2, grad_l1, grad_l2, and ratio = |grad_l1|/|grad_l2| (absent when w = 0 or λ = 0,
        where both gradients are 0).

    Raises:
        SolverError: a negative λ.
    """
    wv = checks.number("w", w)
    lv = checks.number("lam", lam)
    if lv < 0:
        raise SolverError(f"lam must not be negative, got {lv}")
    c = lv / 2 if checks.flag("half", half) else lv
    sign = float((wv > 0) - (wv < 0))
    out = {"l1": lv * abs(wv), "l2": c * wv * wv, "grad_l1": lv * sign, "grad_l2": 2 * c * wv}
    if out["grad_l2"] != 0:
        out["ratio"] = abs(out["grad_l1"]) / abs(out["grad_l2"])
    return out


def dropout_scale(p: float, x: float = 1.0) -> dict[str, Any]:
    """What nn.Dropout(p) does to an activation x: PyTorch's inverted dropout.

    In training each element is zeroed with probability p and a kept one is multiplied by 1/(1 − p), so the
    expectation (1 − p)·x/(1 − p) = x is unchanged and evaluation (model.eval()) uses x as it is. The original
    paper (Srivastava et al. 2014) kept x in training and multiplied by 1 − p at test time instead.

    Args:
        p: the probability of zeroing an element, in [0, 1).
        x: the activation.

    Returns:
        keep (1 − p), scale (1/(1 − p)), kept (x·scale, a kept element's output in training), expected (the
        training output's mean, = x), eval (the output in evaluation, = x), paper_test (x·(1 − p)).

    Raises:
        SolverError: p outside [0, 1) (p = 1 drops everything and the scale is undefined).
    """
    pv = checks.number("p", p)
    xv = checks.number("x", x)
    if not 0 <= pv < 1:
        raise SolverError(f"p must lie in [0, 1), got {pv} (p is the probability of dropping, not of keeping)")
    keep = 1.0 - pv
    scale = 1.0 / keep
    return {
        "keep": keep,
        "scale": scale,
        "kept": xv * scale,
        "expected": keep * xv * scale,
        "eval": xv,
        "paper_test": xv * keep,
    }
