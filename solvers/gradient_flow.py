"""Gradients through depth: the product of per-layer factors, and clipping by the global norm."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from solvers import checks, functions
from solvers.errors import SolverError


def derivative_bound(name: str, alpha: float | None = None) -> float:
    """sup |f′(x)| of an activation: 0.25 for sigmoid, 1 for tanh and relu, max(1, α) for leaky_relu and elu.

    Each of these derivatives peaks at 0 (sigmoid, tanh; elu's left limit α) or is constant for x > 0, so the
    larger of f′(0) and f′(1) is the supremum; both come from the activation solver itself.
    """
    return max(abs(functions.activation(name, x, alpha)["dy"]) for x in (0.0, 1.0))


def gradient_chain(
    layers: int,
    activation: str | None = None,
    weight: float = 1.0,
    factor: float | None = None,
    alpha: float | None = None,
) -> dict[str, Any]:
    """The factor a gradient picks up through `layers` layers: the chain rule multiplies one factor per layer.

    Either each layer multiplies the gradient by `factor` (a given per-layer gain), or the layer is
    h_{i+1} = f(w·h_i) and the factor is bounded by |w|·sup|f′|: 0.25·|w| for sigmoid, |w| for tanh and relu.
    A product of factors below 1 vanishes exponentially with depth, above 1 it explodes.

    Args:
        layers: how many factors multiply (layers the gradient passes).
        activation: sigmoid, tanh, relu, leaky_relu or elu (instead of factor).
        weight: w, the weight of each layer (with activation).
        factor: the per-layer factor (instead of activation).
        alpha: leaky_relu's slope or elu's scale (with activation).

    Returns:
        per_layer (the factor, or its bound), product = per_layer^layers.

    Raises:
        SolverError: neither or both of activation and factor, an unknown activation, negative layers.
    """
    depth = checks.non_negative("layers", layers)
    if (activation is None) == (factor is None):
        raise SolverError("give exactly one of activation (a bound from f′) and factor (a given per-layer factor)")
    if activation is not None:
        if activation not in functions.ACTIVATIONS:
            known = ", ".join(functions.ACTIVATIONS)
            raise SolverError(f"unknown activation {activation!r}; known: {known}")
        per_layer = abs(checks.number("weight", weight)) * derivative_bound(activation, alpha)
    else:
        per_layer = checks.number("factor", factor)
    return {"per_layer": per_layer, "product": per_layer**depth}


def _tensors(grads: Any) -> list[list[float]]:
    """One list per parameter tensor; a flat list of numbers is a single tensor."""
    if isinstance(grads, str) or not isinstance(grads, Sequence) or not grads:
        raise SolverError(f"grads must be a list of gradients (or of lists, one per tensor), got {grads!r}")
    if all(isinstance(g, Sequence) and not isinstance(g, str) for g in grads):
        return [checks.numbers(f"grads[{i}]", g) for i, g in enumerate(grads)]
    return [checks.numbers("grads", grads)]


def clip_grad_norm(
    grads: list[float] | list[list[float]], max_norm: float, norm_type: float | str = 2.0, eps: float = 1e-6
) -> dict[str, Any]:
    """torch.nn.utils.clip_grad_norm_: every gradient scaled by one factor so that the global norm ≤ max_norm.

    PyTorch's rule: total = ‖(‖g₁‖, ‖g₂‖, …)‖ (the norm of all gradients concatenated into one vector),
    coef = max_norm/(total + eps), and every gradient is multiplied by min(coef, 1): clipping shortens the
    update but keeps its direction. Course exercises usually ignore eps: pass eps = 0.

    Args:
        grads: the gradients, one list per parameter tensor (a flat list is one tensor).
        max_norm: the threshold.
        norm_type: p of the p-norm (≥ 1), or "inf" for the largest absolute value.
        eps: PyTorch's guard in the denominator, 1e-6.

    Returns:
        total_norm (before clipping), scale (the factor applied, ≤ 1), clipped (every gradient after
        clipping, concatenated in order), clipped_norm, clipped_any (whether the scale is below 1).

    Raises:
        SolverError: an empty or malformed gradient list, max_norm ≤ 0, a norm order below 1, eps < 0.
    """
    tensors = _tensors(grads)
    limit = checks.number("max_norm", max_norm)
    if limit <= 0:
        raise SolverError(f"max_norm must be positive, got {limit}")
    guard = checks.number("eps", eps)
    if guard < 0:
        raise SolverError(f"eps must not be negative, got {guard}")
    flat = [v for t in tensors for v in t]
    if norm_type in ("inf", math.inf):
        total = max(abs(v) for v in flat)
    else:
        p = checks.number("norm_type", norm_type)
        if p < 1:
            raise SolverError(f"norm_type must be at least 1 (or 'inf'), got {p}")
        total = sum(abs(v) ** p for v in flat) ** (1.0 / p)
    # All gradients zero and eps 0: nothing to clip (PyTorch's coefficient would be infinite, clamped to 1).
    scale = 1.0 if total + guard == 0 else min(limit / (total + guard), 1.0)
    clipped = [v * scale for v in flat]
    return {
        "total_norm": total,
        "scale": scale,
        "clipped": clipped,
        "clipped_norm": total * scale,
        "clipped_any": scale < 1.0,
    }
