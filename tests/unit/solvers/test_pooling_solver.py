"""Pooling: floor and ceil mode, the padding limit, adaptive windows."""

from __future__ import annotations

import pytest

import solvers
from solvers import SolverError


def test_two_by_two_pooling_halves_and_has_no_parameters() -> None:
    r = solvers.max_pool2d((6, 28, 28), 2)
    assert r.output_shape == (6, 14, 14)
    assert r.params == 0 and r.macs == 0
    assert r.quantities["comparisons"] == 6 * 14 * 14 * 3
    assert "stride defaults to kernel_size" in r.steps[0].note
    assert solvers.avg_pool2d((6, 28, 28), 2).quantities["additions"] == 6 * 14 * 14 * 4


def test_ceil_mode_and_the_window_that_would_start_in_the_padding() -> None:
    assert solvers.max_pool2d((1, 10, 10), 3, 2).output_shape == (1, 4, 4)
    r = solvers.max_pool2d((1, 10, 10), 3, 2, ceil_mode=True)
    assert r.output_shape == (1, 5, 5)
    assert "Floor → 4; ceil_mode → 5" in r.steps[0].note
    # ceil would give 7, but the last window would start in the right padding: PyTorch drops it.
    assert solvers.max_pool2d((1, 10, 10), 2, 2, padding=1, ceil_mode=True).output_shape == (1, 6, 6)
    # ceil mode accepts a window larger than the input if it starts inside it.
    assert solvers.max_pool2d((1, 4, 4), 3, 3, dilation=2, ceil_mode=True).output_shape == (1, 1, 1)


def test_padding_limit_is_half_the_kernel() -> None:
    assert solvers.max_pool2d((1, 10, 10), 4, padding=2).output_shape == (1, 3, 3)
    with pytest.raises(
        SolverError, match="padding must be at most half the kernel size: padding 2 > ⌊3/2⌋ = 1"
    ):
        solvers.max_pool2d((1, 10, 10), 3, padding=2, dilation=2)
    with pytest.raises(SolverError, match="at most half"):
        solvers.avg_pool2d((1, 10, 10), 3, padding=2)
    with pytest.raises(SolverError, match="output smaller than 1"):
        solvers.max_pool2d((1, 10, 10), 11)


def test_adaptive_average_pooling_windows() -> None:
    r = solvers.adaptive_avg_pool2d((512, 7, 7), 1)
    assert r.output_shape == (512, 1, 1)
    assert "Global average pooling" in r.steps[0].note
    r = solvers.adaptive_avg_pool2d((3, 10, 10), 3)
    assert r.steps[0].value == "[0,4), [3,7), [6,10)"
    assert "overlap" in r.steps[0].note
    assert r.quantities["window_sizes"] == [[4], [4]]
    r = solvers.adaptive_avg_pool2d((3, 12, 12), (6, 4))
    assert r.output_shape == (3, 6, 4)
    assert "kernel = stride = 2" in r.steps[0].note
