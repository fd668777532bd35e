"""Mistakes of the template solvers behind the bank's `compute:` blocks (model sizes, loss terms, cell steps,
initialisation, regularisation, data counts), keyed by their output names."""

from __future__ import annotations

import math
from typing import Any

from solvers import (
    activation_sets,
    attention_step,
    cell_steps,
    conv_by_hand,
    gradient_flow,
    initialization,
    loss_terms,
    model_sizes,
    regularization,
)
from solvers.functions import softmax
from solvers.mistakes.base import Mistake, mistake, show
from solvers.result import Step


def _m(ids: str, values: dict[str, Any], title: str, formula: str, value: Any, note: str) -> Mistake:
    return mistake(ids, values, Step(title, formula, "", show(value), note))


def gradient_chain(layers: int, activation: str | None = None, weight: float = 1.0, factor: float | None = None,
                   alpha: float | None = None) -> list[Mistake]:
    gradient_flow.gradient_chain(layers, activation, weight, factor, alpha)  # its checks
    found = []
    if activation == "sigmoid" and layers > 0:
        per = abs(weight)
        found.append(_m("activation.sigmoid-derivative-max-one", {"per_layer": per, "product": per**layers},
                        "σ′ taken to peak at 1", "(|w|·1)^L", per**layers, "σ′ peaks at 0.25: (0.25·|w|)^L."))
    if factor is not None and factor > 1 and layers > 0:
        found.append(_m("gradients.explode-output-side", {"product": (1 / factor) ** layers},
                        "Product taken the other way", "(1/factor)^L", (1 / factor) ** layers,
                        "Each layer multiplies the gradient by the factor on its way to the input."))
    return found


def activation_compare(first: str, second: str, x: list[float], first_alpha: float | None = None,
                       second_alpha: float | None = None) -> list[Mistake]:
    r = activation_sets.activation_compare(first, second, x, first_alpha, second_alpha)
    found = []
    if {first, second} == {"sigmoid", "tanh"} and "dy_ratio" in r:
        # tanh′(x) = 4·σ′(2x): comparing at the same x as if tanh were sigmoid scaled by 2 gives ×2.
        found.append(_m("activation.sigmoid-tanh-confused", {"dy_ratio": [v / 2 for v in r["dy_ratio"]]},
                        "tanh taken as a doubled sigmoid", "tanh′/σ′ halved", r["dy_ratio"][0] / 2,
                        "tanh(x) = 2σ(2x) − 1, so tanh′(x) = 4σ′(2x): at 0 the ratio is 1/0.25 = 4."))
        found.append(_m("activation.sigmoid-derivative-max-one", {"dy_ratio": [1.0 for _ in r["dy_ratio"]]},
                        "σ′ taken to peak at 1", "tanh′(0)/1", 1.0, "σ′ peaks at 0.25."))
    if "leaky_relu" in (first, second):
        alpha = (second_alpha if second == "leaky_relu" else first_alpha) or 0.01
        other = 0.01 if alpha != 0.01 else 0.1
        a2 = activation_sets.activation_compare(first, second, x, *(
            (first_alpha, other) if second == "leaky_relu" else (other, second_alpha)))
        found.append(_m("activation.leaky-slope-convention", {"y_sum_difference": a2["y_sum_difference"]},
                        "Other slope", f"α = {other}", a2["y_sum_difference"], f"Here α = {alpha}."))
    return found


def attention_output(scores: list[float], values: Any, d_k: int = 1) -> list[Mistake]:
    r = attention_step.attention_output(scores, values, d_k)
    flat = isinstance(values[0], int | float)

    def weighted(weights: list[float]) -> Any:
        if flat:
            return sum(a * v for a, v in zip(weights, values, strict=True))
        return [sum(a * v[i] for a, v in zip(weights, values, strict=True)) for i in range(len(values[0]))]

    scaled = r["scaled"]
    found = [_m("attention.softmax-skipped", {"output": weighted(scaled), "weights": scaled},
                "No softmax", "Σ (s/√d_k)·v", weighted(scaled), "Weights are softmax(s/√d_k): positive, sum 1.")]
    if d_k > 1:
        for ids, divisor, formula in (("attention.no-scaling", 1.0, "softmax(s)"),
                                      ("attention.scale-by-dk", float(d_k), "softmax(s/d_k)")):
            w = softmax([s / divisor for s in scores])["p"]
            found.append(_m(ids, {"output": weighted(w), "weights": w}, "Wrong scale", formula, weighted(w),
                            f"Divide by √d_k = {show(math.sqrt(d_k))}."))
    return found


