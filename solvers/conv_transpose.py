"""Transposed convolution: output shape, parameters and MACs, and why it restores a shape, not the values."""

from __future__ import annotations

from math import prod
from typing import Any

from solvers import checks
from solvers.arithmetic import DIM_NAMES, window_out
from solvers.errors import SolverError
from solvers.result import Result, Step, fmt

Shape = tuple[int, ...]
IntOrTuple = int | tuple[int, ...]


def conv_transpose2d(
    input_shape: Shape,
    out_channels: int,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    output_padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    bias: bool = True,
    batch: int = 1,
) -> Result:
    """A 2-D transposed convolution, as torch.nn.ConvTranspose2d.

    It is the adjoint of a convolution (the gradient of conv with respect to its input): it restores the
    shape a convolution with the same K, S, P took away, not the values (seed audit A40).

    Args:
        input_shape: (C, H, W) of one sample.
        out_channels: output channels.
        kernel_size: K, or (K_h, K_w).
        stride: S, or (S_h, S_w).
        padding: P removed from each side of the full output, or a pair.
        output_padding: extra rows/columns added on one side, to pick among the input sizes a strided
            convolution maps to the same output; must be smaller than the stride or the dilation.
        dilation: spacing D between kernel taps.
        groups: channel groups.
        bias: whether each output channel has a bias.
        batch: samples in the batch; only MACs depend on it.

    Returns:
        The result: output shape, parameters (weight shape C_in × C_out/groups × K_h × K_w), MACs, steps.

    Raises:
        SolverError: a non-positive size, groups not dividing the channels, output_padding not smaller than
            stride or dilation, or an output smaller than 1.
    """
    return conv_transpose_nd(
        "conv_transpose2d",
        2,
        input_shape,
        out_channels,
        kernel_size,
        stride,
        padding,
        output_padding,
        dilation,
        groups,
        bias,
        batch,
    )


def transposed_out(n: int, k: int, s: int, p: int, op: int, d: int) -> int:
    """PyTorch's ConvTranspose output length: (N−1)·S − 2P + D·(K−1) + output_padding + 1."""
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def conv_transpose_nd(
    name: str,
    ndim: int,
    input_shape: Any,
    out_channels: Any,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    output_padding: Any,
    dilation: Any,
    groups: Any,
    bias: Any,
    batch: Any,
) -> Result:
    """The shared body of the transposed convolutions."""
    c_in, *spatial = checks.shape("input_shape", input_shape, ndim + 1)
    c_out = checks.positive("out_channels", out_channels)
    k = checks.ntuple("kernel_size", kernel_size, ndim)
    s = checks.ntuple("stride", stride, ndim)
    if isinstance(padding, str):
        raise SolverError(f"padding must be a number or a pair for a transposed convolution, got {padding!r}")
    p = checks.ntuple("padding", padding, ndim, checks.non_negative)
    op = checks.ntuple("output_padding", output_padding, ndim, checks.non_negative)
    d = checks.ntuple("dilation", dilation, ndim)
    g = checks.positive("groups", groups)
    has_bias = checks.flag("bias", bias)
    n_batch = checks.positive("batch", batch)
    checks.divisible("in_channels", c_in, "groups", g)
    checks.divisible("out_channels", c_out, "groups", g)
    for name_, opi, si, di in zip(DIM_NAMES[ndim], op, s, d, strict=True):
        if opi >= max(si, di):
            raise SolverError(
                f"output_padding must be smaller than either stride or dilation: got "
                f"output_padding {opi}, stride {si}, dilation {di} in {name_}"
            )

    steps: list[Step] = []
    outs, conv_outs = [], []
    columns = list(zip(DIM_NAMES[ndim], spatial, k, s, p, op, d, strict=True))
    alike = ndim > 1 and all(c[1:] == columns[0][1:] for c in columns)
    for i, (letter, n, ki, si, pi, opi, di) in enumerate(columns):
        out = transposed_out(n, ki, si, pi, opi, di)
        if out < 1:
            raise SolverError(
                f"output smaller than 1 in {letter}: ({n}−1)·{si} − 2·{pi} + {di}·({ki}−1) + "
                f"{opi} + 1 = {out}; reduce the padding"
            )
        outs.append(out)
        conv_outs.append((n + 2 * pi - ki) // si + 1)
        if alike and i > 0:
            continue
        title = "Output size " + (" = ".join(DIM_NAMES[ndim]) if alike else letter)
        back = window_out(out, ki, si, 2 * pi, di)
        steps.append(
            Step(
                title,
                f"{letter}_out = ({letter}_in − 1)·S − 2P + D·(K−1) + output_padding + 1",
                f"({n} − 1)·{si} − 2·{pi} + {di}·({ki}−1) + {opi} + 1",
                str(out),
                f"Not the conv formula: ⌊({n} + 2·{pi} − {ki})/{si}⌋ + 1 = {conv_outs[-1]} would be wrong. "
                f"Check: a conv with the same K, S, P maps {out} back to {back}"
                + (" — the shape is restored, not the values." if back == n else "."),
            )
        )
    steps.append(Step("Output channels", "C_out", "", str(c_out)))
    k_prod = prod(k)
    weights = c_in * (c_out // g) * k_prod
    n_bias = c_out if has_bias else 0
    steps.append(
        Step(
            "Weights",
            "C_in·(C_out/groups)·∏K",
            f"{c_in}·{c_out // g}·{k_prod}",
            fmt(weights),
            "PyTorch stores the weight as (C_in, C_out/groups, K_h, K_w): in and out swap roles.",
        )
    )
    steps.append(Step("Bias", "C_out" if has_bias else "bias=False", "", fmt(n_bias)))
    params = weights + n_bias
    steps.append(Step("Parameters", "weights + bias", f"{fmt(weights)} + {fmt(n_bias)}", fmt(params)))
    macs_w = n_batch * c_in * prod(spatial) * (c_out // g) * k_prod
    macs = macs_w + (n_batch * c_out * prod(outs) if has_bias else 0)
    steps.append(
        Step(
            "MACs",
            "N·C_in·∏in·(C_out/groups)·∏K" + (" + N·C_out·∏out" if has_bias else ""),
            f"{n_batch}·{c_in}·{prod(spatial)}·{c_out // g}·{k_prod}"
            + (f" + {n_batch}·{c_out}·{prod(outs)}" if has_bias else ""),
            fmt(macs),
            "Every input value is multiplied by each weight of its group and scattered into the output.",
        )
    )
    steps.append(Step("FLOPs", "2 × MACs", f"2 × {fmt(macs)}", fmt(2 * macs)))
    return Result(
        solver=name,
        inputs={
            "input_shape": (c_in, *spatial),
            "out_channels": c_out,
            "kernel_size": k,
            "stride": s,
            "padding": p,
            "output_padding": op,
            "dilation": d,
            "groups": g,
            "bias": has_bias,
            "batch": n_batch,
        },
        output_shape=(c_out, *outs),
        params=params,
        macs=macs,
        bias_in_macs=has_bias,
        steps=steps,
        quantities={
            "weights": weights,
            "bias_params": n_bias,
            "conv_formula_out": conv_outs,
            "macs_without_bias": macs_w,
        },
        notes=[
            "Transposed convolution restores the shape a convolution removed, not the values: it is not "
            "the inverse of convolution (seed audit A40)."
        ],
    )
