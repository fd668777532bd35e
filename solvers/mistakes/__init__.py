"""The numbers known mistakes produce: for one configuration, each applicable misconception's wrong values.

`mistakes("conv2d", input_shape=(3, 32, 32), out_channels=6, kernel_size=5, padding=1)` runs the calculator's
solver and returns what forgetting the +1, counting the padding once, leaving out the bias … would give, each
named by its id in quizbank/misconceptions.yaml and carrying its own worked steps. `template_mistakes` does the
same for the template solvers of `solvers.registry`, keyed by their output names, for grading drawn questions.

A mistake is listed when the configuration lets it make a difference in principle (padding > 0 for the padding
mistakes, groups > 1 for groups ignored …); its value may still equal the right one by accident, which the
question sampler avoids and the graders ignore (a right answer is never diagnosed).
"""

from __future__ import annotations

from collections.abc import Callable
from math import prod
from typing import Any

from solvers.mistakes.base import Mistake, mistake
from solvers.result import Result, Step

__all__ = ["Mistake", "mistakes", "mistakes_of", "template_mistakes"]


def _conv(r: Result, kwargs: dict[str, Any]) -> list[Mistake]:
    from solvers.mistakes import counts, sliding

    assert r.output_shape is not None
    c_in, c_out = r.inputs["input_shape"][0], r.output_shape[0]
    per_out = c_in // r.inputs["groups"] * prod(r.inputs["kernel_size"]) + (1 if r.inputs["bias"] else 0)

    def macs_of(outs: tuple[int, ...]) -> int:
        return r.inputs["batch"] * c_out * prod(outs) * per_out

    found = sliding.window_mistakes(r, sliding.columns(r), pooling=False, macs_of=macs_of)
    if c_in != c_out:
        found.append(mistake("conv.out-channels-equal-in", {"output_shape": (c_in, *r.output_shape[1:])},
                             Step("Channels kept", "C_out = C_in", "", str(c_in),
                                  f"C_out is the number of kernels: {c_out}.")))
    return found + counts.conv_param_mistakes(r) + counts.mac_mistakes(r)


def _load(module: str, name: str) -> Callable[..., list[Mistake]]:
    import importlib

    fn = getattr(importlib.import_module(f"solvers.mistakes.{module}"), name)
    return fn


def _with_macs(module: str, name: str) -> Callable[[Result, dict[str, Any]], list[Mistake]]:
    def run(r: Result, _kwargs: dict[str, Any]) -> list[Mistake]:
        from solvers.mistakes import counts

        return _load(module, name)(r) + counts.mac_mistakes(r)

    return run


def _transposed(r: Result, kwargs: dict[str, Any]) -> list[Mistake]:
    from solvers.mistakes import counts, sliding

    return sliding.transposed_mistakes(r, kwargs) + counts.transposed_param_mistakes(r) + counts.mac_mistakes(r)


def _pool(r: Result, kwargs: dict[str, Any]) -> list[Mistake]:
    from solvers.mistakes import sliding

    return sliding.pool_mistakes(r, kwargs)


def _adaptive(r: Result, _kwargs: dict[str, Any]) -> list[Mistake]:
    c = r.output_shape[0] if r.output_shape else 1
    ids = ("pooling.has-params", "basics.param-vs-hyperparam")
    if r.inputs["output_size"] == (1, 1):
        ids = ("classic-cnn.gap-has-params", *ids)
    return [mistake(ids, {"params": c},
                    Step("A weight per channel", "C", "", str(c), "Average pooling has no learnable parameters."))]


FULL: dict[str, Callable[[Result, dict[str, Any]], list[Mistake]]] = {
    "conv1d": _conv,
    "conv2d": _conv,
    "conv3d": _conv,
    "conv_transpose2d": _transposed,
    "max_pool2d": _pool,
    "avg_pool2d": _pool,
    "adaptive_avg_pool2d": _adaptive,
    "depthwise_separable": _with_macs("counts", "separable_mistakes"),
    "linear": _with_macs("counts", "linear_mistakes"),
    "rnn": _with_macs("sequence", "rnn_mistakes"),
    "lstm": _with_macs("sequence", "rnn_mistakes"),
    "gru": _with_macs("sequence", "rnn_mistakes"),
    "multihead_attention": _with_macs("sequence", "attention_mistakes"),
    "transformer_encoder_layer": _with_macs("sequence", "transformer_mistakes"),
    "transformer_decoder_layer": _with_macs("sequence", "transformer_mistakes"),
    "batch_norm": lambda r, _k: _load("stack", "batch_norm_mistakes")(r),
    "layer_norm": lambda r, _k: [],
    "receptive_field": lambda r, _k: _load("stack", "receptive_mistakes")(r),
}


def mistakes_of(result: Result, kwargs: dict[str, Any] | None = None) -> list[Mistake]:
    """The mistakes for a result a calculator solver already returned (`kwargs`: the arguments as given,
    for the few mistakes that depend on what was left to its default, such as pooling's stride).

    A solver without known mistakes (a network summary) gives an empty list.
    """
    fn = FULL.get(result.solver)
    return fn(result, kwargs or {}) if fn is not None else []


def mistakes(solver: str, /, **kwargs: Any) -> list[Mistake]:
    """Runs the calculator solver `solver` with `kwargs` and returns its mistakes.

    Raises:
        KeyError: no calculator solver of that name.
        SolverError: the configuration is impossible.
    """
    from solvers import catalog

    return mistakes_of(catalog.load(solver)(**kwargs), kwargs)


def template_mistakes(name: str, /, **kwargs: Any) -> list[Mistake]:
    """The mistakes of a template solver (`solvers.registry`), values keyed by its output names.

    Raises:
        SolverError: an unknown name or an impossible configuration (as `solvers.registry.solve`).
    """
    from solvers.mistakes.templates import template_mistakes as run

    return run(name, **kwargs)
