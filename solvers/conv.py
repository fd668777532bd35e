"""Convolution layers (conv1d, conv2d, conv3d): output shape, parameters and MACs, with the worked steps."""

from __future__ import annotations

from math import prod
from typing import Any

from solvers import checks
from solvers.arithmetic import DIM_NAMES, course_out, effective_kernel, fraction_str, output_step, window_out
from solvers.errors import SolverError
from solvers.result import Result, Step, fmt, shape_str

Shape = tuple[int, ...]
IntOrTuple = int | tuple[int, ...]
Padding = int | tuple[int, ...] | str


def conv2d(
    input_shape: Shape,
    out_channels: int,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: Padding = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    bias: bool = True,
    batch: int = 1,
) -> Result:
    """A 2-D convolution, as torch.nn.Conv2d.

    Args:
        input_shape: (C, H, W) of one sample.
        out_channels: number of kernels, hence output channels.
        kernel_size: K, or (K_h, K_w).
        stride: S, or (S_h, S_w).
        padding: zeros added on each side (P), a pair, 'same' (stride 1 only) or 'valid'.
        dilation: spacing D between kernel taps.
        groups: input and output channels are split into this many independent groups.
        bias: whether each output channel has a bias.
        batch: samples in the batch; only MACs depend on it.

    Returns:
        The result: output shape (C_out, H_out, W_out), parameters, MACs (bias add counted), steps.

    Raises:
        SolverError: a non-positive size, groups not dividing the channels, 'same' with stride > 1,
            or a kernel larger than the padded input (output smaller than 1).
    """
    return conv_nd(
        "conv2d", 2, input_shape, out_channels, kernel_size, stride, padding, dilation, groups, bias, batch
    )


def conv1d(
    input_shape: Shape,
    out_channels: int,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: Padding = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    bias: bool = True,
    batch: int = 1,
) -> Result:
    """A 1-D convolution, as torch.nn.Conv1d; the other arguments as conv2d.

    Args:
        input_shape: (C, L) of one sample.
    """
    return conv_nd(
        "conv1d", 1, input_shape, out_channels, kernel_size, stride, padding, dilation, groups, bias, batch
    )


def conv3d(
    input_shape: Shape,
    out_channels: int,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: Padding = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
    bias: bool = True,
    batch: int = 1,
) -> Result:
    """A 3-D convolution, as torch.nn.Conv3d; the other arguments as conv2d.

    Args:
        input_shape: (C, D, H, W) of one sample.
    """
    return conv_nd(
        "conv3d", 3, input_shape, out_channels, kernel_size, stride, padding, dilation, groups, bias, batch
    )


