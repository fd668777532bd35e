"""A convolution by hand: what a framework's conv layer computes on a 1-D signal, and its neurons."""

from __future__ import annotations

from math import prod
from typing import Any

from solvers import checks
from solvers.errors import SolverError


def correlate1d(x: list[float], w: list[float], stride: int = 1, padding: int = 0, bias: float = 0.0) -> dict[str, Any]:
    """torch.nn.functional.conv1d on one channel: a cross-correlation, the kernel not flipped.

    y[t] = Σ_j x[t·s + j]·w[j] + b over the zero-padded input. The mathematical convolution flips the kernel
    first, y[t] = Σ_j x[t·s + j]·w[K − 1 − j]; since kernels are learned both are equally expressive, and
    frameworks compute the cheaper cross-correlation under the name "convolution" (seed audit A54).

    Args:
        x: the input signal.
        w: the kernel.
        stride: s.
        padding: zeros added at each end.
        bias: b.

    Returns:
        y (the framework's output), convolution (the flipped-kernel output), out_len.

    Raises:
        SolverError: a kernel longer than the padded input, a non-positive stride, a negative padding.
    """
    xs = checks.numbers("x", x)
    ws = checks.numbers("w", w)
    s = checks.positive("stride", stride)
    p = checks.non_negative("padding", padding)
    b = checks.number("bias", bias)
    padded = [0.0] * p + xs + [0.0] * p
    if len(ws) > len(padded):
        raise SolverError(f"the kernel ({len(ws)}) is longer than the padded input ({len(padded)})")
    out_len = (len(padded) - len(ws)) // s + 1

    def run(kernel: list[float]) -> list[float]:
        return [sum(padded[t * s + j] * kernel[j] for j in range(len(kernel))) + b for t in range(out_len)]

    return {"y": run(ws), "convolution": run(ws[::-1]), "out_len": out_len}


def neurons(shape: list[int]) -> dict[str, Any]:
    """The neurons of a layer whose output has `shape` (C, H, W) or (C, L): one per scalar element.

    A neuron is one output number: one channel at one position. The H·W neurons of a channel share one
    kernel and each looks at its own window; a channel is not one neuron, nor is a vector across channels
    (seed audit A53).

    Args:
        shape: the output shape, channels first.

    Returns:
        neurons (∏shape), channels, per_channel (neurons of one channel).

    Raises:
        SolverError: a non-positive size, or fewer than 2 dimensions.
    """
    if isinstance(shape, str) or not isinstance(shape, list | tuple) or len(shape) < 2:
        raise SolverError(f"shape must list the channels and at least one spatial size, got {shape!r}")
    dims = checks.shape("shape", shape, len(shape))
    return {"neurons": prod(dims), "channels": dims[0], "per_channel": prod(dims[1:])}
