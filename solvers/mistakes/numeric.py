"""Mistakes of the small numeric template solvers: activations, softmax, losses, optimiser steps, batch
statistics and a hand-worked backward pass. Values are keyed by the template solvers' own output names."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from solvers import backprop, functions, norms, optimizers
from solvers.mistakes.base import Mistake, mistake, show
from solvers.result import Step

LN2, LN10 = math.log(2), math.log(10)


def _step(title: str, formula: str, value: Any, note: str, sub: str = "") -> Step:
    return Step(title, formula, sub, show(value), note)


def activation(name: str, x: float, alpha: float | None = None) -> list[Mistake]:
    r = functions.activation(name, x, alpha)
    y = r["y"]
    found = []
    if name == "sigmoid":
        found.append(mistake("activation.derivative-in-x", {"dy": x * (1 - x)},
                             _step("σ′ from x", "x·(1 − x)", x * (1 - x), "σ′ = y·(1 − y) with y = σ(x), the output.")))
        t = math.tanh(x)
        found.append(mistake("activation.sigmoid-tanh-confused", {"y": t, "dy": 1 - t * t},
                             _step("tanh used", "tanh(x), 1 − tanh²(x)", t, "σ(x) = 1/(1 + e^(−x)) ∈ (0, 1).")))
        found.append(mistake("activation.sigmoid-tanh-confused", {"dy": 1 - y * y},
                             _step("tanh's derivative", "1 − y²", 1 - y * y, "σ′ = y·(1 − y); 1 − y² is tanh′.")))
    elif name == "tanh":
        found.append(mistake("activation.derivative-in-x", {"dy": 1 - x * x},
                             _step("tanh′ from x", "1 − x²", 1 - x * x, "tanh′ = 1 − y² with y = tanh(x).")))
        for value, formula in ((1 - y, "1 − y"), (y * (1 - y), "y·(1 − y)"), (1 + y * y, "1 + y²")):
            found.append(mistake("activation.tanh-derivative", {"dy": value},
                                 _step("tanh′ misremembered", formula, value, "tanh′ = 1 − y².")))
        s = functions.sigmoid(x)
        found.append(mistake("activation.sigmoid-tanh-confused", {"y": s, "dy": s * (1 - s)},
                             _step("sigmoid used", "σ(x), σ·(1 − σ)", s, "tanh ∈ (−1, 1), tanh′ = 1 − y².")))
    elif name == "relu" and x == 0:
        found.append(mistake("activation.relu-derivative-at-zero", {"dy": 1.0},
                             _step("ReLU′(0) taken as 1", "ReLU′(0) = 1", 1.0, "Frameworks use ReLU′(0) = 0.")))
    elif name == "leaky_relu" and x < 0:
        a = r["dy"]
        variants = [(x / a, 1 / a, f"x/α = {show(x)}/{show(a)}")]
        variants += [(s * x, s, f"α = {s}") for s in (0.01, 0.1) if s != a]
        variants += [(0.0, 0.0, "ReLU: 0"), (x, 1.0, "no leak: x")]
        for value, slope, how in variants:
            found.append(mistake("activation.leaky-slope-convention", {"y": value, "dy": slope},
                                 _step("Other slope convention", how, value, f"Here y = α·x with α = {show(a)}.")))
    elif name == "elu" and x < 0:
        a = 1.0 if alpha is None else alpha
        found.append(mistake("activation.elu-vs-leaky", {"y": a * x, "dy": a},
                             _step("ELU as a straight line", "α·x", a * x, "ELU is α·(eˣ − 1) for x < 0, dy = α·eˣ.")))
    return found


def softmax(z: list[float]) -> list[Mistake]:
    r = functions.softmax(z)
    zs = [float(v) for v in z]
    top = r["argmax"]
    found = []

    def probs(ids: str, p: list[float], title: str, formula: str, note: str) -> None:
        found.append(mistake(ids, {"p": p, "p_max": p[top]}, _step(title, formula, p[top], note)))

    total = sum(zs)
    if total != 0:
        probs("softmax.no-exp", [v / total for v in zs], "No exponential", "z_i / Σ z_j",
              "Softmax exponentiates first: e^(z_i) / Σ e^(z_j).")
    probs("softmax.multilabel", [functions.sigmoid(v) for v in zs], "Sigmoid per class", "σ(z_i)",
          "Sigmoids need not sum to 1; softmax normalises over the classes.")
    if max(zs) not in (0.0, 1.0):
        probs("softmax.wrong-stabilizer", functions.softmax([v / max(zs) for v in zs])["p"],
              "Divided by the maximum", "softmax(z / max z)", "Subtract the maximum; dividing changes the result.")
    for base, ln in ((2, LN2), (10, LN10)):
        value = r["logsumexp"] / ln
        found.append(mistake("loss.log-base", {"logsumexp": value},
                             _step(f"log base {base}", f"log{base} Σ e^z", value, "The natural logarithm is meant.")))
    return found


def cross_entropy(z: list[float], target: int, from_logits: bool = True) -> list[Mistake]:
    r = functions.cross_entropy(z, target, from_logits)
    loss, p = r["loss"], r["p"]
    found = [mistake("loss.log-base", {"loss": loss / ln},
                     _step(f"log base {base}", f"−log{base} p_target", loss / ln, "Cross-entropy uses ln (nats)."))
             for base, ln in ((2, LN2), (10, LN10))]
    all_terms = -sum(math.log(v) for v in p if v > 0)
    found.append(mistake("loss.ce-all-terms", {"loss": all_terms},
                         _step("Every class's term", "−Σ_j ln p_j", all_terms,
                               "With a one-hot label only −ln p_true.")))
    if from_logits:
        zt = float(z[target])
        if zt > 0:
            found.append(mistake("loss.ce-logit-as-prob", {"loss": -math.log(zt)},
                                 _step("Logit as probability", "−ln z_target", -math.log(zt),
                                       "Apply softmax first: −ln softmax(z)_target.")))
        onehot = [1.0 if i == target else 0.0 for i in range(len(p))]
        for grad, formula in (([o - v for o, v in zip(onehot, p, strict=True)], "y − p"), (list(p), "p")):
            found.append(mistake("loss.ce-gradient-form", {"grad": grad},
                                 _step("Gradient misread", f"∂L/∂z = {formula}", grad[0], "∂L/∂z = p − y.")))
    return found


def binary_cross_entropy(p: float, y: float) -> list[Mistake]:
    loss = functions.binary_cross_entropy(p, y)["loss"]
    found = [mistake("loss.log-base", {"loss": loss / ln},
                     _step(f"log base {base}", f"log{base}", loss / ln, "BCE uses ln."))
             for base, ln in ((2, LN2), (10, LN10))]
    if y in (0, 1) and 0 < p < 1:
        other = -math.log(p) if y == 0 else -math.log(1 - p)
        found.append(mistake("loss.bce-wrong-term", {"loss": other},
                             _step("The other term", "−ln p" if y == 0 else "−ln(1 − p)", other,
                                   "y = 0 keeps −ln(1 − p); y = 1 keeps −ln p.")))
    found.append(mistake("loss.bce-wrong-term", {"loss": -loss},
                         _step("Minus sign dropped", "y·ln p + (1 − y)·ln(1 − p)", -loss, "BCE = −[…] ≥ 0.")))
    return found


def regression_loss(y: list[float], yhat: list[float], delta: float = 1.0) -> list[Mistake]:
    r = functions.regression_loss(y, yhat, delta)
    errs = [abs(a - b) for a, b in zip(yhat, y, strict=True)]
    n = len(errs)
    found = []
    if n > 1:
        for values, title, formula in (({"mse": r["sse"]}, "Sum, not mean", "Σ a²"),
                                       ({"mae": sum(errs)}, "Sum, not mean", "Σ |a|"),
                                       ({"sse": r["mse"]}, "Mean, not sum", "Σ a² / N")):
            found.append(mistake("loss.sse-vs-mse", values, _step(title, formula, next(iter(values.values())),
                                                                   "MSE and MAE divide by N; SSE does not.")))
    for values, formula in (({"mse": r["mse"] / 2}, "Σ a² / 2N"), ({"sse": r["sse"] / 2}, "½ Σ a²")):
        found.append(mistake("loss.sse-vs-mse", values, _step("½ added", formula, next(iter(values.values())),
                                                               "The ½ belongs to the ½‖·‖² form only.")))
    if any(a > delta for a in errs):
        for values, formula in (([0.5 * a * a for a in errs], "½a² everywhere"),
                                ([0.5 * a * a if a <= delta else delta * a for a in errs], "δ·|a| (no −½δ)")):
            found.append(mistake("loss.huber-branch", {"huber": sum(values) / n},
                                 _step("Huber branch", formula, sum(values) / n, "½a² if |a| ≤ δ, else δ(|a| − ½δ).")))
    swapped = [delta * (a - 0.5 * delta) if a <= delta else 0.5 * a * a for a in errs]
    found.append(mistake("loss.huber-branch", {"huber": sum(swapped) / n},
                         _step("Branches swapped", "δ(|a| − ½δ) if |a| ≤ δ", sum(swapped) / n,
                               "The quadratic branch is for small errors.")))
    if delta != 1:
        found.append(mistake("loss.huber-vs-smoothl1", {"huber": r["smooth_l1"], "smooth_l1": r["huber"]},
                             _step("Huber = Smooth L1", "SmoothL1_β", r["smooth_l1"], "Huber_δ = δ·SmoothL1_δ.")))
    return found


def sgd_momentum(w: float, g: float, lr: float, momentum: float = 0.0, v: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False, dampening: float = 0.0) -> list[Mistake]:
    r = optimizers.sgd_momentum(w, g, lr, momentum, v, weight_decay, nesterov, dampening)
    ge = r["g_eff"]
    if momentum == 0:
        return []
    found = []
    if v != 0:
        found.append(mistake("optimizer.momentum-ignores-velocity", {"v_new": ge, "w_new": w - lr * ge},
                             _step("Velocity ignored", "w − lr·g", w - lr * ge, "v ← μ·v + g first, then w − lr·v.")))
    ma = momentum * v + (1 - momentum) * ge
    inside = momentum * v - lr * ge
    found.append(mistake("optimizer.momentum-convention", {"v_new": ma, "w_new": w - lr * ma},
                         _step("Moving average", "v ← μv + (1 − μ)g", ma, "PyTorch: v ← μv + g.")))
    found.append(mistake("optimizer.momentum-convention", {"v_new": inside, "w_new": w + inside},
                         _step("lr inside the velocity", "v ← μv − lr·g, w ← w + v", inside, "PyTorch: v ← μv + g.")))
    return found


def adam(w: float, g: float, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
         t: int = 1, m: float = 0.0, v: float = 0.0, weight_decay: float = 0.0,
         decoupled: bool = False) -> list[Mistake]:
    r = optimizers.adam(w, g, lr, beta1, beta2, eps, t, m, v, weight_decay, decoupled)
    start = w * (1 - lr * weight_decay) if decoupled else w
    raw = start - lr * r["m_new"] / (math.sqrt(r["v_new"]) + eps)
    found = [mistake("optimizer.adam-no-bias-correction",
                     {"m_hat": r["m_new"], "v_hat": r["v_new"], "w_new": raw},
                     _step("No bias correction", "w − lr·m/(√v + ε)", raw, "m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).")),
             mistake("optimizer.adam-divide-by-v", {"w_new": start - lr * r["m_hat"] / (r["v_hat"] + eps)},
                     _step("Divided by v̂", "w − lr·m̂/(v̂ + ε)", start - lr * r["m_hat"] / (r["v_hat"] + eps),
                           "Divide by √v̂: it has the gradient's units."))]
    if weight_decay:
        other = optimizers.adam(w, g, lr, beta1, beta2, eps, t, m, v, weight_decay, not decoupled)
        found.append(mistake("optimizer.adamw-equals-l2", dict(other),
                             _step("AdamW and L2 confused", "L2 in the gradient" if decoupled else "decoupled decay",
                                   other["w_new"], "AdamW shrinks w directly; Adam + L2 adds λw to g.")))
    return found


def batch_stats(x: list[float], gamma: float = 1.0, beta: float = 0.0, eps: float = 1e-5) -> list[Mistake]:
    r = norms.batch_stats(x, gamma, beta, eps)
    var_u = r["var_unbiased"]
    y = [gamma * (v - r["mean"]) / math.sqrt(var_u + eps) + beta for v in x]
    return [mistake("regularization.bn-unbiased-variance", {"var": var_u, "y": y},
                    _step("Unbiased variance", "Σ(x − μ)²/(m − 1)", var_u, "Training BN divides by m."))]


def tiny_net(x: float, w1: float, b1: float, w2: float, b2: float, t: float, act: str = "sigmoid") -> list[Mistake]:
    r = backprop.tiny_net(x, w1, b1, w2, b2, t, act)
    dh, dz1, z1 = r["dh"], r["dz1"], r["z1"]
    slope = functions.activation(act, z1)["dy"]
    found = []
    # Each slip drops a factor; it shows only where that factor is not 1 and the product is not already 0.
    if dh != 0 and x != 0 and slope != 1:
        found.append(mistake("basics.chain-rule-missing-factor", {"dw1": dh * x, "dz1": dh},
                             _step("Activation's derivative dropped", "∂L/∂w1 = (y − t)·w2·x", dh * x,
                                   "× act′(z1) is missing.")))
    if dz1 != 0 and x != 1:
        found.append(mistake("basics.chain-rule-missing-factor", {"dw1": dz1},
                             _step("Input dropped", "∂L/∂w1 = (y − t)·w2·act′(z1)", dz1, "× x is missing.")))
    if r["dy"] != 0 and r["h"] != 1:
        found.append(mistake("basics.chain-rule-missing-factor", {"dw2": r["dy"]},
                             _step("h dropped", "∂L/∂w2 = y − t", r["dy"], "∂L/∂w2 = (y − t)·h.")))
    wrong: Callable[[float], float] | None = {"sigmoid": lambda z: z * (1 - z), "tanh": lambda z: 1 - z * z}.get(act)
    if wrong is not None and dh != 0:
        d = dh * wrong(z1)
        found.append(mistake("activation.derivative-in-x", {"dz1": d, "db1": d, "dw1": d * x, "dx": d * w1},
                             _step("act′ from z1", "σ′ = z1·(1 − z1)" if act == "sigmoid" else "tanh′ = 1 − z1²",
                                   d * x, "The derivative is written in the output h, not the input z1.")))
    if w1 == 0 and b1 != 0:
        h0 = functions.activation(act, 0.0)["y"]
        found.append(mistake("init.zero-preactivation-zero", {"z1": 0.0, "h": h0},
                             _step("Pre-activation taken as 0", "z1 = 0", 0.0, "z1 = w1·x + b1 = b1 when w1 = 0.")))
    return found
