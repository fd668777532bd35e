"""Counting mistakes of sequence layers: RNN/LSTM/GRU, multi-head attention and Transformer layers."""

from __future__ import annotations

from typing import Any

from solvers.mistakes.base import Mistake, mistake, show
from solvers.result import Result, Step


def _rnn_count(r: Result, gates: int, bias_vectors: int, dirs: int, *, upper_in: int | None = None,
               whh: bool = True) -> list[int]:
    """Per-layer parameters of a recurrent layer counted with the given (possibly wrong) structure."""
    i = r.inputs
    h, proj = i["hidden_size"], i.get("proj_size", 0)
    h_out = proj or h
    per_layer = []
    for layer in range(i["num_layers"]):
        l_in = i["input_size"] if layer == 0 else (upper_in if upper_in is not None else dirs * h_out)
        weights = gates * h * (l_in + (h_out if whh else 0)) + proj * h
        per_layer.append((weights + bias_vectors * gates * h) * dirs)
    return per_layer


def rnn_mistakes(r: Result) -> list[Mistake]:
    """Mistakes of rnn, lstm and gru: gate blocks, biases, directions, stacked inputs, W_hh, time steps."""
    i, q = r.inputs, r.quantities
    cell, g, bias, bi = r.solver, q["gate_blocks"], i["bias"], i["bidirectional"]
    dirs = 2 if bi else 1
    n_bias = 2 if bias else 0
    steps_t, batch = i["seq_len"], i["batch"]

    def counted(ids: str, per_layer: list[int], title: str, formula: str, note: str, *, gates: int = g,
                d: int = dirs, **kw: Any) -> Mistake:
        params = sum(per_layer)
        values: dict[str, Any] = {"params": params, "per_layer": per_layer}
        if bias:  # the textbook and bias-free counts under the same wrong structure
            values["params_single_bias"] = sum(_rnn_count(r, gates, 1, d, **kw))
            values["params_no_bias"] = sum(_rnn_count(r, gates, 0, d, **kw))
        macs = batch * steps_t * params
        values |= {"macs": macs, "flops": 2 * macs}
        layers = " + ".join(show(p) for p in per_layer)
        return mistake(ids, values, Step(title, formula, layers, show(params), note))

    found = []
    if cell == "lstm":
        found.append(counted("rnn.lstm-three-gates-params", _rnn_count(r, 3, n_bias, dirs),
                             "Three weight blocks", "3·(H·(in + H) + 2H) per layer and direction",
                             "Besides the input, forget and output gates the candidate g has its own weights: "
                             "4 blocks.", gates=3))
    if cell == "gru":
        found.append(counted("rnn.gru-two-blocks", _rnn_count(r, 2, n_bias, dirs),
                             "Two weight blocks", "2·(H·(in + H) + 2H) per layer and direction",
                             "Besides the reset and update gates the candidate n has its own weights: 3 blocks.",
                             gates=2))
    if bias:
        single, none = q["params_single_bias"], q["params_no_bias"]
        found.append(mistake("rnn.single-bias", {"params": single},
                             Step("One bias per block", "G·(H·(in + H) + H) per layer and direction", "",
                                  show(single), "PyTorch keeps two bias vectors per block, b_ih and b_hh.")))
        found.append(mistake("rnn.bias-omitted", {"params": none},
                             Step("No bias", "G·H·(in + H) per layer and direction", "", show(none),
                                  "bias=True: each block has b_ih and b_hh.")))
        found.append(mistake("rnn.bias-counted-when-excluded", {"params_no_bias": r.params,
                                                                "params_single_bias": r.params},
                             Step("Biases counted", "G·(H·(in + H) + 2H)", "", show(r.params),
                                  "This count is asked without (or with one) bias vector.")))
    else:
        with_bias = sum(_rnn_count(r, g, 2, dirs))
        found.append(mistake("rnn.bias-counted-when-excluded", {"params": with_bias},
                             Step("Biases counted", "G·(H·(in + H) + 2H)", "", show(with_bias),
                                  "bias=False: the layer has no bias vectors.")))
    if bi:
        one_way = _rnn_count(r, g, n_bias, 1)
        m = counted("rnn.bidirectional-forgotten", one_way, "One direction only",
                    "Σ layers, one direction", "bidirectional=True: each direction has its own weights (×2), "
                    "and upper layers read 2H features.", d=1)
        h_out = i.get("proj_size", 0) or i["hidden_size"]
        found.append(mistake(m.ids, m.values | {"output_shape": (steps_t, h_out)}, *m.steps))
    upper = i["input_size"]
    h_out = i.get("proj_size", 0) or i["hidden_size"]
    if i["num_layers"] > 1 and upper != dirs * h_out:
        found.append(counted("rnn.layers-same-input", _rnn_count(r, g, n_bias, dirs, upper_in=upper),
                             "Upper layers read input_size", "layer l > 0 with in = input_size",
                             f"Layer l > 0 reads the layer below: in = {'2·' if bi else ''}H = {dirs * h_out}.",
                             upper_in=upper))
    for biases in sorted({n_bias, 1 if bias else 0}, reverse=True):
        found.append(counted("rnn.forget-recurrent-weights", _rnn_count(r, g, biases, dirs, whh=False),
                             "W_hh left out", "G·(H·in + biases) per layer and direction",
                             "Each block also multiplies h_{t−1}: H·H more weights (W_hh).", whh=False))
    if steps_t > 1:
        grown = r.params * steps_t
        found.append(mistake("rnn.params-grow-with-length", {"params": grown},
                             Step("Parameters per time step", "params·T", f"{show(r.params)}·{steps_t}",
                                  show(grown), "All time steps share one set of weights.")))
    return found


