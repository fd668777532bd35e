"""Counting mistakes of layers with weights: convolution, transposed and separable convolution, linear layers,
and the MAC/FLOP conventions every layer shares."""

from __future__ import annotations

from math import prod
from typing import Any

from solvers.mistakes.base import Mistake, mistake, show
from solvers.result import Result, Step


def mac_mistakes(r: Result) -> list[Mistake]:
    """MACs given as FLOPs and the reverse; bias adds left out of MACs that count them."""
    if r.macs is None or r.macs == 0:
        return []
    found = [
        mistake("conv.macs-as-flops", {"flops": r.macs},
                Step("FLOPs taken as MACs", "FLOPs = MACs", "", show(r.macs),
                     "One MAC is a multiply and an add: FLOPs = 2 × MACs.")),
        mistake("conv.flops-as-macs", {"macs": 2 * r.macs},
                Step("MACs doubled", "MACs = 2 × (multiply-adds)", f"2 × {show(r.macs)}", show(2 * r.macs),
                     "A multiply-accumulate counts once; 2 × MACs is the FLOP count.")),
    ]
    without = r.quantities.get("macs_without_bias")
    if r.bias_in_macs and without is not None and without != r.macs:
        found.append(mistake("basics.macs-without-bias-adds", {"macs": without, "flops": 2 * without},
                             Step("Bias adds left out", "MACs = multiply-adds of the weights only", "",
                                  show(without), "Here each bias add counts as one MAC as well.")))
    return found


def conv_param_mistakes(r: Result) -> list[Mistake]:
    """Parameter-count mistakes of a convolution (conv1d/2d/3d, one layer)."""
    assert r.output_shape is not None
    c_in, c_out = r.inputs["input_shape"][0], r.output_shape[0]
    k, g, bias, batch = r.inputs["kernel_size"], r.inputs["groups"], r.inputs["bias"], r.inputs["batch"]
    d = r.inputs["dilation"]
    outs = prod(r.output_shape[1:])
    kp, per = prod(k), c_in // g
    kern = "·".join(map(str, k))
    weights, nb = r.quantities["weights"], (c_out if bias else 0)

    def counted(w: int, title: str, formula: str, sub: str, note: str, ids: str,
                macs_per_out: int | None = None) -> Mistake:
        b = nb
        values: dict[str, Any] = {"weights": w, "params": w + b}
        if macs_per_out is not None:
            macs = batch * c_out * outs * (macs_per_out + (1 if bias else 0))
            values |= {"macs": macs, "flops": 2 * macs}
        total = Step("Parameters", "weights + bias", f"{show(w)} + {show(b)}", show(w + b))
        return mistake(ids, values, Step(title, formula, sub, show(w), note), total)

    found = []
    if bias:
        found.append(mistake("conv.bias-omitted", {"params": weights, "bias_params": 0},
                             Step("Parameters without bias", "K·K·C_in·C_out", f"{kern}·{per}·{c_out}",
                                  show(weights), f"Each of the {c_out} kernels has a bias: + {c_out}.")))
        variants = [(c_in, "one per input channel", c_in != c_out), (weights, "one per weight", weights != c_out),
                    (c_in * c_out, "one per input channel of each kernel", c_in > 1),
                    (c_out * outs, "one per output position", outs > 1)]
        for n_bias, what in (v[:2] for v in variants if v[2]):
            found.append(mistake("conv.bias-per-weight", {"bias_params": n_bias, "params": weights + n_bias},
                                 Step("Biases", what, "", show(n_bias),
                                      f"There is one bias per output channel: {c_out}."),
                                 Step("Parameters", "weights + bias", f"{show(weights)} + {show(n_bias)}",
                                      show(weights + n_bias))))
    else:
        found.append(mistake("conv.bias-added", {"params": weights + c_out, "bias_params": c_out},
                             Step("Parameters with bias", "K·K·C_in·C_out + C_out",
                                  f"{kern}·{per}·{c_out} + {c_out}", show(weights + c_out),
                                  "The question (bias=False) counts no bias.")))
    if g > 1:
        found.append(counted(kp * c_in * c_out, "Weights, groups ignored", "K·K·C_in·C_out",
                             f"{kern}·{c_in}·{c_out}", f"Each kernel sees C_in/groups = {c_in}/{g} = {per} channels.",
                             "conv.groups-ignored", macs_per_out=c_in * kp))
    if c_out > 1:
        one = kp * per
        variants = [(one, f"{kern}·{per}")] + ([(one + 1, f"{kern}·{per} + 1")] if bias else [])
        for total, sub in variants:
            found.append(mistake("conv.params-per-kernel-only", {"weights": one, "params": total},
                                 Step("One kernel", "K·K·C_in" + (" (+ 1 bias)" if total > one else ""), sub,
                                      show(total), f"There are C_out = {c_out} kernels: × {c_out}.")))
    if per > 1:
        found.append(counted(kp * c_out, "Weights without input channels", "K·K·C_out", f"{kern}·{c_out}",
                             f"Each kernel is K·K·C_in deep: {kern}·{per}.", "conv.params-ignore-input-channels"))
    if kp == 1 and per > 1:
        scale = c_in + (c_in if bias else 0)
        found.append(mistake("conv-variants.one-by-one-no-mixing", {"weights": c_in, "params": scale},
                             Step("1×1 taken as a per-channel scale", "C_in" + (" + C_in" if bias else ""), "",
                                  show(scale), f"A 1×1 conv mixes all {c_in} input channels into each of the "
                                  f"{c_out} outputs: C_in·C_out weights.")))
    if outs > 1:
        shared = r.params * outs
        found.append(mistake("conv.weight-sharing-ignored", {"params": shared, "weights": weights * outs},
                             Step("Parameters per output position", "(weights + bias)·H_out·W_out",
                                  f"{show(r.params)}·{outs}", show(shared),
                                  "One kernel slides over every position: the count does not grow with it.")))
    if any(di > 1 for di in d):
        spans = [di * (ki - 1) + 1 for ki, di in zip(k, d, strict=True)]
        w = prod(spans) * per * c_out
        found.append(counted(w, "Weights of the dilated span", "K_eff·K_eff·C_in·C_out",
                             f"{'·'.join(map(str, spans))}·{per}·{c_out}",
                             "Dilation spreads the same K·K taps apart; it adds no weights.",
                             "conv-variants.dilation-adds-params"))
    return found


