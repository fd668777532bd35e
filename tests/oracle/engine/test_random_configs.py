"""Random valid convolution and pooling configurations: the engine matches PyTorch in value and gradient."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import torch.nn.functional as TF  # noqa: E402
from engine_parity import check_parity  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from solvers.engine import functional as F  # noqa: E402

pytestmark = pytest.mark.oracle
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True)


def _pairs(low: int, high: int) -> st.SearchStrategy:
    return st.one_of(st.integers(low, high), st.tuples(st.integers(low, high), st.integers(low, high)))


def _both(value: object) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else value


@st.composite
def conv_configs(draw: st.DrawFn) -> dict:
    groups = draw(st.integers(1, 3))
    config = {
        "in_channels": groups * draw(st.integers(1, 2)),
        "out_channels": groups * draw(st.integers(1, 2)),
        "kernel": draw(_pairs(1, 4)),
        "stride": draw(_pairs(1, 3)),
        "padding": draw(_pairs(0, 3)),
        "dilation": draw(_pairs(1, 3)),
        "groups": groups,
    }
    extent = [
        d * (k - 1) + 1 for k, d in zip(_both(config["kernel"]), _both(config["dilation"]), strict=True)
    ]
    low = [max(e - 2 * p, 1) for e, p in zip(extent, _both(config["padding"]), strict=True)]
    config["size"] = (draw(st.integers(low[0], low[0] + 6)), draw(st.integers(low[1], low[1] + 6)))
    return config


@SETTINGS
@given(conv_configs(), st.integers(0, 2**16))
def test_conv2d_random_configurations(config: dict, seed: int) -> None:
    rng = np.random.default_rng(seed)
    kh, kw = _both(config["kernel"])
    x = rng.standard_normal((2, config["in_channels"], *config["size"]))
    w = rng.standard_normal((config["out_channels"], config["in_channels"] // config["groups"], kh, kw))
    b = rng.standard_normal(config["out_channels"])
    args = (config["stride"], config["padding"], config["dilation"], config["groups"])
    check_parity(lambda *t: F.conv2d(*t, *args), lambda *t: TF.conv2d(*t, *args), [x, w, b], seed)


@SETTINGS
@given(conv_configs(), st.integers(0, 2**16), st.data())
def test_conv_transpose2d_random_configurations(config: dict, seed: int, data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    kh, kw = _both(config["kernel"])
    stride, dilation = _both(config["stride"]), _both(config["dilation"])
    output_padding = tuple(
        data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation, strict=True)
    )
    height, width = (data.draw(st.integers(1, 5)) for _ in range(2))
    padding = _both(config["padding"])
    out = [
        (n - 1) * s - 2 * p + d * (k - 1) + o + 1
        for n, s, p, d, k, o in zip(
            (height, width), stride, padding, dilation, (kh, kw), output_padding, strict=True
        )
    ]
    if min(out) <= 0:
        padding = (0, 0)
    x = rng.standard_normal((2, config["in_channels"], height, width))
    w = rng.standard_normal((config["in_channels"], config["out_channels"] // config["groups"], kh, kw))
    args = (None, stride, padding, output_padding, config["groups"], dilation)
    check_parity(
        lambda *t: F.conv_transpose2d(*t, *args), lambda *t: TF.conv_transpose2d(*t, *args), [x, w], seed
    )


@st.composite
def pool_configs(draw: st.DrawFn) -> dict:
    kernel = _both(draw(_pairs(1, 4)))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    dilation = _both(draw(_pairs(1, 2)))
    stride = draw(st.one_of(st.none(), _pairs(1, 3)))
    extent = [d * (k - 1) + 1 for k, d in zip(kernel, dilation, strict=True)]
    size = tuple(
        draw(st.integers(max(e - 2 * p, 1), max(e - 2 * p, 1) + 6))
        for e, p in zip(extent, padding, strict=True)
    )
    return {
        "kernel": kernel,
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
        "size": size,
        "ceil_mode": draw(st.booleans()),
        "count_include_pad": draw(st.booleans()),
    }


@SETTINGS
@given(pool_configs(), st.integers(0, 2**16))
def test_max_pool2d_random_configurations(config: dict, seed: int) -> None:
    shape = (2, 2, *config["size"])
    x = np.random.default_rng(seed).permutation(int(np.prod(shape))).reshape(shape) / 7.0
    args = (config["kernel"], config["stride"], config["padding"], config["dilation"], config["ceil_mode"])
    # a window that sees only padding gives -inf, and torch then sends its gradient to an arbitrary input
    assume(np.isfinite(TF.max_pool2d(torch.from_numpy(x), *args).numpy()).all())
    check_parity(lambda t: F.max_pool2d(t, *args), lambda t: TF.max_pool2d(t, *args), [x], seed)


@SETTINGS
@given(pool_configs(), st.integers(0, 2**16))
def test_avg_pool2d_random_configurations(config: dict, seed: int) -> None:
    x = np.random.default_rng(seed).standard_normal((2, 2, *config["size"]))
    if any(
        size + 2 * p < k
        for size, p, k in zip(config["size"], config["padding"], config["kernel"], strict=True)
    ):
        return  # the dilation-free window does not fit: both libraries refuse
    args = (
        config["kernel"],
        config["stride"],
        config["padding"],
        config["ceil_mode"],
        config["count_include_pad"],
    )
    check_parity(lambda t: F.avg_pool2d(t, *args), lambda t: TF.avg_pool2d(t, *args), [x], seed)
