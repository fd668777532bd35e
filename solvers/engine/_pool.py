"""Pooling over stride-trick windows: max, average and adaptive average, with PyTorch's size rules."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from solvers.engine._conv import conv2d_input_grad, pair
from solvers.engine.tensor import Tensor


def pool_output_size(
    size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool
) -> int:
    """PyTorch's pooled length; with ceil_mode the last window must start inside the input or left padding."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    if out <= 0:
        raise ValueError(f"pooling output size {out} is not positive (input {size}, kernel {kernel})")
    return out


def _arguments(
    input: Tensor, kernel_size: Any, stride: Any, padding: Any, dilation: Any, ceil_mode: bool
) -> tuple[tuple[int, int], ...]:
    if input.ndim != 4:
        raise ValueError(f"pooling expects a 4-D (N, C, H, W) input, got shape {input.shape}")
    kernel = pair(kernel_size, "kernel_size")
    stride_ = kernel if stride is None or stride == () else pair(stride, "stride")
    padding_, dilation_ = pair(padding, "padding"), pair(dilation, "dilation")
    if 0 in kernel or 0 in stride_ or 0 in dilation_:
        raise ValueError("kernel_size, stride and dilation must be positive")
    if any(2 * p > k for p, k in zip(padding_, kernel, strict=True)):
        raise ValueError(f"padding {padding_} should be at most half of kernel_size {kernel}")
    out = tuple(
        pool_output_size(input.shape[2 + i], kernel[i], stride_[i], padding_[i], dilation_[i], ceil_mode)
        for i in range(2)
    )
    return kernel, stride_, padding_, dilation_, out


def _padded(
    x: np.ndarray, padding: tuple[int, int], needed: tuple[int, int], fill: float
) -> tuple[np.ndarray, tuple]:
    """x padded by `padding` in front and as much as the last window needs behind."""
    pads = tuple(
        (p, max(need - size - p, 0)) for p, need, size in zip(padding, needed, x.shape[2:], strict=True)
    )
    if not any(p for side in pads for p in side):
        return x, ((0, 0), (0, 0))
    return np.pad(x, ((0, 0), (0, 0), *pads), constant_values=fill), pads


def max_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:
    """Maximum over each window, like `torch.nn.functional.max_pool2d`; the gradient goes to the argmax."""
    kernel, stride_, padding_, dilation_, (oh, ow) = _arguments(
        input, kernel_size, stride, padding, dilation, ceil_mode
    )
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride_, dilation_
    n, c, h, w = input.shape
    needed = ((oh - 1) * sh + dh * (kh - 1) + 1, (ow - 1) * sw + dw * (kw - 1) + 1)
    xp, pads = _padded(input.data, padding_, needed, -np.inf)
    windows = sliding_window_view(xp, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), axis=(2, 3))
    windows = windows[:, :, : (oh - 1) * sh + 1 : sh, : (ow - 1) * sw + 1 : sw, ::dh, ::dw].reshape(
        n, c, oh, ow, kh * kw
    )
    arg = windows.argmax(axis=-1)
    out = np.take_along_axis(windows, arg[..., None], axis=-1)[..., 0]
    # where each maximum sits in the padded plane
    rows = np.arange(oh)[:, None] * sh + (arg // kw) * dh
    cols = np.arange(ow)[None, :] * sw + (arg % kw) * dw

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        hp, wp = xp.shape[2:]
        flat = (np.arange(n * c).reshape(n, c, 1, 1) * hp + rows) * wp + cols
        if sh >= dh * (kh - 1) + 1 and sw >= dw * (kw - 1) + 1:  # windows never overlap: plain assignment
            full = np.zeros(n * c * hp * wp, dtype=g.dtype)
            full[flat.ravel()] = g.ravel()
        else:  # overlapping windows may pick the same input: add their gradients
            full = np.bincount(flat.ravel(), weights=g.ravel(), minlength=n * c * hp * wp).astype(g.dtype)
        full = full.reshape(n, c, hp, wp)
        return (full[:, :, pads[0][0] : pads[0][0] + h, pads[1][0] : pads[1][0] + w],)

    result = Tensor._make(out, (input,), backward)
    if return_indices:
        return result, Tensor((rows - pads[0][0]) * w + (cols - pads[1][0]))
    return result


def avg_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """Mean over each window, like `torch.nn.functional.avg_pool2d` (same divisor rules)."""
    kernel, stride_, padding_, _, (oh, ow) = _arguments(input, kernel_size, stride, padding, 1, ceil_mode)
    (kh, kw), (sh, sw) = kernel, stride_
    n, c, h, w = input.shape
    needed = ((oh - 1) * sh + kh, (ow - 1) * sw + kw)
    xp, pads = _padded(input.data, padding_, needed, 0.0)
    windows = sliding_window_view(xp, kernel, axis=(2, 3))[
        :, :, : (oh - 1) * sh + 1 : sh, : (ow - 1) * sw + 1 : sw
    ]
    if divisor_override:
        divisor = np.full((oh, ow), divisor_override, dtype=input.dtype)
    else:
        counts = []
        for out, k, s, p, size in ((oh, kh, sh, padding_[0], h), (ow, kw, sw, padding_[1], w)):
            start = np.arange(out) * s - p
            end = np.minimum(start + k, size + p)  # a ceil_mode window past the padding counts less
            counts.append(end - start if count_include_pad else np.minimum(end, size) - np.maximum(start, 0))
        divisor = np.outer(*counts).astype(input.dtype)
    out = windows.sum(axis=(-2, -1)) / divisor

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        # spreading each window's share back over the window is a transposed convolution with a kernel of ones
        share = (g / divisor).reshape(n * c, 1, oh, ow)
        ones = np.ones((1, 1, kh, kw), dtype=g.dtype)
        full = conv2d_input_grad(share, ones, (n * c, 1, *xp.shape[2:]), stride_, ((0, 0), (0, 0)), (1, 1), 1)
        full = full.reshape(n, c, *xp.shape[2:])
        return (full[:, :, pads[0][0] : pads[0][0] + h, pads[1][0] : pads[1][0] + w],)

    return Tensor._make(out, (input,), backward)


def _adaptive_matrix(size: int, out: int, dtype: Any) -> np.ndarray:
    """(out, size) averaging matrix over PyTorch's windows [floor(i*size/out), ceil((i+1)*size/out))."""
    i = np.arange(out)
    start, end = (i * size) // out, -(-((i + 1) * size) // out)
    positions = np.arange(size)
    inside = (positions >= start[:, None]) & (positions < end[:, None])
    return (inside / (end - start)[:, None]).astype(dtype)


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:
    """Average pooling to a fixed output size, like `torch.nn.functional.adaptive_avg_pool2d`."""
    if input.ndim != 4:
        raise ValueError(f"adaptive_avg_pool2d expects a 4-D input, got shape {input.shape}")
    sizes = (output_size, output_size) if isinstance(output_size, int) else tuple(output_size)
    oh, ow = (input.shape[2 + i] if s is None else s for i, s in enumerate(sizes))
    rows = _adaptive_matrix(input.shape[2], oh, input.dtype)
    cols = _adaptive_matrix(input.shape[3], ow, input.dtype)
    return Tensor._make(rows @ input.data @ cols.T, (input,), lambda g: (rows.T @ g @ cols,))
