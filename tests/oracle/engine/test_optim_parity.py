"""Optimizer trajectories against torch.optim: the same model, data and steps give the same weights."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import torch.nn.functional as TF  # noqa: E402
from engine_parity import assert_close, copy_weights, random  # noqa: E402

from solvers.engine import Tensor, nn, optim  # noqa: E402
from solvers.engine import functional as F  # noqa: E402

pytestmark = pytest.mark.oracle

CONFIGS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1, "momentum": 0.5, "dampening": 0.3, "maximize": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.02, "weight_decay": 0.3, "amsgrad": True, "eps": 1e-6}),
]


def _models() -> tuple[nn.Module, torch.nn.Module]:
    ours = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3))
    theirs = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3))
    copy_weights(ours, theirs)
    return ours, theirs


@pytest.mark.parametrize(("name", "kwargs"), CONFIGS)
def test_trajectory(name: str, kwargs: dict) -> None:
    ours, theirs = _models()
    opt_ours = getattr(optim, name)(ours.parameters(), **kwargs)
    opt_theirs = getattr(torch.optim, name)(theirs.parameters(), **kwargs)
    x, y = random(8, 4, seed=1), np.random.default_rng(2).integers(0, 3, 8)
    for step in range(6):
        opt_ours.zero_grad()
        opt_theirs.zero_grad()
        F.cross_entropy(ours(Tensor(x)), y).backward()
        TF.cross_entropy(theirs(torch.from_numpy(x)), torch.from_numpy(y)).backward()
        opt_ours.step()
        opt_theirs.step()
        theirs_params = dict(theirs.named_parameters())
        for pname, p in ours.named_parameters():
            assert_close(p, theirs_params[pname], f"{pname} after step {step + 1}")


def test_parameter_groups_with_their_own_learning_rates() -> None:
    ours, theirs = _models()
    groups_ours = [{"params": ours[0].parameters(), "lr": 0.5}, {"params": ours[2].parameters()}]
    groups_theirs = [{"params": theirs[0].parameters(), "lr": 0.5}, {"params": theirs[2].parameters()}]
    opt_ours, opt_theirs = (
        optim.SGD(groups_ours, lr=0.1, momentum=0.9),
        torch.optim.SGD(groups_theirs, lr=0.1, momentum=0.9),
    )
    x = random(8, 4, seed=1)
    for _ in range(3):
        opt_ours.zero_grad()
        opt_theirs.zero_grad()
        (ours(Tensor(x)) ** 2).mean().backward()
        (theirs(torch.from_numpy(x)) ** 2).mean().backward()
        opt_ours.step()
        opt_theirs.step()
    for (name, p), q in zip(ours.named_parameters(), theirs.parameters(), strict=True):
        assert_close(p, q, name)


@pytest.mark.parametrize(
    ("max_norm", "norm_type"), [(0.1, 2.0), (100.0, 2.0), (0.05, float("inf")), (0.2, 1.0)]
)
def test_clip_grad_norm(max_norm: float, norm_type: float) -> None:
    ours, theirs = _models()
    x = random(8, 4, seed=1)
    (ours(Tensor(x)) ** 2).sum().backward()
    (theirs(torch.from_numpy(x)) ** 2).sum().backward()
    total_ours = optim.clip_grad_norm_(ours.parameters(), max_norm, norm_type)
    total_theirs = torch.nn.utils.clip_grad_norm_(theirs.parameters(), max_norm, norm_type)
    assert total_ours == pytest.approx(float(total_theirs), rel=1e-9)
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert_close(p.grad, q.grad, "clipped gradient")


def test_benchmark_script_runs_and_reports_every_ratio() -> None:
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[3] / "benchmarks" / "engine_vs_torch.py"
    result = subprocess.run(
        [sys.executable, str(script), "--repeats", "1"], capture_output=True, text=True, check=True
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("ratios engine/torch:") and last.count("x") >= 4
