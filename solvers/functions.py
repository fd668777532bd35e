"""Activations, softmax and losses on plain numbers, with PyTorch's conventions (template solvers)."""

from __future__ import annotations

import math
from typing import Any

from solvers import checks
from solvers.errors import SolverError

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu")
_DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0}


def sigmoid(x: float) -> float:
    """σ(x), computed without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def activation(name: str, x: float, alpha: float | None = None) -> dict[str, Any]:
    """An activation and its derivative at x.

    Conventions (PyTorch's): leaky_relu(x) = max(0, x) + α·min(0, x) with α = 0.01 by default (the course's
    001 uses 0.1: pass alpha); elu(x) = x for x > 0, α·(eˣ − 1) otherwise, α = 1.0 by default. At x = 0 the
    derivative of relu is taken as 0 and that of leaky_relu as α, as the frameworks do; elu's is α.

    Args:
        name: sigmoid, tanh, relu, leaky_relu or elu.
        x: the input.
        alpha: the slope (leaky_relu) or scale (elu); not accepted by the others.

    Returns:
        y and dy = dy/dx.
    """
    if name not in ACTIVATIONS:
        raise SolverError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}")
    v = checks.number("x", x)
    if alpha is not None and name not in _DEFAULT_ALPHA:
        raise SolverError(f"{name} takes no alpha")
    a = checks.number("alpha", alpha) if alpha is not None else _DEFAULT_ALPHA.get(name, 0.0)
    if name == "sigmoid":
        y = sigmoid(v)
        dy = y * (1 - y)
    elif name == "tanh":
        y = math.tanh(v)
        dy = 1 - y * y
    elif name == "relu":
        y, dy = (v, 1.0) if v > 0 else (0.0, 0.0)
    elif name == "leaky_relu":
        y, dy = (v, 1.0) if v > 0 else (a * v, a)
    else:
        y, dy = (v, 1.0) if v > 0 else (a * math.expm1(v), a * math.exp(v))
    return {"y": y, "dy": dy}


def softmax(z: list[float]) -> dict[str, Any]:
    """Softmax of a logit vector, computed after subtracting max(z) so that eᶻ cannot overflow.

    Args:
        z: the logits.

    Returns:
        p (list), p_max, argmax (0-based, first of equal maxima) and logsumexp = ln Σ eᶻ.
    """
    zs = checks.numbers("z", z)
    top = max(zs)
    exps = [math.exp(v - top) for v in zs]
    total = sum(exps)
    p = [e / total for e in exps]
    arg = zs.index(top)
    return {"p": p, "p_max": p[arg], "argmax": arg, "logsumexp": top + math.log(total)}


def cross_entropy(z: list[float], target: int, from_logits: bool = True) -> dict[str, Any]:
    """Cross-entropy of one sample with a class index, natural log, as torch.nn.functional.cross_entropy.

    Args:
        z: logits (from_logits=True) or probabilities (from_logits=False, each in [0, 1], summing to 1).
        target: the true class, 0-based.
        from_logits: whether z are logits.

    Returns:
        loss = −ln p_target, p (list), p_target; with logits also grad = ∂loss/∂z = p − onehot (list).
    """
    zs = checks.numbers("z", z, min_len=2)
    t = checks.non_negative("target", target)
    if t >= len(zs):
        raise SolverError(f"target {t} is out of range for {len(zs)} classes (0-based)")
    if checks.flag("from_logits", from_logits):
        sm = softmax(zs)
        p = sm["p"]
        grad = [pi - (1.0 if i == t else 0.0) for i, pi in enumerate(p)]
        return {"loss": sm["logsumexp"] - zs[t], "p": p, "p_target": p[t], "grad": grad}
    if any(v < 0 or v > 1 for v in zs) or abs(sum(zs) - 1) > 1e-6:
        raise SolverError(f"probabilities must lie in [0, 1] and sum to 1, got {zs} (sum {sum(zs):g})")
    if zs[t] == 0:
        raise SolverError("the target's probability is 0: the loss is infinite")
    return {"loss": -math.log(zs[t]), "p": zs, "p_target": zs[t]}


def binary_cross_entropy(p: float, y: float) -> dict[str, Any]:
    """Binary cross-entropy −[y·ln p + (1 − y)·ln(1 − p)], as torch.nn.BCELoss (logs clamped at −100).

    Args:
        p: the predicted probability, in [0, 1].
        y: the target, in [0, 1] (usually 0 or 1).

    Returns:
        loss.
    """
    pv = checks.number("p", p)
    yv = checks.number("y", y)
    if not 0 <= pv <= 1 or not 0 <= yv <= 1:
        raise SolverError(f"p and y must lie in [0, 1], got p={pv}, y={yv}")

    def log(v: float) -> float:
        return max(math.log(v), -100.0) if v > 0 else -100.0

    return {"loss": -(yv * log(pv) + (1 - yv) * log(1 - pv))}


def regression_loss(y: list[float], yhat: list[float], delta: float = 1.0) -> dict[str, Any]:
    """Regression losses between targets y and predictions ŷ, PyTorch's definitions with mean reduction.

    huber: ½a² if |a| ≤ δ, else δ·(|a| − ½δ) (HuberLoss); smooth_l1 with β = δ: ½a²/β if |a| < β, else
    |a| − ½β (SmoothL1Loss). With δ = 1 they coincide; otherwise huber = δ·smooth_l1 (seed audit A49).

    Args:
        y: targets.
        yhat: predictions, as many as targets.
        delta: δ of huber and β of smooth_l1 (> 0).

    Returns:
        mse, mae, sse (sum of squares), huber, smooth_l1.
    """
    ys = checks.numbers("y", y)
    ps = checks.numbers("yhat", yhat)
    if len(ys) != len(ps):
        raise SolverError(f"y has {len(ys)} values but yhat has {len(ps)}")
    dl = checks.number("delta", delta)
    if dl <= 0:
        raise SolverError(f"delta must be positive, got {dl}")
    errs = [abs(a - b) for a, b in zip(ps, ys, strict=True)]
    n = len(errs)
    huber = [0.5 * a * a if a <= dl else dl * (a - 0.5 * dl) for a in errs]
    smooth = [0.5 * a * a / dl if a < dl else a - 0.5 * dl for a in errs]
    sse = sum(a * a for a in errs)
    return {
        "mse": sse / n,
        "mae": sum(errs) / n,
        "sse": sse,
        "huber": sum(huber) / n,
        "smooth_l1": sum(smooth) / n,
    }
