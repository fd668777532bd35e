"""The solver-computed mistakes of bank items: what each known mistake gives for a drawn template or a
`compute:` block, whether a value matches one, and where mistakes clash with the key or with each other.

Nothing here raises on a configuration the solvers cannot diagnose: a missing mistake only costs a diagnosis.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dlquiz.bank import params, schema
from solvers.mistakes import Mistake, template_mistakes

_EXPECTED = (ArithmeticError, KeyError, IndexError, LookupError, TypeError, ValueError)


def for_solver(solver: str, args: Mapping[str, Any]) -> list[Mistake]:
    """The mistakes of template solver `solver` called with `args`; empty when it has none or rejects them."""
    try:
        return template_mistakes(solver, **dict(args))
    except _EXPECTED:  # SolverError is a ValueError
        return []


def for_template(template: schema.Param, values: Mapping[str, Any]) -> list[Mistake]:
    """The mistakes of one drawn configuration of a template."""
    try:
        args = params.substitute(template.solver_args, values)
    except _EXPECTED:
        return []
    return for_solver(template.solver, args)


def for_compute(compute: schema.Compute) -> list[Mistake]:
    """The mistakes of a numeric item's `compute:` block."""
    return for_solver(compute.solver, compute.args)


def value_of(mistake: Mistake, output: str) -> Any | None:
    """The mistake's value of an output (`out_size`, `p[0]`), or None when it does not change it."""
    try:
        return params.lookup(output, mistake.values)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def same(a: Any, b: Any, tolerance: schema.Tolerance | None) -> bool:
    """Whether two answers are the same under a part's tolerance (shapes and lists element by element)."""
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        if not (isinstance(a, list | tuple) and isinstance(b, list | tuple)) or len(a) != len(b):
            return False
        return all(same(x, y, tolerance) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, int | float) or not isinstance(b, int | float):
        return a == b
    if not (math.isfinite(a) and math.isfinite(b)):
        return a == b
    if tolerance is None:
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    from dlquiz.bank.check import within  # here: check imports instance, which imports this module

    return within(float(a), float(b), tolerance)


def matching(mistakes: Iterable[Mistake], output: str, value: Any, tolerance: schema.Tolerance | None) -> list[Mistake]:
    """The mistakes whose value of `output` is the given value."""
    found = []
    for m in mistakes:
        wrong = value_of(m, output)
        if wrong is not None and same(value, wrong, tolerance):
            found.append(m)
    return found


@dataclass(frozen=True)
class Clashes:
    """Where a draw makes mistakes unrecognisable.

    Attributes:
        key: parts where a mistake gives the key (a learner making it would be marked right).
        pairs: (part key, id, id) of two different mistakes giving the same value of a part.
        messages: both, for reading.
    """

    key: tuple[str, ...] = ()
    pairs: frozenset[tuple[str, str, str]] = frozenset()
    messages: tuple[str, ...] = ()


def clashes(template: schema.Param, outputs: Mapping[str, Any], mistakes: Iterable[Mistake]) -> Clashes:
    """Every part where a mistake's value equals the key, or two different mistakes give the same value."""
    found = list(mistakes)
    key_clashes: list[str] = []
    pairs: set[tuple[str, str, str]] = set()
    messages: list[str] = []
    for part in template.parts:
        try:
            key = params.lookup(part.output, outputs)
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        seen: list[tuple[Any, Mistake]] = []
        for m in found:
            wrong = value_of(m, part.output)
            if wrong is None:
                continue
            if same(wrong, key, part.tolerance):
                key_clashes.append(f"({part.key}) {m.id} gives the key {params.format_value(key)}")
            for other_value, other in seen:
                if set(other.ids) != set(m.ids) and same(wrong, other_value, part.tolerance):
                    first, second = sorted((other.id, m.id))
                    if (part.key, first, second) not in pairs:
                        pairs.add((part.key, first, second))
                        messages.append(f"({part.key}) {first} and {second} both give {params.format_value(wrong)}")
            seen.append((wrong, m))
    return Clashes(tuple(key_clashes), frozenset(pairs), tuple(key_clashes) + tuple(messages))