def mlp_params(sizes: list[int], bias: bool = True) -> list[Mistake]:
    r = model_sizes.mlp_params(sizes, bias)
    found = [_m("basics.fc-count-by-neurons", {"n_params": r["neurons"]}, "Neurons added", "Σ widths", r["neurons"],
                "Parameters sit on the connections: Σ (n_in + 1)·n_out.")]
    if len(sizes) > 2:
        first = r["per_layer"][0]
        found.append(_m("basics.fc-count-by-neurons", {"n_params": first}, "First layer only", "(n_0 + 1)·n_1",
                        first, "Every adjacent pair of layers has its own weights."))
    if bias:
        found.append(_m("basics.fc-bias-forgotten", {"n_params": r["n_weights"], "n_bias": 0}, "Weights only",
                        "Σ n_in·n_out", r["n_weights"], "Each layer's outputs have biases too."))
    return found


def neurons(shape: list[int]) -> list[Mistake]:
    r = conv_by_hand.neurons(shape)
    return [_m("basics.neuron-is-vector", {"neurons": value}, title, formula, value,
               "A neuron is one scalar of the output: C·H·W of them.")
            for value, title, formula in ((r["channels"], "One neuron per channel", "C"),
                                          (r["per_channel"], "One neuron per position", "H·W"))
            if value != r["neurons"]]


def correlate1d(x: list[float], w: list[float], stride: int = 1, padding: int = 0, bias: float = 0.0) -> list[Mistake]:
    r = conv_by_hand.correlate1d(x, w, stride, padding, bias)
    if r["convolution"] == r["y"]:
        return []
    return [_m("conv.kernel-flip", {"y": r["convolution"]}, "Kernel flipped", "Σ x·w reversed", r["convolution"][0],
               "A CNN's convolution is cross-correlation: the kernel is not flipped.")]


def conv_stack(k: int, channels: list[int], bias: bool = False) -> list[Mistake]:
    r = model_sizes.conv_stack(k, channels, bias)
    return [_m("classic-cnn.vgg-equal-params", {"n_params": r["params_single"]}, "Counted as one big kernel",
               f"{r['rf']}×{r['rf']} conv", r["params_single"],
               "The stack matches one large kernel in receptive field, not in parameters.")]


def lora_params(d_out: int, d_in: int, r: int) -> list[Mistake]:
    out = model_sizes.lora_params(d_out, d_in, r)
    return [_m("finetune.lora-full-rank", {"n_params": out["params_full"]}, "Full matrix", "d_out·d_in",
               out["params_full"], "LoRA trains B (d_out×r) and A (r×d_in) only.")]


def vit_tokens(image_size: int, patch_size: int = 16, cls_token: bool = True, channels: int = 3, d_model: int = 768,
               base_image_size: int | None = None) -> list[Mistake]:
    r = model_sizes.vit_tokens(image_size, patch_size, cls_token, channels, d_model, base_image_size)
    pixels = image_size * image_size
    found = [_m("pretrained-models.vit-pixels-as-tokens", {"patches": pixels, "seq_len": pixels + int(cls_token)},
                "Pixels as tokens", "H·W", pixels, "ViT's tokens are P×P patches: (H/P)².")]
    if "score_ratio" in r and base_image_size:
        for value, how in ((r["token_ratio"], "tokens ratio"), (image_size / base_image_size, "side ratio")):
            found.append(_m("cnn-vs-transformer.attention-linear-cost", {"score_ratio": value},
                            "Cost taken as linear", how, value,
                            "Self-attention scores every pair of tokens: the cost grows with the square."))
    return found


