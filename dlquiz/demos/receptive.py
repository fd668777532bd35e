"""Receptive field: which input pixels one centre output depends on, read off the input gradient.

The gradient of one output with respect to the input is non-zero exactly on the pixels that output sees.
With all-ones kernels nothing cancels, so the footprint's width is the receptive field; the solver's
r_l = r_{l−1} + (K_eff − 1)·j_{l−1} must agree. The values inside count the paths to each pixel, so the
centre weighs most (the "effective" receptive field is smaller than the theoretical one).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import solvers
from dlquiz.demos.common import explain, grid
from dlquiz.demos.result import DemoResult, Heatmap, Series, Table
from solvers.engine import Tensor, nn

SHOW_AT_MOST = 31


def footprint(ks: list[int], ss: list[int], ds: list[int], n: int) -> np.ndarray:
    """|∂ y_centre / ∂ x| for a stack of single-channel convolutions with all-ones kernels on an n×n input."""
    layers = []
    for k, s, d in zip(ks, ss, ds, strict=True):
        conv = nn.Conv2d(1, 1, k, stride=s, dilation=d, bias=False)
        nn.init.ones_(conv.weight)
        layers.append(conv)
    x = Tensor(np.zeros((1, 1, n, n)), requires_grad=True)
    y = nn.Sequential(*layers)(x)
    h, w = y.shape[2:]
    y[0, 0, h // 2, w // 2].backward()
    return np.abs(x.grad[0, 0])


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    ks = o["k"]
    ss = o["s"] if o["s"] is not None else [1] * len(ks)
    ds = o["d"] if o["d"] is not None else [1] * len(ks)
    solved = solvers.receptive_field(ks, ss, ds)
    rfs, jumps = solved.quantities["rf_per_layer"], solved.quantities["jump_per_layer"]
    n = rfs[-1] + 4 * jumps[-1] + 2
    n += (n + 1) % 2
    result = DemoResult(name)
    rows, facts, grads = [], {"engine": [], "solver": rfs, "nonzero": []}, []
    for depth in range(1, len(ks) + 1):
        g = footprint(ks[:depth], ss[:depth], ds[:depth], n)
        hit_rows, hit_cols = np.nonzero(g)
        width = int(hit_cols.max() - hit_cols.min() + 1)
        height = int(hit_rows.max() - hit_rows.min() + 1)
        facts["engine"].append(width)
        facts["nonzero"].append(int((g > 0).sum()))
        grads.append((g, hit_rows, hit_cols))
        layer = " + ".join(_layer_text(k, s, d) for k, s, d in zip(ks[:depth], ss[:depth], ds[:depth], strict=True))
        rows.append([layer, f"{height}×{width}", f"{rfs[depth - 1]}×{rfs[depth - 1]}", int((g > 0).sum())])
    result.tables.append(Table("Footprint of the centre output's input gradient", ["layers", "by engine (gradient)",
                                                                                   "by solver (formula)",
                                                                                   "pixels with a gradient"], rows))
    last_rows, last_cols = grads[-1][1], grads[-1][2]
    top, left = max(0, last_rows.min() - 1), max(0, last_cols.min() - 1)
    bottom, right = min(n, last_rows.max() + 2), min(n, last_cols.max() + 2)
    if bottom - top <= SHOW_AT_MOST:
        for depth, (g, _, _) in enumerate(grads, start=1):
            crop = g[top:bottom, left:right]
            result.heatmaps.append(Heatmap(f"after {depth} layer{'s' if depth > 1 else ''}: paths from each input "
                                           f"pixel to the centre output ({facts['engine'][depth - 1]} wide)",
                                           grid(crop, 1)))
    depths = [float(i) for i in range(1, len(ks) + 1)]
    result.series.append(Series("engine", depths, [float(v) for v in facts["engine"]],
                                kind="bar", xlabel="layers stacked", ylabel="receptive field (pixels)",
                                panel="receptive field after each layer"))
    facts["jump"] = jumps
    facts["agree"] = facts["engine"] == rfs
    result.facts = facts
    result.text_zh, result.text_en = explain(name, seed, (
        "小卷积核叠加可以得到大感受野：3 个 3×3 卷积（步幅 1）的感受野等于 1 个 7×7，参数却更少。",
        "Stacked small kernels see a large region: three 3×3 convolutions (stride 1) have the receptive field of "
        "one 7×7, with fewer weights."),
        ("引擎由梯度测得各层感受野 " + "、".join(map(str, facts["engine"])) + "，公式给出 " + "、".join(map(str, rfs))
         + ("，一致。" if facts["agree"] else "，不一致！"),
         "the engine measures receptive fields " + ", ".join(map(str, facts["engine"])) + " from the gradient; the "
         "formula gives " + ", ".join(map(str, rfs)) + (": they agree." if facts["agree"] else ": they DISAGREE.")))
    return result


def _layer_text(k: int, s: int, d: int) -> str:
    return f"{k}×{k}" + (f" s{s}" if s > 1 else "") + (f" d{d}" if d > 1 else "")
