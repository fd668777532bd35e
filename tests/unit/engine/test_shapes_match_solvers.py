"""For random configurations the engine's output shape is the solver's `output_shape` (issue 4, item 4).

Valid and invalid configurations alike: where the solver raises SolverError, the engine must refuse too.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import solvers
from solvers import SolverError
from solvers.engine import Tensor
from solvers.engine import functional as F

sizes = st.integers(min_value=1, max_value=12)
small = st.integers(min_value=1, max_value=4)
pads = st.integers(min_value=0, max_value=3)


def engine_shape(run) -> tuple[int, ...] | None:
    try:
        return tuple(run().shape[1:])
    except (ValueError, RuntimeError, IndexError):
        return None


def solver_shape(run) -> tuple[int, ...] | None:
    try:
        return tuple(run().output_shape)
    except SolverError:
        return None


@settings(max_examples=150, deadline=None)
@given(c_in=small, groups=st.sampled_from([1, 2]), c_out=small, h=sizes, w=sizes, k=small, kw=small,
       stride=small, padding=pads, dilation=st.integers(1, 3))
def test_conv2d(c_in: int, groups: int, c_out: int, h: int, w: int, k: int, kw: int, stride: int, padding: int,
                dilation: int) -> None:
    c_in, c_out = c_in * groups, c_out * groups
    x = Tensor(np.zeros((1, c_in, h, w), dtype=np.float32))
    weight = Tensor(np.zeros((c_out, c_in // groups, k, kw), dtype=np.float32))
    ours = engine_shape(lambda: F.conv2d(x, weight, None, stride, padding, dilation, groups))
    theirs = solver_shape(lambda: solvers.conv2d((c_in, h, w), c_out, (k, kw), stride, padding, dilation, groups))
    assert ours == theirs


@settings(max_examples=150, deadline=None)
@given(c_in=small, c_out=small, h=sizes, w=sizes, k=small, stride=small, padding=pads,
       output_padding=st.integers(0, 3), dilation=st.integers(1, 3))
def test_conv_transpose2d(c_in: int, c_out: int, h: int, w: int, k: int, stride: int, padding: int,
                          output_padding: int, dilation: int) -> None:
    x = Tensor(np.zeros((1, c_in, h, w), dtype=np.float32))
    weight = Tensor(np.zeros((c_in, c_out, k, k), dtype=np.float32))
    ours = engine_shape(lambda: F.conv_transpose2d(x, weight, None, stride, padding, output_padding, 1, dilation))
    theirs = solver_shape(lambda: solvers.conv_transpose2d(
        (c_in, h, w), c_out, k, stride, padding, output_padding, dilation))
    assert ours == theirs


@settings(max_examples=150, deadline=None)
@given(c=small, h=sizes, w=sizes, k=small, stride=st.one_of(st.none(), small), padding=pads,
       dilation=st.integers(1, 3), ceil_mode=st.booleans())
def test_max_pool2d(c: int, h: int, w: int, k: int, stride: int | None, padding: int, dilation: int,
                    ceil_mode: bool) -> None:
    x = Tensor(np.zeros((1, c, h, w), dtype=np.float32))
    ours = engine_shape(lambda: F.max_pool2d(x, k, stride, padding, dilation, ceil_mode))
    theirs = solver_shape(lambda: solvers.max_pool2d((c, h, w), k, stride, padding, dilation, ceil_mode))
    assert ours == theirs


@settings(max_examples=150, deadline=None)
@given(c=small, h=sizes, w=sizes, k=small, stride=st.one_of(st.none(), small), padding=pads,
       ceil_mode=st.booleans())
def test_avg_pool2d(c: int, h: int, w: int, k: int, stride: int | None, padding: int, ceil_mode: bool) -> None:
    x = Tensor(np.zeros((1, c, h, w), dtype=np.float32))
    ours = engine_shape(lambda: F.avg_pool2d(x, k, stride, padding, ceil_mode))
    theirs = solver_shape(lambda: solvers.avg_pool2d((c, h, w), k, stride, padding, ceil_mode))
    assert ours == theirs
