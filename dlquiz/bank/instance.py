"""Turning a parametric template into a concrete question: draw, solve, render."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dlquiz.bank import params, schema


class SolverMissing(LookupError):
    """The template names a solver the registry does not have."""


def registry() -> dict[str, Callable[..., dict[str, Any]]]:
    """The template solvers by name (empty when the solvers package has no registry)."""
    try:
        from solvers.registry import TEMPLATE_SOLVERS
    except ImportError:
        return {}
    return TEMPLATE_SOLVERS


def run_solver(name: str, args: dict[str, Any]) -> dict[str, Any]:
    """Calls a template solver by name.

    Raises:
        SolverMissing: no solver of that name.
        solvers.SolverError: the configuration is impossible.
    """
    solver = registry().get(name)
    if solver is None:
        raise SolverMissing(name)
    return solver(**args)


@dataclass(frozen=True)
class PartAnswer:
    key: str
    stem: schema.Text
    answer: Any
    tolerance: schema.Tolerance
    unit: str | None


@dataclass(frozen=True)
class Instance:
    """One drawn question of a template; `seed` and `params` replay it exactly."""

    template: schema.Param
    seed: int
    params: dict[str, Any]
    outputs: dict[str, Any]
    stem: schema.Text
    parts: tuple[PartAnswer, ...]
    explanation: schema.Text


def solve(template: schema.Param, values: dict[str, Any]) -> dict[str, Any]:
    """The solver's outputs for one configuration of the template's parameters."""
    return run_solver(template.solver, params.substitute(template.solver_args, values))


def _render_text(text: schema.Text, values: dict[str, Any]) -> schema.Text:
    return schema.Text(
        zh=params.render(text.zh, values), en=params.render(text.en, values) if text.en else None
    )


def build(template: schema.Param, seed: int, values: dict[str, Any], outputs: dict[str, Any]) -> Instance:
    """Renders the stem, parts and explanation for a solved configuration."""
    context = {**values, **outputs}
    parts = tuple(
        PartAnswer(p.key, _render_text(p.stem, context), params.lookup(p.output, outputs), p.tolerance, p.unit)
        for p in template.parts
    )
    return Instance(template, seed, dict(values), outputs, _render_text(template.stem, context), parts,
                    _render_text(template.explanation_template, context))


def instantiate(template: schema.Param, seed: int) -> Instance:
    """Draws a configuration by seed, solves it and renders it.

    Configurations the solver rejects are skipped by the sampler, like ones failing a constraint.

    Raises:
        params.NoConfiguration: no valid configuration exists.
    """
    from solvers import SolverError

    found: dict[str, Any] = {}

    def accept(values: dict[str, Any]) -> bool:
        try:
            found["outputs"] = solve(template, values)
        except SolverError:
            return False
        return True

    values = params.sample(template, random.Random(seed), accept)
    return build(template, seed, values, found["outputs"])