def focal_loss(p_t: float, gamma: float = 2.0, alpha: float = 1.0) -> list[Mistake]:
    r = loss_terms.focal_loss(p_t, gamma, alpha)
    wrong = alpha * p_t**gamma * r["ce"]
    return [_m("imbalance.focal-upweights-easy", {"loss": wrong, "modulating": p_t**gamma}, "Modulation reversed",
               "p_t^γ·(−ln p_t)", wrong, "(1 − p_t)^γ shrinks the loss of easy, confident examples.")]


def class_balance(negatives: int, positives: int) -> list[Mistake]:
    r = {"pos_weight": positives / negatives}
    return [_m("imbalance.weight-majority", r, "Majority weighted", "positives/negatives", r["pos_weight"],
               "pos_weight = negatives/positives: the rarer class weighs more.")]


def init_scale(scheme: str, fan_in: int, fan_out: int | None = None, mode: str = "fan_in",
               nonlinearity: str = "relu", a: float = 0.0, gain: float | None = None) -> list[Mistake]:
    initialization.init_scale(scheme, fan_in, fan_out, mode, nonlinearity, a, gain)
    if scheme == "xavier":
        var = 2.0 / fan_in
        title = "He's variance used"
    elif fan_out is not None:
        var = 2.0 / (fan_in + fan_out)
        title = "Xavier's variance used"
    else:
        return []
    std = math.sqrt(var)
    return [_m("init.variance-formula-swapped", {"var": var, "std": std, "bound": math.sqrt(3) * std}, title,
               "2/n_in" if scheme == "xavier" else "2/(n_in + n_out)", var,
               "Xavier: 2/(n_in + n_out); He (fan_in): 2/n_in.")]


def kl_divergence(p: list[float], q: list[float]) -> list[Mistake]:
    r = loss_terms.kl_divergence(p, q)
    reverse = loss_terms.kl_divergence(q, p)["kl"]
    found = [_m("loss.kl-sign", {"kl": r["cross_entropy"] + r["entropy"]}, "Entropy added", "H(P,Q) + H(P)",
                r["cross_entropy"] + r["entropy"], "D_KL = H(P,Q) − H(P)."),
             _m("loss.kl-sign", {"kl": r["cross_entropy"]}, "Entropy left out", "H(P,Q)", r["cross_entropy"],
                "D_KL = H(P,Q) − H(P): the entropy is subtracted.")]
    if not math.isclose(reverse, r["kl"]):
        found.append(_m("loss.kl-symmetric", {"kl": reverse}, "Arguments swapped", "D_KL(Q‖P)", reverse,
                        "KL divergence is not symmetric."))
    return found


def hinge_loss(y: int, score: float, margin: float = 1.0) -> list[Mistake]:
    r = loss_terms.hinge_loss(y, score, margin)
    if 0 < r["y_score"] < margin:
        return [_m("loss.hinge-zero-when-signs-agree", {"loss": 0.0, "grad": 0.0}, "Zero once the signs agree",
                   "0", 0.0, f"The loss is 0 only from y·f ≥ {show(margin)}: here {show(r['loss'])}.")]
    return []


def regression_grad(y: list[float], yhat: list[float]) -> list[Mistake]:
    r = loss_terms.regression_grad(y, yhat)
    return [_m("loss.sse-vs-mse", {"grad_sse": r["grad_half_sse"], "grad_mse": r["grad_sse"]},
               "Factor 2 or 1/N misplaced", "∂(½Σe²)/∂ŷ", r["grad_half_sse"][0],
               "∂Σe²/∂ŷ = 2e; the mean divides by N as well.")]


def penalty_grad(w: float, lam: float, half: bool = True) -> list[Mistake]:
    r = regularization.penalty_grad(w, lam, half)
    return [_m("regularization.l1-l2-swapped", {"grad_l1": r["grad_l2"], "grad_l2": r["grad_l1"]},
               "L1 and L2 swapped", "λ·sign(w) ↔ λ·w", r["grad_l2"],
               "L1's gradient has constant size λ; L2's is proportional to w.")]


