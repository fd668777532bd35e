"""Pooling layers: output shape (floor or ceil mode), the padding limit, no parameters."""

from __future__ import annotations

from math import prod
from typing import Any

from solvers import checks
from solvers.arithmetic import effective_kernel
from solvers.conv import sliding_dims
from solvers.errors import SolverError
from solvers.result import Result, Step, fmt

Shape = tuple[int, ...]
IntOrTuple = int | tuple[int, ...]


def max_pool2d(
    input_shape: Shape,
    kernel_size: IntOrTuple,
    stride: IntOrTuple | None = None,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    ceil_mode: bool = False,
    batch: int = 1,
) -> Result:
    """2-D max pooling, as torch.nn.MaxPool2d.

    Args:
        input_shape: (C, H, W) of one sample.
        kernel_size: window K, or (K_h, K_w).
        stride: S; defaults to the kernel size, as in PyTorch.
        padding: P on each side (implicit −∞); at most half the kernel size.
        dilation: spacing D between window taps.
        ceil_mode: round the output size up instead of down.
        batch: samples in the batch.

    Returns:
        The result: output shape (channels unchanged), 0 parameters, 0 MACs (comparisons are counted apart).

    Raises:
        SolverError: a non-positive size, padding over half the kernel, or an output smaller than 1.
    """
    return _pool("max_pool2d", input_shape, kernel_size, stride, padding, dilation, ceil_mode, batch)


def avg_pool2d(
    input_shape: Shape,
    kernel_size: IntOrTuple,
    stride: IntOrTuple | None = None,
    padding: IntOrTuple = 0,
    ceil_mode: bool = False,
    batch: int = 1,
) -> Result:
    """2-D average pooling, as torch.nn.AvgPool2d; arguments as max_pool2d, without dilation."""
    return _pool("avg_pool2d", input_shape, kernel_size, stride, padding, 1, ceil_mode, batch)


def _pool(
    name: str,
    input_shape: Any,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    dilation: Any,
    ceil_mode: Any,
    batch: Any,
) -> Result:
    c, *spatial = checks.shape("input_shape", input_shape, 3)
    k = checks.ntuple("kernel_size", kernel_size, 2)
    s = k if stride is None else checks.ntuple("stride", stride, 2)
    p = checks.ntuple("padding", padding, 2, checks.non_negative)
    d = checks.ntuple("dilation", dilation, 2)
    ceil = checks.flag("ceil_mode", ceil_mode)
    n_batch = checks.positive("batch", batch)
    for letter, ki, pi, di in zip("HW", k, p, d, strict=True):
        # ATen checks both; the kernel's half binds, the effective kernel's half is never smaller.
        limit = min(ki // 2, effective_kernel(ki, di) // 2)
        if pi > limit:
            raise SolverError(
                f"padding must be at most half the kernel size: padding {pi} > ⌊{ki}/2⌋ = {limit} in {letter}"
            )
    out_spatial, steps = sliding_dims(
        2, tuple(spatial), k, s, tuple((pi, pi) for pi in p), d, ceil_mode=ceil, pooling=True
    )
    if stride is None:
        steps[0] = Step(
            steps[0].title,
            steps[0].formula,
            steps[0].substitution,
            steps[0].value,
            "stride defaults to kernel_size. " + steps[0].note,
        )
    steps.append(
        Step("Output channels", "C_out = C_in", "", str(c), "Pooling works on each channel separately.")
    )
    window = prod(k)
    kind = "max" if name.startswith("max") else "average"
    steps.append(
        Step(
            "Parameters",
            "none: a fixed " + kind + " over each window",
            "",
            "0",
            "Pooling layers have no learnable parameters.",
        )
    )
    outputs = n_batch * c * prod(out_spatial)
    ops = outputs * (window - 1) if kind == "max" else outputs * window
    steps.append(
        Step(
            "Operations",
            f"N·C·H_out·W_out·({'K_h·K_w − 1' if kind == 'max' else 'K_h·K_w'})",
            f"{n_batch}·{c}·{'·'.join(map(str, out_spatial))}·{window - 1 if kind == 'max' else window}",
            fmt(ops),
            "comparisons, not MACs" if kind == "max" else "additions (and one division per output), not MACs",
        )
    )
    inputs = {
        "input_shape": (c, *spatial),
        "kernel_size": k,
        "stride": s,
        "padding": p,
        "ceil_mode": ceil,
        "batch": n_batch,
    }
    if kind == "max":
        inputs["dilation"] = d
    return Result(
        solver=name,
        inputs=inputs,
        output_shape=(c, *out_spatial),
        params=0,
        macs=0,
        bias_in_macs=False,
        steps=steps,
        quantities={"comparisons" if kind == "max" else "additions": ops},
    )


def adaptive_avg_pool2d(input_shape: Shape, output_size: IntOrTuple, batch: int = 1) -> Result:
    """Adaptive average pooling, as torch.nn.AdaptiveAvgPool2d: the output size is given, windows adapt.

    Args:
        input_shape: (C, H, W) of one sample.
        output_size: (H_out, W_out), or one size for both; 1 is global average pooling.
        batch: samples in the batch.

    Returns:
        The result: output shape, the window sizes used, 0 parameters.

    Raises:
        SolverError: a non-positive size.
    """
    c, *spatial = checks.shape("input_shape", input_shape, 3)
    outs = checks.ntuple("output_size", output_size, 2)
    n_batch = checks.positive("batch", batch)
    steps = []
    windows = []
    for letter, n, o in zip("HW", spatial, outs, strict=True):
        bounds = [(i * n // o, -(-(i + 1) * n // o)) for i in range(o)]
        sizes = sorted({b - a for a, b in bounds})
        windows.append(sizes)
        if n % o == 0:
            note = f"{n} is divisible by {o}: the same as avg_pool2d with kernel = stride = {n // o}."
        elif sum(b - a for a, b in bounds) > n:
            note = "The windows overlap: no single kernel and stride give this."
        else:
            note = "The windows differ in size: no single kernel and stride give this."
        if o == 1:
            note = "Global average pooling: one value per channel. " + note
        shown = (
            ", ".join(f"[{a},{b})" for a, b in bounds) if o <= 6 else "sizes " + ", ".join(map(str, sizes))
        )
        steps.append(
            Step(
                f"Windows along {letter}",
                f"window i = [⌊i·{letter}_in/{letter}_out⌋, ⌈(i+1)·{letter}_in/{letter}_out⌉)",
                f"{letter}_in = {n}, {letter}_out = {o}",
                shown,
                note,
            )
        )
    steps.append(
        Step(
            "Output shape",
            "(C, H_out, W_out)",
            "",
            f"({c}, {outs[0]}, {outs[1]})",
            "The output size is given; the windows adapt to the input.",
        )
    )
    steps.append(Step("Parameters", "none", "", "0"))
    return Result(
        solver="adaptive_avg_pool2d",
        inputs={"input_shape": (c, *spatial), "output_size": outs, "batch": n_batch},
        output_shape=(c, *outs),
        params=0,
        macs=0,
        bias_in_macs=False,
        steps=steps,
        quantities={"window_sizes": windows},
    )
