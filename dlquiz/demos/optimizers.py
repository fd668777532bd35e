"""Optimizer trajectories on an ill-conditioned quadratic (a ravine): SGD, momentum, Nesterov and Adam.

f(w) = ½(λ₁w₁² + λ₂w₂²) with λ₂ = 2 steep and λ₁ = 2/condition shallow. Plain gradient descent is stable
only for lr < 2/λ₂ = 1: near that bound it zigzags across the ravine and crawls along it; momentum builds up
speed along the ravine and damps the zigzag; Adam divides each coordinate by its own gradient scale.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlquiz.demos.common import explain, floats, num, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor, optim

START = (-4.0, 1.5)
DEFAULT_LR = {"sgd": 0.8, "momentum": 0.3, "nesterov": 0.3, "adam": 0.3}
LABEL = {"sgd": "SGD", "momentum": "SGD + momentum", "nesterov": "Nesterov", "adam": "Adam"}


def make(kind: str, params: list[Tensor], lr: float, beta: float) -> optim.Optimizer:
    if kind == "adam":
        return optim.Adam(params, lr=lr)
    return optim.SGD(params, lr=lr, momentum=0.0 if kind == "sgd" else beta, nesterov=kind == "nesterov")


def trajectory(kind: str, lr: float, o: dict[str, Any]) -> tuple[np.ndarray, list[float]]:
    """The points visited and f at each, for `steps` steps from START (stops once f is not finite)."""
    curvature = np.array([2.0 / o["condition"], 2.0])
    w = Tensor(np.array(START), requires_grad=True)
    opt = make(kind, [w], lr, o["momentum"])
    points, values = [w.data.copy()], []
    with np.errstate(all="ignore"):
        for _ in range(o["steps"]):
            opt.zero_grad()
            f = 0.5 * (Tensor(curvature) * w * w).sum()
            values.append(float(f.item()))
            if not math.isfinite(values[-1]) or values[-1] > 1e12:
                break
            f.backward()
            opt.step()
            points.append(w.data.copy())
        values.append(float(0.5 * (curvature * w.data**2).sum()))
    return np.array(points), values


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    result = DemoResult(name)
    rows, facts = [], {}
    for kind in o["optimizers"]:
        lr = o["lr"] if o["lr"] is not None else DEFAULT_LR[kind]
        points, values = trajectory(kind, lr, o)
        label = f"{LABEL[kind]} (lr {lr:g})"
        shown = points[np.all(np.abs(points) < 50, axis=1)]  # a diverging path leaves the picture
        result.series.append(Series(label, floats(shown[:, 0]), floats(shown[:, 1]), xlabel="w₁ (shallow)",
                                    ylabel="w₂ (steep)", panel=f"paths from {START} to the minimum (0, 0)"))
        result.series.append(Series(label, [float(i) for i in range(len(values))], values, xlabel="step",
                                    ylabel="f(w)", yscale="log", panel="loss per step"))
        final = values[-1]
        diverged = not math.isfinite(final) or final > values[0]
        facts[kind] = {"lr": lr, "final": final, "diverged": diverged, "values": values,
                       "path": [floats(p) for p in points]}
        rows.append([LABEL[kind], lr, sig(values[0]), sig(final) if math.isfinite(final) else final,
                     "diverged" if diverged else "converging"])
    limit = 2 / 2.0
    result.tables.append(Table(f"{o['steps']} steps on f = ½(λ₁w₁² + λ₂w₂²), λ₁ = {2 / o['condition']:.3g}, λ₂ = 2 "
                               f"(SGD stable for lr < {limit:g})", ["optimizer", "lr", "f at start", "f at end", ""],
                               rows))
    result.facts = facts
    result.text_zh, result.text_en = explain(name, seed, (
        "常用优化算法是 SGD（+Momentum）、Adam、AdamW：在病态（狭长山谷）曲面上，SGD 沿陡峭方向来回震荡、沿平缓方向"
        "前进缓慢，动量累积平缓方向的速度，Adam 按各坐标的梯度尺度调整步长；学习率超过 2/λ 时 SGD 发散。",
        "The usual optimizers are SGD (+momentum), Adam and AdamW: in an ill-conditioned ravine SGD zigzags across "
        "the steep direction and crawls along the shallow one, momentum builds speed along it, Adam scales each "
        "coordinate's step by its gradient size; above lr = 2/λ SGD diverges."),
        ("；".join(f"{LABEL[k]}：{o['steps']} 步后 f = {num(f['final'])}" + ("（发散）" if f["diverged"] else "")
                   for k, f in facts.items()) + "。",
         "; ".join(f"{LABEL[k]}: f = {num(f['final'])} after {o['steps']} steps" + (" (diverged)" if f["diverged"]
                   else "") for k, f in facts.items()) + "."))
    return result
