"""Convolutions and pooling against PyTorch, over strides, padding, dilation, groups and ceil_mode."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import torch.nn.functional as TF  # noqa: E402
from engine_parity import check_parity, random  # noqa: E402

from solvers.engine import Tensor  # noqa: E402
from solvers.engine import functional as F  # noqa: E402

pytestmark = pytest.mark.oracle

# (N, C, H, W), out_channels, kernel, stride, padding, dilation, groups
CONV2D = [
    ((2, 3, 7, 7), 4, 3, 1, 0, 1, 1),
    ((2, 3, 8, 7), 4, (3, 2), (2, 1), (1, 0), 1, 1),
    ((1, 4, 9, 9), 6, 3, 2, 2, 2, 2),
    ((2, 4, 6, 6), 4, 3, 1, 1, 1, 4),
    ((1, 2, 5, 6), 3, 1, 3, 0, 1, 1),
    ((1, 2, 10, 9), 2, (2, 3), (3, 2), (1, 2), (2, 1), 2),
    ((2, 3, 6, 6), 2, 3, 1, "same", 1, 1),
    ((1, 2, 7, 6), 2, (2, 4), 1, "same", (2, 1), 1),
    ((1, 2, 5, 5), 2, 3, 1, "valid", 1, 1),
]


@pytest.mark.parametrize(("shape", "out", "kernel", "stride", "padding", "dilation", "groups"), CONV2D)
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d(
    shape: tuple,
    out: int,
    kernel: object,
    stride: object,
    padding: object,
    dilation: object,
    groups: int,
    bias: bool,
) -> None:
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    inputs = [random(*shape, seed=1), random(out, shape[1] // groups, kh, kw, seed=2)]
    if bias:
        inputs.append(random(out, seed=3))

    def call(fn: object) -> object:
        return lambda x, w, b=None: fn(
            x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups
        )

    check_parity(call(F.conv2d), call(TF.conv2d), inputs)


@pytest.mark.parametrize(
    ("shape", "out", "kernel", "stride", "padding", "dilation", "groups"),
    [((2, 3, 9), 4, 3, 1, 0, 1, 1), ((1, 4, 11), 2, 3, 2, 2, 2, 2), ((2, 2, 8), 2, 4, 1, "same", 1, 1)],
)
def test_conv1d(
    shape: tuple, out: int, kernel: int, stride: int, padding: object, dilation: int, groups: int
) -> None:
    inputs = [random(*shape, seed=1), random(out, shape[1] // groups, kernel, seed=2), random(out, seed=3)]

    def call(fn: object) -> object:
        return lambda x, w, b: fn(x, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups)

    check_parity(call(F.conv1d), call(TF.conv1d), inputs)


# (N, C_in, H, W), out_channels, kernel, stride, padding, output_padding, groups, dilation
CONV_TRANSPOSE = [
    ((2, 3, 4, 4), 2, 3, 1, 0, 0, 1, 1),
    ((2, 3, 4, 5), 4, 3, 2, 1, 1, 1, 1),
    ((1, 4, 3, 3), 2, (2, 3), (2, 3), (0, 1), (1, 2), 2, 1),
    ((1, 2, 4, 4), 4, 3, 2, 2, 1, 2, 2),
    ((2, 2, 5, 4), 3, 4, 3, 1, 0, 1, (1, 2)),
]


@pytest.mark.parametrize(
    ("shape", "out", "kernel", "stride", "padding", "output_padding", "groups", "dilation"), CONV_TRANSPOSE
)
def test_conv_transpose2d(
    shape: tuple,
    out: int,
    kernel: object,
    stride: object,
    padding: object,
    output_padding: object,
    groups: int,
    dilation: object,
) -> None:
    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    inputs = [random(*shape, seed=1), random(shape[1], out // groups, kh, kw, seed=2), random(out, seed=3)]

    def call(fn: object) -> object:
        return lambda x, w, b: fn(x, w, b, stride, padding, output_padding, groups, dilation)

    check_parity(call(F.conv_transpose2d), call(TF.conv_transpose2d), inputs)


# (N, C, H, W), kernel, stride, padding, dilation, ceil_mode
MAX_POOL = [
    ((2, 3, 8, 8), 2, None, 0, 1, False),
    ((2, 2, 7, 9), 3, 2, 1, 1, False),
    ((1, 2, 7, 7), 3, 2, 1, 1, True),
    ((1, 2, 9, 8), (3, 2), (2, 1), (1, 0), (2, 1), False),
    ((1, 1, 6, 6), 2, 2, 1, 1, True),
    ((1, 2, 5, 5), 2, 1, 0, 1, False),
]


@pytest.mark.parametrize(("shape", "kernel", "stride", "padding", "dilation", "ceil_mode"), MAX_POOL)
def test_max_pool2d(
    shape: tuple, kernel: object, stride: object, padding: object, dilation: object, ceil_mode: bool
) -> None:
    # distinct values, so the argmax (and so the gradient) is unambiguous
    x = np.random.default_rng(1).permutation(np.prod(shape)).reshape(shape).astype(np.float64) / 10

    def call(fn: object) -> object:
        return lambda t: fn(t, kernel, stride, padding, dilation, ceil_mode)

    check_parity(call(F.max_pool2d), call(TF.max_pool2d), [x])


def test_max_pool2d_indices() -> None:
    x = np.random.default_rng(2).permutation(2 * 2 * 7 * 7).reshape(2, 2, 7, 7).astype(np.float64)
    _, ours = F.max_pool2d(Tensor(x), 3, 2, 1, return_indices=True)
    _, theirs = TF.max_pool2d(torch.from_numpy(x), 3, 2, 1, return_indices=True)
    np.testing.assert_array_equal(ours.data, theirs.numpy())


# (N, C, H, W), kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
AVG_POOL = [
    ((2, 3, 8, 8), 2, None, 0, False, True, None),
    ((2, 2, 7, 9), 3, 2, 1, False, True, None),
    ((1, 2, 7, 7), 3, 2, 1, True, True, None),
    ((1, 2, 7, 7), 3, 2, 1, True, False, None),
    ((1, 2, 9, 8), (3, 2), (2, 1), (1, 0), False, False, None),
    ((1, 1, 6, 6), 2, 2, 1, True, True, None),
    ((1, 2, 6, 5), 3, 2, 1, False, True, 4),
]


@pytest.mark.parametrize(
    ("shape", "kernel", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"), AVG_POOL
)
def test_avg_pool2d(
    shape: tuple,
    kernel: object,
    stride: object,
    padding: object,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: object,
) -> None:
    def call(fn: object) -> object:
        return lambda t: fn(t, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)

    check_parity(call(F.avg_pool2d), call(TF.avg_pool2d), [random(*shape)])


@pytest.mark.parametrize(
    ("shape", "size"),
    [((2, 3, 8, 8), 4), ((1, 2, 7, 9), (3, 4)), ((1, 2, 5, 6), (None, 4)), ((1, 1, 6, 6), 1)],
)
def test_adaptive_avg_pool2d(shape: tuple, size: object) -> None:
    check_parity(
        lambda t: F.adaptive_avg_pool2d(t, size), lambda t: TF.adaptive_avg_pool2d(t, size), [random(*shape)]
    )
