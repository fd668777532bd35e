"""The solvers behind the bank's `compute:` blocks against PyTorch: golden answers always, live ones with torch."""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from pathlib import Path

import computed_cases
import oracle_cases
import pytest

from solvers.registry import solve

GOLDEN = Path(__file__).resolve().parent / "golden" / "computed.json"
PER_KIND = 40  # 24 kinds × 40 = 960 fresh configurations, a few seconds on two cores


def _golden() -> list[dict]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]


def test_every_golden_case_agrees_with_pytorch() -> None:
    failures = []
    for case in _golden():
        why = oracle_cases.agree(computed_cases.ours(case["kind"], case["args"]), case["expect"])
        if why:
            failures.append(f"{case['kind']} {case['args']}: {why}")
    assert not failures, "\n".join(failures[:20])


def test_the_golden_file_covers_every_kind_and_some_refusals() -> None:
    cases = _golden()
    assert set(Counter(c["kind"] for c in cases)) == set(computed_cases.KINDS)
    refused = Counter(c["kind"] for c in cases if "error" in c["expect"])
    assert 0 < refused["correlate1d"] < PER_KIND


@pytest.mark.oracle
@pytest.mark.parametrize("kind", computed_cases.KINDS)
def test_random_configurations_agree_with_pytorch(kind: str) -> None:
    pytest.importorskip("torch")
    rng = random.Random(f"live-computed-{kind}")
    failures = []
    for _ in range(PER_KIND):
        case = computed_cases.draw(kind, rng)
        why = oracle_cases.agree(computed_cases.ours(kind, case), computed_cases.theirs(kind, case))
        if why:
            failures.append(f"{case}: {why}")
    assert not failures, "\n".join(failures[:10])


@pytest.mark.oracle
@pytest.mark.parametrize(("activation", "std"), [("relu", 0.2), ("relu", math.sqrt(2 / 32)), ("linear", 0.15)])
def test_variance_propagation_matches_simulated_networks(activation: str, std: float) -> None:
    """1,500 random networks (weights N(0, std²), width 32, 5 layers): the mean variance ratio matches within 10%.

    The formula is an expectation over the weights, so many small networks test it better than one wide one,
    whose single weight draw makes the ratio wander by ±10% with relu (measured, seeds 0–7: within 4% here).
    """
    torch = pytest.importorskip("torch")
    nets, batch, width, depth = 1500, 16, 32, 5
    gen = torch.Generator().manual_seed(7)
    z = torch.randn(nets, batch, width, generator=gen)
    start = z.pow(2).mean().item()
    for _ in range(depth):
        a = torch.relu(z) if activation == "relu" else z
        z = a @ (torch.randn(nets, width, width, generator=gen) * std)
    want = solve("variance_propagation", n_in=width, layers=depth, std=std, activation=activation)["factor"]
    assert z.pow(2).mean().item() / start == pytest.approx(want, rel=0.1)


@pytest.mark.oracle
@pytest.mark.parametrize(("negatives", "positives"), [(9000, 1000), (30, 70), (5, 5)])
def test_pos_weight_balances_the_two_classes_in_bce_with_logits(negatives: int, positives: int) -> None:
    """With pos_weight = negatives/positives, both classes add the same total to BCEWithLogitsLoss."""
    torch = pytest.importorskip("torch")
    pos_weight = solve("class_balance", negatives=negatives, positives=positives)["pos_weight"]
    loss = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([pos_weight], dtype=torch.float64), reduction="none")
    target = torch.cat([torch.zeros(negatives), torch.ones(positives)]).to(torch.float64).unsqueeze(1)
    per_sample = loss(torch.zeros_like(target), target).squeeze(1)  # an undecided model: logit 0 everywhere
    assert per_sample[negatives:].sum().item() == pytest.approx(per_sample[:negatives].sum().item())


@pytest.mark.oracle
def test_the_bank_keys_that_pytorch_can_build() -> None:
    """A few keys of the bank rebuilt from PyTorch modules, beside the solvers that the bank's compute blocks name."""
    torch = pytest.importorskip("torch")
    nn = torch.nn

    def count(m: object) -> int:
        return sum(p.numel() for p in m.parameters())  # type: ignore[attr-defined]

    assert count(nn.TransformerEncoderLayer(512, 8, 2048)) == 3152384
    assert count(nn.TransformerDecoderLayer(512, 8, 2048)) == 4204032
    assert count(nn.BatchNorm2d(64)) == 128
    assert count(nn.Sequential(nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10))) == 235146
    assert count(nn.Sequential(*[nn.Conv2d(256, 256, 3, bias=False) for _ in range(3)])) == 1769472
    assert nn.Conv2d(3, 768, 16, 16)(torch.zeros(1, 3, 224, 224)).flatten(2).shape[-1] == 196
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(50000)), batch_size=128)
    assert len(loader) == 391
    grads = [torch.zeros(3, requires_grad=True), torch.zeros(1, requires_grad=True)]
    grads[0].grad, grads[1].grad = torch.tensor([1.0, 2.0, 2.0]), torch.tensor([4.0])
    torch.nn.utils.clip_grad_norm_(grads, 2.5)
    assert grads[1].grad.item() == pytest.approx(2.0, abs=1e-5)
    x = torch.full((10000,), 3.0)
    torch.manual_seed(0)
    assert torch.nn.functional.dropout(x, 0.2).max().item() == pytest.approx(3.75)
