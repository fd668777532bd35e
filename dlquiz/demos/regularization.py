"""Regularization on a network that overfits: a wide MLP fitted to a few noisy points, with and without
an L1/L2 penalty, dropout, or early stopping on a validation set.

The plain model threads through the noise (tiny training error, large test error); each regularizer trades
a little training error for a smoother function and a lower test error.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos import Progress
from dlquiz.demos.common import explain, floats, num, seeded, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor, nn, no_grad, optim
from solvers.engine import functional as F

WIDTH = 64


def model(p: float) -> nn.Sequential:
    """1 → 64 → 64 → 1 with tanh, and dropout after each hidden layer when p > 0."""
    layers: list[nn.Module] = [nn.Linear(1, WIDTH), nn.Tanh()]
    layers += [nn.Dropout(p)] if p > 0 else []
    layers += [nn.Linear(WIDTH, WIDTH), nn.Tanh()]
    layers += [nn.Dropout(p)] if p > 0 else []
    return nn.Sequential(*layers, nn.Linear(WIDTH, 1))


@no_grad()
def predict(net: nn.Module, x: np.ndarray) -> np.ndarray:
    net.eval()
    out = net(Tensor(x[:, None].astype(np.float32))).data[:, 0]
    net.train()
    return out


def fit(method: str, strength: float, p: float, steps: int, data: dict[str, np.ndarray], seed: int,
        ) -> tuple[nn.Module, list[tuple[int, float, float]], int]:
    """Trains one model; returns it, (step, train loss, test loss) checkpoints, and the step it kept."""
    seeded(seed, 5)  # the same initial weights for every method
    net = model(p if method == "dropout" else 0.0)
    opt = optim.Adam(net.parameters(), lr=0.01)
    weights = [param for name, param in net.named_parameters() if name.endswith("weight")]
    x, y = Tensor(data["x"][:, None].astype(np.float32)), Tensor(data["y"][:, None].astype(np.float32))
    curve, every = [], max(1, steps // 50)
    best, best_val, kept = None, np.inf, steps
    for step in range(1, steps + 1):
        opt.zero_grad()
        loss = F.mse_loss(net(x), y)
        if method == "l2":
            loss = loss + strength * sum((w * w).sum() for w in weights)
        elif method == "l1":
            loss = loss + strength * sum(w.abs().sum() for w in weights)
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps:
            train_err = float(np.mean((predict(net, data["x"]) - data["y"]) ** 2))
            test_err = float(np.mean((predict(net, data["x_test"]) - data["y_test"]) ** 2))
            curve.append((step, train_err, test_err))
            if method == "early_stopping":
                val = float(np.mean((predict(net, data["x_val"]) - data["y_val"]) ** 2))
                if val < best_val:
                    best, best_val, kept = net.state_dict(), val, step
    if best is not None:
        net.load_state_dict(best)
    return net, curve, kept


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    rng = seeded(seed, 1)
    x = np.sort(rng.uniform(-1, 1, 16))
    noise = 0.3
    data = {"x": x, "y": np.sin(np.pi * x) + rng.normal(0, noise, x.size)}
    data["x_test"] = np.linspace(-1, 1, 200)
    data["y_test"] = np.sin(np.pi * data["x_test"]) + rng.normal(0, noise, 200)
    data["x_val"] = rng.uniform(-1, 1, 8)
    data["y_val"] = np.sin(np.pi * data["x_val"]) + rng.normal(0, noise, 8)
    plans: list[tuple[str, str, float]] = [("none", "no regularization", 0.0)]
    for method in o["method"]:
        if method in ("l1", "l2"):
            plans += [(method, f"{method.upper()} λ={s:g}", s) for s in o["strength"] if s > 0]
        elif method == "dropout":
            plans.append(("dropout", f"dropout p={o['p']:g}", 0.0))
        elif method == "early_stopping":
            plans.append(("early_stopping", "early stopping", 0.0))
    result = DemoResult(name)
    result.series.append(Series("training points", floats(x), floats(data["y"]), kind="scatter", xlabel="x",
                                ylabel="y", panel="fitted functions"))
    rows, facts = [], {}
    for index, (method, label, strength) in enumerate(plans):
        net, curve, kept = fit(method, strength, o["p"], o["steps"], data, seed)
        progress(index + 1, len(plans), Progress(label))
        train_err = float(np.mean((predict(net, x) - data["y"]) ** 2))
        test_err = float(np.mean((predict(net, data["x_test"]) - data["y_test"]) ** 2))
        norm = float(np.sqrt(sum(float((p.data.astype(np.float64) ** 2).sum()) for n, p in net.named_parameters()
                                 if n.endswith("weight"))))
        facts[label] = {"method": method, "train": train_err, "test": test_err, "weight_norm": norm,
                        "kept_step": kept}
        rows.append([label, sig(train_err), sig(test_err), sig(norm), kept])
        grid = np.linspace(-1, 1, 121)
        result.series.append(Series(label, floats(grid), floats(predict(net, grid)), xlabel="x", ylabel="y",
                                    panel="fitted functions"))
        result.series.append(Series(label, [float(c[0]) for c in curve], [c[2] for c in curve], xlabel="Adam step",
                                    ylabel="test MSE", yscale="log", panel="test error during training"))
    result.tables.append(Table(f"1-64-64-1 tanh MLP, 16 noisy points (σ = {noise:g}), {o['steps']} Adam steps",
                               ["model", "train MSE", "test MSE", "‖W‖", "weights from step"], rows))
    result.facts = facts
    plain = facts["no regularization"]
    result.text_zh, result.text_en = explain(name, seed, (
        "正则化用来防止过拟合：L2 使权重变小而分散，L1 使权重稀疏，dropout 在训练时随机失活神经元，早停在验证误差"
        "最低时停止训练。",
        "Regularization prevents overfitting: L2 keeps weights small and spread, L1 makes them sparse, dropout "
        "silences random units during training, early stopping halts where the validation error is lowest."),
        ("；".join(f"{k}：训练 {num(f['train'])}、测试 {num(f['test'])}" for k, f in facts.items()) + "。"
         + f"无正则化时训练误差最小（{num(plain['train'])}），测试误差却较大。",
         "; ".join(f"{k}: train {num(f['train'])}, test {num(f['test'])}" for k, f in facts.items()) + ". "
         + f"The plain model has the smallest training error ({num(plain['train'])}) but a larger test error."))
    return result
