"""Optimizers by hand-computed steps, and training that actually lowers a loss."""

from __future__ import annotations

import math

import numpy as np
import pytest

from solvers.engine import Tensor, nn, optim


def param(value: float) -> nn.Parameter:
    return nn.Parameter(np.array([value]))


def test_sgd_momentum_and_nesterov_steps() -> None:
    p = param(1.0)
    opt = optim.SGD([p], lr=0.1, momentum=0.9)
    for expected in (1.0 - 0.1 * 2.0, None):
        p.grad = np.array([2.0])
        opt.step()
        if expected is not None:
            assert p.data[0] == pytest.approx(expected)
    assert p.data[0] == pytest.approx(0.8 - 0.1 * (0.9 * 2.0 + 2.0))
    q = param(1.0)
    nesterov = optim.SGD([q], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.5)
    q.grad = np.array([2.0])
    nesterov.step()
    d = 2.0 + 0.5 * 1.0
    assert q.data[0] == pytest.approx(1.0 - 0.1 * (d + 0.9 * d))


def test_adam_first_step_moves_by_lr_and_adamw_decays_weights() -> None:
    p = param(1.0)
    adam = optim.Adam([p], lr=0.01)
    p.grad = np.array([123.0])
    adam.step()
    assert p.data[0] == pytest.approx(1.0 - 0.01, abs=1e-6)  # bias-corrected m/sqrt(v) = sign(g)
    q = param(1.0)
    adamw = optim.AdamW([q], lr=0.01, weight_decay=0.1)
    q.grad = np.array([0.0])
    adamw.step()
    assert q.data[0] == pytest.approx(1.0 * (1 - 0.01 * 0.1))


def test_zero_grad_and_skipping_parameters_without_gradient() -> None:
    p, q = param(1.0), param(2.0)
    opt = optim.SGD([p, q], lr=1.0)
    p.grad = np.array([1.0])
    opt.step()
    assert p.data[0] == 0.0 and q.data[0] == 2.0
    opt.zero_grad()
    assert p.grad is None


def test_invalid_hyper_parameters_are_rejected() -> None:
    with pytest.raises(ValueError, match="empty"):
        optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="Nesterov"):
        optim.SGD([param(1.0)], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="betas"):
        optim.Adam([param(1.0)], betas=(0.9, 1.0))


def test_clip_grad_norm_scales_to_the_limit_and_reports_the_norm() -> None:
    p, q = param(0.0), param(0.0)
    p.grad, q.grad = np.array([3.0]), np.array([4.0])
    total = optim.clip_grad_norm_([p, q], max_norm=1.0)
    assert total == pytest.approx(5.0)
    assert math.hypot(p.grad[0], q.grad[0]) == pytest.approx(1.0, rel=1e-5)
    assert nn.utils.clip_grad_norm_ is optim.clip_grad_norm_


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW"])
def test_each_optimizer_fits_a_small_regression(name: str) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], dtype=np.float32) + 0.3).astype(np.float32)
    model = nn.Linear(3, 1)
    opt = getattr(optim, name)(model.parameters(), lr=0.1 if name == "SGD" else 0.05)
    losses = []
    for _ in range(200):
        opt.zero_grad()
        loss = nn.MSELoss()(model(Tensor(x)), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 1e-3 < losses[0]
