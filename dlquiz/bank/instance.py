"""Turning a parametric template into a concrete question: draw, solve, render.

Draws are chosen so that known mistakes stay recognisable: a configuration in which a mistake gives the key
(a learner making it would be marked right) or two mistakes give the same value is set aside for a better one,
within a bounded search; when none is found the best draw is used and its clashes are recorded.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dlquiz.bank import mistakes, params, schema

# Independent draws tried, then configurations a systematic search may examine; draws probing a template.
RANDOM_DRAWS = 24
SEARCH_CANDIDATES = 150
PROBES = 48


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
    mistakes: tuple[Any, ...] | None = None
    clashes: tuple[str, ...] = ()


def solve(template: schema.Param, values: dict[str, Any]) -> dict[str, Any]:
    """The solver's outputs for one configuration of the template's parameters."""
    return run_solver(template.solver, params.substitute(template.solver_args, values))


def _render_text(text: schema.Text, values: dict[str, Any]) -> schema.Text:
    return schema.Text(
        zh=params.render(text.zh, values), en=params.render(text.en, values) if text.en else None
    )


def build(template: schema.Param, seed: int, values: dict[str, Any], outputs: dict[str, Any],
          known: tuple[Any, ...] | None = None, clashes: tuple[str, ...] = ()) -> Instance:
    """Renders the stem, parts and explanation for a solved configuration.

    Args:
        known: the configuration's computed mistakes (`solvers.mistakes.Mistake`), when already found.
        clashes: where those mistakes are not recognisable in this draw (see `mistakes.clashes`).
    """
    context = {**values, **outputs}
    parts = tuple(
        PartAnswer(p.key, _render_text(p.stem, context), params.lookup(p.output, outputs), p.tolerance, p.unit)
        for p in template.parts
    )
    return Instance(template, seed, dict(values), outputs, _render_text(template.stem, context), parts,
                    _render_text(template.explanation_template, context), known, clashes)


class _Enough(Exception):
    """The systematic search examined its share of configurations."""


@dataclass(frozen=True)
class _Draw:
    values: dict[str, Any]
    outputs: dict[str, Any]
    known: tuple[Any, ...]
    clashes: mistakes.Clashes

    def fits(self, unavoidable: frozenset[tuple[str, str, str]]) -> bool:
        """No mistake gives the key, and mistakes share a value only where the template makes them."""
        return not self.clashes.key and self.clashes.pairs <= unavoidable


def unavoidable_pairs(template: schema.Param) -> frozenset[tuple[str, str, str]]:
    """Pairs of mistakes (part key, id, id) that give one value in every probed draw of the template.

    The template's fixed values can make two mistakes coincide (with a fixed 3×3 kernel, padding 1 and stride 1,
    counting the padding once and forgetting the +1 both give n − 1); the sampler does not hunt for draws that
    separate them. Found once per template from PROBES seeded draws, intersected over those in which no
    mistake gives the key.
    """
    cached = _UNAVOIDABLE.get(id(template))
    if cached is not None and cached[0] is template:
        return cached[1]
    from solvers import SolverError

    rng = random.Random(f"unavoidable {template.id}")
    seen: list[mistakes.Clashes] = []

    def probe(values: dict[str, Any]) -> bool:
        try:
            outputs = solve(template, values)
        except SolverError:
            return False
        seen.append(mistakes.clashes(template, outputs, mistakes.for_template(template, values)))
        return True

    for _ in range(PROBES):
        try:
            params.sample(template, rng, probe)
        except params.NoConfiguration:
            break
    clean = [c.pairs for c in seen if not c.key] or [c.pairs for c in seen]
    pairs = frozenset.intersection(*clean) if clean else frozenset()
    _UNAVOIDABLE[id(template)] = (template, pairs)
    return pairs


_UNAVOIDABLE: dict[int, tuple[schema.Param, frozenset[tuple[str, str, str]]]] = {}


def instantiate(template: schema.Param, seed: int) -> Instance:
    """Draws a configuration by seed, solves it and renders it.

    Configurations the solver rejects are skipped by the sampler, like ones failing a constraint. Among the
    valid ones, a draw is taken in which no known mistake gives the key and no two mistakes give one value,
    except the template's `unavoidable_pairs`. The search is bounded: up to RANDOM_DRAWS independent draws,
    then a depth-first search over at most SEARCH_CANDIDATES configurations; failing both, the draw with the
    fewest clashes. `Instance.clashes` lists whatever clashes the chosen draw still has.

    Raises:
        params.NoConfiguration: no valid configuration exists.
    """
    from solvers import SolverError

    rng = random.Random(seed)
    draws: list[_Draw] = []
    shared: frozenset[tuple[str, str, str]] | None = None

    def judge(values: dict[str, Any]) -> _Draw | None:
        try:
            outputs = solve(template, values)
        except SolverError:
            return None
        known = tuple(mistakes.for_template(template, values))
        draw = _Draw(dict(values), outputs, known, mistakes.clashes(template, outputs, known))
        draws.append(draw)
        return draw

    for _ in range(RANDOM_DRAWS):
        try:
            params.sample(template, rng, lambda values: judge(values) is not None)
        except params.NoConfiguration:
            if not draws:
                raise
            break
        if draws[-1].fits(frozenset()):
            return _built(template, seed, draws[-1])
        shared = unavoidable_pairs(template) if shared is None else shared
        if draws[-1].fits(shared):
            return _built(template, seed, draws[-1])
    shared = unavoidable_pairs(template)
    budget = len(draws) + SEARCH_CANDIDATES

    def clean(values: dict[str, Any]) -> bool:
        if len(draws) >= budget:
            raise _Enough
        draw = judge(values)
        return draw is not None and draw.fits(shared)

    try:
        params.sample(template, rng, clean)
        return _built(template, seed, draws[-1])
    except (_Enough, params.NoConfiguration):
        best = min(draws, key=lambda d: (len(d.clashes.key), len(d.clashes.pairs - shared)))
        return _built(template, seed, best)


def _built(template: schema.Param, seed: int, draw: _Draw) -> Instance:
    return build(template, seed, draw.values, draw.outputs, draw.known, draw.clashes.messages)