def attention_mistakes(r: Result) -> list[Mistake]:
    """Mistakes of multi-head attention: biases, W^O, heads, d_k, the score shape, weights vs activations."""
    i, q = r.inputs, r.quantities
    e, h, bias, kd, vd, L, S, n = (i[k] for k in ("embed_dim", "num_heads", "bias", "kdim", "vdim", "seq_len",
                                                 "source_len", "batch"))
    dk = e // h
    pre = (n,) if n is not None else ()
    found = []
    if bias:
        w = r.params - 4 * e
        found.append(mistake("attention.projection-bias-omitted", {"params": w, "params_per_projection": e * e},
                             Step("Weights only", "4·d²" if kd == vd == e else "d·d + d·kdim + d·vdim + d·d", "",
                                  show(w), f"bias=True: the four projections have {4 * e} biases, 4·d.")))
    no_out = q["in_proj_params"]
    found.append(mistake("attention.out-proj-forgotten", {"params": no_out},
                         Step("Q, K, V projections only", "3·d² + 3·d" if bias else "3·d²", "", show(no_out),
                              f"The concatenated heads go through W^O ({h * dk}×{e}) too.")))
    if h > 1:
        found.append(mistake("attention.multihead-more-params", {"params": r.params * h},
                             Step("Parameters per head", "h·(4·d² + 4·d)" if bias else "h·4·d²",
                                  f"{h}·{show(r.params)}", show(r.params * h),
                                  f"Each head projects to d_k = d/h = {dk}: the h heads together are one d×d.")))
        # Its parameter count is left out: without biases it is multihead-more-params' h·4d² exactly.
        values: dict[str, Any] = {
            "d_k": e, "d_v": e, "head_dim": e, "wq_head_shape": (e, e), "wk_head_shape": (kd, e),
            "wv_head_shape": (vd, e), "wo_shape": (h * e, e),
        }
        if L is not None:
            values |= {"q_head_shape": (*pre, L, e), "head_out_shape": (*pre, L, e),
                       "concat_shape": (*pre, L, h * e), "q_heads_shape": (*pre, h, L, e)}
        found.append(mistake("attention.dk-as-dmodel", values,
                             Step("Head width taken as d_model", "d_k = d_model", "", str(e),
                                  f"The heads split d_model: d_k = {e}/{h} = {dk}.")))
    if L is not None and dk != S:
        found.append(mistake("attention.scores-shape-dk",
                             {"scores_head_shape": (*pre, L, dk), "scores_shape": (*pre, h, L, dk)},
                             Step("Scores taken as n×d_k", "Q·Kᵀ: (n, d_k)", "", f"({L}, {dk})",
                                  f"(n, d_k)·(d_k, m) = (n, m): ({L}, {S}), one score per query-key pair.")))
    if L is not None and e != L:
        found.append(mistake("attention.weights-vs-activations",
                             {"q_head_shape": (*pre, e, dk), "q_shape": (*pre, e, e), "wq_head_shape": (L, dk)},
                             Step("Q taken for its weight", "Q_i: (d_model, d_k)", "", f"({e}, {dk})",
                                  f"W_i^Q is (d_model, d_k); Q_i = X·W_i^Q has one row per position: ({L}, {dk}).")))
    return found


def transformer_mistakes(r: Result) -> list[Mistake]:
    """Parameter mistakes of a Transformer encoder or decoder layer."""
    i, q = r.inputs, r.quantities
    d, ff, bias = i["d_model"], i["dim_feedforward"], i["bias"]
    decoder = r.solver.endswith("decoder_layer")
    n_attn = 2 if decoder else 1
    attn = q["attention_params"]

    def less(ids: str, minus: int, title: str, sub: str, note: str) -> Mistake:
        return mistake(ids, {"params": r.params - minus},
                       Step(title, "params − " + sub, f"{show(r.params)} − {show(minus)}", show(r.params - minus),
                            note))

    found = [less("transformer.ffn-params-partial", ff * d + (d if bias else 0), "One FFN linear only",
                  "d_ff·d", "The FFN has two linears: d→d_ff and d_ff→d.")]
    if bias:
        found.append(less("transformer.ffn-params-partial", ff + d, "FFN without biases", "(d_ff + d)",
                          "Both FFN linears have biases: d_ff + d."))
        found.append(less("attention.projection-bias-omitted", n_attn * 4 * d, "Attention biases left out",
                          f"{n_attn}·4·d", "Each attention has 4·d projection biases."))
    found.append(less("attention.out-proj-forgotten", n_attn * (d * d + (d if bias else 0)), "W^O left out",
                      f"{n_attn}·(d² + d)" if bias else f"{n_attn}·d²", "Each attention ends in W^O (d×d)."))
    found.append(less("transformer.layernorm-params-forgotten", q["norm_params"], "LayerNorms left out",
                      "LayerNorm γ, β", "Each sub-layer's LayerNorm has γ (and β): d each."))
    sublayer = attn + q["norm_params"] // (3 if decoder else 2)  # an attention sub-layer and its LayerNorm
    if decoder:
        found.append(less("transformer.sublayer-count", sublayer, "Cross-attention left out", "(attention + LN)",
                          "A decoder layer has three sub-layers: masked self-attention, cross-attention, FFN."))
    else:
        found.append(mistake("transformer.sublayer-count", {"params": r.params + sublayer},
                             Step("Cross-attention added", "params + attention + LN",
                                  f"{show(r.params)} + {show(sublayer)}", show(r.params + sublayer),
                                  "An encoder layer has two sub-layers: self-attention and the FFN; cross-attention "
                                  "is the decoder's.")))
    return found
