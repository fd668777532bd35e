"""Behaviour of the autograd core: accumulation, no_grad, dtypes, broadcasting, graph reuse, tensor hooks."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import solvers.engine as E
from solvers.engine import Tensor, no_grad


def test_gradients_accumulate_across_backward_calls() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, [3 + 2, 3 + 4])


def test_a_tensor_used_twice_gets_both_contributions() -> None:
    x = Tensor(np.array(3.0), requires_grad=True)
    y = x * x + x  # dy/dx = 2x + 1
    y.backward()
    assert x.grad == pytest.approx(7.0)


def test_backward_twice_through_a_freed_graph_is_an_error_unless_retained() -> None:
    x = Tensor(np.array([1.0]), requires_grad=True)
    y = (x * 2).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad, [4.0])
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_no_grad_records_nothing_and_restores_the_mode() -> None:
    x = Tensor(np.ones(2), requires_grad=True)
    with no_grad():
        y = x * 2
        assert not E.is_grad_enabled()
    assert E.is_grad_enabled()
    assert not y.requires_grad and y.is_leaf

    @no_grad()
    def doubled(t: Tensor) -> Tensor:
        return t * 2

    assert not doubled(x).requires_grad


def test_backward_errors_are_clear() -> None:
    with pytest.raises(RuntimeError, match="does not require grad"):
        Tensor(np.ones(2)).sum().backward()
    with pytest.raises(RuntimeError, match="scalar outputs"):
        (Tensor(np.ones(2), requires_grad=True) * 2).backward()
    with pytest.raises(RuntimeError, match="floating point"):
        Tensor(np.array([1, 2]), requires_grad=True)


def test_backward_accepts_a_numpy_gradient() -> None:
    x = Tensor(np.ones((2, 2)), requires_grad=True)
    (x * 3).backward(np.array([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_allclose(x.grad, [[3, 6], [9, 12]])


def test_dtypes_float32_by_default_and_kept_from_numpy() -> None:
    assert Tensor([1, 2, 3]).dtype == np.float32
    assert Tensor(2.5).dtype == np.float32
    assert Tensor(np.zeros(2, dtype=np.float64)).dtype == np.float64
    assert Tensor(np.zeros(2, dtype=np.int64)).dtype == np.int64
    x = Tensor(np.ones(3, dtype=np.float64), requires_grad=True)
    y = (x * 0.1 + 1) / 3
    assert y.dtype == np.float64  # Python numbers do not downcast
    y.sum().backward()
    assert x.grad.dtype == np.float64
    assert (Tensor(np.ones(2, dtype=np.float32)) * 0.5).dtype == np.float32
    assert E.randn(2, 3).dtype == np.float32 and E.zeros(2, dtype=np.float64).dtype == np.float64


def test_broadcast_gradients_are_summed_back_to_each_shape() -> None:
    a = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor(np.ones((3,)), requires_grad=True)
    c = Tensor(np.ones((2, 1)), requires_grad=True)
    (a * b + c).sum().backward()
    assert a.grad.shape == (2, 3) and b.grad.shape == (3,) and c.grad.shape == (2, 1)
    np.testing.assert_allclose(b.grad, [2, 2, 2])
    np.testing.assert_allclose(c.grad, [[3], [3]])


def test_numpy_on_the_left_still_builds_the_graph() -> None:
    x = Tensor(np.ones(2), requires_grad=True)
    y = np.array([2.0, 3.0]) * x + np.array([1.0, 1.0])
    assert isinstance(y, Tensor)
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [2, 3])


def test_deep_graphs_need_no_recursion() -> None:
    x = Tensor(np.array(1.0), requires_grad=True)
    y = x
    for _ in range(sys.getrecursionlimit() + 500):
        y = y * 1.0
    y.backward()
    assert x.grad == pytest.approx(1.0)


def test_tensor_hooks_see_and_can_replace_gradients_and_retain_grad_keeps_them() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    h = x * 2
    seen = []
    h.register_hook(lambda g: seen.append(g.copy()))
    remove = h.register_hook(lambda g: g * 10)
    h.retain_grad()
    h.sum().backward()
    np.testing.assert_allclose(seen[0], [1, 1])
    np.testing.assert_allclose(h.grad, [10, 10])
    np.testing.assert_allclose(x.grad, [20, 20])
    remove()
    assert len(h._hooks) == 1


def test_detach_item_and_comparisons() -> None:
    x = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    assert not x.detach().requires_grad
    assert (x > 0).tolist() == [True, False]
    assert x.sum().item() == pytest.approx(-1.0)
    values, index = x.max(dim=0)
    assert values.item() == 1.0 and index.item() == 0
    assert x.argmax().item() == 0
