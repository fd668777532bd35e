"""Exploding gradients: an RNN unrolled over a long sequence, the gradient at every time step, and clipping.

Backpropagation through time multiplies by W_hh^T·diag(f′) once per step; when the largest singular value
of W_hh is above 1 (and the units are not saturated) the gradient grows geometrically going back in time.
Clipping rescales the whole gradient to a maximum norm: same direction, bounded step.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlquiz.demos.common import explain, num, seeded, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor, nn, optim

TRAIN_STEPS = 40
INPUTS = 4


def make_rnn(o: dict[str, Any], seed: int) -> nn.RNN:
    """An RNN whose recurrent matrix is `weight_scale` times a random orthogonal matrix."""
    rng = seeded(seed, 1)
    # float64: with ReLU the states themselves can grow past float32's range on long sequences
    rnn = nn.RNN(INPUTS, o["hidden"], nonlinearity=o["activation"], dtype=np.float64)
    q, _ = np.linalg.qr(rng.standard_normal((o["hidden"], o["hidden"])))
    rnn.weight_hh_l0.data[...] = o["weight_scale"] * q
    return rnn


def unrolled(rnn: nn.RNN, x: np.ndarray, activation: str) -> tuple[Tensor, list[Tensor]]:
    """h_t = f(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) step by step with engine ops, keeping every h_t."""
    h = Tensor(np.zeros((x.shape[1], rnn.hidden_size)))
    states = []
    for t in range(x.shape[0]):
        pre = Tensor(x[t]) @ rnn.weight_ih_l0.T + rnn.bias_ih_l0 + h @ rnn.weight_hh_l0.T + rnn.bias_hh_l0
        h = pre.tanh() if activation == "tanh" else pre.relu()
        states.append(h)
    return h, states


def step_gradients(rnn: nn.RNN, x: np.ndarray, target: np.ndarray, activation: str) -> tuple[float, list[float]]:
    """The loss on the last state and ‖∂L/∂h_t‖ for every t (recorded by tensor hooks during backward)."""
    h, states = unrolled(rnn, x, activation)
    norms = [0.0] * len(states)
    for t, state in enumerate(states):
        state.register_hook(lambda g, t=t: norms.__setitem__(t, float(np.linalg.norm(g))))
    loss = ((h.sum(dim=1) - Tensor(target)) ** 2).mean()
    loss.backward()
    return float(loss.item()), norms


def train(o: dict[str, Any], seed: int, x: np.ndarray, target: np.ndarray, clip: float | None) -> list[float]:
    """Loss per SGD step from the same start, with or without clipping; stops early once it is not finite."""
    rnn = make_rnn(o, seed)
    opt = optim.SGD(rnn.parameters(), lr=o["lr"])
    losses = []
    with np.errstate(all="ignore"):
        for _ in range(TRAIN_STEPS):
            opt.zero_grad()
            out, _ = rnn(Tensor(x))
            loss = ((out[-1].sum(dim=1) - Tensor(target)) ** 2).mean()
            value = float(loss.item())
            losses.append(value)
            if not math.isfinite(value):
                break
            loss.backward()
            if clip is not None:
                nn.utils.clip_grad_norm_(rnn.parameters(), clip)
            opt.step()
    return losses


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    result = DemoResult(name)
    rng = np.random.default_rng(seed)
    x = 0.5 * rng.standard_normal((o["steps"], 8, INPUTS))
    target = 0.5 * x[-1].sum(axis=1)  # an easy target, so that only the gradient's size decides the training
    rnn = make_rnn(o, seed)
    with np.errstate(all="ignore"):
        _, norms = step_gradients(rnn, x, target, o["activation"])
        params = [p for p in rnn.parameters() if p.grad is not None]
        total = float(np.sqrt(sum(float((p.grad.astype(np.float64) ** 2).sum()) for p in params)))
    scale = min(1.0, o["clip"] / (total + 1e-6)) if math.isfinite(total) else 0.0
    steps = [float(t) for t in range(1, o["steps"] + 1)]
    result.series.append(Series("‖∂L/∂h_t‖ without clipping", steps, norms, xlabel="time step t",
                                ylabel="gradient norm", yscale="log", panel="gradient reaching each time step"))
    result.series.append(Series(f"after clipping to {o['clip']:g}", steps, [n * scale for n in norms],
                                xlabel="time step t", ylabel="gradient norm", yscale="log",
                                panel="gradient reaching each time step"))
    plain, clipped = train(o, seed, x, target, None), train(o, seed, x, target, o["clip"])
    for label, losses in (("no clipping", plain), (f"clip {o['clip']:g}", clipped)):
        result.series.append(Series(label, [float(i) for i in range(len(losses))], losses, xlabel="SGD step",
                                    ylabel="loss", yscale="log", panel=f"training, lr {o['lr']:g}"))
    growth = norms[0] / norms[-1] if norms[-1] > 0 else float("inf")
    result.tables.append(Table("Gradient at the first and last time step", ["", "‖∂L/∂h_1‖", f"‖∂L/∂h_{o['steps']}‖",
                                                                          "growth", "‖∂L/∂θ‖ (all weights)"],
                               [["no clipping", sig(norms[0]), sig(norms[-1]), sig(growth), sig(total)],
                                [f"clipped to {o['clip']:g}", sig(norms[0] * scale), sig(norms[-1] * scale),
                                 sig(growth), sig(min(total, o["clip"]))]]))
    result.tables.append(Table(f"Training for {TRAIN_STEPS} SGD steps", ["", "first loss", "last loss", "finite"],
                               [["no clipping", sig(plain[0]), sig(plain[-1]), math.isfinite(plain[-1])],
                                [f"clip {o['clip']:g}", sig(clipped[0]), sig(clipped[-1]),
                                 math.isfinite(clipped[-1])]]))
    result.facts = {"step_norms": norms, "growth": growth, "grad_norm": total, "clip_scale": scale,
                    "clipped_grad_norm": min(total, o["clip"]), "loss_plain": plain, "loss_clipped": clipped,
                    "plain_diverged": not math.isfinite(plain[-1]) or plain[-1] > 0.5 * plain[0],
                    "clipped_final_below_start": clipped[-1] < clipped[0]}
    result.text_zh, result.text_en = explain(name, seed, (
        "循环权重的最大奇异值大于 1 时，反向传播每经过一个时间步梯度就被放大，越往前越大（梯度爆炸）；"
        "梯度裁剪把整体梯度范数限制在阈值内，方向不变。",
        "When the recurrent weights' largest singular value is above 1, every step back in time amplifies the "
        "gradient (it explodes); gradient clipping caps the overall norm without changing the direction."),
        (f"梯度从第 {o['steps']} 步传到第 1 步放大了 {num(growth)} 倍；总梯度范数 {num(total)}，裁剪后 "
         f"{num(min(total, o['clip']))}。不裁剪训练 {'发散或停滞' if result.facts['plain_diverged'] else '仍能下降'}，"
         f"裁剪后损失从 {num(clipped[0])} 降到 {num(clipped[-1])}。",
         f"the gradient grows {num(growth)}× from step {o['steps']} back to step 1; total norm {num(total)}, "
         f"{num(min(total, o['clip']))} after clipping. Without clipping training "
         f"{'diverges or stalls' if result.facts['plain_diverged'] else 'still makes progress'}; "
         "with clipping the loss goes "
         f"from {num(clipped[0])} to {num(clipped[-1])}."))
    return result
