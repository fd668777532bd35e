"""The worked solver steps behind a numeric or parametric item, as `dlquiz calc` would show them.

Items name a template solver (`solvers.registry`: short course names such as n, k, c_in, a flat dict out);
the calculator's solvers take PyTorch's arguments and return a `Result` with steps. This module maps the
first onto the second, so after an answer the learner sees the same derivation as the calculator prints.
Template solvers with no calculator counterpart (activation values, losses, optimiser steps) have no
steps here; their worked text is the item's own explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dlquiz.bank import params, schema
from dlquiz.bank.instance import Instance


@dataclass(frozen=True)
class Worked:
    """What to show after an answer: the calculator's result (with steps) and/or the solver's outputs."""

    solver: str
    args: dict[str, Any]
    outputs: dict[str, Any]
    result: Any = None  # a solvers.result.Result, when the template solver has a calculator counterpart


def _conv2d(n: int, k: int, c_in: int, c_out: int, p: int = 0, s: int = 1, d: int = 1, groups: int = 1,
            bias: bool = True, batch: int = 1, h: int | None = None) -> Any:
    from solvers import conv

    return conv.conv2d((c_in, n if h is None else h, n), c_out, k, s, p, d, groups, bias, batch)


def _pool2d(n: int, k: int, s: int | None = None, p: int = 0, d: int = 1, ceil_mode: bool = False,
            c: int = 1) -> Any:
    from solvers import pooling

    return pooling.max_pool2d((c, n, n), k, s, p, d, ceil_mode)


def _conv_transpose2d(n: int, k: int, c_in: int, c_out: int, s: int = 1, p: int = 0, output_padding: int = 0,
                      d: int = 1, groups: int = 1, bias: bool = True) -> Any:
    from solvers import conv_transpose

    return conv_transpose.conv_transpose2d((c_in, n, n), c_out, k, s, p, output_padding, d, groups, bias)


def _receptive_field(k: list[int], s: list[int] | None = None, d: list[int] | None = None) -> Any:
    from solvers import receptive

    return receptive.receptive_field(k, s, d)


def _depthwise_separable(k: int, c_in: int, c_out: int, bias: bool = False, n: int | None = None) -> Any:
    from solvers import separable

    side = n if n is not None else k
    return separable.depthwise_separable((c_in, side, side), c_out, k, padding="same", bias=bias)


def _mha(n: int, d_model: int, h: int, bias: bool = True, m: int | None = None, batch: int = 1) -> Any:
    from solvers import attention

    return attention.multihead_attention(d_model, h, bias, seq_len=n, source_len=m,
                                        batch=batch if batch != 1 else None)


def _rnn_params(cell: str, input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False,
                bias: bool = True) -> Any:
    from solvers import recurrent

    return recurrent.recurrent(cell, input_size, hidden_size, num_layers, bias, bidirectional, 0, 1, 1)


def _linear(in_features: int, out_features: int, bias: bool = True) -> Any:
    from solvers import dense

    return dense.linear(in_features, out_features, bias)


# Template solver name → the calculator call with the same configuration.
CALCULATOR_OF: dict[str, Callable[..., Any]] = {
    "conv2d": _conv2d, "pool2d": _pool2d, "conv_transpose2d": _conv_transpose2d,
    "receptive_field": _receptive_field, "depthwise_separable": _depthwise_separable, "mha": _mha,
    "rnn_params": _rnn_params, "linear": _linear,
}  # fmt: skip


def worked(solver: str, args: dict[str, Any]) -> Worked | None:
    """The solver outputs and, where one exists, the calculator result for a template-solver call.

    Returns None when the solver is unknown or rejects the arguments (the item is then shown without steps;
    `bank check` reports such items).
    """
    from dlquiz.bank.instance import SolverMissing, run_solver
    from solvers import SolverError

    try:
        outputs = run_solver(solver, dict(args))
    except (SolverMissing, SolverError, TypeError):
        return None
    result = None
    calculator = CALCULATOR_OF.get(solver)
    if calculator is not None:
        try:
            result = calculator(**args)
        except (SolverError, TypeError):
            result = None
    return Worked(solver, dict(args), outputs, result)


def for_item(question: schema.QuestionBase, instance: Instance | None = None) -> Worked | None:
    """The worked computation of a numeric item with `compute:` or of a drawn parametric item."""
    if instance is not None:
        template = instance.template
        return worked(template.solver, params.substitute(template.solver_args, instance.params))
    if isinstance(question, schema.Numeric) and question.compute is not None:
        return worked(question.compute.solver, question.compute.args)
    return None
