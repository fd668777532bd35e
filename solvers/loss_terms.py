"""Single loss terms by hand: focal loss, KL divergence, hinge loss, and the gradients of regression losses."""

from __future__ import annotations

import math
from typing import Any

from solvers import checks
from solvers.errors import SolverError


def focal_loss(p_t: float, gamma: float = 2.0, alpha: float = 1.0) -> dict[str, Any]:
    """Focal loss of one sample, FL = −α_t·(1 − p_t)^γ·ln p_t (Lin et al. 2017; torchvision's sigmoid_focal_loss).

    p_t is the probability the model gives the true class (p for a positive, 1 − p for a negative) and α_t
    the weight of that class (torchvision: α for positives, 1 − α for negatives). With γ = 0 and α_t = 1 it
    is the cross-entropy; the factor (1 − p_t)^γ shrinks the loss of easy, confident samples.

    Args:
        p_t: the true class's probability, in (0, 1].
        gamma: γ ≥ 0, the focusing parameter.
        alpha: α_t ≥ 0, the class weight of this sample.

    Returns:
        loss, ce (= −ln p_t), modulating (= (1 − p_t)^γ), ratio (loss/ce; 0 when ce is 0).

    Raises:
        SolverError: p_t outside (0, 1], a negative γ or α.
    """
    p = checks.number("p_t", p_t)
    g = checks.number("gamma", gamma)
    a = checks.number("alpha", alpha)
    if not 0 < p <= 1:
        raise SolverError(f"p_t must lie in (0, 1] (at 0 the loss is infinite), got {p}")
    if g < 0 or a < 0:
        raise SolverError(f"gamma and alpha must not be negative, got gamma={g}, alpha={a}")
    ce = -math.log(p)
    modulating = (1.0 - p) ** g
    loss = a * modulating * ce
    return {"loss": loss, "ce": ce, "modulating": modulating, "ratio": loss / ce if ce else 0.0}


def _distribution(name: str, value: Any) -> list[float]:
    v = checks.numbers(name, value, min_len=2)
    if any(x < 0 for x in v) or abs(sum(v) - 1.0) > 1e-6:
        raise SolverError(f"{name} must be a distribution (values ≥ 0 summing to 1), got {v} (sum {sum(v):g})")
    return v


def _kl(p: list[float], q: list[float], p_name: str, q_name: str) -> float:
    if any(pi > 0 and qi == 0 for pi, qi in zip(p, q, strict=True)):
        raise SolverError(f"{q_name} is 0 where {p_name} is not: D_KL({p_name}‖{q_name}) is infinite")
    return sum(pi * math.log(pi / qi) for pi, qi in zip(p, q, strict=True) if pi > 0)


def kl_divergence(p: list[float], q: list[float]) -> dict[str, Any]:
    """Kullback–Leibler divergence D_KL(P‖Q) = Σ P·ln(P/Q), natural log, with 0·ln 0 = 0.

    PyTorch computes it as F.kl_div(Q.log(), P, reduction="sum"): the model's log-probabilities first, the
    target distribution second. D_KL(P‖Q) = H(P, Q) − H(P) ≥ 0, and it is not symmetric.

    Args:
        p: the true (target) distribution P.
        q: the model's distribution Q, as many values.

    Returns:
        kl (D_KL(P‖Q)), cross_entropy (H(P, Q)), entropy (H(P)) and kl_reverse (D_KL(Q‖P); absent when
        it is infinite, P being 0 where Q is not).

    Raises:
        SolverError: not distributions, different lengths, or Q = 0 where P > 0 (an infinite divergence).
    """
    pv, qv = _distribution("p", p), _distribution("q", q)
    if len(pv) != len(qv):
        raise SolverError(f"p has {len(pv)} values but q has {len(qv)}")
    kl = _kl(pv, qv, "P", "Q")
    entropy = -sum(pi * math.log(pi) for pi in pv if pi > 0)
    out = {"kl": kl, "cross_entropy": kl + entropy, "entropy": entropy}
    if not any(qi > 0 and pi == 0 for pi, qi in zip(pv, qv, strict=True)):
        out["kl_reverse"] = _kl(qv, pv, "Q", "P")
    return out


def hinge_loss(y: int, score: float, margin: float = 1.0) -> dict[str, Any]:
    """Binary hinge loss max(0, margin − y·f(x)) with labels y ∈ {−1, +1} (the SVM loss).

    The loss is 0 only when the sample is on the right side by at least the margin (y·f ≥ margin); a right
    sign inside the margin still costs. Equal to 2× PyTorch's F.multi_margin_loss on the logits (0, f).

    Args:
        y: the label, −1 or +1.
        score: f(x), the classifier's raw output.
        margin: the margin (1 for the standard hinge).

    Returns:
        loss, y_score (= y·f), grad (∂loss/∂f: −y inside the margin, else 0).

    Raises:
        SolverError: a label other than ±1, a negative margin.
    """
    if isinstance(y, bool) or y not in (-1, 1):
        raise SolverError(f"y must be −1 or +1, got {y!r}")
    f = checks.number("score", score)
    m = checks.number("margin", margin)
    if m < 0:
        raise SolverError(f"margin must not be negative, got {m}")
    y_score = y * f
    inside = m - y_score > 0
    return {"loss": max(0.0, m - y_score), "y_score": y_score, "grad": -float(y) if inside else 0.0}


def regression_grad(y: list[float], yhat: list[float]) -> dict[str, Any]:
    """Gradients ∂L/∂ŷ of the regression losses, as PyTorch's autograd gives them (sign(0) = 0).

    With e = ŷ − y over n values: Σe² gives 2e, mean e² (MSELoss) 2e/n, ½Σe² gives e, Σ|e| gives sign(e),
    mean |e| (L1Loss) sign(e)/n. The squared losses' gradient shrinks with the error; the absolute losses'
    stays ±1 (or ±1/n) however small the error.

    Args:
        y: targets.
        yhat: predictions, as many as targets.

    Returns:
        grad_sse, grad_mse, grad_half_sse, grad_sae, grad_mae (lists, one value per prediction).

    Raises:
        SolverError: different lengths or non-numbers.
    """
    ys = checks.numbers("y", y)
    ps = checks.numbers("yhat", yhat)
    if len(ys) != len(ps):
        raise SolverError(f"y has {len(ys)} values but yhat has {len(ps)}")
    n = len(ys)
    e = [p - t for p, t in zip(ps, ys, strict=True)]
    sign = [float((v > 0) - (v < 0)) for v in e]
    return {
        "grad_sse": [2 * v for v in e],
        "grad_mse": [2 * v / n for v in e],
        "grad_half_sse": e,
        "grad_sae": sign,
        "grad_mae": [s / n for s in sign],
    }
