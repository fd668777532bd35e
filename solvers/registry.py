"""The template solvers the question bank calls by name: plain keyword arguments in, a flat dict out.

`param` templates and `compute:` blocks name a solver here and read fields of its dict. Arguments use the
course's short names (n, k, p, s, c_in …); each function states its conventions in its docstring, and each
result holds only JSON-able values (numbers, bools, lists of numbers).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from solvers import activation_sets as activation_sets_mod
from solvers import attention, backprop, checks, functions, norms, optimizers, pooling, recurrent, separable
from solvers import attention_step as attention_step_mod
from solvers import cell_steps as cell_steps_mod
from solvers import conv as conv_mod
from solvers import conv_by_hand as conv_by_hand_mod
from solvers import conv_transpose as convt_mod
from solvers import data_counts as data_counts_mod
from solvers import dense as linear_mod
from solvers import gradient_flow as gradient_flow_mod
from solvers import imbalance as imbalance_mod
from solvers import initialization as init_mod
from solvers import loss_terms as loss_terms_mod
from solvers import model_sizes as model_sizes_mod
from solvers import receptive as rf_mod
from solvers import regularization as regularization_mod
from solvers.arithmetic import course_out, effective_kernel
from solvers.errors import SolverError


def conv2d(
    n: int,
    k: int,
    c_in: int,
    c_out: int,
    p: int = 0,
    s: int = 1,
    d: int = 1,
    groups: int = 1,
    bias: bool = True,
    batch: int = 1,
    h: int | None = None,
) -> dict[str, Any]:
    """A conv layer on an n×n×c_in input: PyTorch's floor form, P per side, the course's unfloored value too.

    Returns out_size, out_channels, out_shape [c_out, out, out], n_weights (k·k·c_in/groups·c_out), n_bias,
    n_params, macs (bias add counted as a MAC), flops (= 2·macs), effective_kernel d·(k−1)+1 and course_out,
    (n + 2p − k_eff)/s + 1 unfloored. With h (a height ≠ n) out_size is the width and out_height the height.
    """
    r = conv_mod.conv2d((c_in, n if h is None else h, n), c_out, k, s, p, d, groups, bias, batch)
    assert r.output_shape is not None
    out = {
        "out_size": r.output_shape[2],
        "out_channels": c_out,
        "out_shape": list(r.output_shape),
        "n_weights": r.quantities["weights"],
        "n_bias": r.quantities["bias_params"],
        "n_params": r.params,
        "macs": r.macs,
        "flops": r.flops,
        "effective_kernel": r.quantities["effective_kernel"][1],
        "course_out": r.quantities["course_out"][1],
    }
    if h is not None:
        out["out_height"] = r.output_shape[1]
    return out


def pool2d(
    n: int, k: int, s: int | None = None, p: int = 0, d: int = 1, ceil_mode: bool = False, c: int = 1
) -> dict[str, Any]:
    """Max (or, with d = 1, average) pooling on n×n×c: stride defaults to k, P ≤ ⌊k/2⌋ as PyTorch demands.

    Returns out_size, out_shape [c, out, out], n_params (always 0) and course_out (unfloored).
    """
    r = pooling.max_pool2d((c, n, n), k, s, p, d, ceil_mode)
    assert r.output_shape is not None
    course = course_out(n, effective_kernel(k, d), r.inputs["stride"][0], 2 * p)
    return {"out_size": r.output_shape[1], "out_shape": list(r.output_shape), "n_params": 0,
            "course_out": float(course)}


def conv_transpose2d(
    n: int,
    k: int,
    c_in: int,
    c_out: int,
    s: int = 1,
    p: int = 0,
    output_padding: int = 0,
    d: int = 1,
    groups: int = 1,
    bias: bool = True,
) -> dict[str, Any]:
    """A transposed conv: out = (n−1)·s − 2p + d·(k−1) + output_padding + 1 (PyTorch).

    Returns out_size, out_shape, n_weights (c_in·c_out/groups·k²), n_params, macs, and conv_formula_out:
    what the ordinary conv formula ⌊(n + 2p − k)/s⌋ + 1 would wrongly give.
    """
    r = convt_mod.conv_transpose2d((c_in, n, n), c_out, k, s, p, output_padding, d, groups, bias)
    assert r.output_shape is not None
    return {
        "out_size": r.output_shape[1],
        "out_shape": list(r.output_shape),
        "n_weights": r.quantities["weights"],
        "n_params": r.params,
        "macs": r.macs,
        "conv_formula_out": r.quantities["conv_formula_out"][0],
    }


def receptive_field(k: list[int], s: list[int] | None = None, d: list[int] | None = None) -> dict[str, Any]:
    """Receptive field of a stack, input side first: r += (d·(k−1)+1 − 1)·jump, jump *= s.

    Returns rf, jump, rf_per_layer, jump_per_layer.
    """
    q = rf_mod.receptive_field(k, s, d).quantities
    return {
        "rf": q["rf"],
        "jump": q["jump"],
        "rf_per_layer": q["rf_per_layer"],
        "jump_per_layer": q["jump_per_layer"],
    }


def bottleneck(
    c_in: int, c_mid: int, c_out: int, k: int = 3, bias: bool = False, n: int | None = None
) -> dict:
    """A ResNet bottleneck (1×1 c_in→c_mid, k×k c_mid→c_mid, 1×1 c_mid→c_out) against one k×k c_in→c_out.

    Bias excluded by default (ResNet's convs have none). With n: MACs on an n×n input, 'same' padding,
    stride 1, bias adds counted when bias is true.

    Returns params_direct, params_bottleneck, saving (direct − bottleneck), ratio (bottleneck/direct);
    with n also macs_direct, macs_bottleneck.
    """
    side = n if n is not None else k
    direct = conv_mod.conv2d((c_in, side, side), c_out, k, padding="same", bias=bias)
    chain = [
        conv_mod.conv2d((c_in, side, side), c_mid, 1, bias=bias),
        conv_mod.conv2d((c_mid, side, side), c_mid, k, padding="same", bias=bias),
        conv_mod.conv2d((c_mid, side, side), c_out, 1, bias=bias),
    ]
    out = _compare(direct, chain, "bottleneck")
    if n is not None:
        out |= {"macs_direct": direct.macs, "macs_bottleneck": sum(r.macs or 0 for r in chain)}
    return out


def reduce_1x1(c_in: int, c_mid: int, c_out: int, k: int, bias: bool = False, n: int | None = None) -> dict:
    """GoogLeNet's reduction: a 1×1 c_in→c_mid before the k×k c_mid→c_out, against the k×k c_in→c_out alone.

    Returns params_direct, params_reduced, saving, ratio (reduced/direct); with n also macs_direct,
    macs_reduced ('same' padding, stride 1).
    """
    side = n if n is not None else k
    direct = conv_mod.conv2d((c_in, side, side), c_out, k, padding="same", bias=bias)
    chain = [
        conv_mod.conv2d((c_in, side, side), c_mid, 1, bias=bias),
        conv_mod.conv2d((c_mid, side, side), c_out, k, padding="same", bias=bias),
    ]
    out = _compare(direct, chain, "reduced")
    if n is not None:
        out |= {"macs_direct": direct.macs, "macs_reduced": sum(r.macs or 0 for r in chain)}
    return out


def _compare(direct: Any, chain: list[Any], name: str) -> dict[str, Any]:
    total = sum(r.params for r in chain)
    return {
        "params_direct": direct.params,
        f"params_{name}": total,
        "saving": direct.params - total,
        "ratio": total / direct.params,
    }


def depthwise_separable(k: int, c_in: int, c_out: int, bias: bool = False, n: int | None = None) -> dict:
    """Depthwise k×k (groups = c_in) + pointwise 1×1, against a standard k×k conv (seed audit A41).

    Bias excluded by default. With n: MACs on an n×n input, 'same' padding, stride 1.

    Returns params_depthwise (k²·c_in), params_pointwise (c_in·c_out), n_params, n_params_standard
    (k²·c_in·c_out), ratio (separable/standard), saving; with n also macs_separable, macs_standard.
    """
    side = n if n is not None else k
    r = separable.depthwise_separable((c_in, side, side), c_out, k, padding="same", bias=bias)
    q = r.quantities
    out = {
        "params_depthwise": q["params_depthwise"],
        "params_pointwise": q["params_pointwise"],
        "n_params": r.params,
        "n_params_standard": q["params_standard"],
        "ratio": q["ratio"],
        "saving": q["saving"],
    }
    if n is not None:
        out |= {"macs_separable": r.macs, "macs_standard": q["macs_standard"]}
    return out


def mha(n: int, d_model: int, h: int, bias: bool = True, m: int | None = None, batch: int = 1) -> dict:
    """Multi-head attention shapes for n queries and m keys (default n), row-vector convention Q = X·W^Q.

    Returns d_k, d_v, params, params_per_projection, wq_head_shape [d_model, d_k], q_shape [n, d_model],
    q_head_shape [n, d_k], scores_shape [h, n, m], scores_head_shape [n, m], head_out_shape [n, d_v],
    concat_shape [n, h·d_v], wo_shape [h·d_v, d_model], out_shape [n, d_model], macs (for batch).
    """
    r = attention.multihead_attention(d_model, h, bias, seq_len=n, source_len=m)
    q = r.quantities
    keys = (
        "d_k",
        "d_v",
        "params_per_projection",
        "wq_head_shape",
        "q_shape",
        "q_head_shape",
        "scores_shape",
        "scores_head_shape",
        "head_out_shape",
        "concat_shape",
        "wo_shape",
        "out_shape",
    )
    out = {key: list(q[key]) if isinstance(q[key], tuple) else q[key] for key in keys}
    return out | {"params": r.params, "macs": (r.macs or 0) * checks.positive("batch", batch)}


def rnn_params(
    cell: str,
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
) -> dict[str, Any]:
    """Parameters of an RNN, LSTM or GRU: PyTorch's count (two bias vectors) and the textbook's (one).

    Returns params, params_single_bias, params_no_bias, gate_blocks (1, 4, 3), per_layer (list).
    """
    if cell not in recurrent.GATES:
        raise SolverError(f"cell must be rnn, lstm or gru, got {cell!r}")
    r = recurrent.recurrent(cell, input_size, hidden_size, num_layers, bias, bidirectional, 0, 1, 1)
    q = r.quantities
    return {
        "params": r.params,
        "params_single_bias": q["params_single_bias"],
        "params_no_bias": q["params_no_bias"],
        "gate_blocks": q["gate_blocks"],
        "per_layer": q["per_layer"],
    }


def linear(in_features: int, out_features: int, bias: bool = True) -> dict[str, Any]:
    """A fully connected layer. Returns n_params, n_weights, n_bias, macs (one sample, bias add counted)."""
    r = linear_mod.linear(in_features, out_features, bias)
    return {
        "n_params": r.params,
        "n_weights": r.quantities["weights"],
        "n_bias": r.quantities["bias_params"],
        "macs": r.macs,
    }


TEMPLATE_SOLVERS: dict[str, Callable[..., dict]] = {
    "conv2d": conv2d,
    "pool2d": pool2d,
    "conv_transpose2d": conv_transpose2d,
    "receptive_field": receptive_field,
    "bottleneck": bottleneck,
    "reduce_1x1": reduce_1x1,
    "depthwise_separable": depthwise_separable,
    "mha": mha,
    "rnn_params": rnn_params,
    "linear": linear,
    "activation": functions.activation,
    "softmax": functions.softmax,
    "cross_entropy": functions.cross_entropy,
    "binary_cross_entropy": functions.binary_cross_entropy,
    "regression_loss": functions.regression_loss,
    "sgd_momentum": optimizers.sgd_momentum,
    "adam": optimizers.adam,
    "batch_norm": norms.batch_stats,
    "tiny_net": backprop.tiny_net,
    # The numbers of the bank's `compute:` blocks, worked by hand.
    "activation_vector": activation_sets_mod.activation_vector,
    "activation_compare": activation_sets_mod.activation_compare,
    "gradient_chain": gradient_flow_mod.gradient_chain,
    "clip_grad_norm": gradient_flow_mod.clip_grad_norm,
    "init_scale": init_mod.init_scale,
    "variance_propagation": init_mod.variance_propagation,
    "focal_loss": loss_terms_mod.focal_loss,
    "kl_divergence": loss_terms_mod.kl_divergence,
    "hinge_loss": loss_terms_mod.hinge_loss,
    "regression_grad": loss_terms_mod.regression_grad,
    "penalty_grad": regularization_mod.penalty_grad,
    "dropout_scale": regularization_mod.dropout_scale,
    "confusion_metrics": imbalance_mod.confusion_metrics,
    "class_balance": imbalance_mod.class_balance,
    "lstm_step": cell_steps_mod.lstm_step,
    "gru_step": cell_steps_mod.gru_step,
    "attention_output": attention_step_mod.attention_output,
    "causal_mask": attention_step_mod.causal_mask,
    "correlate1d": conv_by_hand_mod.correlate1d,
    "neurons": conv_by_hand_mod.neurons,
    "mlp_params": model_sizes_mod.mlp_params,
    "conv_stack": model_sizes_mod.conv_stack,
    "lora_params": model_sizes_mod.lora_params,
    "transformer_layer": model_sizes_mod.transformer_layer,
    "batch_norm_params": model_sizes_mod.batch_norm_params,
    "vit_tokens": model_sizes_mod.vit_tokens,
    "epoch_iterations": data_counts_mod.epoch_iterations,
    "next_token_targets": data_counts_mod.next_token_targets,
    "mlm_masking": data_counts_mod.mlm_masking,
}


def solve(name: str, /, **kwargs: Any) -> dict[str, Any]:
    """Runs the template solver `name` with keyword arguments.

    Raises:
        SolverError: an unknown name, a missing or unexpected argument, or an impossible configuration.
    """
    fn = TEMPLATE_SOLVERS.get(name)
    if fn is None:
        raise SolverError(f"unknown template solver {name!r}; known: {', '.join(sorted(TEMPLATE_SOLVERS))}")
    sig = inspect.signature(fn)
    unexpected = sorted(set(kwargs) - set(sig.parameters))
    if unexpected:
        raise SolverError(
            f"{name}: unexpected argument(s) {', '.join(unexpected)}; it takes {', '.join(sig.parameters)}"
        )
    missing = [p.name for p in sig.parameters.values() if p.default is p.empty and p.name not in kwargs]
    if missing:
        raise SolverError(f"{name}: missing argument(s) {', '.join(missing)}")
    try:
        return fn(**kwargs)
    except SolverError as exc:
        raise SolverError(f"{name}: {exc}") from None
