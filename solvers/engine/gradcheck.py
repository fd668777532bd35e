"""Finite-difference gradient checks: the analytic backward against central differences in float64."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from solvers.engine.tensor import Tensor


class GradcheckError(AssertionError):
    """An analytic gradient disagrees with its finite-difference estimate."""


def _scalar(output: Any, weights: list[np.ndarray]) -> float:
    """<weights, outputs>: a fixed random projection, so one backward checks the whole Jacobian's action."""
    outputs = output if isinstance(output, (tuple, list)) else (output,)
    total = 0.0
    for tensor, w in zip(outputs, weights, strict=True):
        total += float((tensor.data * w).sum())
    return total


def gradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Tensor],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    params: Sequence[Tensor] = (),
    seed: int = 0,
) -> bool:
    """Check d<v, fn(*inputs)>/dx for every float64 input (and extra `params`, e.g. a module's parameters).

    v is a random vector fixed by `seed`; each element of each checked tensor is nudged by ±eps.
    fn must be deterministic (set dropout off or reseed inside fn).

    Returns:
        True when every gradient matches.

    Raises:
        GradcheckError: naming the tensor, the element and both values when one does not.
    """
    checked = [t for t in (*inputs, *params) if isinstance(t, Tensor) and t.requires_grad]
    if not checked:
        raise ValueError("gradcheck needs at least one tensor that requires grad")
    for t in checked:
        if t.dtype != np.float64:
            raise ValueError(f"gradcheck needs float64 tensors, got {t.dtype}")
        t.grad = None
        t.data = np.ascontiguousarray(t.data)  # nudging works through a flat view of the data
    output = fn(*inputs)
    outputs = output if isinstance(output, (tuple, list)) else (output,)
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(o.shape) for o in outputs]
    loss = None
    for tensor, w in zip(outputs, weights, strict=True):
        if tensor.requires_grad:
            term = (tensor * w).sum()
            loss = term if loss is None else loss + term
    if loss is None:
        raise GradcheckError("no output depends on the inputs that require grad")
    loss.backward()
    for index, tensor in enumerate(checked):
        analytic = tensor.grad if tensor.grad is not None else np.zeros_like(tensor.data)
        numeric = np.zeros_like(tensor.data)
        flat = tensor.data.reshape(-1)  # a view: nudging it nudges the tensor
        for i in range(flat.size):
            original = flat[i]
            flat[i] = original + eps
            plus = _scalar(fn(*inputs), weights)
            flat[i] = original - eps
            minus = _scalar(fn(*inputs), weights)
            flat[i] = original
            numeric.reshape(-1)[i] = (plus - minus) / (2 * eps)
        if not np.allclose(analytic, numeric, atol=atol, rtol=rtol):
            worst = np.unravel_index(np.argmax(np.abs(analytic - numeric)), numeric.shape)
            raise GradcheckError(
                f"gradient of checked tensor {index} (shape {tensor.shape}) differs at {worst}: "
                f"analytic {analytic[worst]:.8g}, numeric {numeric[worst]:.8g}"
            )
    return True
