"""Solving for one unknown ('?') of a convolution or pooling layer with sympy: every valid integer solution.

The floor in ⌊x⌋ + 1 = out becomes the two inequalities out − 1 ≤ x < out; sympy solves them for the unknown
over the reals, the integers inside are the candidates, and each candidate is checked by running the solver
forward, so PyTorch's other constraints (the pooling padding limit, output_padding < stride) apply too.
sympy is imported here only, and only when a '?' is asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from math import ceil, floor
from typing import Any

from solvers import catalog, checks
from solvers.arithmetic import DIM_NAMES
from solvers.errors import SolverError
from solvers.result import Result, Step

UNKNOWN = "?"
LIMIT = 64  # solutions listed at most
UNBOUNDED_SHOWN = 8  # an unbounded set is shown by its smallest values
_NAMES = {"kernel_size": "K", "stride": "S", "padding": "P", "dilation": "D", "output_padding": "OP"}
_NDIM = {"conv1d": 1, "conv2d": 2, "conv3d": 3, "conv_transpose2d": 2, "max_pool2d": 2, "avg_pool2d": 2}


@dataclass
class Solution:
    """The integer values of the unknown that give the wanted output size.

    Attributes:
        solver: the layer solver.
        unknown: the argument solved for (`padding`, or `input_shape` for an input size).
        values: the solutions; for an unknown input size, one list per unknown dimension.
        unbounded: whether every larger value solves it too (only the smallest are listed).
        steps: the derivation.
        check: the layer computed with the solution when it is unique, else None.
        rejected: candidates of the equation that PyTorch rejects, with the reason.
        dims: the dimension of each list in `values` (an unknown input size), else empty.
    """

    solver: str
    unknown: str
    values: list[int] | list[list[int]]
    unbounded: bool
    steps: list[Step]
    check: Result | None = None
    rejected: dict[int, str] = field(default_factory=dict)
    dims: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "solver": self.solver,
            "unknown": self.unknown,
            "solutions": self.values,
            "unbounded": self.unbounded,
            "rejected": {str(k): v for k, v in self.rejected.items()},
            "steps": [s.to_dict() for s in self.steps],
            "check": self.check.to_dict() if self.check is not None else None,
            "dims": self.dims,
        }


def solve_unknown(solver: str, args: dict[str, Any], output_size: int | Sequence[int]) -> Solution:
    """Finds every integer value of the one '?' argument for which the layer gives `output_size`.

    Args:
        solver: conv1d, conv2d, conv3d, conv_transpose2d, max_pool2d or avg_pool2d.
        args: the solver's arguments; exactly one of kernel_size, stride, padding, dilation, output_padding
            is '?', or some spatial sizes of input_shape are '?'.
        output_size: the wanted spatial output size (one number for all dimensions, or one per dimension).

    Returns:
        The solution set with its steps.

    Raises:
        SolverError: no '?' or several, an argument that cannot be solved for, or no solution at all.
    """
    import sympy as sp  # deferred: only a '?' pays for sympy

    if solver not in _NDIM:
        raise SolverError(f"{solver} has no unknown to solve for; solvable: {', '.join(_NDIM)}")
    ndim = _NDIM[solver]
    fn = catalog.load(solver)
    unknowns = [k for k, v in args.items() if _has_unknown(v)]
    if len(unknowns) != 1:
        raise SolverError(
            f"exactly one argument may be '?', got {len(unknowns)}: {', '.join(unknowns) or 'none'}"
        )
    unknown = unknowns[0]
    if unknown not in ("input_shape", *_NAMES):
        raise SolverError(
            f"{unknown} cannot be solved for; try kernel_size, stride, padding, dilation or the input"
        )
    outs = checks.ntuple("output_size", output_size, ndim)
    shape = args.get("input_shape")
    if not isinstance(shape, Sequence) or len(shape) != ndim + 1:
        raise SolverError(f"input_shape must have {ndim + 1} sizes (channels first)")
    if unknown == "input_shape" and shape[0] == UNKNOWN:
        raise SolverError("the channel count cannot be solved from an output size; give it")
    per_dim = {
        name: _per_dim(args.get(name, default), ndim, name)
        for name, default in (
            ("kernel_size", None),
            ("stride", None),
            ("padding", 0),
            ("dilation", 1),
            ("output_padding", 0),
        )
    }
    if per_dim["stride"] is None or all(v is None for v in per_dim["stride"]):
        per_dim["stride"] = per_dim["kernel_size"] if solver.endswith("pool2d") else [1] * ndim
    x = sp.Symbol(_NAMES.get(unknown, "N"), real=True)
    steps: list[Step] = []
    sets_per_dim, dims, seen = [], [], {}
    for i, letter in enumerate(DIM_NAMES[ndim]):
        if unknown == "input_shape" and shape[i + 1] != UNKNOWN:
            continue
        vals = {"n": x if unknown == "input_shape" else checks.positive("input_shape", shape[i + 1])}
        for name, short in (
            ("kernel_size", "k"),
            ("stride", "s"),
            ("padding", "p"),
            ("dilation", "d"),
            ("output_padding", "op"),
        ):
            vals[short] = x if name == unknown else per_dim[name][i]
        key = (tuple(vals.items()), outs[i])
        if key in seen:  # the same equation as an earlier dimension: show it once
            sets_per_dim.append(sets_per_dim[seen[key]])
            steps[seen[key]] = replace(steps[seen[key]], title=steps[seen[key]].title[:-1] + f" = {letter})")
        else:
            real_set, step = _equation(sp, solver, vals, x, outs[i], letter, bool(args.get("ceil_mode")))
            seen[key] = len(steps)
            steps.append(step)
            sets_per_dim.append(real_set)
        dims.append(i)
    lowest = 0 if unknown in ("padding", "output_padding") else 1
    domain = sp.Interval(lowest, sp.oo)
    if unknown != "input_shape":
        combined = domain
        for s in sets_per_dim:
            combined = combined.intersect(s)
        sets_per_dim, dims = [combined], [None]
    candidates, unbounded = [], False
    for real_set in sets_per_dim:
        found, unb = _integers(sp, real_set.intersect(domain))
        candidates.append(found)
        unbounded |= unb
    # An unknown input size is checked one dimension at a time, the others set to one of their candidates.
    fill = {dim: found[0] for dim, found in zip(dims, candidates, strict=True) if found}
    values, rejected = [], {}
    for dim, found in zip(dims, candidates, strict=True):
        good = []
        for v in found:
            try:
                result = fn(**_substitute(args, unknown, {**fill, dim: v}))
            except SolverError as exc:
                rejected[v] = str(exc)
                continue
            got = result.output_shape[1:]
            if tuple(got) == outs if dim is None else got[dim] == outs[dim]:
                good.append(v)
        values.append(good)
    sym = str(x)
    for dim, good in zip(dims, values, strict=True):
        where = "" if dim is None else f" ({DIM_NAMES[ndim][dim]})"
        shown = ", ".join(map(str, good)) + (", … (every larger value too)" if unbounded and good else "")
        steps.append(
            Step(
                f"Integer solutions{where}",
                f"{sym} ∈ ℤ, {sym} ≥ {lowest}, checked forward",
                "",
                f"{sym} = {shown}" if good else "none",
            )
        )
    for v, why in sorted(rejected.items())[:5]:
        steps.append(Step(f"{sym} = {v} rejected", "", "", "", why))
    if not any(values):
        raise SolverError(
            f"no integer {unknown.replace('_shape', ' size')} gives output size "
            f"{'×'.join(map(str, outs))}" + (f" ({next(iter(rejected.values()))})" if rejected else "")
        )
    flat: list[int] | list[list[int]] = values[0] if dims == [None] else values
    check = None
    if all(len(v) == 1 for v in values) and not unbounded:
        check = fn(**_substitute(args, unknown, {dim: v[0] for dim, v in zip(dims, values, strict=True)}))
    labels = [] if dims == [None] else [DIM_NAMES[ndim][d] for d in dims if d is not None]
    return Solution(solver, unknown, flat, unbounded, steps, check, rejected, labels)


def _has_unknown(value: Any) -> bool:
    if isinstance(value, str):
        return value == UNKNOWN
    return isinstance(value, Sequence) and any(v == UNKNOWN for v in value)


def _per_dim(value: Any, ndim: int, name: str) -> list[Any] | None:
    if value is None or value == UNKNOWN:
        return None if value is None else [UNKNOWN] * ndim
    if isinstance(value, str):
        raise SolverError(f"{name}={value!r} cannot be used while solving for an unknown; give numbers")
    if isinstance(value, Sequence):
        if len(value) != ndim:
            raise SolverError(f"{name} needs {ndim} value(s), got {len(value)}")
        return list(value)
    return [value] * ndim


def _substitute(args: dict[str, Any], unknown: str, values: dict[int | None, int]) -> dict[str, Any]:
    """The arguments with the unknown replaced: per dimension for an input size, else the one value."""
    out = dict(args)
    if unknown == "input_shape":
        shape = list(out["input_shape"])
        for dim, value in values.items():
            assert dim is not None
            shape[dim + 1] = value
        out["input_shape"] = tuple(shape)
    else:
        out[unknown] = values[None]
    return out


def _equation(sp: Any, solver: str, v: dict[str, Any], x: Any, out: int, letter: str, ceil_mode: bool):
    """The real solution set for one dimension, and the step that shows the equation."""
    n, k, s, p, d, op = v["n"], v["k"], v["s"], v["p"], v["d"], v["op"]
    reals = sp.S.Reals
    if solver == "conv_transpose2d":
        expr = (n - 1) * s - 2 * p + d * (k - 1) + op + 1
        sol = sp.solveset(sp.Eq(expr, out), x, reals)
        return sol, Step(
            f"Equation ({letter})",
            "(N−1)·S − 2P + D·(K−1) + OP + 1 = out",
            f"{_expr(sp, expr)} = {out}",
            _set_text(sol, x),
        )
    span = n + 2 * p - d * (k - 1) - 1
    positive = sp.Interval.open(0, sp.oo) if x == s else reals
    floor_set = sp.solveset(out - 1 <= span / s, x, positive).intersect(
        sp.solveset(span / s < out, x, positive)
    )
    sol = floor_set
    if ceil_mode:  # ceil mode's size is the floor form's or one more, never anything else
        sol = floor_set.union(
            sp.solveset(out - 2 < span / s, x, positive).intersect(
                sp.solveset(span / s <= out - 1, x, positive)
            )
        )
    top = _expr(sp, span)
    frac = top if s == 1 else (f"({top})" if " " in top else top) + f"/{_expr(sp, s)}"
    return sol, Step(
        f"Equation ({letter})",
        "⌊(N + 2P − D·(K−1) − 1)/S⌋ + 1 = out  ⇔  out − 1 ≤ (…)/S < out",
        f"{out - 1} ≤ {frac} < {out}" + (" (or the ceil form)" if ceil_mode else ""),
        _set_text(sol, x),
    )


def _expr(sp: Any, e: Any) -> str:
    """A sympy expression the way the steps write maths: `2·P + 27`."""
    return sp.sstr(e).replace("**", "^").replace("*", "·").replace(" - ", " − ")


def _set_text(sol: Any, x: Any) -> str:
    import sympy as sp

    if isinstance(sol, sp.Interval):
        left = "" if sol.inf == -sp.oo else f"{_num(sol.inf)} {'<' if sol.left_open else '≤'} "
        right = "" if sol.sup == sp.oo else f" {'<' if sol.right_open else '≤'} {_num(sol.sup)}"
        if not left and not right:
            return f"any {x}"
        if not left:
            return f"{x}{right}"
        return f"{left}{x}{right}"
    if sol == sp.S.EmptySet:
        return "no real solution"
    if isinstance(sol, sp.FiniteSet):
        return f"{x} = " + ", ".join(_num(v) for v in sol)
    return sp.sstr(sol)


def _num(v: Any) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:.4g}"


def _integers(sp: Any, sol: Any) -> tuple[list[int], bool]:
    """The integers in a real set (at most LIMIT) and whether the set is unbounded above."""
    if sol == sp.S.EmptySet:
        return [], False
    low, high = sol.inf, sol.sup
    unbounded = high == sp.oo
    start = ceil(float(low)) if low != -sp.oo else 0
    stop = start + UNBOUNDED_SHOWN - 1 if unbounded else floor(float(high))
    found = [i for i in range(start, stop + 1) if sol.contains(i) == sp.true]
    return found[:LIMIT], unbounded or len(found) > LIMIT
