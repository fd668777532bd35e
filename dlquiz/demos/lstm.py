"""LSTM vs plain RNN: remembering the first token of a sequence, and the LSTM's gates along the way.

Every step carries a random ±1; a marker flags one early step; the last hidden state must tell that step's
value. Storing it only when the marker is on is what the input gate does; the
LSTM's cell state is updated additively (c_t = f⊙c_{t−1} + i⊙g), so with forget gates near 1 the bit
survives and so does the gradient; the plain RNN multiplies by W_hh·tanh′ at every step and loses both.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos import Progress
from dlquiz.demos.common import explain, floats, grid, num, seeded, sig
from dlquiz.demos.result import DemoResult, Heatmap, Series, Table
from solvers.engine import Tensor, nn, no_grad, optim
from solvers.engine import functional as F

INPUTS = 2  # channel 0: a random ±1 at every step; channel 1: the marker of the step to remember
GATES = ("input i", "forget f", "candidate g", "output o")


def sequences(rng: np.random.Generator, batch: int, steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(steps, batch, 2) inputs: channel 0 a random ±1 at every step, channel 1 a marker (1 at one early step).

    Returns:
        the inputs, the marked value as a class (0 for −1, 1 for +1), and the marked step of each sequence.
    """
    values = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(steps, batch))
    marked = rng.integers(0, max(1, steps // 4), batch)  # somewhere in the first quarter
    x = np.zeros((steps, batch, INPUTS), dtype=np.float32)
    x[:, :, 0] = values
    x[marked, np.arange(batch), 1] = 1.0
    return x, (values[marked, np.arange(batch)] > 0).astype(np.int64), marked


class Recall(nn.Module):
    """A recurrent layer and a linear read-out of its last hidden state."""

    def __init__(self, kind: str, hidden: int) -> None:
        super().__init__()
        self.rnn = nn.LSTM(INPUTS, hidden) if kind == "lstm" else nn.RNN(INPUTS, hidden)
        if kind == "lstm":
            # forget-gate bias 1 (Jozefowicz et al., 2015): start by keeping the cell; PyTorch's default is 0
            self.rnn.bias_hh_l0.data[hidden:2 * hidden] = 1.0
        self.head = nn.Linear(hidden, 2)

    def forward(self, x: Tensor) -> Tensor:
        out, _ = self.rnn(x)
        return self.head(out[-1])


def train(kind: str, o: dict[str, Any], seed: int, progress: Any, offset: int) -> tuple[Recall, list[float], float]:
    """Trains one model with Adam; returns it, its loss curve and its accuracy on 512 fresh sequences."""
    rng = seeded(seed, 2)  # the same data for both models
    model = Recall(kind, o["hidden"])
    opt = optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for it in range(o["iterations"]):
        x, y, _ = sequences(rng, 32, o["steps"])
        opt.zero_grad()
        loss = F.cross_entropy(model(Tensor(x)), y)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss.item()))
        if it % 20 == 0 or it == o["iterations"] - 1:
            progress(offset + it + 1, 2 * o["iterations"], Progress(f"{kind}: loss {losses[-1]:.3f}", loss=losses[-1]))
    x, y, _ = sequences(np.random.default_rng([seed, 9]), 512, o["steps"])
    with no_grad():
        accuracy = float((model(Tensor(x)).data.argmax(axis=1) == y).mean())
    return model, losses, accuracy


@no_grad()
def gates(lstm: nn.LSTM, x: np.ndarray) -> np.ndarray:
    """The gate activations (4, hidden, steps) of one sequence, recomputed from the trained weights."""
    hidden = lstm.hidden_size
    h = Tensor(np.zeros((1, hidden), dtype=np.float32))
    c = Tensor(np.zeros((1, hidden), dtype=np.float32))
    out = np.zeros((4, hidden, x.shape[0]))
    for t in range(x.shape[0]):
        pre = (Tensor(x[t]) @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + h @ lstm.weight_hh_l0.T + lstm.bias_hh_l0)
        i, f, g, o = (pre[:, k * hidden:(k + 1) * hidden] for k in range(4))
        i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
        c = f * c + i * g
        h = o * c.tanh()
        for k, gate in enumerate((i, f, g, o)):
            out[k, :, t] = gate.data[0]
    return out


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    lstm_model, lstm_losses, lstm_acc = train("lstm", o, seed, progress, 0)
    _, rnn_losses, rnn_acc = train("rnn", o, seed, progress, o["iterations"])
    result = DemoResult(name)
    its = [float(i) for i in range(1, o["iterations"] + 1)]
    result.series.append(Series("LSTM", its, lstm_losses, xlabel="iteration", ylabel="cross-entropy",
                                panel=f"training loss (chance = ln 2 ≈ 0.693), sequence length {o['steps']}"))
    result.series.append(Series("plain RNN", its, rnn_losses, xlabel="iteration", ylabel="cross-entropy",
                                panel=f"training loss (chance = ln 2 ≈ 0.693), sequence length {o['steps']}"))
    x, _, marked = sequences(np.random.default_rng([seed, 11]), 1, o["steps"])
    g = gates(lstm_model.rnn, x[:, :1])
    steps = [float(t) for t in range(1, o["steps"] + 1)]
    for k, label in enumerate(GATES):
        result.series.append(Series(label, steps, floats(g[k].mean(axis=0)), xlabel="time step",
                                    ylabel="mean over units",
                                    panel=f"LSTM gates along one sequence (marker at step {int(marked[0]) + 1})"))
    result.heatmaps.append(Heatmap("forget gate f per hidden unit (rows) and time step (columns); 1 = keep the cell",
                                   grid(g[1], 1), [f"u{u + 1}" for u in range(g.shape[1])],
                                   [str(t + 1) for t in range(o["steps"])]))
    result.tables.append(Table(f"Recall the marked value of a {o['steps']}-step sequence, "
                               f"{o['iterations']} Adam steps",
                               ["model", "final loss", "test accuracy (chance 0.5)"],
                               [["LSTM", sig(float(np.mean(lstm_losses[-20:]))), lstm_acc],
                                ["plain RNN", sig(float(np.mean(rnn_losses[-20:]))), rnn_acc]]))
    result.facts = {"lstm_accuracy": lstm_acc, "rnn_accuracy": rnn_acc, "lstm_loss": lstm_losses,
                    "rnn_loss": rnn_losses,
                    "gate_means": {label: floats(g[k].mean(axis=0)) for k, label in enumerate(GATES)},
                    "forget_mean": float(g[1].mean())}
    result.text_zh, result.text_en = explain(name, seed, (
        "LSTM（以及 GRU）相比传统 RNN 主要改善了梯度消失问题：细胞状态按遗忘门加性更新，早期信息可以保留很多步。",
        "LSTM (and GRU) mainly ease the vanishing-gradient problem of plain RNNs: the cell state is updated "
        "additively through the forget gate, so early information can survive many steps."),
        (f"记住 {o['steps']} 步序列前四分之一处被标记的值：LSTM 测试准确率 {num(lstm_acc)}，"
         f"普通 RNN {num(rnn_acc)}（随机猜 0.5）；"
         f"遗忘门平均 {num(result.facts['forget_mean'])}。",
         f"recalling a value marked in the first quarter of {o['steps']} steps: LSTM test accuracy "
         f"{num(lstm_acc)}, plain RNN {num(rnn_acc)} "
         f"(chance 0.5); the forget gate averages {num(result.facts['forget_mean'])}."))
    return result
