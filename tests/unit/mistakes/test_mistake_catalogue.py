"""Every computable misconception is recognised, from hand-worked values and from its own definition; no right
value is ever taken for a mistake; every id the solvers emit is catalogued and every catalogued id is used."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from mistake_examples import EXAMPLES, Example

from dlquiz.bank import load, schema
from dlquiz.bank import mistakes as computed
from dlquiz.quiz.checking import check, checkable
from dlquiz.quiz.diagnose import misconceptions_of
from solvers import catalog
from solvers.mistakes import Mistake, mistakes_of, template_mistakes
from solvers.registry import solve

# Catalogue entries no item and no solver uses yet: the bank's reviewers are to tag a distractor with each (or
# retire the entry). Listed so that a new orphan fails here, and a fixed one asks to be struck off.
KNOWN_ORPHANS: set[str] = set()
CLOSE = schema.Tolerance(abs=5e-6, rel=1e-5)  # hand-worked values carry six significant digits


@functools.cache
def bank() -> Any:
    return load()


def _calc(example: Example) -> Any:
    return catalog.load(example.solver)(**example.kwargs)


def _emitted(example: Example) -> list[Mistake]:
    if example.api == "calc":
        return mistakes_of(_calc(example), example.kwargs)
    return template_mistakes(example.solver, **example.kwargs)


def _diagnosed(example: Example) -> set[str]:
    if example.api == "calc":
        return set(check(_calc(example), example.field, example.value, example.kwargs).ids)
    found = computed.matching(template_mistakes(example.solver, **example.kwargs), example.field, example.value,
                              CLOSE)
    return {i for m in found for i in m.ids}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_a_hand_worked_wrong_value_names_its_misconception(example: Example) -> None:
    found = _diagnosed(example)
    assert {example.id, *example.also} <= found, (example.source, found)


def _all_emitted() -> dict[str, list[str]]:
    """Every id the solvers emit over the examples' configurations and the bank's compute blocks and goldens."""
    seen: dict[str, list[str]] = {}
    for example in EXAMPLES:
        for m in _emitted(example):
            for mid in m.ids:
                seen.setdefault(mid, []).append(f"{example.solver} {example.kwargs}")
    for q in bank().questions:
        if isinstance(q, schema.Numeric) and q.compute is not None:
            known = computed.for_compute(q.compute)
        elif isinstance(q, schema.Param):
            known = [m for g in q.golden for m in computed.for_template(q, g.params)]
        else:
            continue
        for m in known:
            for mid in m.ids:
                seen.setdefault(mid, []).append(q.id)
    return seen


def test_every_computable_misconception_has_a_hand_worked_example() -> None:
    worked = {e.id for e in EXAMPLES} | {a for e in EXAMPLES for a in e.also}
    missing = {mid: where[:2] for mid, where in _all_emitted().items() if mid not in worked}
    assert missing == {}


def test_every_id_the_solvers_emit_is_in_the_catalogue() -> None:
    unknown = {mid: where[:2] for mid, where in _all_emitted().items() if mid not in bank().misconceptions}
    assert unknown == {}


def test_every_catalogued_misconception_is_used_by_a_solver_or_an_item() -> None:
    used = set(_all_emitted())
    for q in bank().questions:
        used |= misconceptions_of(q)
    orphans = set(bank().misconceptions) - used
    assert orphans == KNOWN_ORPHANS, (sorted(orphans - KNOWN_ORPHANS), sorted(KNOWN_ORPHANS - orphans))


def _text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "x".join(_text(v) for v in value)
    return repr(value)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.api == "calc"], ids=lambda e: e.id)
def test_each_calculator_mistake_is_recognised_from_its_own_value(example: Example) -> None:
    """Every mistake of the configuration, every field it changes: checking its value names it."""
    result = _calc(example)
    right = checkable(result)
    for m in mistakes_of(result, example.kwargs):
        for name, value in m.values.items():
            if name not in right or computed.same(list(value) if isinstance(value, tuple) else value,
                                                  right[name], None):
                continue
            verdict = check(result, name, _text(value), example.kwargs)
            assert not verdict.correct and set(m.ids) <= set(verdict.ids), (m.ids, name, value, verdict.ids)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.api == "template"], ids=lambda e: e.id)
def test_each_template_mistake_is_recognised_from_its_own_value(example: Example) -> None:
    outputs = solve(example.solver, **example.kwargs)
    known = template_mistakes(example.solver, **example.kwargs)
    for m in known:
        for name, value in m.values.items():
            if name in outputs and not computed.same(value, outputs[name], None):
                assert m in computed.matching(known, name, value, None), (m.ids, name)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.api == "calc"], ids=lambda e: e.id)
def test_no_right_value_is_ever_taken_for_a_mistake(example: Example) -> None:
    result = _calc(example)
    for name, value in checkable(result).items():
        verdict = check(result, name, _text(value), example.kwargs)
        assert verdict.correct and verdict.mistakes == [], (name, value)


def test_the_mistake_solvers_import_nothing_of_dlquiz() -> None:
    import subprocess
    import sys

    code = ("import sys, solvers.mistakes.templates, solvers.mistakes.blocks; "
            "print(','.join(m for m in sys.modules if m.startswith('dlquiz')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
