"""Tensor operations against PyTorch: values and gradients in float64 (tolerance 1e-6)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from engine_parity import check_parity, random  # noqa: E402

import solvers.engine as E  # noqa: E402

pytestmark = pytest.mark.oracle

BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


@pytest.mark.parametrize("op", sorted(BINARY))
@pytest.mark.parametrize(
    ("shape_a", "shape_b"), [((3, 4), (3, 4)), ((2, 3, 4), (4,)), ((3, 1), (1, 5)), ((2, 1, 4), (3, 1))]
)
def test_broadcasting_binary_ops(op: str, shape_a: tuple, shape_b: tuple) -> None:
    a, b = random(*shape_a, seed=1), random(*shape_b, seed=2) + 3.0  # keep divisors away from zero
    check_parity(BINARY[op], BINARY[op], [a, b])


def test_scalar_operands_on_both_sides() -> None:
    fn = lambda x: 2.0 - x * 3 + 1.5 / (x + 5) - (x**2) / 4 + 2**x  # noqa: E731
    check_parity(fn, fn, [random(3, 4)])


def test_tensor_power_and_negation() -> None:
    base, exponent = np.abs(random(3, 4, seed=1)) + 0.5, random(3, 4, seed=2)
    check_parity(lambda a, b: -(a**b), lambda a, b: -(a**b), [base, exponent])


@pytest.mark.parametrize(
    ("shape_a", "shape_b"),
    [
        ((3, 4), (4, 5)),
        ((2, 3, 4), (4, 5)),
        ((4,), (4, 2)),
        ((3, 4), (4,)),
        ((4,), (4,)),
        ((2, 1, 3, 4), (5, 4, 2)),
    ],
)
def test_matmul(shape_a: tuple, shape_b: tuple) -> None:
    check_parity(lambda a, b: a @ b, lambda a, b: a @ b, [random(*shape_a, seed=1), random(*shape_b, seed=2)])


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu"])
def test_elementwise(name: str) -> None:
    x = random(3, 5) + (4.0 if name in ("log", "sqrt") else 0.0)
    check_parity(lambda t: getattr(t, name)(), lambda t: getattr(t, name)(), [x])


def test_clamp_and_masked_fill() -> None:
    mask = random(3, 4, seed=3) > 0
    check_parity(lambda t: t.clamp(-0.5, 0.7), lambda t: t.clamp(-0.5, 0.7), [random(3, 4)])
    check_parity(lambda t, m: t.masked_fill(m, 2.0), lambda t, m: t.masked_fill(m, 2.0), [random(3, 4), mask])


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"dim": 0},
        {"dim": 1, "keepdim": True},
        {"dim": (0, 2)},
        {"dim": (0, 2), "keepdim": True},
        {"dim": -1},
    ],
)
def test_sum_mean_var(kwargs: dict) -> None:
    x = random(2, 3, 4)
    check_parity(lambda t: t.sum(**kwargs), lambda t: t.sum(**kwargs), [x])
    check_parity(lambda t: t.mean(**kwargs), lambda t: t.mean(**kwargs), [x])
    check_parity(lambda t: t.var(**kwargs), lambda t: t.var(**kwargs), [x])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_max_min_with_dim(dim: int) -> None:
    x = random(3, 4, 5)
    check_parity(lambda t: t.max(dim), lambda t: tuple(t.max(dim)), [x])
    check_parity(lambda t: t.min(dim, keepdim=True), lambda t: tuple(t.min(dim, keepdim=True)), [x])


def test_max_without_dim_splits_ties_evenly() -> None:
    x = np.array([[1.0, 3.0], [3.0, 2.0]])
    check_parity(lambda t: t.max(), lambda t: t.max(), [x])
    check_parity(lambda t: t.min(), lambda t: t.min(), [random(3, 4)])


def test_shape_operations() -> None:
    x = random(2, 3, 4)
    for fn in (
        lambda t: t.reshape(4, 6),
        lambda t: t.view(-1),
        lambda t: t.transpose(0, 2),
        lambda t: t.permute(1, 2, 0),
        lambda t: t.flatten(1),
        lambda t: t.unsqueeze(1).squeeze(1),
        lambda t: t[:, :1].expand(2, 5, 4),
        lambda t: t.reshape(6, 4).T,
    ):
        check_parity(fn, fn, [x])


@pytest.mark.parametrize(
    "index",
    [
        (0,),
        (slice(None), 1),
        (slice(0, 2), slice(None), slice(None, None, 2)),
        (Ellipsis, -1),
        (np.array([0, 1, 0]),),
        (slice(None), np.array([2, 2, 0])),
        (np.array([1, 0]), np.array([2, 2])),
    ],
)
def test_indexing(index: tuple) -> None:
    x = random(2, 3, 4)

    def torch_index(t: torch.Tensor) -> torch.Tensor:
        return t[tuple(torch.from_numpy(i) if isinstance(i, np.ndarray) else i for i in index)]

    check_parity(lambda t: t[index], torch_index, [x])


def test_boolean_mask_indexing() -> None:
    x = random(3, 4)
    mask = x > 0
    check_parity(lambda t, m: t[m], lambda t, m: t[m], [x, mask])


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cat_and_stack(dim: int) -> None:
    a, b = random(2, 3, seed=1), random(2, 3, seed=2)
    check_parity(lambda x, y: E.cat([x, y, x], dim), lambda x, y: torch.cat([x, y, x], dim), [a, b])
    check_parity(lambda x, y: E.stack([x, y], dim), lambda x, y: torch.stack([x, y], dim), [a, b])


def test_where() -> None:
    cond = random(3, 4, seed=5) > 0
    check_parity(
        lambda c, a, b: E.where(c, a, b),
        lambda c, a, b: torch.where(c, a, b),
        [cond, random(3, 4, seed=1), random(1, 4, seed=2)],
    )


def test_a_small_expression_graph() -> None:
    """micrograd's sanity check: a graph where values are reused, with every op mixed together."""

    def fn(a: object, b: object) -> object:
        c = a + b
        d = a * b + b**3
        c = c + c + 1
        c = c + 1 + c + (-a)
        d = d + d * 2 + (b + a).relu()
        d = d + 3 * d + (b - a).relu()
        e = c - d
        f = e**2
        g = f / 2.0
        return g + 10.0 / f

    check_parity(fn, fn, [np.array([-4.0, 1.5]), np.array([2.0, -0.5])])
