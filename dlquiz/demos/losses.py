"""MSE, MAE and Huber: values and gradients against the residual, a worked table, and a line fit with outliers.

MSE's gradient grows with the residual, so a few outliers pull the fit; MAE's gradient is ±1 whatever the
residual (robust, but with a kink at 0); Huber is quadratic within δ and linear beyond it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos.common import explain, floats, num, seeded, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor, optim
from solvers.engine import functional as F

LABEL = {"mse": "MSE", "mae": "MAE", "huber": "Huber"}
TRUE_SLOPE, TRUE_INTERCEPT = 2.0, 1.0


def loss(kind: str, pred: Tensor, target: Any, delta: float, reduction: str = "mean") -> Tensor:
    """The engine's loss of that kind (MAE is F.l1_loss)."""
    target = Tensor(np.asarray(target, dtype=pred.data.dtype))
    if kind == "mse":
        return F.mse_loss(pred, target, reduction=reduction)
    if kind == "mae":
        return F.l1_loss(pred, target, reduction=reduction)
    return F.huber_loss(pred, target, reduction=reduction, delta=delta)


def per_sample(kind: str, yhat: np.ndarray, y: np.ndarray, delta: float) -> tuple[np.ndarray, np.ndarray]:
    """Each sample's loss and its gradient with respect to that prediction (by backpropagation)."""
    pred = Tensor(yhat.astype(np.float64), requires_grad=True)
    values = loss(kind, pred, y, delta, reduction="none")
    values.sum().backward()
    return values.data, pred.grad


def fit_line(kind: str, x: np.ndarray, y: np.ndarray, delta: float) -> tuple[float, float]:
    """Slope and intercept minimising the loss, by 600 full-batch Adam steps from (0, 0)."""
    w = Tensor(np.zeros(2), requires_grad=True)
    opt = optim.Adam([w], lr=0.05)
    features = Tensor(np.stack([x, np.ones_like(x)], axis=1))
    for _ in range(600):
        opt.zero_grad()
        loss(kind, features @ w, y, delta).backward()
        opt.step()
    return float(w.data[0]), float(w.data[1])


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    result = DemoResult(name)
    r = np.linspace(-4, 4, 161)
    for kind in o["compare"]:
        values, grads = per_sample(kind, r, np.zeros_like(r), o["delta"])
        if o["show"] in ("both", "value"):
            result.series.append(Series(LABEL[kind], floats(r), floats(values), xlabel="residual ŷ − y",
                                        ylabel="loss", panel="loss against the residual"))
        if o["show"] in ("both", "gradient"):
            result.series.append(Series(f"∂{LABEL[kind]}/∂ŷ", floats(r), floats(grads), xlabel="residual ŷ − y",
                                        ylabel="gradient", panel="gradient against the residual"))
    y, yhat = np.asarray(o["y"]), np.asarray(o["yhat"])
    rows, facts = [], {"worked": {}, "fit": {}}
    for kind in o["compare"]:
        values, grads = per_sample(kind, yhat, y, o["delta"])
        facts["worked"][kind] = {"losses": floats(values), "mean": float(values.mean()), "gradients": floats(grads)}
        rows.append([LABEL[kind], *[f"{sig(float(v))} / {sig(float(g))}" for v, g in zip(values, grads, strict=True)],
                     sig(float(values.mean()))])
    result.tables.append(Table(f"Per-sample loss / gradient ∂ℓ/∂ŷ (Huber δ = {o['delta']:g})",
                               ["loss", *[f"y={a:g} ŷ={b:g}" for a, b in zip(y, yhat, strict=True)], "mean"], rows))
    rng = seeded(seed, 1)
    x = np.linspace(0, 10, 30)
    target = TRUE_SLOPE * x + TRUE_INTERCEPT + rng.normal(0, 0.5, x.size)
    if o["outliers"]:
        picks = rng.choice(np.arange(20, 30), o["outliers"], replace=False)  # outliers on the right pull hardest
        target[picks] -= 25.0
    result.series.append(Series("data", floats(x), floats(target), kind="scatter", xlabel="x", ylabel="y",
                                panel=f"line fit, {o['outliers']} outliers (true line y = 2x + 1)"))
    rows = []
    for kind in o["compare"]:
        slope, intercept = fit_line(kind, x, target, o["delta"])
        facts["fit"][kind] = {"slope": slope, "intercept": intercept, "slope_error": abs(slope - TRUE_SLOPE)}
        result.series.append(Series(f"{LABEL[kind]} fit", [0.0, 10.0], [intercept, 10 * slope + intercept],
                                    xlabel="x", ylabel="y",
                                    panel=f"line fit, {o['outliers']} outliers (true line y = 2x + 1)"))
        rows.append([LABEL[kind], sig(slope), sig(intercept), sig(abs(slope - TRUE_SLOPE))])
    result.tables.append(Table("Fitted line (true slope 2, intercept 1)", ["loss", "slope", "intercept",
                                                                            "slope error"], rows))
    result.facts = facts
    fits = facts["fit"]
    result.text_zh, result.text_en = explain(name, seed, (
        "MSE 的梯度随误差线性增大，离群点会把拟合拉偏；MAE 的梯度恒为 ±1，对离群点不敏感；Huber 在 |误差|≤δ 时像 MSE，"
        "之外像 MAE。",
        "MSE's gradient grows with the error, so outliers pull the fit; MAE's gradient is always ±1, so it is "
        "insensitive to outliers; Huber behaves like MSE within δ and like MAE beyond."),
        ("；".join(f"{LABEL[k]} 拟合斜率 {num(f['slope'])}" for k, f in fits.items()) + "（真值 2）。",
         "; ".join(f"{LABEL[k]} fits slope {num(f['slope'])}" for k, f in fits.items()) + " (true 2)."))
    return result
