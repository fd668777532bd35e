"""Attention weights: softmax(QKᵀ/√d_k) as a heat map, with a causal mask, and without the √d_k.

For random queries and keys with unit-variance entries, each score q·k has variance d_k; dividing by √d_k
brings it back to 1. Without the division the scores are √d_k times larger, the softmax saturates (one
weight near 1 in each row) and the gradient through it nearly vanishes. A causal mask sets the scores of
future positions to −∞, so their weights are exactly 0.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlquiz.demos.common import explain, grid, num, seeded, sig
from dlquiz.demos.result import DemoResult, Heatmap, Series, Table
from solvers.engine import Tensor
from solvers.engine import functional as F


def weights(q: np.ndarray, k: np.ndarray, scale: float, causal: bool) -> tuple[np.ndarray, float]:
    """The attention weights, and ‖∂L/∂scores‖ for L = Σ w·g with a fixed random g (how much gradient passes)."""
    scores = Tensor(q @ k.T * scale, requires_grad=True)
    masked = scores
    if causal:
        future = np.triu(np.ones(scores.shape, dtype=bool), 1)
        masked = scores.masked_fill(future, -np.inf)
    w = F.softmax(masked, dim=-1)
    probe = np.random.default_rng(7).standard_normal(w.shape)
    (w * Tensor(probe)).sum().backward()
    return w.data, float(np.linalg.norm(scores.grad))


def entropy(w: np.ndarray) -> float:
    """Mean entropy of the rows in nats (log n for uniform weights, 0 for one-hot)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.mean(-np.nansum(np.where(w > 0, w * np.log(w), 0.0), axis=1)))


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    rng = seeded(seed, 1)
    n, d = o["seq_len"], o["d_k"]
    q, k = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    tokens = [f"t{i + 1}" for i in range(n)]
    result = DemoResult(name)
    cases = {"scaled": (1 / math.sqrt(d), False), "causal": (1 / math.sqrt(d), True), "unscaled": (1.0, False)}
    facts: dict[str, Any] = {}
    rows = []
    for key, (scale, causal) in cases.items():
        w, grad = weights(q, k, scale, causal)
        facts[key] = {"weights": grid(w, 6), "max_weight": float(w.max(axis=1).mean()), "entropy": entropy(w),
                      "score_std": float((q @ k.T * scale).std()), "grad_norm": grad,
                      "row_sums": [float(v) for v in w.sum(axis=1)]}
        title = {"scaled": "softmax(QKᵀ/√d_k), no mask", "causal": "softmax(QKᵀ/√d_k) with a causal mask",
                 "unscaled": "softmax(QKᵀ) without dividing by √d_k"}[key]
        result.heatmaps.append(Heatmap(f"{title} (rows: queries, columns: keys)", grid(w, 2), tokens, tokens))
        rows.append([{"scaled": "÷√d_k", "causal": "÷√d_k + causal mask", "unscaled": "no ÷√d_k"}[key],
                     sig(facts[key]["score_std"]), sig(facts[key]["max_weight"]), sig(facts[key]["entropy"]),
                     sig(grad)])
    causal = np.array(facts["causal"]["weights"])
    facts["future_weight"] = float(np.abs(np.triu(causal, 1)).max())
    facts["uniform_entropy"] = math.log(n)
    result.tables.append(Table(f"{n} tokens, d_k = {d}, random Q and K", ["weights", "score std", "mean max weight",
                                                                           "mean entropy (nats)", "gradient ‖∂L/∂s‖"],
                               rows))
    dims = [1, 4, 16, 64, 256, 1024]
    for key, scale_of in (("÷√d_k", lambda dd: 1 / math.sqrt(dd)), ("no scaling", lambda dd: 1.0)):
        maxima = []
        for dd in dims:
            qq, kk = rng.standard_normal((n, dd)), rng.standard_normal((n, dd))
            maxima.append(float(weights(qq, kk, scale_of(dd), False)[0].max(axis=1).mean()))
        result.series.append(Series(key, [float(v) for v in range(len(dims))], maxima,
                                    xlabel="d_k = 1, 4, 16, 64, 256, 1024", ylabel="mean max weight",
                                    panel="saturation as d_k grows (1/n = uniform, 1 = one-hot)"))
        facts[f"max_weight_by_dk {key}"] = dict(zip(map(str, dims), maxima, strict=True))
    result.facts = facts
    s, u = facts["scaled"], facts["unscaled"]
    result.text_zh, result.text_en = explain(name, seed, (
        "注意力用 softmax(QKᵀ/√d_k)V；除以 √d_k 使分数方差回到 1，避免 softmax 饱和、梯度过小；解码器的掩蔽（因果）"
        "注意力确保模型不依赖未来信息。",
        "Attention is softmax(QKᵀ/√d_k)V; dividing by √d_k brings the scores' variance back to 1 so the softmax does "
        "not saturate and gradients survive; the decoder's masked (causal) attention keeps the model from using "
        "future positions."),
        (f"d_k={d}：缩放后每行最大权重平均 {num(s['max_weight'])}、梯度 {num(s['grad_norm'])}；不缩放时 "
         f"{num(u['max_weight'])}、梯度 {num(u['grad_norm'])}；"
         f"因果掩码下未来位置的权重最大为 {num(facts['future_weight'])}。",
         f"d_k={d}: scaled, the mean row maximum is {num(s['max_weight'])} and the gradient {num(s['grad_norm'])}; "
         f"unscaled {num(u['max_weight'])} and {num(u['grad_norm'])}; with the causal mask the largest weight on a "
         f"future position is {num(facts['future_weight'])}."))
    return result