def resolve_padding(padding: Any, ndim: int, k: Shape, s: Shape, d: Shape) -> tuple[tuple[int, int], ...]:
    """Padding as (left, right) per dimension; 'same' pads D·(K−1) in total, the extra one on the right."""
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * ndim
        if padding != "same":
            raise SolverError(f"padding must be a number, a pair, 'same' or 'valid', got {padding!r}")
        if any(si != 1 for si in s):
            raise SolverError(
                f"padding='same' needs stride 1 (PyTorch rejects it for strided convolutions), "
                f"got stride {s if ndim > 1 else s[0]}"
            )
        return tuple(
            (di * (ki - 1) // 2, di * (ki - 1) - di * (ki - 1) // 2) for ki, di in zip(k, d, strict=True)
        )
    return tuple((p, p) for p in checks.ntuple("padding", padding, ndim, checks.non_negative))


def sliding_dims(
    ndim: int,
    spatial: Shape,
    k: Shape,
    s: Shape,
    pads: tuple[tuple[int, int], ...],
    d: Shape,
    *,
    ceil_mode: bool = False,
    pooling: bool = False,
) -> tuple[Shape, list[Step]]:
    """Output sizes of every spatial dimension and their steps; one step when all dimensions are alike."""
    names = DIM_NAMES[ndim]
    outs = []
    for name, n, ki, si, (pl, pr), di in zip(names, spatial, k, s, pads, d, strict=True):
        out = window_out(n, ki, si, pl + pr, di, ceil_mode)
        if out < 1:
            what = "pooling window" if pooling else "kernel"
            raise SolverError(
                f"output smaller than 1 in {name}: the {what} spans {effective_kernel(ki, di)} but the "
                f"padded input is only {n + pl + pr} ({n} + {pl + pr} padding)"
            )
        outs.append(out)
    columns = list(zip(spatial, k, s, pads, d, strict=True))
    if ndim > 1 and all(c == columns[0] for c in columns):
        shown = [(names[-2], "Output size " + " = ".join(names), 0)]
    else:
        shown = [(name, f"Output size {name}", i) for i, name in enumerate(names)]
    steps = []
    for letter, title, i in shown:
        pl, pr = pads[i]
        p = pl if pl == pr else (pl, pr)
        steps.append(
            output_step(letter, title, spatial[i], k[i], s[i], p, d[i], outs[i], ceil_mode=ceil_mode)
        )
    return tuple(outs), steps


def conv_nd(
    name: str,
    ndim: int,
    input_shape: Any,
    out_channels: Any,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    dilation: Any,
    groups: Any,
    bias: Any,
    batch: Any,
) -> Result:
    """The shared body of conv1d/2d/3d."""
    c_in, *spatial = checks.shape("input_shape", input_shape, ndim + 1)
    c_out = checks.positive("out_channels", out_channels)
    k = checks.ntuple("kernel_size", kernel_size, ndim)
    s = checks.ntuple("stride", stride, ndim)
    d = checks.ntuple("dilation", dilation, ndim)
    g = checks.positive("groups", groups)
    has_bias = checks.flag("bias", bias)
    n_batch = checks.positive("batch", batch)
    checks.divisible("in_channels", c_in, "groups", g)
    checks.divisible("out_channels", c_out, "groups", g)
    pads = resolve_padding(padding, ndim, k, s, d)

    steps: list[Step] = []
    if isinstance(padding, str):
        per_side = ", ".join(f"{pl}+{pr}" for pl, pr in pads)
        steps.append(
            Step(
                f"padding='{padding}'",
                "'same': total D·(K−1) per dimension, the odd one on the right"
                if padding == "same"
                else "'valid': no padding",
                "",
                per_side,
                "PyTorch allows 'same' only with stride 1, so the output size equals the input size."
                if padding == "same"
                else "",
            )
        )
    out_spatial, size_steps = sliding_dims(ndim, tuple(spatial), k, s, pads, d)
    if any(di > 1 for di in d):
        k_effs = tuple(effective_kernel(ki, di) for ki, di in zip(k, d, strict=True))
        pairs = list(dict.fromkeys(zip(k, d, strict=True)))
        steps.append(
            Step(
                "Effective kernel",
                "K_eff = D·(K−1) + 1",
                ", ".join(f"{di}·({ki}−1) + 1" for ki, di in pairs),
                shape_str(k_effs),
                "A dilated kernel covers more input with the same weights.",
            )
        )
    steps += size_steps
    steps.append(Step("Output channels", "C_out = number of kernels", "", str(c_out)))

    per_group = c_in // g
    k_prod = prod(k)
    weights = c_out * per_group * k_prod
    n_bias = c_out if has_bias else 0
    kern = "·".join(f"K_{n.lower()}" for n in DIM_NAMES[ndim]) if ndim > 1 else "K"
    steps.append(
        Step(
            "Weights",
            f"{kern}·(C_in/groups)·C_out",
            f"{'·'.join(map(str, k))}·{per_group}·{c_out}",
            fmt(weights),
            f"Each kernel sees C_in/groups = {c_in}/{g} = {per_group} channels."
            if g > 1
            else "Weight sharing: the count does not depend on the input's height and width.",
        )
    )
    steps.append(Step("Bias", "C_out (one per kernel)" if has_bias else "bias=False", "", fmt(n_bias)))
    params = weights + n_bias
    steps.append(
        Step(
            "Parameters",
            "weights + bias",
            f"{fmt(weights)} + {fmt(n_bias)}",
            fmt(params),
            f"The course's F×F×A₀×B counts weights only ({fmt(weights)}); PyTorch adds a bias by default."
            if has_bias and ndim == 2 and g == 1
            else "",
        )
    )
    out_elems = c_out * prod(out_spatial)
    per_out = per_group * k_prod
    macs = n_batch * out_elems * (per_out + (1 if has_bias else 0))
    sizes = "·".join(str(x) for x in out_spatial)
    steps.append(
        Step(
            "MACs",
            "N·C_out·"
            + "·".join(f"{x}_out" for x in DIM_NAMES[ndim])
            + "·((C_in/groups)·∏K"
            + (" + 1)" if has_bias else ")"),
            f"{n_batch}·{c_out}·{sizes}·({per_group}·{k_prod}" + (" + 1)" if has_bias else ")"),
            fmt(macs),
            "Each output value needs one multiply-add per kernel weight"
            + (", +1 for the bias add." if has_bias else "."),
        )
    )
    steps.append(Step("FLOPs", "2 × MACs", f"2 × {fmt(macs)}", fmt(2 * macs)))

    k_effs = tuple(effective_kernel(ki, di) for ki, di in zip(k, d, strict=True))
    course = [
        course_out(n, ke, si, pl + pr) for n, ke, si, (pl, pr) in zip(spatial, k_effs, s, pads, strict=True)
    ]
    padding_in = padding if isinstance(padding, str) else tuple(pl for pl, _ in pads)
    notes = []
    if any(c.denominator != 1 for c in course):
        notes.append("The course's (N₀+2P−F)/S+1 is not an integer here: PyTorch rounds down.")
    return Result(
        solver=name,
        inputs={
            "input_shape": (c_in, *spatial),
            "out_channels": c_out,
            "kernel_size": k,
            "stride": s,
            "padding": padding_in,
            "dilation": d,
            "groups": g,
            "bias": has_bias,
            "batch": n_batch,
        },
        output_shape=(c_out, *out_spatial),
        params=params,
        macs=macs,
        bias_in_macs=has_bias,
        steps=steps,
        quantities={
            "weights": weights,
            "bias_params": n_bias,
            "effective_kernel": k_effs,
            "course_out": [float(c) for c in course],
            "course_out_text": [fraction_str(c) for c in course],
            "macs_without_bias": n_batch * out_elems * per_out,
        },
        notes=notes,
    )
