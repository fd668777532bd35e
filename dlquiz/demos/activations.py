"""Activation functions and their derivatives, the derivatives taken by the engine's backward pass.

A function saturates where its derivative is below a tenth of its largest value: sigmoid for |x| > 3.6,
tanh for |x| > 1.8, ELU far left. ReLU's left half has derivative 0 (the "dead" zone); Leaky ReLU has none.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos.common import explain, floats, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor
from solvers.engine import functional as F

LABELS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "Leaky ReLU", "elu": "ELU"}
SATURATED = 0.1  # a derivative below this fraction of the function's largest derivative counts as saturated


def apply(name: str, x: Tensor, o: dict[str, Any]) -> Tensor:
    """The activation `name` on x through the engine's functional API."""
    if name == "leaky_relu":
        return F.leaky_relu(x, o["negative_slope"])
    if name == "elu":
        return F.elu(x, o["alpha"])
    return getattr(F, name)(x)


def value_and_derivative(name: str, xs: np.ndarray, o: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f′(x) at every x: f′ is the gradient of Σ f(x_i) with respect to x, by backpropagation."""
    x = Tensor(xs.astype(np.float64), requires_grad=True)
    y = apply(name, x, o)
    y.sum().backward()
    return y.data, x.grad


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    xs = np.round(np.linspace(-o["xmax"], o["xmax"], 241), 9)  # so that 0 is exactly 0
    result = DemoResult(name)
    rows, facts = [], {}
    marked_x: list[float] = []
    marked_y: list[float] = []
    for fn in o["functions"]:
        y, dy = value_and_derivative(fn, xs, o)
        label = LABELS[fn]
        if o["show"] in ("both", "function"):
            result.series.append(Series(label, floats(xs), floats(y), xlabel="x", ylabel="f(x)", panel="f(x)"))
        if o["show"] in ("both", "derivative"):
            result.series.append(Series(f"{label}′", floats(xs), floats(dy), xlabel="x", ylabel="f′(x)",
                                        panel="f′(x)"))
        peak = float(dy.max())
        flat = dy < SATURATED * peak
        marked_x += floats(xs[flat])
        marked_y += floats(dy[flat])
        zone = _zone(xs, flat)
        at0 = value_and_derivative(fn, np.array([0.0]), o)[1][0]
        floor = float(dy[flat].min()) if flat.any() else peak
        rows.append([label, sig(peak), sig(float(at0)), zone, sig(floor) if flat.any() else "–"])
        facts[fn] = {"max_derivative": peak, "derivative_at_0": float(at0), "saturated": zone,
                     "saturated_fraction": float(flat.mean()), "min_derivative": float(dy.min())}
    if o["show"] in ("both", "derivative") and marked_x:
        result.series.append(Series(f"saturated (f′ < {SATURATED:g}·max f′)", marked_x, marked_y, kind="scatter",
                                    xlabel="x", ylabel="f′(x)", panel="f′(x)"))
    result.tables.append(Table(f"Derivatives, x in [{-o['xmax']:g}, {o['xmax']:g}]",
                               ["function", "max f′", "f′(0)", f"saturated (f′ < {SATURATED:g}·max)",
                                "smallest f′ there"],
                               rows))
    points = sorted({-5.0, -2.0, -1.0, 0.0, 1.0, 2.0, 5.0} | ({o["x"]} if o["x"] is not None else set()))
    values = {fn: value_and_derivative(fn, np.array(points), o) for fn in o["functions"]}
    table = [[f"{p:g}", *[f"{values[fn][0][i] + 0.0:.3g}  {values[fn][1][i] + 0.0:.3g}" for fn in o["functions"]]]
             for i, p in enumerate(points)]
    result.tables.append(Table("f(x)  f′(x) at a few points", ["x", *[LABELS[fn] for fn in o["functions"]]], table))
    if o["x"] is not None:
        k = points.index(o["x"])
        for fn in o["functions"]:
            facts[fn]["at_x"] = {"x": o["x"], "f": float(values[fn][0][k]), "derivative": float(values[fn][1][k])}
    result.facts = facts
    seen_zh, seen_en = _seen(facts)
    result.text_zh, result.text_en = explain(
        name, seed,
        ("sigmoid 和 tanh 远离原点时导数趋近 0（饱和），反向传播时梯度消失；"
         "ReLU 在正半轴导数恒为 1，负半轴为 0（死区）。",
         "sigmoid and tanh saturate away from 0: their derivatives approach 0 and gradients vanish; ReLU's "
         "derivative is 1 for x > 0 and 0 for x < 0 (the dead zone)."),
        (seen_zh, seen_en))
    return result


def _zone(xs: np.ndarray, flat: np.ndarray) -> str:
    """The saturated region as text: '|x| > 3.6', 'x < 0', 'x < -2.3' or 'none'."""
    if not flat.any():
        return "none"
    left = xs[flat & (xs < 0)]
    right = xs[flat & (xs > 0)]
    if len(left) and len(right):
        inner = min(-left.max(), right.min())
        return f"|x| > {inner:.1f}"
    if len(left):
        return f"x < {left.max():.1f}" if left.max() < -0.05 else "x < 0"
    return f"x > {right.min():.1f}"


def _seen(facts: dict[str, Any]) -> tuple[str, str]:
    parts_zh, parts_en = [], []
    for fn, f in facts.items():
        parts_zh.append(f"{LABELS[fn]} 最大导数 {sig(f['max_derivative'])}，饱和区 {f['saturated']}")
        parts_en.append(f"{LABELS[fn]} peaks at f′ = {sig(f['max_derivative'])}, saturates at {f['saturated']}")
    return "；".join(parts_zh) + "。", "; ".join(parts_en) + "."
