"""Under- and overfitting: polynomials of growing degree fitted by the engine to a few noisy points.

Train and test errors are judged against the noise level σ²: an error above 2σ² is "large" (大), one below
it "small" (小). Degree 1 has both large (underfitting), a middle degree both small, a high degree a small
training error and a large test error (overfitting): the course's table, reproduced from the numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlquiz.demos import Progress
from dlquiz.demos.common import explain, floats, num, seeded, sig
from dlquiz.demos.result import DemoResult, Series, Table
from solvers.engine import Tensor, optim
from solvers.engine import functional as F

VERDICT = {"under": ("欠拟合", "underfitting"), "good": ("拟合良好", "good fit"), "over": ("过拟合", "overfitting")}


def truth(x: np.ndarray) -> np.ndarray:
    return np.sin(np.pi * x)


def features(x: np.ndarray, degree: int) -> np.ndarray:
    """Legendre polynomials P_0 … P_degree at x in [-1, 1]: the same functions as powers of x, but
    well-conditioned, so gradient descent reaches the least-squares fit."""
    return np.polynomial.legendre.legvander(x, degree)


def train(degree: int, x: np.ndarray, y: np.ndarray, steps: int, validation: tuple[np.ndarray, np.ndarray] | None,
          ) -> tuple[np.ndarray, list[tuple[int, float, float]]]:
    """Coefficients after `steps` full-batch Adam steps on MSE (or the best ones on the validation set).

    Returns:
        the coefficients, and (step, train loss, validation loss) every 1/60 of the run when validating.
    """
    w = Tensor(np.zeros(degree + 1), requires_grad=True)
    opt = optim.Adam([w], lr=0.02)
    a = Tensor(features(x, degree))
    curve: list[tuple[int, float, float]] = []
    best, best_loss = w.data.copy(), np.inf
    every = max(1, steps // 60)
    for step in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(a @ w, Tensor(y))
        loss.backward()
        opt.step()
        if validation is not None and (step % every == 0 or step == steps - 1):
            val = float(np.mean((features(validation[0], degree) @ w.data - validation[1]) ** 2))
            curve.append((step + 1, float(loss.item()), val))
            if val < best_loss:
                best, best_loss = w.data.copy(), val
    return (best if validation is not None else w.data.copy()), curve


def mse(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((features(x, len(w) - 1) @ w - y) ** 2))


def run(name: str, o: dict[str, Any], seed: int, progress: Any) -> DemoResult:
    rng = seeded(seed, 1)
    noise = o["noise"]
    # evenly spread with jitter: a random gap in the training points would look like overfitting by itself
    spacing = 2 / o["n_train"]
    x = np.linspace(-1 + spacing / 2, 1 - spacing / 2, o["n_train"]) + rng.uniform(-0.3, 0.3, o["n_train"]) * spacing
    y = truth(x) + rng.normal(0, noise, x.size)
    x_test = rng.uniform(x.min(), x.max(), 500)  # interpolation, not extrapolation
    y_test = truth(x_test) + rng.normal(0, noise, x_test.size)
    x_val = rng.uniform(x.min(), x.max(), max(4, o["n_train"] // 2))
    y_val = truth(x_val) + rng.normal(0, noise, x_val.size)
    large = 2 * max(noise**2, 1e-3)
    result = DemoResult(name)
    grid = np.linspace(-1, 1, 161)
    curves_panel = f"fits to {o['n_train']} noisy points of sin(πx)"
    result.series.append(Series("training points", floats(x), floats(y), kind="scatter", xlabel="x", ylabel="y",
                                panel=curves_panel))
    degrees = sorted(set(o["degree"]))
    runs = len(degrees) * (2 if o["early_stopping"] else 1)
    rows, facts, done = [], {}, 0
    for degree in degrees:
        w, _ = train(degree, x, y, o["steps"], None)
        done += 1
        progress(done, runs, Progress(f"degree {degree}", degree=degree))
        train_err, test_err = mse(w, x, y), mse(w, x_test, y_test)
        verdict = "under" if train_err > large else "over" if test_err > large else "good"
        facts[str(degree)] = {"train": train_err, "test": test_err, "verdict": verdict}
        curve = np.clip(features(grid, degree) @ w, -3, 3)  # a wild fit would squash the others flat
        result.series.append(Series(f"degree {degree}", floats(grid), floats(curve), xlabel="x", ylabel="y",
                                    panel=curves_panel))
        rows.append([degree, sig(train_err), _size(train_err, large), sig(test_err), _size(test_err, large),
                     f"{VERDICT[verdict][0]} {VERDICT[verdict][1]}"])
        if o["early_stopping"]:
            w_es, curve = train(degree, x, y, o["steps"], (x_val, y_val))
            done += 1
            progress(done, runs, Progress(f"degree {degree}, early stopping", degree=degree))
            stop = min(curve, key=lambda c: c[2])[0]
            facts[str(degree)]["early_stopping"] = {"stopped_at": stop, "train": mse(w_es, x, y),
                                                    "test": mse(w_es, x_test, y_test)}
            if degree == degrees[-1]:
                steps_axis = [float(c[0]) for c in curve]
                panel = f"degree {degree}: early stopping at step {stop}"
                result.series.append(Series("train loss", steps_axis, [c[1] for c in curve], xlabel="Adam step",
                                            ylabel="MSE", yscale="log", panel=panel))
                result.series.append(Series("validation loss", steps_axis, [c[2] for c in curve], xlabel="Adam step",
                                            ylabel="MSE", yscale="log", panel=panel))
    panel = f"error against degree (dashed level: 2σ² = {large:.3g})"
    xs = [float(d) for d in degrees]
    result.series.append(Series("train MSE", xs, [facts[str(d)]["train"] for d in degrees], xlabel="degree",
                                ylabel="MSE", yscale="log", panel=panel))
    result.series.append(Series("test MSE", xs, [facts[str(d)]["test"] for d in degrees], xlabel="degree",
                                ylabel="MSE", yscale="log", panel=panel))
    result.series.append(Series("2σ²", xs, [large] * len(xs), kind="scatter", xlabel="degree", ylabel="MSE",
                                yscale="log", panel=panel))
    result.tables.append(Table(f"Train and test error (noise σ = {noise:g}; large = above 2σ² = {large:.3g})",
                               ["degree", "train MSE", "", "test MSE", "", "verdict"], rows))
    if o["early_stopping"]:
        result.tables.append(Table("Early stopping on a validation set",
                                   ["degree", "stopped at step", "train MSE", "test MSE",
                                    f"test MSE at step {o['steps']}"],
                                   [[d, facts[str(d)]["early_stopping"]["stopped_at"],
                                     sig(facts[str(d)]["early_stopping"]["train"]),
                                     sig(facts[str(d)]["early_stopping"]["test"]), sig(facts[str(d)]["test"])]
                                    for d in degrees]))
    result.facts = facts
    result.text_zh, result.text_en = explain(name, seed, (
        "欠拟合：训练误差大、测试误差大；过拟合：训练误差小、测试误差大（模型在训练集上表现良好，但不能推广到测试集）。"
        "注意：种子资料把欠拟合描述为“模型未训练收敛”，这里每个模型都训练到收敛，欠拟合来自容量不足。",
        "Underfitting: large training and test errors; overfitting: small training error, large test error. "
        "(The seed calls underfitting 'not trained to convergence'; here every model is trained to convergence, "
        "and underfitting comes from too little capacity.)"),
        ("；".join(f"{d} 次：训练 {num(facts[str(d)]['train'])}、测试 {num(facts[str(d)]['test'])}，"
                   f"{VERDICT[facts[str(d)]['verdict']][0]}" for d in degrees) + "。",
         "; ".join(f"degree {d}: train {num(facts[str(d)]['train'])}, test {num(facts[str(d)]['test'])}, "
                   f"{VERDICT[facts[str(d)]['verdict']][1]}" for d in degrees) + "."))
    return result


def _size(error: float, large: float) -> str:
    return "大 large" if error > large else "小 small"