def dropout_scale(p: float, x: float = 1.0) -> list[Mistake]:
    r = regularization.dropout_scale(p, x)
    found = [_m("regularization.dropout-at-test", {"kept": r["paper_test"], "eval": r["paper_test"]},
                "Scaled at test time", "x·(1 − p)", r["paper_test"], "Inverted dropout scales in training only.")]
    if 0 < p < 1:
        found.append(_m("regularization.dropout-p-keep", {"kept": x / p, "keep": p, "scale": 1 / p},
                        "p read as the keep probability", "x/p", x / p, "In PyTorch p is the drop probability."))
    return found


def gru_step(z: float, n: float, h_prev: float, convention: str = "pytorch") -> list[Mistake]:
    other = "colah" if convention == "pytorch" else "pytorch"
    r = cell_steps.gru_step(z, n, h_prev, other)
    return [_m("rnn.gru-z-convention", {"h": r["h"], "from_old": r["from_old"]}, "Other z convention",
               f"{other}'s h_t", r["h"], "Read z's role off the formula the question gives.")]


def lstm_step(f: float, i: float, g: float, o: float, c_prev: float) -> list[Mistake]:
    right = cell_steps.lstm_step(f, i, g, o, c_prev)
    c = (1 - f) * c_prev + i * g
    found = [_m("rnn.forget-gate-reversed", {"c": c, "kept": (1 - f) * c_prev, "h": o * math.tanh(c)},
                "Forget gate read backwards", "(1 − f)·c_{t−1} + i·g", c, "f is the fraction of c_{t−1} kept.")]
    if not math.isclose(right["c"], right["h"]):
        found.append(_m("rnn.ht-ct-swapped", {"h": right["c"], "c": right["h"]}, "h and c swapped", "h_t = c_t",
                        right["c"], "h_t = o·tanh(c_t); c_t is the cell state."))
    return found


def transformer_layer(kind: str, d_model: int, nhead: int, dim_feedforward: int = 2048,
                      bias: bool = True) -> list[Mistake]:
    from solvers import transformer
    from solvers.mistakes import mistakes_of

    fn = transformer.transformer_encoder_layer if kind == "encoder" else transformer.transformer_decoder_layer
    found = [Mistake(m.ids, {"n_params": m.values["params"]}, m.steps)
             for m in mistakes_of(fn(d_model, nhead, dim_feedforward, bias)) if "params" in m.values]
    one = d_model * dim_feedforward + (dim_feedforward if bias else 0)
    found.append(_m("transformer.ffn-params-partial", {"ffn_params": one}, "One FFN linear only", "d·d_ff + d_ff",
                    one, "The FFN has two linears: d→d_ff and d_ff→d."))
    return found


def batch_norm_params(num_features: int, affine: bool = True, track_running_stats: bool = True) -> list[Mistake]:
    r = model_sizes.batch_norm_params(num_features, affine, track_running_stats)
    if not track_running_stats:
        return []
    extra = 2 * num_features
    return [_m("regularization.bn-buffers-as-params", {"n_params": r["n_params"] + extra}, "Buffers counted",
               "γ, β, running_mean, running_var", r["n_params"] + extra, "Running statistics are not trained.")]


def mlm_masking(tokens: int, select: float = 0.15, mask: float = 0.8, random: float = 0.1) -> list[Mistake]:
    from solvers import data_counts

    r = data_counts.mlm_masking(tokens, select, mask, random)
    return [_m("pretrained-models.bert-mask-all", {"masked": r["targets"]}, "Every selected token masked",
               "N·select", r["targets"], "Of the selected tokens 80% become [MASK], 10% random, 10% unchanged.")]


def variance_propagation(n_in: int, layers: int, std: float | None = None, var: float | None = None,
                         activation: str = "relu", alpha: float = 0.01) -> list[Mistake]:
    from solvers import initialization as init

    r = init.variance_propagation(n_in, layers, std, var, activation, alpha)
    if math.isclose(r["factor"], 1.0):
        return []
    return [_m("init.gaussian-always-stable", {"factor": 1.0}, "Any Gaussian taken as stable", "1", 1.0,
               "Variance is kept only when n_in·Var(w)·(activation's share) = 1, as Xavier and He choose it.")]
