"""Depthwise-separable convolution against a standard one: parameters and MACs side by side."""

from __future__ import annotations

from solvers import checks
from solvers.conv import Padding, conv2d
from solvers.result import Result, Step, fmt

Shape = tuple[int, ...]
IntOrTuple = int | tuple[int, ...]


def depthwise_separable(
    input_shape: Shape,
    out_channels: int,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: Padding = 0,
    dilation: IntOrTuple = 1,
    bias: bool = True,
    batch: int = 1,
) -> Result:
    """A depthwise K×K convolution (groups = C_in) followed by a pointwise 1×1 convolution, against the
    standard K×K convolution with the same output (MobileNet, Xception).

    Seed audit A41: the depthwise convolution alone (groups = channels) is not depthwise-separable; the
    separable one adds the pointwise 1×1 that mixes the channels.

    Args:
        input_shape: (C, H, W).
        out_channels: C′.
        kernel_size: K of the depthwise and of the standard convolution.
        stride: S of the depthwise and of the standard convolution.
        padding: P, as for conv2d.
        dilation: D, as for conv2d.
        bias: whether each convolution has a bias.
        batch: samples in the batch.

    Returns:
        The result of the separable pair (params, MACs) with the standard convolution's counts, the ratio
        and the saving in the quantities.

    Raises:
        SolverError: as conv2d.
    """
    c_in = checks.shape("input_shape", input_shape, 3)[0]
    dw = conv2d(
        input_shape, c_in, kernel_size, stride, padding, dilation, groups=c_in, bias=bias, batch=batch
    )
    assert dw.output_shape is not None
    pw = conv2d(dw.output_shape, out_channels, 1, bias=bias, batch=batch)
    std = conv2d(input_shape, out_channels, kernel_size, stride, padding, dilation, bias=bias, batch=batch)
    kh, kw = dw.inputs["kernel_size"]
    c_out = pw.inputs["out_channels"]
    b = bias
    params = dw.params + pw.params
    macs = dw.macs + pw.macs
    ratio = params / std.params
    steps = [
        Step(
            "Output shape",
            "as the standard convolution",
            "",
            "×".join(map(str, std.output_shape or ())),
            "The pointwise 1×1 keeps the size; only the depthwise step slides.",
        ),
        Step(
            "Depthwise K×K (groups = C)",
            "K_h·K_w·C" + (" + C" if b else ""),
            f"{kh}·{kw}·{c_in}" + (f" + {c_in}" if b else ""),
            fmt(dw.params),
            "One K×K filter per input channel; no mixing across channels.",
        ),
        Step(
            "Pointwise 1×1",
            "C·C′" + (" + C′" if b else ""),
            f"{c_in}·{c_out}" + (f" + {c_out}" if b else ""),
            fmt(pw.params),
            "Mixes the channels.",
        ),
        Step(
            "Separable parameters",
            "depthwise + pointwise",
            f"{fmt(dw.params)} + {fmt(pw.params)}",
            fmt(params),
        ),
        Step(
            "Standard parameters",
            "K_h·K_w·C·C′" + (" + C′" if b else ""),
            f"{kh}·{kw}·{c_in}·{c_out}" + (f" + {c_out}" if b else ""),
            fmt(std.params),
        ),
        Step(
            "Ratio",
            "separable / standard ≈ 1/C′ + 1/(K_h·K_w)",
            f"{fmt(params)} / {fmt(std.params)}",
            f"{ratio:.4f}",
            f"Saves {fmt(std.params - params)} parameters.",
        ),
        Step(
            "MACs",
            "depthwise + pointwise vs standard",
            f"{fmt(dw.macs)} + {fmt(pw.macs)} vs {fmt(std.macs)}",
            f"{fmt(macs)} vs {fmt(std.macs)}",
            "Bias adds counted." if b else "",
        ),
    ]
    return Result(
        solver="depthwise_separable",
        inputs={**std.inputs, "bias": b},
        output_shape=pw.output_shape,
        params=params,
        macs=macs,
        bias_in_macs=bool(b),
        steps=steps,
        quantities={
            "params_depthwise": dw.params,
            "params_pointwise": pw.params,
            "params_standard": std.params,
            "ratio": ratio,
            "saving": std.params - params,
            "macs_depthwise": dw.macs,
            "macs_pointwise": pw.macs,
            "macs_standard": std.macs,
        },
        notes=[
            "Depthwise convolution alone (groups = channels) is not depthwise-separable (seed audit A41)."
        ],
    )
