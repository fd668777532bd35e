"""Mistakes of the template solvers (`solvers.registry`), keyed by the output names questions read.

Layer templates run the calculator solver the registry wraps and rename its mistakes' fields; the numeric
templates (activations, losses, optimisers) have their own mistakes in `solvers.mistakes.numeric`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from solvers import attention, conv, conv_transpose, dense, pooling, receptive, recurrent, registry, separable
from solvers.errors import SolverError
from solvers.mistakes import blocks, mistakes_of, numeric
from solvers.mistakes.base import Mistake, mistake, show
from solvers.result import Result, Step

# A field of a calculator result → (template output name, how to turn the value into it).
Renames = dict[str, list[tuple[str, Callable[[Any], Any]]]]


def _same(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


# Mistakes that change only the channels of an output shape; the others change only its spatial sizes.
CHANNEL_MISTAKES = {"conv.out-channels-equal-in", "pooling.mixes-channels"}
SPATIAL_FIELDS = ("out_size", "out_height")


def _renamed(found: list[Mistake], renames: Renames, keep_unnamed: bool = False) -> list[Mistake]:
    out = []
    for m in found:
        values: dict[str, Any] = {}
        for key, value in m.values.items():
            targets = renames.get(key, [(key, _same)] if keep_unnamed else [])
            if key == "output_shape":
                wanted = {"out_shape", "out_channels"} if m.id in CHANNEL_MISTAKES else {"out_shape", *SPATIAL_FIELDS}
                targets = [t for t in targets if t[0] in wanted]
            for name, convert in targets:
                values[name] = convert(value)
        if values:
            out.append(Mistake(m.ids, values, m.steps))
    return out


_LAYER: Renames = {
    "params": [("n_params", _same)],
    "weights": [("n_weights", _same)],
    "bias_params": [("n_bias", _same)],
    "macs": [("macs", _same)],
    "flops": [("flops", _same)],
}


def _conv2d(n: int, k: int, c_in: int, c_out: int, p: int = 0, s: int = 1, d: int = 1, groups: int = 1,
            bias: bool = True, batch: int = 1, h: int | None = None) -> list[Mistake]:
    r = conv.conv2d((c_in, n if h is None else h, n), c_out, k, s, p, d, groups, bias, batch)
    sizes = [("out_size", lambda v: v[2]), ("out_shape", list), ("out_channels", lambda v: v[0])]
    shape: Renames = {"output_shape": sizes + ([("out_height", lambda v: v[1])] if h is not None else []),
                      "effective_kernel": [("effective_kernel", lambda v: v[-1])]}
    return _renamed(mistakes_of(r), _LAYER | shape)


def _pool2d(n: int, k: int, s: int | None = None, p: int = 0, d: int = 1, ceil_mode: bool = False,
            c: int = 1) -> list[Mistake]:
    r = pooling.max_pool2d((c, n, n), k, s, p, d, ceil_mode)
    renames: Renames = {"output_shape": [("out_size", lambda v: v[1]), ("out_shape", list)],
                        "params": [("n_params", _same)]}
    return _renamed(mistakes_of(r, {"stride": s}), renames)


def _conv_transpose2d(n: int, k: int, c_in: int, c_out: int, s: int = 1, p: int = 0, output_padding: int = 0,
                      d: int = 1, groups: int = 1, bias: bool = True) -> list[Mistake]:
    r = conv_transpose.conv_transpose2d((c_in, n, n), c_out, k, s, p, output_padding, d, groups, bias)
    renames: Renames = {"output_shape": [("out_size", lambda v: v[1]), ("out_shape", list)]}
    return _renamed(mistakes_of(r), _LAYER | renames)


def _receptive_field(k: list[int], s: list[int] | None = None, d: list[int] | None = None) -> list[Mistake]:
    return _renamed(mistakes_of(receptive.receptive_field(k, s, d)), {}, keep_unnamed=True)


def _bias_added(direct: int, chain: int, biases_direct: int, biases_chain: int, name: str,
                bias: bool) -> list[Mistake]:
    """Bias counted where the comparison excludes it, or left out where it counts."""
    sign, ids, title = (1, "conv.bias-added", "Biases counted") if not bias else (-1, "conv.bias-omitted", "No biases")
    d, c = direct + sign * biases_direct, chain + sign * biases_chain
    return [mistake(ids, {"params_direct": d, f"params_{name}": c},
                    Step(title, "weights ± one bias per output channel", f"{show(d)}, {show(c)}", show(c),
                         "The question counts no bias." if not bias else "Each convolution has a bias."))]


def _bottleneck(c_in: int, c_mid: int, c_out: int, k: int = 3, bias: bool = False,
                n: int | None = None) -> list[Mistake]:
    out = registry.bottleneck(c_in, c_mid, c_out, k, bias, n)
    return _bias_added(out["params_direct"], out["params_bottleneck"], c_out, 2 * c_mid + c_out, "bottleneck", bias)


def _reduce_1x1(c_in: int, c_mid: int, c_out: int, k: int, bias: bool = False, n: int | None = None) -> list[Mistake]:
    out = registry.reduce_1x1(c_in, c_mid, c_out, k, bias, n)
    return _bias_added(out["params_direct"], out["params_reduced"], c_out, c_mid + c_out, "reduced", bias)


def _depthwise_separable(k: int, c_in: int, c_out: int, bias: bool = False, n: int | None = None) -> list[Mistake]:
    side = n if n is not None else k
    r = separable.depthwise_separable((c_in, side, side), c_out, k, padding="same", bias=bias)
    renames: Renames = {"params": [("n_params", _same)], "params_depthwise": [("params_depthwise", _same)]}
    if n is not None:
        renames["macs"] = [("macs_separable", _same)]
    return _renamed(mistakes_of(r), renames)


def _mha(n: int, d_model: int, h: int, bias: bool = True, m: int | None = None, batch: int = 1) -> list[Mistake]:
    r = attention.multihead_attention(d_model, h, bias, seq_len=n, source_len=m)
    renames: Renames = {"macs": [("macs", lambda v: v * batch)], "flops": []}
    return _renamed(mistakes_of(r), renames, keep_unnamed=True)


def _rnn_params(cell: str, input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False,
                bias: bool = True) -> list[Mistake]:
    r: Result = recurrent.recurrent(cell, input_size, hidden_size, num_layers, bias, bidirectional, 0, 1, 1)
    keep = {"params", "params_single_bias", "params_no_bias", "per_layer"}
    found = _renamed(mistakes_of(r), {key: [(key, _same)] for key in keep})
    gates = {"rnn.lstm-three-gates-params": 3, "rnn.gru-two-blocks": 2}
    return [Mistake(m.ids, m.values | {"gate_blocks": gates[m.id]}, m.steps) if m.id in gates else m for m in found]


def _linear(in_features: int, out_features: int, bias: bool = True) -> list[Mistake]:
    return _renamed(mistakes_of(dense.linear(in_features, out_features, bias)), _LAYER)


TEMPLATE_MISTAKES: dict[str, Callable[..., list[Mistake]]] = {
    "conv2d": _conv2d,
    "pool2d": _pool2d,
    "conv_transpose2d": _conv_transpose2d,
    "receptive_field": _receptive_field,
    "bottleneck": _bottleneck,
    "reduce_1x1": _reduce_1x1,
    "depthwise_separable": _depthwise_separable,
    "mha": _mha,
    "rnn_params": _rnn_params,
    "linear": _linear,
    "activation": numeric.activation,
    "softmax": numeric.softmax,
    "cross_entropy": numeric.cross_entropy,
    "binary_cross_entropy": numeric.binary_cross_entropy,
    "regression_loss": numeric.regression_loss,
    "sgd_momentum": numeric.sgd_momentum,
    "adam": numeric.adam,
    "batch_norm": numeric.batch_stats,
    "tiny_net": numeric.tiny_net,
    **{name: getattr(blocks, name) for name in (
        "gradient_chain", "activation_compare", "attention_output", "mlp_params", "neurons", "correlate1d",
        "conv_stack", "lora_params", "vit_tokens", "focal_loss", "class_balance", "init_scale", "kl_divergence",
        "hinge_loss", "regression_grad", "penalty_grad", "dropout_scale", "gru_step", "lstm_step",
        "transformer_layer", "batch_norm_params", "mlm_masking", "variance_propagation")},
}


def template_mistakes(name: str, /, **kwargs: Any) -> list[Mistake]:
    """The mistakes of template solver `name` for `kwargs` (its own arguments, as `registry.solve` takes them).

    Raises:
        SolverError: an unknown name, bad arguments, or an impossible configuration.
    """
    fn = TEMPLATE_MISTAKES.get(name)
    if fn is None:
        if name in registry.TEMPLATE_SOLVERS:
            return []
        raise SolverError(f"unknown template solver {name!r}")
    try:
        return fn(**kwargs)
    except TypeError as exc:  # a missing or unexpected argument
        raise SolverError(f"{name}: {exc}") from None
    except SolverError as exc:
        raise SolverError(f"{name}: {exc}") from None
