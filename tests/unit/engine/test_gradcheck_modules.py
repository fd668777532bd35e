"""Every module passes a gradient check for its input and all its parameters (float64)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import solvers.engine as E
from solvers.engine import Tensor, gradcheck, nn


def t(*shape: int, seed: int = 0) -> Tensor:
    return Tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)


def build(factory: Callable[[], nn.Module]) -> nn.Module:
    E.manual_seed(0)
    return factory().double()


def reseeded(module: nn.Module, x: Tensor) -> Tensor:
    """Dropout draws a new mask on every call: reseed so each finite difference sees the same one."""
    E.manual_seed(7)
    return module(x)


MODULES: dict[str, tuple[Callable[[], nn.Module], list, Callable | None]] = {
    "Linear": (lambda: nn.Linear(3, 2), [t(2, 3)], None),
    "Conv1d": (lambda: nn.Conv1d(2, 2, 3, padding=1), [t(1, 2, 4)], None),
    "Conv2d": (lambda: nn.Conv2d(2, 2, 3, stride=2, padding=1), [t(1, 2, 4, 4)], None),
    "ConvTranspose2d": (lambda: nn.ConvTranspose2d(2, 2, 2, stride=2), [t(1, 2, 2, 2)], None),
    "BatchNorm1d": (lambda: nn.BatchNorm1d(2), [t(4, 2)], None),
    "BatchNorm2d": (lambda: nn.BatchNorm2d(2), [t(2, 2, 2, 2)], None),
    "LayerNorm": (lambda: nn.LayerNorm(3), [t(2, 3)], None),
    "Embedding": (lambda: nn.Embedding(4, 2), [np.array([[0, 3], [3, 1]])], None),
    "RNN": (lambda: nn.RNN(2, 3, num_layers=2, bidirectional=True), [t(3, 2, 2)], lambda m, x: m(x)[0]),
    "LSTM": (lambda: nn.LSTM(2, 2, batch_first=True), [t(2, 3, 2)], lambda m, x: m(x)[1]),
    "GRU": (lambda: nn.GRU(2, 2, bidirectional=True), [t(3, 1, 2)], lambda m, x: m(x)),
    "MultiheadAttention": (lambda: nn.MultiheadAttention(4, 2), [t(3, 1, 4)], lambda m, x: m(x, x, x)),
    "TransformerEncoderLayer": (
        lambda: nn.TransformerEncoderLayer(4, 2, dim_feedforward=3, dropout=0.0),
        [t(2, 1, 4)],
        None,
    ),
    "Sequential_LeNet": (
        lambda: nn.Sequential(
            nn.Conv2d(1, 2, 3),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(2, 3),
            nn.Tanh(),
            nn.Softmax(1),
        ),
        [t(2, 1, 4, 4)],
        None,
    ),
    "Dropout": (
        lambda: nn.Sequential(nn.Identity(), nn.Dropout(0.3)),
        [t(3, 4)],
        lambda m, x: reseeded(m, x),
    ),
    "activations_and_pools": (
        lambda: nn.Sequential(
            nn.AvgPool2d(2, 1), nn.LeakyReLU(0.1), nn.ELU(), nn.GELU(), nn.Sigmoid(), nn.AdaptiveAvgPool2d(1)
        ),
        [t(1, 2, 3, 3)],
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module(name: str) -> None:
    factory, inputs, call = MODULES[name]
    module = build(factory)
    call = call or (lambda m, *xs: m(*xs))
    assert gradcheck(lambda *xs: call(module, *xs), inputs, params=list(module.parameters()))


@pytest.mark.parametrize("name", ["MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "BCEWithLogitsLoss"])
def test_loss_modules(name: str) -> None:
    loss = getattr(nn, name)()
    assert gradcheck(lambda a, b: loss(a, b), [t(2, 3), t(2, 3, seed=1)])


def test_classification_loss_modules() -> None:
    target = np.array([2, 0])
    assert gradcheck(lambda x: nn.CrossEntropyLoss(label_smoothing=0.1)(x, target), [t(2, 3)])
    assert gradcheck(lambda x: nn.NLLLoss()(nn.LogSoftmax(1)(x), target), [t(2, 3)])
    assert gradcheck(lambda x: nn.BCELoss()(x.sigmoid(), np.array([0.0, 1.0])), [t(2)])
