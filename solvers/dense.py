"""The fully connected layer: parameters and MACs."""

from __future__ import annotations

from solvers import checks
from solvers.result import Result, Step, fmt


def linear(in_features: int, out_features: int, bias: bool = True, batch: int = 1) -> Result:
    """A fully connected layer y = x·Wᵀ + b, as torch.nn.Linear.

    Args:
        in_features: width of x.
        out_features: width of y.
        bias: whether b exists.
        batch: rows of x (samples, or samples × positions); only MACs depend on it.

    Returns:
        The result: output shape (out_features,), parameters, MACs (bias add counted).

    Raises:
        SolverError: a non-positive size.
    """
    n_in = checks.positive("in_features", in_features)
    n_out = checks.positive("out_features", out_features)
    has_bias = checks.flag("bias", bias)
    n = checks.positive("batch", batch)
    weights = n_in * n_out
    n_bias = n_out if has_bias else 0
    macs_w = n * n_in * n_out
    macs = macs_w + (n * n_out if has_bias else 0)
    steps = [
        Step("Weights", "in·out", f"{n_in}·{n_out}", fmt(weights), f"PyTorch stores W as ({n_out}, {n_in})."),
        Step("Bias", "out" if has_bias else "bias=False", "", fmt(n_bias)),
        Step(
            "Parameters",
            "(in + 1)·out" if has_bias else "in·out",
            f"({n_in} + 1)·{n_out}" if has_bias else f"{n_in}·{n_out}",
            fmt(weights + n_bias),
        ),
        Step(
            "MACs",
            "N·out·(in + 1)" if has_bias else "N·out·in",
            f"{n}·{n_out}·({n_in} + 1)" if has_bias else f"{n}·{n_out}·{n_in}",
            fmt(macs),
        ),
        Step("FLOPs", "2 × MACs", f"2 × {fmt(macs)}", fmt(2 * macs)),
    ]
    return Result(
        solver="linear",
        inputs={"in_features": n_in, "out_features": n_out, "bias": has_bias, "batch": n},
        output_shape=(n_out,),
        params=weights + n_bias,
        macs=macs,
        bias_in_macs=has_bias,
        steps=steps,
        quantities={"weights": weights, "bias_params": n_bias, "macs_without_bias": macs_w},
    )
