"""Convolutions as matrix products: im2col windows by stride tricks, one batched matmul, no Python loops.

Forward: every receptive field becomes a column (im2col), so the convolution is `W @ cols`.
Backward: the weight gradient is `grad @ cols.T`; the input gradient is a transposed convolution
(the gradient dilated by the stride, padded, and convolved with the flipped kernel), which is also
exactly what `conv_transpose2d` computes forward.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from solvers.engine.tensor import Tensor

Pads = tuple[tuple[int, int], tuple[int, int]]


def pair(value: Any, name: str) -> tuple[int, int]:
    """An int or a pair as a pair of non-negative ints."""
    pair_ = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if len(pair_) != 2 or any(int(v) < 0 for v in pair_):
        raise ValueError(f"{name} must be a non-negative int or a pair of them, got {value!r}")
    return int(pair_[0]), int(pair_[1])


def im2col(
    xp: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int], dilation: tuple[int, int], groups: int
) -> np.ndarray:
    """Receptive fields of a padded (N, C, H, W) array as columns: (N, groups, C/groups*kh*kw, OH*OW)."""
    n, c = xp.shape[:2]
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    extent = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
    if xp.shape[2] < extent[0] or xp.shape[3] < extent[1]:
        raise ValueError(f"kernel extent {extent} is larger than the padded input {xp.shape[2:]}")
    windows = sliding_window_view(xp, extent, axis=(2, 3))[:, :, ::sh, ::sw, ::dh, ::dw]
    oh, ow = windows.shape[2:4]
    windows = windows.reshape(n, groups, c // groups, oh, ow, kh, kw).transpose(0, 1, 2, 5, 6, 3, 4)
    return windows.reshape(n, groups, (c // groups) * kh * kw, oh * ow)  # the one copy: im2col


def conv2d_forward(
    x: np.ndarray,
    w: np.ndarray,
    stride: tuple[int, int],
    pads: Pads,
    dilation: tuple[int, int],
    groups: int,
    out_size: tuple[int, int] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Cross-correlation of x (N, C, H, W) with w (O, C/groups, kh, kw).

    Args:
        out_size: keep only the first (OH, OW) outputs (the padded input is trimmed to what they read).

    Returns:
        The output (N, O, OH, OW) and the im2col columns, which the weight gradient reuses.
    """
    n, c = x.shape[:2]
    o, cg, kh, kw = w.shape
    if c != cg * groups or o % groups:
        raise ValueError(
            f"input has {c} channels and weight {tuple(w.shape)} with groups={groups}: "
            f"need in_channels == weight.shape[1] * groups and out_channels divisible by groups"
        )
    xp = np.pad(x, ((0, 0), (0, 0), *pads)) if any(p for side in pads for p in side) else x
    if out_size is not None:
        reach_h = (out_size[0] - 1) * stride[0] + dilation[0] * (kh - 1) + 1
        reach_w = (out_size[1] - 1) * stride[1] + dilation[1] * (kw - 1) + 1
        xp = xp[:, :, :reach_h, :reach_w]
    cols = im2col(xp, (kh, kw), stride, dilation, groups)
    oh = (xp.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (xp.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = w.reshape(1, groups, o // groups, cg * kh * kw) @ cols  # (N, groups, O/groups, OH*OW)
    return out.reshape(n, o, oh, ow), cols


def conv2d_weight_grad(
    grad: np.ndarray, cols: np.ndarray, w_shape: tuple[int, ...], groups: int
) -> np.ndarray:
    """d(loss)/d(weight) = sum over the batch of grad (O, OH*OW) @ cols.T (OH*OW, C*kh*kw)."""
    n, o = grad.shape[:2]
    g = grad.reshape(n, groups, o // groups, -1)
    return (g @ cols.transpose(0, 1, 3, 2)).sum(axis=0).reshape(w_shape)


def conv2d_input_grad(
    grad: np.ndarray,
    w: np.ndarray,
    x_shape: tuple[int, ...],
    stride: tuple[int, int],
    pads: Pads,
    dilation: tuple[int, int],
    groups: int,
) -> np.ndarray:
    """d(loss)/d(input) of a convolution, computed as a transposed convolution of `grad`.

    The gradient is spread back to stride spacing (zeros between), padded by the kernel's extent minus
    the forward padding (a negative amount crops), and cross-correlated with the kernel flipped in
    space and with input and output channels swapped.
    """
    n, o, oh, ow = grad.shape
    _, cg, kh, kw = w.shape
    spread = []
    for axis in range(2):
        size, out, k, s, d = x_shape[2 + axis], (oh, ow)[axis], (kh, kw)[axis], stride[axis], dilation[axis]
        lo_pad, hi_pad = pads[axis]
        leftover = size + lo_pad + hi_pad - d * (k - 1) - 1 - (out - 1) * s  # rows no window reached
        spread.append((d * (k - 1) - lo_pad, d * (k - 1) - hi_pad + leftover, s, out))
    (top, bottom, sh, _), (left, right, sw, _) = spread
    dilated_h, dilated_w = (oh - 1) * sh + 1, (ow - 1) * sw + 1
    buffer = np.zeros(
        (n, o, max(top, 0) + dilated_h + max(bottom, 0), max(left, 0) + dilated_w + max(right, 0)),
        dtype=np.result_type(grad, w),
    )
    buffer[:, :, max(top, 0) : max(top, 0) + dilated_h : sh, max(left, 0) : max(left, 0) + dilated_w : sw] = (
        grad
    )
    buffer = buffer[
        :,
        :,
        max(-top, 0) : buffer.shape[2] - max(-bottom, 0),
        max(-left, 0) : buffer.shape[3] - max(-right, 0),
    ]
    flipped = (
        w.reshape(groups, o // groups, cg, kh, kw)
        .transpose(0, 2, 1, 3, 4)
        .reshape(groups * cg, o // groups, kh, kw)
    )[:, :, ::-1, ::-1]
    out, _ = conv2d_forward(buffer, np.ascontiguousarray(flipped), (1, 1), ((0, 0), (0, 0)), dilation, groups)
    return out


def conv_padding(
    padding: Any, kernel: tuple[int, int], dilation: tuple[int, int], stride: tuple[int, int]
) -> Pads:
    """PyTorch's padding argument as (top, bottom), (left, right); 'same' puts an odd extra at the end."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding != "same":
            raise ValueError(f"padding must be 'same', 'valid', an int or a pair, got {padding!r}")
        if stride != (1, 1):
            raise ValueError("padding='same' is not supported for strided convolutions")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation, strict=True)]
        return (totals[0] // 2, totals[0] - totals[0] // 2), (totals[1] // 2, totals[1] - totals[1] // 2)
    ph, pw = pair(padding, "padding")
    return (ph, ph), (pw, pw)


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """2-D convolution (cross-correlation) of (N, C, H, W) input, like `torch.nn.functional.conv2d`."""
    if input.ndim != 4 or weight.ndim != 4:
        raise ValueError(f"conv2d expects a 4-D input and weight, got {input.shape} and {weight.shape}")
    stride_, dilation_ = pair(stride, "stride"), pair(dilation, "dilation")
    if 0 in stride_ or 0 in dilation_:
        raise ValueError("stride and dilation must be positive")
    pads = conv_padding(padding, weight.shape[2:], dilation_, stride_)
    out, cols = conv2d_forward(input.data, weight.data, stride_, pads, dilation_, groups)
    if bias is not None:
        out += bias.data[:, None, None]

    def backward(g: np.ndarray) -> tuple[np.ndarray | None, ...]:
        gx = (
            conv2d_input_grad(g, weight.data, input.shape, stride_, pads, dilation_, groups)
            if input.requires_grad
            else None
        )
        gw = conv2d_weight_grad(g, cols, weight.shape, groups) if weight.requires_grad else None
        return (gx, gw) if bias is None else (gx, gw, g.sum(axis=(0, 2, 3)))

    return Tensor._make(out, (input, weight) if bias is None else (input, weight, bias), backward)


def conv1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """1-D convolution of (N, C, L) input: a 2-D convolution over a height of one."""

    def first(v: Any) -> Any:
        return v if isinstance(v, (int, str)) else v[0]

    padding_ = first(padding) if isinstance(first(padding), str) else (0, first(padding))
    out = conv2d(
        input.unsqueeze(2),
        weight.unsqueeze(2),
        bias,
        (1, first(stride)),
        padding_,
        (1, first(dilation)),
        groups,
    )
    return out.squeeze(2)


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """Transposed convolution as `torch.nn.functional.conv_transpose2d`; weight (C_in, C_out/groups, kh, kw).

    It is the input gradient of a convolution with the same weight, so the forward pass reuses
    `conv2d_input_grad`, and its backward pass is an ordinary convolution.
    """
    if input.ndim != 4 or weight.ndim != 4:
        raise ValueError(
            f"conv_transpose2d expects a 4-D input and weight, got {input.shape} and {weight.shape}"
        )
    stride_, dilation_ = pair(stride, "stride"), pair(dilation, "dilation")
    (ph, pw), (oph, opw) = pair(padding, "padding"), pair(output_padding, "output_padding")
    if oph >= max(stride_[0], dilation_[0]) or opw >= max(stride_[1], dilation_[1]):
        raise ValueError("output_padding must be smaller than either stride or dilation")
    n, c_in, h, w = input.shape
    if c_in != weight.shape[0]:
        raise ValueError(f"input has {c_in} channels but weight expects {weight.shape[0]}")
    kh, kw = weight.shape[2:]
    out_h = (h - 1) * stride_[0] - 2 * ph + dilation_[0] * (kh - 1) + oph + 1
    out_w = (w - 1) * stride_[1] - 2 * pw + dilation_[1] * (kw - 1) + opw + 1
    if out_h <= 0 or out_w <= 0:
        raise ValueError(f"conv_transpose2d output size ({out_h}, {out_w}) is not positive")
    pads = ((ph, ph), (pw, pw))
    out_shape = (n, weight.shape[1] * groups, out_h, out_w)
    out = conv2d_input_grad(input.data, weight.data, out_shape, stride_, pads, dilation_, groups)
    if bias is not None:
        out += bias.data[:, None, None]

    def backward(g: np.ndarray) -> tuple[np.ndarray | None, ...]:
        # an output_padding past the stride adds output rows that no input row reaches: trim them
        gx, cols = conv2d_forward(g, weight.data, stride_, pads, dilation_, groups, out_size=(h, w))
        gw = conv2d_weight_grad(input.data, cols, weight.shape, groups) if weight.requires_grad else None
        return (gx, gw) if bias is None else (gx, gw, g.sum(axis=(0, 2, 3)))

    return Tensor._make(out, (input, weight) if bias is None else (input, weight, bias), backward)
