"""Activations, normalisation, losses and attention against torch.nn.functional (float64, tolerance 1e-6)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import torch.nn.functional as TF  # noqa: E402
from engine_parity import assert_close, check_parity, random  # noqa: E402

from solvers.engine import Tensor  # noqa: E402
from solvers.engine import functional as F  # noqa: E402

pytestmark = pytest.mark.oracle


def test_linear() -> None:
    check_parity(F.linear, TF.linear, [random(2, 3, 4, seed=1), random(5, 4, seed=2), random(5, seed=3)])
    check_parity(F.linear, TF.linear, [random(3, 4, seed=1), random(5, 4, seed=2)])


@pytest.mark.parametrize(
    "name",
    ["relu", "leaky_relu", "elu", "sigmoid", "tanh", "gelu"],
)
def test_activations(name: str) -> None:
    x = random(4, 5) * 3
    check_parity(getattr(F, name), getattr(TF, name), [x])


def test_activation_arguments() -> None:
    x = random(4, 5) * 3
    check_parity(lambda t: F.leaky_relu(t, 0.2), lambda t: TF.leaky_relu(t, 0.2), [x])
    check_parity(lambda t: F.elu(t, alpha=0.5), lambda t: TF.elu(t, alpha=0.5), [x])
    check_parity(lambda t: F.gelu(t, approximate="tanh"), lambda t: TF.gelu(t, approximate="tanh"), [x])


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_softmax_and_log_softmax_stay_finite_for_large_logits(dim: int, scale: float) -> None:
    x = random(3, 4, 5) * scale
    check_parity(lambda t: F.softmax(t, dim), lambda t: TF.softmax(t, dim), [x])
    check_parity(lambda t: F.log_softmax(t, dim), lambda t: TF.log_softmax(t, dim), [x])


def test_dropout_off_is_identity() -> None:
    x = random(3, 4)
    check_parity(
        lambda t: F.dropout(t, 0.5, training=False), lambda t: TF.dropout(t, 0.5, training=False), [x]
    )
    check_parity(lambda t: F.dropout(t, 0.0), lambda t: TF.dropout(t, 0.0), [x])


@pytest.mark.parametrize("shape", [(6, 3), (4, 3, 5), (2, 3, 4, 4)])
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_values_gradients_and_running_statistics(shape: tuple, training: bool) -> None:
    channels = shape[1]
    stats = {}
    for lib in ("engine", "torch"):
        mean, var = random(channels, seed=4) * 0.1, np.abs(random(channels, seed=5)) + 0.5
        stats[lib] = (mean, var) if lib == "engine" else (torch.from_numpy(mean), torch.from_numpy(var))

    def engine_fn(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
        return F.batch_norm(x, *stats["engine"], w, b, training=training, momentum=0.3, eps=1e-4)

    def torch_fn(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return TF.batch_norm(x, *stats["torch"], w, b, training=training, momentum=0.3, eps=1e-4)

    check_parity(
        engine_fn, torch_fn, [random(*shape, seed=1), random(channels, seed=2), random(channels, seed=3)]
    )
    for ours, theirs in zip(stats["engine"], stats["torch"], strict=True):
        assert_close(ours, theirs, "running statistic")


@pytest.mark.parametrize(("shape", "normalized"), [((3, 5), (5,)), ((2, 3, 4), (3, 4)), ((2, 3, 4), 4)])
def test_layer_norm(shape: tuple, normalized: object) -> None:
    dims = (normalized,) if isinstance(normalized, int) else normalized
    inputs = [random(*shape, seed=1), random(*dims, seed=2), random(*dims, seed=3)]
    check_parity(
        lambda x, w, b: F.layer_norm(x, dims, w, b), lambda x, w, b: TF.layer_norm(x, dims, w, b), inputs
    )
    check_parity(lambda x: F.layer_norm(x, dims), lambda x: TF.layer_norm(x, dims), inputs[:1])


def test_embedding_with_repeated_indices_and_padding() -> None:
    index = np.array([[0, 2, 2], [4, 0, 1]])
    check_parity(
        lambda i, w: F.embedding(i, w, padding_idx=0),
        lambda i, w: TF.embedding(i, w, padding_idx=0),
        [index, random(5, 3)],
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_regression_losses(reduction: str) -> None:
    x, y = random(4, 3, seed=1) * 2, random(4, 3, seed=2) * 2
    check_parity(
        lambda a, b: F.mse_loss(a, b, reduction=reduction),
        lambda a, b: TF.mse_loss(a, b, reduction=reduction),
        [x, y],
    )
    check_parity(
        lambda a, b: F.l1_loss(a, b, reduction=reduction),
        lambda a, b: TF.l1_loss(a, b, reduction=reduction),
        [x, y],
    )
    for beta in (1.0, 0.5, 0.0):
        check_parity(
            lambda a, b, beta=beta: F.smooth_l1_loss(a, b, reduction=reduction, beta=beta),
            lambda a, b, beta=beta: TF.smooth_l1_loss(a, b, reduction=reduction, beta=beta),
            [x, y],
        )
    for delta in (1.0, 0.3):
        check_parity(
            lambda a, b, d=delta: F.huber_loss(a, b, reduction=reduction, delta=d),
            lambda a, b, d=delta: TF.huber_loss(a, b, reduction=reduction, delta=d),
            [x, y],
        )


def test_losses_take_numpy_targets() -> None:
    x, y = random(4, 3, seed=1), random(4, 3, seed=2)
    check_parity(lambda a: F.mse_loss(a, y), lambda a: TF.mse_loss(a, torch.from_numpy(y)), [x])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_with_class_indices(reduction: str, weighted: bool, smoothing: float) -> None:
    logits, target = random(6, 4) * 3, np.array([0, 3, 1, -100, 2, 3])
    weight = np.array([1.0, 2.0, 0.5, 1.5]) if weighted else None

    def ours(x: Tensor, t: np.ndarray) -> Tensor:
        return F.cross_entropy(x, t, weight=weight, reduction=reduction, label_smoothing=smoothing)

    def theirs(x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        w = None if weight is None else torch.from_numpy(weight)
        return TF.cross_entropy(x, t, weight=w, reduction=reduction, label_smoothing=smoothing)

    check_parity(ours, theirs, [logits, target])


def test_cross_entropy_spatial_targets_and_ignore_index() -> None:
    logits, target = random(2, 3, 4, 5), np.random.default_rng(3).integers(0, 3, (2, 4, 5))
    check_parity(
        lambda x, t: F.cross_entropy(x, t, ignore_index=1),
        lambda x, t: TF.cross_entropy(x, t, ignore_index=1),
        [logits, target],
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy_with_probabilities(reduction: str, smoothing: float) -> None:
    logits = random(5, 4) * 100  # large logits: the log-sum-exp must stay stable
    probs = np.random.default_rng(2).dirichlet(np.ones(4), size=5)
    weight = np.array([1.0, 2.0, 0.5, 1.5])

    def ours(x: Tensor, p: Tensor) -> Tensor:
        return F.cross_entropy(x, p, weight=weight, reduction=reduction, label_smoothing=smoothing)

    def theirs(x: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
        return TF.cross_entropy(
            x, p, weight=torch.from_numpy(weight), reduction=reduction, label_smoothing=smoothing
        )

    check_parity(ours, theirs, [logits, probs])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss(reduction: str) -> None:
    logp, target = random(5, 4), np.array([1, 0, 3, 3, 2])
    weight = np.array([0.2, 1.0, 2.0, 1.0])
    check_parity(
        lambda x, t: F.nll_loss(x, t, weight, reduction=reduction),
        lambda x, t: TF.nll_loss(x, t, torch.from_numpy(weight), reduction=reduction),
        [logp, target],
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy(reduction: str) -> None:
    rng = np.random.default_rng(1)
    p, t, w = rng.uniform(0.05, 0.95, (4, 3)), rng.uniform(0, 1, (4, 3)), rng.uniform(0.5, 2, (4, 3))
    check_parity(
        lambda a, b: F.binary_cross_entropy(a, b, reduction=reduction),
        lambda a, b: TF.binary_cross_entropy(a, b, reduction=reduction),
        [p, t],
    )
    check_parity(
        lambda a: F.binary_cross_entropy(a, t, w, reduction=reduction),
        lambda a: TF.binary_cross_entropy(a, torch.from_numpy(t), torch.from_numpy(w), reduction=reduction),
        [p],
    )
    logits, pos = random(4, 3) * 5, np.array([1.0, 2.0, 0.5])
    check_parity(
        lambda a, b: F.binary_cross_entropy_with_logits(a, b, reduction=reduction, pos_weight=pos),
        lambda a, b: TF.binary_cross_entropy_with_logits(
            a, b, reduction=reduction, pos_weight=torch.from_numpy(pos)
        ),
        [logits, t],
    )


def test_binary_cross_entropy_clamps_log_at_minus_100() -> None:
    p, t = np.array([0.0, 1.0, 0.5]), np.array([1.0, 0.0, 1.0])
    assert_close(
        F.binary_cross_entropy(Tensor(p), t, reduction="none"),
        TF.binary_cross_entropy(torch.from_numpy(p), torch.from_numpy(t), reduction="none"),
    )


@pytest.mark.parametrize("mask_kind", [None, "bool", "float", "causal"])
def test_scaled_dot_product_attention(mask_kind: object) -> None:
    q, k, v = random(2, 3, 4, 5, seed=1), random(2, 3, 6, 5, seed=2), random(2, 3, 6, 7, seed=3)
    mask = None
    if mask_kind == "bool":
        mask = np.random.default_rng(4).uniform(size=(4, 6)) > 0.3
        mask[:, 0] = True  # every query keeps one key
    elif mask_kind == "float":
        mask = random(4, 6, seed=5)
    causal = mask_kind == "causal"

    def ours(a: Tensor, b: Tensor, c: Tensor) -> Tensor:
        return F.scaled_dot_product_attention(a, b, c, attn_mask=mask, is_causal=causal)

    def theirs(a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        m = None if mask is None else torch.from_numpy(mask)
        return TF.scaled_dot_product_attention(a, b, c, attn_mask=m, is_causal=causal)

    check_parity(ours, theirs, [q, k, v])
    check_parity(
        lambda a, b, c: F.scaled_dot_product_attention(a, b, c, scale=0.3),
        lambda a, b, c: TF.scaled_dot_product_attention(a, b, c, scale=0.3),
        [q, k, v],
    )
