"""Output-size mistakes of sliding windows: convolution, pooling and transposed convolution.

Each mistake recomputes every spatial size by a wrong rule (padding once, no +1, no floor …) and shows that
rule's own derivation. A mistake is produced only where the configuration lets it make a difference in
principle (padding > 0, dilation > 1, an inexact division), but its value may still equal the key by
accident; the template sampler avoids such draws.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import prod
from typing import Any

from solvers.arithmetic import DIM_NAMES, effective_kernel, window_out
from solvers.conv import resolve_padding
from solvers.mistakes.base import Mistake, mistake, number, show
from solvers.result import Result, Step

# One spatial dimension: input size, kernel, stride, (left, right) padding, dilation.
Column = tuple[int, int, int, tuple[int, int], int]
# A wrong rule: the column → (value, substitution).
Rule = Callable[[Column], tuple[int | Fraction, str]]


def columns(r: Result) -> list[Column]:
    """The spatial columns of a conv or pooling result, padding resolved to (left, right)."""
    _, *spatial = r.inputs["input_shape"]
    k, s = r.inputs["kernel_size"], r.inputs["stride"]
    d = r.inputs.get("dilation") or (1,) * len(k)
    pad = r.inputs["padding"]
    pads = resolve_padding(pad, len(k), k, s, d)
    return list(zip(spatial, k, s, pads, d, strict=True))


def size(n: int, pad: int, k_eff: int, s: int, rounding: str = "floor", plus_one: bool = True) -> int | Fraction:
    """(n + pad − k_eff)/s rounded by `rounding` (floor, ceil or exact), plus one unless told otherwise."""
    span = n + pad - k_eff
    q: int | Fraction = span // s if rounding == "floor" else -(-span // s) if rounding == "ceil" else Fraction(span, s)
    return q + (1 if plus_one else 0)


def size_text(n: int, pad: str, k_eff: int | str, s: int, rounding: str = "floor", plus_one: bool = True) -> str:
    """The substitution of `size`: `⌊(32 + 2·1 − 3)/1⌋ + 1`."""
    left, right = {"floor": ("⌊", "⌋"), "ceil": ("⌈", "⌉"), "exact": ("", "")}[rounding]
    return f"{left}({n}{pad} − {k_eff})/{s}{right}" + (" + 1" if plus_one else "")


def pad_text(pl: int, pr: int) -> str:
    if pl == pr == 0:
        return ""
    return f" + 2·{pl}" if pl == pr else f" + {pl} + {pr}"


def size_mistake(
    ids: str | tuple[str, ...],
    r: Result,
    cols: list[Column],
    rule: Rule,
    title: str,
    formula: str,
    note: str,
    macs_of: Callable[[tuple[int, ...]], int | None] | None = None,
    channels: int | None = None,
) -> Mistake:
    """A mistake that recomputes every spatial size with `rule`.

    Args:
        formula: the wrong formula, `{X}` standing for the dimension's letter.
        macs_of: the MACs for given (integer) output sizes, to follow the mistake through to the MACs.
        channels: the output channels the mistake gives (default: the correct ones).
    """
    assert r.output_shape is not None
    names = DIM_NAMES[len(cols)]
    results = [rule(c) for c in cols]
    sizes = tuple(number(v) for v, _ in results)
    shape = (r.output_shape[0] if channels is None else channels, *sizes)
    alike = len(cols) > 1 and all(c == cols[0] for c in cols)
    shown = [(" = ".join(names), 0)] if alike else [(name, i) for i, name in enumerate(names)]
    steps = [
        Step(f"{title}: {letter}", formula.replace("{X}", letter.split(" ")[0]), results[i][1], show(sizes[i]), note)
        for letter, i in shown
    ]
    values: dict[str, Any] = {"output_shape": shape}
    if macs_of is not None and all(isinstance(v, int) and v >= 1 for v in sizes):
        macs = macs_of(sizes)  # type: ignore[arg-type]
        if macs is not None:
            values |= {"macs": macs, "flops": 2 * macs}
    return mistake(ids, values, *steps)


def window_mistakes(
    r: Result, cols: list[Column], *, pooling: bool, ceil_mode: bool = False,
    macs_of: Callable[[tuple[int, ...]], int | None] | None = None,
) -> list[Mistake]:
    """The output-size mistakes shared by convolution and pooling."""
    found: list[Mistake] = []
    kind = "pooling window" if pooling else "kernel"

    def ke(c: Column) -> int:
        return effective_kernel(c[1], c[4])

    def add(ids: str, rule: Rule, title: str, formula: str, note: str) -> None:
        found.append(size_mistake(ids, r, cols, rule, title, formula, note, macs_of))

    rounding = "ceil" if ceil_mode else "floor"
    floor_sign = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    if any(pl > 0 for _, _, _, (pl, _), _ in cols):
        add("conv.padding-once",
            lambda c: (size(c[0], c[3][0], ke(c), c[2]), size_text(c[0], f" + {c[3][0]}", ke(c), c[2])),
            "Padding counted once", "{X}_out = ⌊({X}_in + P − K)/S⌋ + 1",
            "P is the padding on each side: the formula adds 2P.")
        add("conv.padding-ignored",
            lambda c: (size(c[0], 0, ke(c), c[2]), size_text(c[0], "", ke(c), c[2])),
            "Padding left out", "{X}_out = ⌊({X}_in − K)/S⌋ + 1",
            "The padded input is {X}_in + 2P wide; padding is what keeps the output from shrinking.")
    add("conv.plus-one-forgotten",
        lambda c: (window_out(c[0], c[1], c[2], sum(c[3]), c[4], ceil_mode) - 1,
                   size_text(c[0], pad_text(*c[3]), ke(c), c[2], rounding, plus_one=False)),
        "No +1", f"{{X}}_out = {floor_sign[0]}({{X}}_in + 2P − K)/S{floor_sign[1]}",
        f"(n + 2P − K)/S counts the steps the {kind} can move; +1 counts its first position.")
    if any((c[0] + sum(c[3]) - ke(c)) % c[2] for c in cols):
        add("conv.no-floor",
            lambda c: (size(c[0], sum(c[3]), ke(c), c[2], "exact"),
                       size_text(c[0], pad_text(*c[3]), ke(c), c[2], "exact")),
            "No rounding", "{X}_out = ({X}_in + 2P − K)/S + 1",
            f"A {kind} sits only at whole positions: the size is rounded "
            + ("up (ceil_mode=True)." if ceil_mode else "down (⌊·⌋)."))
        other = not ceil_mode
        ids = "pooling.ceil-vs-floor" if pooling else "conv.ceil-instead-of-floor"
        add(ids,
            lambda c: (window_out(c[0], c[1], c[2], sum(c[3]), c[4], other),
                       size_text(c[0], pad_text(*c[3]), ke(c), c[2], "ceil" if other else "floor")),
            "Rounded up" if other else "Rounded down",
            "{X}_out = " + ("⌈({X}_in + 2P − K)/S⌉ + 1" if other else "⌊({X}_in + 2P − K)/S⌋ + 1"),
            ("PyTorch floors unless ceil_mode=True." if other else "ceil_mode=True rounds up.")
            if pooling else "Conv2d always floors: a last window that runs past the input is dropped.")
    if any(c[4] > 1 for c in cols):
        add("conv.dilation-ignored",
            lambda c: (window_out(c[0], c[1], c[2], sum(c[3]), 1, ceil_mode),
                       size_text(c[0], pad_text(*c[3]), c[1], c[2], rounding)),
            "Dilation ignored", "{X}_out = ⌊({X}_in + 2P − K)/S⌋ + 1",
            "A dilated kernel spans D·(K−1) + 1 inputs, not K.")
        found.append(_dk_mistake(r, cols, rounding, macs_of))
    return found


def _dk_mistake(r: Result, cols: list[Column], rounding: str, macs_of: Any) -> Mistake:
    m = size_mistake(
        "conv-variants.effective-kernel-dilation", r, cols,
        lambda c: (size(c[0], sum(c[3]), c[4] * c[1], c[2], rounding),
                   size_text(c[0], pad_text(*c[3]), f"{c[4]}·{c[1]}", c[2], rounding)),
        "Effective kernel taken as D·K", "{X}_out = ⌊({X}_in + 2P − D·K)/S⌋ + 1",
        "K taps D apart span D·(K−1) + 1 inputs, not D·K.", macs_of)
    k_eff = tuple(c[4] * c[1] for c in cols)
    step = Step("Effective kernel taken as D·K", "K_eff = D·K",
                ", ".join(dict.fromkeys(f"{c[4]}·{c[1]}" for c in cols)), show(k_eff), "")
    return Mistake(m.ids, m.values | {"effective_kernel": k_eff}, (step, *m.steps))


def pool_mistakes(r: Result, kwargs: dict[str, Any]) -> list[Mistake]:
    """Mistakes of max_pool2d and avg_pool2d."""
    assert r.output_shape is not None
    cols = columns(r)
    found = window_mistakes(r, cols, pooling=True, ceil_mode=r.inputs["ceil_mode"])
    c = r.output_shape[0]
    if kwargs.get("stride") is None and any(k > 1 for _, k, _, _, _ in cols):
        found.append(size_mistake(
            "pooling.stride-defaults-to-one", r, cols,
            lambda col: (window_out(col[0], col[1], 1, sum(col[3]), col[4], r.inputs["ceil_mode"]),
                         size_text(col[0], pad_text(*col[3]), effective_kernel(col[1], col[4]), 1)),
            "Stride taken as 1", "{X}_out = ⌊({X}_in + 2P − K)/1⌋ + 1",
            "Pooling's stride defaults to kernel_size, not 1."))
    if c > 1:
        found.append(mistake("pooling.mixes-channels", {"output_shape": (1, *r.output_shape[1:])},
                             Step("Channels merged", "C_out = 1", "", "1",
                                  f"Pooling works on each channel separately: C_out = C_in = {c}.")))
    window = prod(k for _, k, _, _, _ in cols)
    for params, sub in ((window * c, f"{window}·{c}"), ((window + 1) * c, f"({window} + 1)·{c}")):
        found.append(mistake(("pooling.has-params", "basics.param-vs-hyperparam"), {"params": params},
                             Step("Parameters of the window", "K_h·K_w·C (+ C)", sub, show(params),
                                  "Pooling takes a max or a mean: it has no weights at all, 0 parameters.")))
    return found


def transposed_mistakes(r: Result, kwargs: dict[str, Any]) -> list[Mistake]:
    """Output-size mistakes of a transposed convolution (its parameter mistakes are a conv's)."""
    assert r.output_shape is not None
    _, *spatial = r.inputs["input_shape"]
    k, s, p, op, d = (r.inputs[key] for key in ("kernel_size", "stride", "padding", "output_padding", "dilation"))
    # The padding slot holds (P, output_padding): the transposed rules read both.
    cols = list(zip(spatial, k, s, zip(p, op, strict=True), d, strict=True))
    c_out, bias, batch = r.output_shape[0], r.inputs["bias"], r.inputs["batch"]
    macs_w = r.quantities["macs_without_bias"]

    def macs_of(outs: tuple[int, ...]) -> int:
        return macs_w + (batch * c_out * prod(outs) if bias else 0)

    def rule(pad: str, use_op: bool = True, dilated: bool = True, plus: int = 1) -> Rule:
        """The transposed size with the padding term `pad` (`-2P`, `+2P`, `-P`, ``)."""
        factor = {"-2P": -2, "+2P": 2, "-P": -1, "": 0}[pad]

        def fn(c: Column) -> tuple[int, str]:
            n, ki, si, (pi, o), di = c
            o = o if use_op else 0
            span = di * (ki - 1) if dilated else ki - 1
            value = (n - 1) * si + factor * pi + span + o + plus
            p_txt = {"-2P": f" − 2·{pi}", "+2P": f" + 2·{pi}", "-P": f" − {pi}", "": ""}[pad]
            k_txt = f"{di}·({ki}−1)" if dilated else f"({ki}−1)"
            text = f"({n} − 1)·{si}{p_txt} + {k_txt}" + (f" + {o}" if use_op else "") + (" + 1" if plus else "")
            return value, text

        return fn

    found = []

    def add(ids: str, fn: Rule, title: str, formula: str, note: str) -> None:
        found.append(size_mistake(ids, r, cols, fn, title, formula, note, macs_of))

    add("conv-variants.transposed-as-conv-formula",
        lambda c: (size(c[0], 2 * c[3][0], effective_kernel(c[1], c[4]), c[2]),
                   size_text(c[0], pad_text(c[3][0], c[3][0]), effective_kernel(c[1], c[4]), c[2])),
        "Convolution's formula", "{X}_out = ⌊({X}_in + 2P − K)/S⌋ + 1",
        "That formula shrinks; a transposed convolution enlarges: (n−1)·S − 2P + D·(K−1) + output_padding + 1.")
    if any(pi > 0 for pi in p):
        add("conv-variants.transposed-padding-enlarges", rule("+2P"), "Padding added",
            "{X}_out = ({X}_in − 1)·S + 2P + D·(K−1) + output_padding + 1",
            "In a transposed convolution P crops the output: −2P.")
        add("conv.padding-once", rule("-P"), "Padding counted once",
            "{X}_out = ({X}_in − 1)·S − P + D·(K−1) + output_padding + 1", "P is cropped from both sides: −2P.")
        add("conv.padding-ignored", rule(""), "Padding left out",
            "{X}_out = ({X}_in − 1)·S + D·(K−1) + output_padding + 1", "The formula crops 2P.")
    if any(op):
        add("conv-variants.output-padding-forgotten", rule("-2P", use_op=False), "output_padding left out",
            "{X}_out = ({X}_in − 1)·S − 2P + D·(K−1) + 1",
            "output_padding adds its rows and columns on one side of the output.")
    if any(di > 1 for di in d):
        add("conv.dilation-ignored", rule("-2P", dilated=False), "Dilation ignored",
            "{X}_out = ({X}_in − 1)·S − 2P + (K−1) + output_padding + 1", "A dilated kernel spans D·(K−1) + 1.")
    add("conv.plus-one-forgotten", rule("-2P", plus=0), "No +1",
        "{X}_out = ({X}_in − 1)·S − 2P + D·(K−1) + output_padding", "The last kernel tap adds one more row: +1.")
    return found