def transposed_param_mistakes(r: Result) -> list[Mistake]:
    """Parameter-count mistakes of a transposed convolution: bias and groups."""
    assert r.output_shape is not None
    c_in, c_out = r.inputs["input_shape"][0], r.output_shape[0]
    g, bias, kp = r.inputs["groups"], r.inputs["bias"], prod(r.inputs["kernel_size"])
    weights = r.quantities["weights"]
    found = []
    if bias:
        found.append(mistake("conv.bias-omitted", {"params": weights, "bias_params": 0},
                             Step("Parameters without bias", "C_in·(C_out/groups)·K·K", "", show(weights),
                                  f"Each output channel has a bias: + {c_out}.")))
    else:
        found.append(mistake("conv.bias-added", {"params": weights + c_out, "bias_params": c_out},
                             Step("Parameters with bias", "weights + C_out", f"{show(weights)} + {c_out}",
                                  show(weights + c_out), "The question (bias=False) counts no bias.")))
    if g > 1:
        w = c_in * c_out * kp
        found.append(mistake("conv.groups-ignored", {"weights": w, "params": w + (c_out if bias else 0)},
                             Step("Weights, groups ignored", "C_in·C_out·K·K", f"{c_in}·{c_out}·{kp}", show(w),
                                  f"With groups = {g} each input channel reaches C_out/groups = {c_out // g}.")))
    return found


def linear_mistakes(r: Result) -> list[Mistake]:
    """Parameter-count mistakes of a fully connected layer."""
    n_in, n_out, bias = r.inputs["in_features"], r.inputs["out_features"], r.inputs["bias"]
    found = [mistake("basics.fc-count-by-neurons", {"params": n_in + n_out},
                     Step("Neurons added", "in + out", f"{n_in} + {n_out}", show(n_in + n_out),
                          "Every input connects to every output: in·out weights."))]
    if bias:
        found.append(mistake("basics.fc-bias-forgotten", {"params": n_in * n_out, "bias_params": 0},
                             Step("Weights only", "in·out", f"{n_in}·{n_out}", show(n_in * n_out),
                                  f"Each output has a bias: + {n_out}.")))
    return found


def separable_mistakes(r: Result) -> list[Mistake]:
    """Depthwise-separable convolution: the depthwise part alone taken for the whole (seed audit A41)."""
    q, c_in = r.quantities, r.inputs["input_shape"][0]
    k, bias = r.inputs["kernel_size"], r.inputs["bias"]
    kern, kp = "·".join(map(str, k)), prod(k)
    dw = Step("Depthwise only", "K·K·C" + (" + C" if bias else ""), f"{kern}·{c_in}" + (f" + {c_in}" if bias else ""),
              show(q["params_depthwise"]), "The separable convolution adds the pointwise 1×1 (C·C′) that mixes "
              "the channels; depthwise alone is not depthwise-separable.")
    values: dict[str, Any] = {"params": q["params_depthwise"]}
    if r.macs is not None:
        values |= {"macs": q["macs_depthwise"], "flops": 2 * q["macs_depthwise"]}
    found = [mistake(("conv-variants.depthwise-as-separable", "conv-variants.separable-no-pointwise"), values, dw)]
    if c_in > 1:
        full = kp * c_in * c_in + (c_in if bias else 0)
        found.append(mistake("conv.groups-ignored",
                             {"params_depthwise": full, "params": full + q["params_pointwise"]},
                             Step("Depthwise counted as a full convolution", "K·K·C·C", f"{kern}·{c_in}·{c_in}",
                                  show(full), "With groups = C each depthwise filter sees one channel: K·K·C."),
                             Step("Parameters", "depthwise + pointwise",
                                  f"{show(full)} + {show(q['params_pointwise'])}",
                                  show(full + q["params_pointwise"]))))
    return found
