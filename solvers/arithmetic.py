"""Sliding-window arithmetic shared by convolution and pooling: output sizes, the course form, their steps."""

from __future__ import annotations

from fractions import Fraction

from solvers.result import Step

DIM_NAMES = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}


def effective_kernel(k: int, d: int) -> int:
    """The span a dilated kernel covers: D·(K−1)+1."""
    return d * (k - 1) + 1


def window_out(n: int, k: int, s: int, pad_total: int, d: int = 1, ceil_mode: bool = False) -> int:
    """PyTorch's output length of a sliding window (conv or pooling), possibly < 1 (callers check).

    Ceil mode follows ATen's `pooling_output_shape_pad_lr`: round up, but drop a last window that would
    start inside the right padding. Pooling pads symmetrically, so the left pad is half the total.
    """
    span = n + pad_total - effective_kernel(k, d)
    if not ceil_mode:
        return span // s + 1
    out = -(-span // s) + 1
    if (out - 1) * s >= n + pad_total // 2:
        out -= 1
    return out


def course_out(n: int, k_eff: int, s: int, pad_total: int) -> Fraction:
    """The course's N₁ = (N₀ + 2P − F)/S + 1, unrounded (F the effective kernel, 2P the total padding)."""
    return Fraction(n + pad_total - k_eff, s) + 1


def fraction_str(x: Fraction) -> str:
    """An exact value for reading: `13.5`, `28`, `9.333…`."""
    if x.denominator == 1:
        return str(x.numerator)
    as_float = x.numerator / x.denominator
    text = f"{as_float:.3f}".rstrip("0")
    return text if Fraction(text) == x else f"{as_float:.3f}…"


def output_step(
    dim: str,
    title: str,
    n: int,
    k: int,
    s: int,
    p: int | tuple[int, int],
    d: int,
    out: int,
    *,
    ceil_mode: bool = False,
    pooling: bool = False,
) -> Step:
    """The worked output-size step of one spatial dimension, with the course's form as the note.

    Args:
        dim: the dimension's letter in the formula (`H`, `W`, `L`).
        title: the step's title (`Output size H = W` when all dimensions are alike).
        p: padding per side, or (left, right) when asymmetric ('same' with an even span).
    """
    left, right = p if isinstance(p, tuple) else (p, p)
    total = left + right
    pad_f = "2P" if left == right else "P_left + P_right"
    pad_s = f"2·{left}" if left == right else f"{left} + {right}"
    rnd, rnd_close = ("⌈", "⌉") if ceil_mode else ("⌊", "⌋")
    if d == 1:
        formula = f"{dim}_out = {rnd}({dim}_in + {pad_f} − K) / S{rnd_close} + 1"
        sub = f"{rnd}({n} + {pad_s} − {k}) / {s}{rnd_close} + 1"
    else:
        formula = f"{dim}_out = {rnd}({dim}_in + {pad_f} − D·(K−1) − 1) / S{rnd_close} + 1"
        sub = f"{rnd}({n} + {pad_s} − {d}·({k}−1) − 1) / {s}{rnd_close} + 1"
    k_eff = effective_kernel(k, d)
    course = course_out(n, k_eff, s, total)
    f_name = "" if d == 1 else f", F = D·(K−1)+1 = {k_eff}"
    note = (
        f"Course form: N₁ = (N₀ + 2P − F)/S + 1 = ({n} + {pad_s} − {k_eff})/{s} + 1 = {fraction_str(course)}"
        + f_name
    )
    if course.denominator != 1:
        floor_val = course.numerator // course.denominator
        note += f", not an integer: the last window would run past the input. Floor → {floor_val}"
        note += f"; ceil_mode → {out}." if ceil_mode else "."
    elif ceil_mode and out != course:
        note += f"; ceil_mode drops a last window that would start in the right padding → {out}."
    else:
        note += "."
    return Step(title, formula, sub, str(out), note)
