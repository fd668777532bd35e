"""Normalisation layers: learnable parameters versus buffers, and batch statistics worked by hand."""

from __future__ import annotations

from math import prod, sqrt
from typing import Any

from solvers import checks
from solvers.errors import SolverError
from solvers.result import Result, Step, fmt


def batch_norm(num_features: int, affine: bool = True, track_running_stats: bool = True) -> Result:
    """Batch normalisation, as torch.nn.BatchNorm1d/2d/3d (the counts do not depend on the dimension).

    Args:
        num_features: C, the channels (or features) normalised separately.
        affine: whether the learnable scale γ and shift β exist.
        track_running_stats: whether running mean and variance are kept for evaluation.

    Returns:
        The result: params = 2C (γ, β); the buffers (running_mean, running_var, num_batches_tracked) are
        in the quantities: they are saved in the state dict but not trained.

    Raises:
        SolverError: a non-positive size.
    """
    c = checks.positive("num_features", num_features)
    aff = checks.flag("affine", affine)
    track = checks.flag("track_running_stats", track_running_stats)
    params = 2 * c if aff else 0
    buffers = 2 * c + 1 if track else 0
    steps = [
        Step(
            "Learnable parameters",
            "γ and β, one each per channel: 2·C" if aff else "affine=False: none",
            f"2·{c}" if aff else "",
            fmt(params),
            "y = γ·x̂ + β: the layer can undo the normalisation if useful.",
        ),
        Step(
            "Buffers (not trained)",
            "running_mean, running_var: 2·C, + num_batches_tracked"
            if track
            else "track_running_stats=False: none",
            f"2·{c} + 1" if track else "",
            fmt(buffers),
            "Updated as moving averages (momentum 0.1) during training, used in eval mode (seed audit A34).",
        ),
        Step(
            "State dict entries",
            "parameters + buffers",
            f"{fmt(params)} + {fmt(buffers)}",
            fmt(params + buffers),
            "Tools that count the state dict report this larger number.",
        ),
    ]
    return Result(
        solver="batch_norm",
        inputs={"num_features": c, "affine": aff, "track_running_stats": track},
        output_shape=None,
        params=params,
        macs=None,
        bias_in_macs=False,
        steps=steps,
        quantities={"buffers": buffers, "state_dict_values": params + buffers},
        notes=["Normalisation statistics are per channel, over the batch and the spatial positions."],
    )


def layer_norm(
    normalized_shape: int | tuple[int, ...], elementwise_affine: bool = True, bias: bool = True
) -> Result:
    """Layer normalisation, as torch.nn.LayerNorm.

    Args:
        normalized_shape: the trailing dimensions normalised together (d_model for a Transformer).
        elementwise_affine: whether γ (and β) exist, one per normalised element.
        bias: whether β exists (PyTorch ≥ 2.1).

    Returns:
        The result: params = ∏shape·(1 + bias), no buffers: the statistics come from each sample.

    Raises:
        SolverError: a non-positive size.
    """
    dims = checks.shape(
        "normalized_shape",
        normalized_shape,
        1 if isinstance(normalized_shape, int) else len(normalized_shape),
    )
    aff = checks.flag("elementwise_affine", elementwise_affine)
    has_bias = checks.flag("bias", bias)
    size = prod(dims)
    per = (2 if has_bias else 1) if aff else 0
    params = per * size
    steps = [
        Step(
            "Learnable parameters",
            "γ (and β) per normalised element" if aff else "none",
            f"{per}·{'·'.join(map(str, dims))}",
            fmt(params),
            "No running statistics: mean and variance come from each sample itself, in training and "
            "in evaluation alike.",
        )
    ]
    return Result(
        solver="layer_norm",
        inputs={"normalized_shape": dims, "elementwise_affine": aff, "bias": has_bias},
        output_shape=None,
        params=params,
        macs=None,
        bias_in_macs=False,
        steps=steps,
        quantities={"buffers": 0},
    )


def batch_stats(x: list[float], gamma: float = 1.0, beta: float = 0.0, eps: float = 1e-5) -> dict[str, Any]:
    """Batch normalisation of one feature over a batch, by hand (training mode).

    Normalises with the biased variance (divide by n), as PyTorch does in the forward pass; the unbiased
    variance (divide by n−1) is what PyTorch puts into the running estimate.

    Args:
        x: the feature's values across the batch (at least 2).
        gamma: scale γ.
        beta: shift β.
        eps: added to the variance under the square root.

    Returns:
        mean, var (biased), var_unbiased, y = γ·(x − mean)/√(var + eps) + β (list).
    """
    xs = checks.numbers("x", x, min_len=2)
    g = checks.number("gamma", gamma)
    b = checks.number("beta", beta)
    e = checks.number("eps", eps)
    if e < 0:
        raise SolverError(f"eps must not be negative, got {e}")
    n = len(xs)
    mean = sum(xs) / n
    var = sum((v - mean) ** 2 for v in xs) / n
    if var + e == 0:
        raise SolverError("the values are all equal and eps is 0: division by zero")
    y = [g * (v - mean) / sqrt(var + e) + b for v in xs]
    return {"mean": mean, "var": var, "var_unbiased": var * n / (n - 1), "y": y}
