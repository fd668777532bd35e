"""Worked solutions for answer keys: a template solver's call replayed through the full solver API.

The bank's `compute:` blocks and `param` templates call the flat template solvers of `solvers.registry`,
which return numbers only. The layer solvers behind them (`solvers.conv2d` …) also return the derivation
(`Result.steps`). This module maps a template solver's arguments onto its layer solver, following the
conventions each template solver documents, so a key can show formula, substitution and value. Solvers
without a layer counterpart (activations, losses, optimisers) have no steps; their explanation is the
worked solution.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from solvers.result import Result, Step, fmt


def _conv2d(n: int, k: int, c_in: int, c_out: int, p: int = 0, s: int = 1, d: int = 1, groups: int = 1,
            bias: bool = True, batch: int = 1, h: int | None = None) -> list[Result]:
    from solvers import conv

    return [conv.conv2d((c_in, n if h is None else h, n), c_out, k, s, p, d, groups, bias, batch)]


def _pool2d(n: int, k: int, s: int | None = None, p: int = 0, d: int = 1, ceil_mode: bool = False,
            c: int = 1) -> list[Result]:
    from solvers import pooling

    return [pooling.max_pool2d((c, n, n), k, s, p, d, ceil_mode)]


def _conv_transpose2d(n: int, k: int, c_in: int, c_out: int, s: int = 1, p: int = 0, output_padding: int = 0,
                      d: int = 1, groups: int = 1, bias: bool = True) -> list[Result]:
    from solvers import conv_transpose

    return [conv_transpose.conv_transpose2d((c_in, n, n), c_out, k, s, p, output_padding, d, groups, bias)]


def _receptive_field(k: list[int], s: list[int] | None = None, d: list[int] | None = None) -> list[Result]:
    from solvers import receptive

    return [receptive.receptive_field(k, s, d)]


def _chain(c_in: int, c_mid: int, c_out: int, k: int, bias: bool, n: int | None, mid_kernel: bool) -> list[Result]:
    from solvers import conv

    side = n if n is not None else k
    layers = [conv.conv2d((c_in, side, side), c_mid, 1, bias=bias)]
    if mid_kernel:  # a bottleneck keeps the k×k between its two 1×1 layers
        layers.append(conv.conv2d((c_mid, side, side), c_mid, k, padding="same", bias=bias))
        layers.append(conv.conv2d((c_mid, side, side), c_out, 1, bias=bias))
    else:
        layers.append(conv.conv2d((c_mid, side, side), c_out, k, padding="same", bias=bias))
    return [conv.conv2d((c_in, side, side), c_out, k, padding="same", bias=bias), *layers]


def _bottleneck(c_in: int, c_mid: int, c_out: int, k: int = 3, bias: bool = False, n: int | None = None,
                ) -> list[Result]:
    return _chain(c_in, c_mid, c_out, k, bias, n, mid_kernel=True)


def _reduce_1x1(c_in: int, c_mid: int, c_out: int, k: int, bias: bool = False, n: int | None = None,
                ) -> list[Result]:
    return _chain(c_in, c_mid, c_out, k, bias, n, mid_kernel=False)


def _depthwise_separable(k: int, c_in: int, c_out: int, bias: bool = False, n: int | None = None) -> list[Result]:
    from solvers import separable

    side = n if n is not None else k
    return [separable.depthwise_separable((c_in, side, side), c_out, k, padding="same", bias=bias)]


def _mha(n: int, d_model: int, h: int, bias: bool = True, m: int | None = None, batch: int = 1) -> list[Result]:
    from solvers import attention

    return [attention.multihead_attention(d_model, h, bias, seq_len=n, source_len=m)]


def _rnn_params(cell: str, input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False,
                bias: bool = True) -> list[Result]:
    from solvers import recurrent

    return [recurrent.recurrent(cell, input_size, hidden_size, num_layers, bias, bidirectional, 0, 1, 1)]


def _linear(in_features: int, out_features: int, bias: bool = True) -> list[Result]:
    from solvers import dense

    return [dense.linear(in_features, out_features, bias)]


BUILDERS: dict[str, Callable[..., list[Result]]] = {
    "conv2d": _conv2d, "pool2d": _pool2d, "conv_transpose2d": _conv_transpose2d,
    "receptive_field": _receptive_field, "bottleneck": _bottleneck, "reduce_1x1": _reduce_1x1,
    "depthwise_separable": _depthwise_separable, "mha": _mha, "rnn_params": _rnn_params, "linear": _linear,
}  # fmt: skip

CHAIN_LABELS = {
    "bottleneck": ("direct k×k", "1×1 reduce", "k×k", "1×1 expand"),
    "reduce_1x1": ("direct k×k", "1×1 reduce", "k×k"),
}


def worked_steps(solver: str, args: dict[str, Any]) -> list[Step]:
    """The derivation behind a template solver's answer; empty when the solver has none.

    A chain of layers (a bottleneck) gives each layer's steps, their titles prefixed by the layer.
    """
    from solvers import SolverError

    builder = BUILDERS.get(solver)
    if builder is None:
        return []
    try:
        results = builder(**args)
    except (SolverError, TypeError):  # the bank check guarantees valid calls; a key simply loses its steps
        return []
    if len(results) == 1:
        return list(results[0].steps)
    # Only the compared figures: MACs when the template was given an input size, parameters always.
    wanted = ("Parameters", "MACs") if args.get("n") is not None else ("Parameters",)
    labels = CHAIN_LABELS[solver]
    steps = [Step(f"{label}: {step.title}", step.formula, step.substitution, step.value, step.note)
             for label, result in zip(labels, results, strict=True) for step in result.steps
             if step.title in wanted]
    chain = results[1:]  # results[0] is the direct k×k layer the chain is compared with
    steps.append(Step(f"{' + '.join(labels[1:])}: Parameters", "sum over the chain",
                      " + ".join(fmt(r.params) for r in chain), fmt(sum(r.params for r in chain))))
    return steps
