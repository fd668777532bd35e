"""Templates draw configurations where every known mistake is recognisable: over 200 seeds per template no
mistake gives the key, mistakes share a value only where the template itself makes them coincide, a right
answer is never diagnosed, and a wrong part's mistaken value names its misconception."""

from __future__ import annotations

import random

import pytest

from dlquiz.bank import load, params, schema
from dlquiz.bank import mistakes as computed
from dlquiz.bank.instance import instantiate, solve, unavoidable_pairs
from dlquiz.quiz.grading import Normaliser, format_key, grade

BANK = load()
TEMPLATES = [q for q in BANK.questions if isinstance(q, schema.Param)]
NORMALISER = Normaliser(BANK.synonyms)
SEEDS = range(200)


def _right(part: object) -> str:
    answer = part.answer  # type: ignore[attr-defined]
    return "×".join(map(str, answer)) if isinstance(answer, list) else format_key(answer, part.tolerance)  # type: ignore[attr-defined]


def _written(value: object) -> str:
    return "×".join(map(str, value)) if isinstance(value, list) else repr(value)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_two_hundred_draws_keep_every_mistake_recognisable(template: schema.Param) -> None:
    allowed = unavoidable_pairs(template)
    for seed in SEEDS:
        instance = instantiate(template, seed)
        assert instance.mistakes is not None
        clashes = computed.clashes(template, instance.outputs, instance.mistakes)
        assert clashes.key == (), (seed, instance.params, clashes.key)
        assert clashes.pairs <= allowed, (seed, instance.params, clashes.pairs - allowed)
        assert instance.clashes == clashes.messages
        right = {p.key: _right(p) for p in instance.parts}
        result = grade(template, right, NORMALISER, instance)
        assert result.correct and result.misconceptions == () and result.diagnoses == (), (seed, result)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_a_mistaken_part_names_the_misconceptions_that_give_it(template: schema.Param) -> None:
    for seed in range(5):
        instance = instantiate(template, seed)
        right = {p.key: _right(p) for p in instance.parts}
        for part, spec in zip(instance.parts, template.parts, strict=True):
            for m in instance.mistakes or ():
                value = computed.value_of(m, spec.output)
                if value is None or (isinstance(value, list) and not all(isinstance(v, int) for v in value)):
                    continue
                result = grade(template, right | {part.key: _written(value)}, NORMALISER, instance)
                assert not result.correct and set(m.ids) <= set(result.misconceptions), (seed, part.key, m.ids)
                assert any(d.part == part.key and set(m.ids) <= set(d.ids) and d.steps for d in result.diagnoses)


@pytest.mark.parametrize("template", [t for t in TEMPLATES if unavoidable_pairs(t)], ids=lambda t: t.id)
def test_the_pairs_left_sharing_a_value_share_it_in_every_clean_draw(template: schema.Param) -> None:
    """An independent probe of 150 configurations finds none that separates them without a key clash."""
    rng = random.Random(f"probe {template.id}")
    separated = []
    for _ in range(150):
        values = params.sample(template, rng)
        known = computed.for_template(template, values)
        clashes = computed.clashes(template, solve(template, values), known)
        if not clashes.key and not unavoidable_pairs(template) <= clashes.pairs:
            separated.append(values)
    assert separated == []


def _template(n: list[int], k: int, p: int, s: int) -> schema.Param:
    return schema.Param.model_validate({
        "id": "conv.clash.p001", "type": "param", "topic": "conv", "difficulty": 1,
        "stem": {"zh": "{{n}}", "en": "{{n}}"}, "source": [{"ref": "test data"}],
        "params": {"n": {"choice": n}}, "solver": "conv2d",
        "solver_args": {"n": "{{n}}", "k": k, "p": p, "s": s, "c_in": 1, "c_out": 1},
        "parts": [{"key": "a", "stem": "a", "output": "out_size", "tolerance": {"abs": 0}}],
        "explanation_template": "{{out_size}}", "golden": [{"params": {"n": n[0]}, "expect": {"out_size": 1}}],
    })


def test_a_draw_that_cannot_avoid_a_clash_says_so() -> None:
    # n = 10, K = 3, P = 1, S = 2: counting the padding once gives ⌊8/2⌋ + 1 = 5, the key itself.
    instance = instantiate(_template([10], 3, 1, 2), seed=0)
    assert instance.params == {"n": 10} and instance.parts[0].answer == 5
    assert any("conv.padding-once gives the key 5" in c for c in instance.clashes)


def test_a_clash_is_avoided_when_another_draw_has_none() -> None:
    # n = 11 separates padding once (5) from the key (6); every seed takes it over n = 10. Padding once or
    # left out and a forgotten +1 all give 5 there, which no draw avoids: those clashes stay, and are said.
    template = _template([10, 11], 3, 1, 2)
    for seed in range(20):
        instance = instantiate(template, seed)
        assert instance.params == {"n": 11}
        assert instance.clashes and all(c.endswith("both give 5") for c in instance.clashes)
        assert "(a) conv.padding-once and conv.plus-one-forgotten both give 5" in instance.clashes
