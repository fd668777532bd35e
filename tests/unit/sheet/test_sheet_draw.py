"""Drawing papers: reproducible by seed, different by seed, variants disjoint, counts and points exact."""

from __future__ import annotations

import json

import pytest

from dlquiz.bank import Bank, schema
from dlquiz.errors import UsageError
from dlquiz.sheet.draw import SECTION_ORDER, Paper, Selection, draw_papers, mix, points_of, select


def fingerprint(paper: Paper) -> list[tuple[str, str, tuple[str, ...]]]:
    """What a paper shows: each item, its numbers and its choice order."""
    return [(i.question.id, json.dumps(i.instance.params, sort_keys=True) if i.instance else "",
             tuple(c.option.key for c in i.choices)) for i in paper.items]


def test_the_same_seed_draws_the_same_paper(real_bank: Bank) -> None:
    pool = select(real_bank, Selection())
    first = draw_papers(pool, 42, count=30)[0]
    again = draw_papers(list(reversed(pool)), 42, count=30)[0]  # pool order must not matter…
    assert fingerprint(first) == fingerprint(again)


def test_select_sorts_so_load_order_never_matters(real_bank: Bank) -> None:
    ids = [q.id for q in select(real_bank, Selection())]
    assert ids == sorted(ids)


def test_another_seed_draws_another_paper(real_bank: Bank) -> None:
    pool = select(real_bank, Selection())
    papers = {tuple(fingerprint(draw_papers(pool, seed, count=20)[0])) for seed in range(5)}
    assert len(papers) == 5


def test_mix_is_stable_across_runs() -> None:
    # A fixed value: if this changes, every printed seed stops regenerating its paper.
    assert mix(42, "variant", 0) == 3958394469612462444


def test_variants_share_no_item_and_no_numbers(real_bank: Bank) -> None:
    pool = select(real_bank, Selection())
    papers = draw_papers(pool, 7, variants=12, count=30)
    assert len(papers) == 12 and all(len(p.items) == 30 for p in papers)
    seen: set[tuple[str, str]] = set()
    for paper in papers:
        for item in paper.items:
            key = (item.question.id, json.dumps(item.instance.params, sort_keys=True) if item.instance else "")
            assert key not in seen, f"variant {paper.variant} repeats {key}"
            seen.add(key)
        assert len({i.question.id for i in paper.items}) == 30  # no item twice on one paper


def test_variants_beyond_the_fixed_items_fall_back_to_fresh_template_numbers(real_bank: Bank) -> None:
    pool = select(real_bank, Selection(topics=("conv",)))
    fixed = sum(not isinstance(q, schema.Param) for q in pool)
    papers = draw_papers(pool, 3, variants=fixed, count=3)  # one fixed item each, the rest from templates
    assert all(sum(i.instance is None for i in p.items) == 1 for p in papers)
    drawn = [(i.question.id, json.dumps(i.instance.params, sort_keys=True)) for p in papers for i in p.items
             if i.instance]
    assert len(drawn) == 2 * fixed and len(set(drawn)) == len(drawn)


def test_too_many_variants_for_the_selection_is_a_clear_error(real_bank: Bank) -> None:
    pool = select(real_bank, Selection(types=("tf",), topics=("conv",)))
    with pytest.raises(UsageError, match="lower --count or --variants"):
        draw_papers(pool, 1, variants=len(pool), count=2)


def test_points_mode_hits_the_total_exactly(real_bank: Bank) -> None:
    pool = select(real_bank, Selection())
    for paper in draw_papers(pool, 5, variants=3, points=50):
        assert paper.total_points == 50
        assert paper.total_points == sum(points_of(i.question) for i in paper.items)


def test_unreachable_points_are_a_clear_error(real_bank: Bank) -> None:
    pool = select(real_bank, Selection(types=("short",), topics=("conv",)))
    with pytest.raises(UsageError, match="cannot make exactly 7 points"):
        draw_papers(pool, 1, points=7)


def test_selection_filters_and_sections_follow_the_type_order(real_bank: Bank) -> None:
    selection = Selection(topics=("conv", "pooling"), types=("mcq", "tf", "param"), difficulties=(1, 2))
    paper = draw_papers(select(real_bank, selection), 9, count=15)[0]
    assert {i.question.topic for i in paper.items} <= {"conv", "pooling"}
    assert {i.question.type for i in paper.items} <= {"mcq", "tf", "param"}
    assert all(i.question.difficulty in (1, 2) for i in paper.items)
    order = [SECTION_ORDER.index(i.question.type) for i in paper.items]
    assert order == sorted(order)
    assert [i.number for i in paper.items] == list(range(1, 16))


def test_unknown_topic_and_empty_selection_are_usage_errors(real_bank: Bank) -> None:
    with pytest.raises(UsageError, match="unknown topic"):
        select(real_bank, Selection(topics=("convolution",)))
    with pytest.raises(UsageError, match="no items match"):
        select(real_bank, Selection(topics=("history",), types=("param",)))


def test_shuffled_choices_are_relabelled_and_keep_their_options(real_bank: Bank) -> None:
    pool = select(real_bank, Selection(types=("mcq", "multi")))
    paper = draw_papers(pool, 11, count=40)[0]
    moved = 0
    for item in paper.items:
        q = item.question
        assert isinstance(q, schema.Mcq)
        assert sorted(c.option.key for c in item.choices) == sorted(o.key for o in q.options)
        if q.shuffle:
            assert [c.label for c in item.choices] == list("ABCDEFGH"[: len(q.options)])
            moved += [c.option.key for c in item.choices] != [o.key for o in q.options]
        else:
            assert [c.label for c in item.choices] == [o.key for o in q.options]
    assert moved > 10


def test_template_items_carry_their_instance(real_bank: Bank) -> None:
    pool = select(real_bank, Selection(types=("param",)))
    paper = draw_papers(pool, 2, count=10)[0]
    assert all(i.instance is not None and i.instance.template is i.question for i in paper.items)
    assert all(i.points == 2 * len(i.question.parts) for i in paper.items)
