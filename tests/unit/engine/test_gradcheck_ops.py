"""Every differentiable operation passes a central-difference gradient check in float64."""

from __future__ import annotations

import numpy as np
import pytest

import solvers.engine as E
from solvers.engine import Tensor, gradcheck
from solvers.engine import functional as F


def t(*shape: int, seed: int = 0, shift: float = 0.0) -> Tensor:
    return Tensor(np.random.default_rng(seed).standard_normal(shape) + shift, requires_grad=True)


def distinct(*shape: int, seed: int = 0) -> Tensor:
    """Well separated values, so max and max-pool have no near ties for the differences to cross."""
    values = np.random.default_rng(seed).permutation(int(np.prod(shape))).reshape(shape) / 4.0
    return Tensor(values.astype(np.float64), requires_grad=True)


TENSOR_OPS = {
    "add_broadcast": (lambda a, b: a + b, [t(2, 3), t(3, seed=1)]),
    "sub_broadcast": (lambda a, b: a - b, [t(2, 1, 3), t(4, 1, seed=1)]),
    "mul_broadcast": (lambda a, b: a * b, [t(2, 3), t(2, 1, seed=1)]),
    "div": (lambda a, b: a / b, [t(2, 3), t(2, 3, seed=1, shift=4.0)]),
    "scalars": (lambda a: 3 - 2 * a + a / 5 - 1 / (a + 6), [t(2, 3)]),
    "pow_scalar": (lambda a: a**3, [t(2, 3)]),
    "pow_tensor": (lambda a, b: a**b, [t(2, 3, shift=4.0), t(2, 3, seed=1)]),
    "rpow": (lambda a: 2.0**a, [t(2, 3)]),
    "neg": (lambda a: -a, [t(3)]),
    "matmul": (lambda a, b: a @ b, [t(2, 3), t(3, 4, seed=1)]),
    "matmul_batched": (lambda a, b: a @ b, [t(2, 2, 3), t(3, 2, seed=1)]),
    "matmul_vectors": (lambda a, b: a @ b, [t(3), t(3, 2, seed=1)]),
    "exp": (lambda a: a.exp(), [t(2, 3)]),
    "log": (lambda a: a.log(), [t(2, 3, shift=4.0)]),
    "sqrt": (lambda a: a.sqrt(), [t(2, 3, shift=4.0)]),
    "abs": (lambda a: a.abs(), [t(2, 3, shift=0.1)]),
    "tanh": (lambda a: a.tanh(), [t(2, 3)]),
    "sigmoid": (lambda a: a.sigmoid(), [t(2, 3)]),
    "relu": (lambda a: a.relu(), [t(2, 3, shift=0.1)]),
    "clamp": (lambda a: a.clamp(-0.5, 0.5), [t(2, 3)]),
    "masked_fill": (lambda a: a.masked_fill(np.array([True, False, True]), 0.0), [t(2, 3)]),
    "sum_dims": (lambda a: a.sum(dim=(0, 2), keepdim=True), [t(2, 3, 2)]),
    "mean": (lambda a: a.mean(dim=1), [t(2, 3)]),
    "var": (lambda a: a.var(dim=0), [t(3, 2)]),
    "max_dim": (lambda a: a.max(dim=1)[0], [distinct(2, 4)]),
    "min_all": (lambda a: a.min(), [distinct(2, 4)]),
    "reshape_permute": (lambda a: a.reshape(3, 2, 2).permute(2, 0, 1).transpose(0, 1), [t(2, 6)]),
    "flatten_squeeze": (lambda a: a.unsqueeze(0).flatten(1).squeeze(0), [t(2, 3)]),
    "expand": (lambda a: a.expand(2, 4, 3), [t(4, 1)]),
    "getitem_slices": (lambda a: a[1:, ::2], [t(3, 4)]),
    "getitem_repeated_index": (lambda a: a[np.array([0, 2, 0])], [t(3, 2)]),
    "cat": (lambda a, b: E.cat([a, b, a], dim=1), [t(2, 2), t(2, 3, seed=1)]),
    "stack": (lambda a, b: E.stack([a, b], dim=1), [t(2, 3), t(2, 3, seed=1)]),
    "where": (lambda a, b: E.where(np.array([[True, False, True]]), a, b), [t(2, 3), t(1, 3, seed=1)]),
    "to_double": (lambda a: a.double() * 2, [t(2, 2)]),
}


@pytest.mark.parametrize("name", sorted(TENSOR_OPS))
def test_tensor_op(name: str) -> None:
    fn, inputs = TENSOR_OPS[name]
    assert gradcheck(fn, inputs)


