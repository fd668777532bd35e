"""Weight initialisation: zero init keeps hidden units identical; activation spread across depth per scheme.

With every weight equal, every hidden unit computes the same output and receives the same gradient, so
training can never tell them apart (symmetry). Across depth, Var(out) ≈ fan_in·Var(w)·Var(in)·(gain of f):
σ = 1 is too large, σ = 0.01 too small, Xavier (Var = 2/(fan_in+fan_out)) suits tanh, He (2/fan_in) suits ReLU.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos.common import explain, grid, num, seeded, sig
from dlquiz.demos.result import DemoResult, Heatmap, Series, Table
from solvers.engine import Tensor, hooks, nn, optim
from solvers.engine import functional as F

ACT = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
HIDDEN = 8


def initialise(linear: nn.Linear, scheme: str, sigma: float = 1.0) -> None:
    """Sets a layer's weights by `scheme`; biases start at zero."""
    if scheme == "zero":
        nn.init.zeros_(linear.weight)
    elif scheme == "gaussian":
        nn.init.normal_(linear.weight, 0.0, sigma)
    elif scheme == "xavier":
        nn.init.xavier_normal_(linear.weight)
    else:
        nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
    nn.init.zeros_(linear.bias)


def activation_spread(act: str, scheme: str, sigma: float, depth: int, width: int, x: np.ndarray) -> list[float]:
    """Standard deviation of each layer's activations for one forward pass of a `depth`-layer MLP."""
    layers: list[nn.Module] = []
    for _ in range(depth):
        linear = nn.Linear(width, width)
        initialise(linear, scheme, sigma)
        layers += [linear, ACT[act]()]
    model = nn.Sequential(*layers)
    names = [str(2 * i + 1) for i in range(depth)]  # the activation modules
    with hooks.record(model, names) as recorder, np.errstate(all="ignore"):
        model(Tensor(x))
        return [float(recorder.activations[n].std()) for n in names]


def train_small(act: str, scheme: str, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """A 2-8-2 MLP trained 300 full-batch Adam steps; returns its hidden weights (with bias) and accuracy."""
    hidden, out = nn.Linear(2, HIDDEN), nn.Linear(HIDDEN, 2)
    initialise(hidden, scheme)
    initialise(out, scheme)
    model = nn.Sequential(hidden, ACT[act](), out)
    opt = optim.Adam(model.parameters(), lr=0.05)
    for _ in range(300):
        opt.zero_grad()
        F.cross_entropy(model(Tensor(x)), y).backward()
        opt.step()
    accuracy = float((model(Tensor(x)).data.argmax(axis=1) == y).mean())
    return np.concatenate([hidden.weight.data, hidden.bias.data[:, None]], axis=1), accuracy


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    result = DemoResult(name)
    facts: dict[str, Any] = {"symmetry": {}, "spread": {}}
    rng = np.random.default_rng(seed)
    if "zero" in o["schemes"]:
        x = rng.standard_normal((200, 2)).astype(np.float32)
        y = ((x[:, 0] * x[:, 1]) > 0).astype(np.int64)  # XOR of the signs: needs several distinct hidden units
        rows = []
        # sigmoid always: σ(0) = 0.5, so its zero-initialised units do move in training, yet stay identical
        for act in dict.fromkeys([*o["activation"], "sigmoid"]):
            for scheme in ("zero", "he"):
                seeded(seed, 2)
                weights, accuracy = train_small(act, scheme, x, y)
                spread = float(np.abs(weights - weights[0]).max())
                facts["symmetry"][f"{act}/{scheme}"] = {"max_unit_difference": spread, "accuracy": accuracy,
                                                        "weights_moved": bool(np.abs(weights).max() > 0)}
                rows.append([act, scheme, sig(spread), accuracy])
                if act == "sigmoid":  # its zero-initialised units move, and move together
                    result.heatmaps.append(Heatmap(
                        f"{act}, {scheme} init: hidden weights after training (rows = units; w₁ w₂ b)",
                        grid(weights, 3), [f"unit {i + 1}" for i in range(HIDDEN)], ["w₁", "w₂", "b"]))
        result.tables.append(Table("2-8-2 MLP on XOR of signs, 300 Adam steps",
                                   ["activation", "init", "largest difference between units", "train accuracy"],
                                   rows))
    schemes = [(f"gaussian σ={s:g}", "gaussian", s) for s in o["sigma"] if "gaussian" in o["schemes"]]
    schemes += [(s, s, 1.0) for s in ("xavier", "he") if s in o["schemes"]]
    x = rng.standard_normal((256, o["width"])).astype(np.float32)
    rows = []
    for act in o["activation"]:
        for label, scheme, sigma in schemes:
            seeded(seed, 3)
            stds = activation_spread(act, scheme, sigma, o["depth"], o["width"], x)
            facts["spread"][f"{act}/{label}"] = stds
            result.series.append(Series(label, [float(i) for i in range(1, o["depth"] + 1)], stds, xlabel="layer",
                                        ylabel="std of activations", yscale="log", panel=f"{act}: activation spread"))
            rows.append([act, label, sig(stds[0]), sig(stds[len(stds) // 2]), sig(stds[-1])])
    if rows:
        mid = o["depth"] // 2 + 1
        result.tables.append(Table(f"Std of activations, {o['depth']} layers of {o['width']} units",
                                   ["activation", "init", "layer 1", f"layer {mid}", f"layer {o['depth']}"], rows))
    result.facts = facts
    result.text_zh, result.text_en = explain(name, seed, (
        "权重全为零（或全相等）时所有隐藏单元输出相同、梯度相同，训练后仍然相同；高斯初始化方差太大或太小都会让激活值"
        "逐层爆炸或消失，Xavier 适合 tanh/sigmoid，He 适合 ReLU。",
        "With all-zero (or all-equal) weights every hidden unit has the same output and gradient, so they stay "
        "identical; a Gaussian too wide or too narrow makes activations explode or vanish with depth; Xavier suits "
        "tanh/sigmoid, He suits ReLU."), _seen(facts, o))
    return result


def _seen(facts: dict[str, Any], o: dict[str, Any]) -> tuple[str, str]:
    zh, en = [], []
    for key, f in facts["symmetry"].items():
        if key.endswith("/zero"):
            zh.append(f"{key}：单元间最大差异 {num(f['max_unit_difference'])}")
            en.append(f"{key}: largest difference between units {num(f['max_unit_difference'])}")
    for key, stds in facts["spread"].items():
        zh.append(f"{key}：第 {o['depth']} 层激活标准差 {num(stds[-1])}")
        en.append(f"{key}: std at layer {o['depth']} is {num(stds[-1])}")
    return "；".join(zh) + "。", "; ".join(en) + "."
