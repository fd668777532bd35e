"""Pooling and a one-pixel shift: how much of each layer's output changes when the scene moves by one pixel.

Without pooling every value moves to its neighbour, so almost all of them change. A max-pooled value stays
exactly the same while the window's maximum is still inside the window: for continuous values about
(k − 1)/(k + 1) of the windows (1/3 for 2×2, 1/2 for 3×3), and nearly all on an on/off texture. Average
pooling changes almost every value, but by less than no pooling.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import solvers
from dlquiz.demos.common import explain, grid, num, seeded
from dlquiz.demos.result import DemoResult, Heatmap, Series, Table
from solvers.engine import Tensor, datasets
from solvers.engine import functional as F

SHOW_AT_MOST = 16
KINDS = ("no pooling", "max pooling", "average pooling")


def scene(kind: str, n: int, rng: np.random.Generator, seed: int) -> np.ndarray:
    """An n × (n+1) picture: the image is its last n columns, the shifted image its first n (moved right by 1)."""
    if kind == "texture":
        return (rng.uniform(size=(n, n + 1)) < 0.5).astype(np.float64)
    glyph = datasets.glyphs(1, seed, noise=0.0)[0][0, 0].astype(np.float64)
    rows = np.minimum(np.arange(n) * glyph.shape[0] // n, glyph.shape[0] - 1)
    cols = np.minimum(np.arange(n + 1) * glyph.shape[1] // (n + 1), glyph.shape[1] - 1)
    return glyph[np.ix_(rows, cols)] + rng.normal(0, 0.35, (n, n + 1))  # noise as in the glyph data set


def pool(kind: str, x: np.ndarray, o: dict[str, Any]) -> np.ndarray:
    if kind == "no pooling":
        return x
    fn = F.max_pool2d if kind == "max pooling" else F.avg_pool2d
    return fn(Tensor(x[None, None]), o["k"], o["s"], o["p"], ceil_mode=o["ceil_mode"]).data[0, 0]


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    rng = seeded(seed, 1)
    n, k = o["n"], o["k"]
    s = o["s"] if o["s"] is not None else k
    o = {**o, "s": s}
    picture = scene(o["image"], n, rng, seed)
    before, after = picture[:, 1:], picture[:, :-1]
    result = DemoResult(name)
    rows, facts = [], {}
    for kind in KINDS:
        a, b = pool(kind, before, o), pool(kind, after, o)
        changed = np.abs(a - b) > 1e-9
        relative = float(np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-12))
        facts[kind] = {"unchanged": float(1 - changed.mean()), "relative_change": relative,
                       "shape": list(a.shape)}
        rows.append([kind, f"{a.shape[0]}×{a.shape[1]}", f"{100 * (1 - changed.mean()):.0f}%", round(relative, 3)])
        if n <= SHOW_AT_MOST:
            result.heatmaps.append(Heatmap(f"{kind}: |change| after the shift ({a.shape[0]}×{a.shape[1]})",
                                           grid(np.abs(a - b), 2)))
    if n <= SHOW_AT_MOST:
        result.heatmaps.insert(0, Heatmap(f"the {o['image']} image ({n}×{n}); the shift moves it one pixel right",
                                          grid(before, 2)))
    result.tables.append(Table(f"One-pixel shift, {k}×{k} window, stride {s}, padding {o['p']}",
                               ["", "output", "outputs unchanged", "relative change ‖Δ‖/‖y‖"], rows))
    solved = solvers.max_pool2d(input_shape=(1, n, n), kernel_size=k, stride=s, padding=o["p"],
                                ceil_mode=o["ceil_mode"])
    assert solved.output_shape is not None
    step = solved.steps[0]
    engine_shape = facts["max pooling"]["shape"]
    result.tables.append(Table("Output size: formula beside engine", ["", "by formula (solvers.max_pool2d)",
                                                                      "by engine (F.max_pool2d)"],
                               [["output H×W", f"{solved.output_shape[1]}×{solved.output_shape[2]}",
                                 f"{engine_shape[0]}×{engine_shape[1]}"],
                                ["how", f"{step.substitution} = {step.value}", "slide the window and count"]]))
    for metric, label in (("unchanged", "fraction of outputs unchanged"), ("relative_change", "relative change")):
        result.series.append(Series(label, [1.0, 2.0, 3.0], [facts[kind][metric] for kind in KINDS], kind="bar",
                                    xlabel="1 no pooling · 2 max · 3 average", ylabel=label, panel=label))
    facts["solver_out"] = list(solved.output_shape[1:])
    facts["engine_out"] = engine_shape
    result.facts = facts
    m, z, a = facts["max pooling"], facts["no pooling"], facts["average pooling"]
    result.text_zh, result.text_en = explain(name, seed, (
        "池化（如最大池化）使 CNN 对输入的小范围平移具有一定的鲁棒性（平移不变性）："
        "窗口内最大值还在窗口里，输出就不变。",
        "Pooling (max pooling in particular) makes a CNN somewhat robust to small shifts (translation invariance): "
        "while a window's maximum stays inside it, the output does not change."),
        (f"平移一个像素后：不池化 {100 * z['unchanged']:.0f}% 不变（相对变化 {num(z['relative_change'])}），最大池化 "
         f"{100 * m['unchanged']:.0f}% 不变（{num(m['relative_change'])}），平均池化 {100 * a['unchanged']:.0f}% 不变"
         f"（{num(a['relative_change'])}）。连续取值时最大池化约有 (k−1)/(k+1) 的输出保持不变，"
         "所以是“一定程度”的不变性。",
         f"after a one-pixel shift: no pooling leaves {100 * z['unchanged']:.0f}% unchanged (relative change "
         f"{num(z['relative_change'])}), max pooling {100 * m['unchanged']:.0f}% ({num(m['relative_change'])}), "
         f"average pooling {100 * a['unchanged']:.0f}% ({num(a['relative_change'])}). With continuous values about "
         "(k−1)/(k+1) of max-pooled outputs stay equal: invariance 'to a degree'."))
    return result