FUNCTIONAL = {
    "linear": (F.linear, [t(2, 3), t(4, 3, seed=1), t(4, seed=2)]),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.2), [t(2, 3, shift=0.1)]),
    "elu": (F.elu, [t(2, 3, shift=0.1)]),
    "gelu": (F.gelu, [t(2, 3)]),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [t(2, 3)]),
    "softmax": (lambda x: F.softmax(x, dim=1), [t(2, 4)]),
    "log_softmax": (lambda x: F.log_softmax(x, dim=0), [t(3, 2)]),
    "conv1d": (
        lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1),
        [t(1, 2, 7), t(3, 2, 3, seed=1), t(3, seed=2)],
    ),
    "conv2d": (
        lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, dilation=1),
        [t(1, 2, 5, 5), t(2, 2, 3, 3, seed=1), t(2, seed=2)],
    ),
    "conv2d_groups_dilation": (
        lambda x, w: F.conv2d(x, w, stride=(1, 2), padding=(2, 1), dilation=2, groups=2),
        [t(1, 4, 5, 5), t(2, 2, 2, 3, seed=1)],
    ),
    "conv_transpose2d": (
        lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
        [t(1, 2, 3, 3), t(2, 3, 3, 3, seed=1), t(3, seed=2)],
    ),
    "conv_transpose2d_groups": (
        lambda x, w: F.conv_transpose2d(x, w, stride=(2, 1), groups=2, dilation=(1, 2)),
        [t(1, 2, 3, 2), t(2, 1, 2, 2, seed=1)],
    ),
    "max_pool2d": (lambda x: F.max_pool2d(x, 2), [distinct(1, 2, 4, 4)]),
    "max_pool2d_overlapping": (lambda x: F.max_pool2d(x, 3, 1, padding=1), [distinct(1, 1, 4, 5)]),
    "max_pool2d_ceil": (lambda x: F.max_pool2d(x, 2, 2, ceil_mode=True, dilation=1), [distinct(1, 1, 5, 5)]),
    "avg_pool2d": (lambda x: F.avg_pool2d(x, 3, 2, padding=1, ceil_mode=True), [t(1, 2, 5, 5)]),
    "avg_pool2d_exclude_pad": (lambda x: F.avg_pool2d(x, 2, 1, 1, count_include_pad=False), [t(1, 1, 4, 3)]),
    "adaptive_avg_pool2d": (lambda x: F.adaptive_avg_pool2d(x, (2, 3)), [t(1, 2, 5, 4)]),
    "batch_norm_train": (
        lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
        [t(3, 2, 2), t(2, seed=1), t(2, seed=2)],
    ),
    "batch_norm_eval": (
        lambda x, w, b: F.batch_norm(x, np.zeros(2), np.ones(2) * 2, w, b),
        [t(3, 2), t(2, seed=1), t(2, seed=2)],
    ),
    "layer_norm": (lambda x, w, b: F.layer_norm(x, (3,), w, b), [t(2, 3), t(3, seed=1), t(3, seed=2)]),
    "embedding": (lambda w: F.embedding(np.array([[0, 2], [2, 1]]), w), [t(3, 2)]),
    "dropout_seeded": (lambda x: (E.manual_seed(3), F.dropout(x, 0.4))[1], [t(3, 4)]),
    "mse_loss": (F.mse_loss, [t(2, 3), t(2, 3, seed=1)]),
    "l1_loss": (F.l1_loss, [t(2, 3), t(2, 3, seed=1)]),
    "smooth_l1_loss": (lambda a, b: F.smooth_l1_loss(a, b, beta=0.7), [t(2, 3), t(2, 3, seed=1)]),
    "huber_loss": (lambda a, b: F.huber_loss(a, b, reduction="sum", delta=0.5), [t(2, 3), t(2, 3, seed=1)]),
    "cross_entropy_indices": (
        lambda x: F.cross_entropy(
            x, np.array([1, 0, 2]), weight=np.array([1.0, 2.0, 0.5]), label_smoothing=0.1
        ),
        [t(3, 3)],
    ),
    "nll_loss": (lambda x: F.nll_loss(x, np.array([[1, 0], [2, 2]]), reduction="sum"), [t(2, 3, 2)]),
    "binary_cross_entropy": (
        lambda x: F.binary_cross_entropy(x.sigmoid(), np.array([0.0, 1.0, 0.3])),
        [t(3)],
    ),
    "bce_with_logits": (
        lambda x, y: F.binary_cross_entropy_with_logits(x, y, pos_weight=np.array([2.0, 0.5])),
        [t(3, 2), t(3, 2, seed=1)],
    ),
    "scaled_dot_product_attention": (
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
        [t(1, 3, 2), t(1, 3, 2, seed=1), t(1, 3, 2, seed=2)],
    ),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONAL))
def test_functional(name: str) -> None:
    fn, inputs = FUNCTIONAL[name]
    assert gradcheck(fn, inputs)


def test_cross_entropy_with_probability_targets_differentiates_both_arguments() -> None:
    def fn(x: Tensor, target_logits: Tensor) -> Tensor:
        return F.cross_entropy(x, F.softmax(target_logits, dim=1), reduction="sum")

    assert gradcheck(fn, [t(2, 3), t(2, 3, seed=1)])
