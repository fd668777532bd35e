"""Solving for one unknown with sympy: every valid integer solution, checked forward."""

from __future__ import annotations

import pytest

from solvers import SolverError
from solvers.symbolic import solve_unknown


def test_padding_for_a_same_size_output() -> None:
    s = solve_unknown(
        "conv2d", {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 5, "padding": "?"}, 32
    )
    assert s.values == [2]
    assert s.steps[0].substitution == "31 ≤ 2·P + 27 < 32"
    assert s.steps[0].value == "2 ≤ P < 2.5"
    assert s.check is not None and s.check.output_shape == (6, 32, 32)


def test_every_input_size_is_listed_per_dimension() -> None:
    s = solve_unknown(
        "conv2d", {"input_shape": (3, "?", "?"), "out_channels": 6, "kernel_size": 3, "stride": 2}, (13, 12)
    )
    assert s.values == [[27, 28], [25, 26]]
    assert s.check is None  # not unique


def test_stride_kernel_and_dilation() -> None:
    s = solve_unknown(
        "conv2d", {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 5, "stride": "?"}, 14
    )
    assert s.values == [2]
    s = solve_unknown("conv2d", {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": "?"}, 28)
    assert s.values == [5]
    s = solve_unknown(
        "conv2d", {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 3, "dilation": "?"}, 24
    )
    assert s.values == [4]
    s = solve_unknown(
        "conv2d", {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 5, "stride": "?"}, 1
    )
    assert s.unbounded and s.values[:3] == [28, 29, 30]


def test_pooling_limits_reject_candidates() -> None:
    s = solve_unknown(
        "max_pool2d", {"input_shape": (3, 32, 32), "kernel_size": 3, "stride": 2, "padding": "?"}, 16
    )
    assert s.values == [1]
    s = solve_unknown(
        "max_pool2d", {"input_shape": (1, 10, 10), "kernel_size": 2, "stride": "?", "ceil_mode": True}, 4
    )
    assert s.values == [3]
    with pytest.raises(SolverError, match="no integer padding"):
        solve_unknown("max_pool2d", {"input_shape": (3, 32, 32), "kernel_size": 2, "padding": "?"}, 20)


def test_transposed_kernel_and_output_padding() -> None:
    base = {"input_shape": (3, 16, 16), "out_channels": 6, "stride": 2, "padding": 1}
    assert solve_unknown("conv_transpose2d", {**base, "kernel_size": "?"}, 32).values == [4]
    s = solve_unknown("conv_transpose2d", {**base, "kernel_size": 3, "output_padding": "?"}, 32)
    assert s.values == [1]
    with pytest.raises(SolverError, match="no integer output_padding"):
        solve_unknown("conv_transpose2d", {**base, "kernel_size": 3, "output_padding": "?"}, 33)


def test_misuse_is_reported() -> None:
    base = {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 5}
    with pytest.raises(SolverError, match="exactly one argument may be"):
        solve_unknown("conv2d", base, 28)
    with pytest.raises(SolverError, match="exactly one argument may be"):
        solve_unknown("conv2d", {**base, "stride": "?", "padding": "?"}, 28)
    with pytest.raises(SolverError, match="out_channels cannot be solved"):
        solve_unknown("conv2d", {**base, "out_channels": "?"}, 28)
    with pytest.raises(SolverError, match="no unknown to solve"):
        solve_unknown("lstm", {"input_size": "?"}, 3)
