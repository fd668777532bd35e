"""Vanishing gradients: per-layer gradient norms of a deep MLP, by activation, initialisation and BatchNorm.

Backpropagation multiplies one factor per layer, W_l^T·diag(f′). With sigmoid (f′ ≤ 0.25) the product
shrinks geometrically, whatever the initialisation; ReLU with He initialisation keeps its size; BatchNorm
rescales every layer's input and rescues even sigmoid.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos.common import explain, num, seeded, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor, hooks, nn
from solvers.engine import functional as F

ACT = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
INIT_LABEL = {"default": "PyTorch default init", "xavier": "Xavier init", "he": "He init"}


def mlp(activation: str, depth: int, width: int, init: str, batchnorm: bool) -> nn.Sequential:
    """`depth` Linear layers of `width` units (the last has 10 outputs), each hidden one followed by
    BatchNorm (optional) and the activation."""
    layers: list[nn.Module] = []
    for index in range(depth):
        last = index == depth - 1
        linear = nn.Linear(width, 10 if last else width)
        if init == "xavier":
            nn.init.xavier_normal_(linear.weight)
            nn.init.zeros_(linear.bias)
        elif init == "he":
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            nn.init.zeros_(linear.bias)
        layers.append(linear)
        if not last:
            if batchnorm:
                layers.append(nn.BatchNorm1d(width))
            layers.append(ACT[activation]())
    return nn.Sequential(*layers)


def weight_grad_norms(model: nn.Sequential, x: np.ndarray, y: np.ndarray) -> list[float]:
    """||∂L/∂W_l|| for every Linear layer, input side first, after one backward pass of cross-entropy."""
    with hooks.record(model) as recorder:
        F.cross_entropy(model(Tensor(x)), y).backward()
        norms = recorder.param_grad_norms()
    return [norms[f"{name}.weight"] for name, module in model.named_modules() if isinstance(module, nn.Linear)]


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    result = DemoResult(name)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((64, o["width"])).astype(np.float32)
    y = rng.integers(0, 10, 64)
    rows, facts = [], {}
    layers = list(range(1, o["depth"] + 1))
    for init in o["init"]:
        for bn in o["batchnorm"]:
            for act in o["activation"]:
                seeded(seed, 1)  # every configuration starts from the same random state
                norms = weight_grad_norms(mlp(act, o["depth"], o["width"], init, bn), x, y)
                key = f"{act}/{init}/{'bn' if bn else 'no-bn'}"
                ratio = norms[0] / norms[-1] if norms[-1] > 0 else float("nan")
                facts[key] = {"norms": norms, "first": norms[0], "last": norms[-1], "first_over_last": ratio}
                label = f"{act}{' + BN' if bn else ''}"
                result.series.append(Series(label, [float(v) for v in layers], norms, xlabel="layer (1 = input side)",
                                            ylabel="‖∂L/∂W‖", yscale="log", panel=INIT_LABEL[init]))
                rows.append([act, init, "yes" if bn else "no", sig(norms[0]), sig(norms[-1]), sig(ratio)])
    result.tables.append(Table(f"Weight-gradient norms of a {o['depth']}-layer MLP (width {o['width']})",
                               ["activation", "init", "BatchNorm", "layer 1", f"layer {o['depth']}",
                                "layer 1 / last"], rows))
    result.facts = facts
    result.text_zh, result.text_en = explain(name, seed, (
        "网络加深时，sigmoid/tanh 的导数连乘使靠近输入的层梯度趋于零（梯度消失）；改用 ReLU、合适的初始化（Xavier/He）"
        "或 BatchNorm 可以缓解。",
        "In a deep network the product of sigmoid/tanh derivatives drives the gradients of the layers near the input "
        "towards zero; ReLU, a suitable initialisation (Xavier/He) or BatchNorm ease it."), _seen(facts, o["depth"]))
    return result


def _seen(facts: dict[str, Any], depth: int) -> tuple[str, str]:
    zh, en = [], []
    for key in ("sigmoid/default/no-bn", "relu/he/no-bn", "sigmoid/default/bn"):
        if key in facts:
            r = num(facts[key]["first_over_last"])
            zh.append(f"{key}：第 1 层梯度是第 {depth} 层的 {r} 倍")
            en.append(f"{key}: layer 1's gradient is {r}× layer {depth}'s")
    if not zh:
        key = next(iter(facts))
        r = num(facts[key]["first_over_last"])
        zh.append(f"{key}：第 1 层/第 {depth} 层 = {r}")
        en.append(f"{key}: layer 1 / layer {depth} = {r}")
    return "；".join(zh) + "。", "; ".join(en) + "."
