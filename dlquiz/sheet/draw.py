"""Drawing papers from the bank: seeded selection, template instances, shuffled choices, points.

Every random choice comes from `random.Random` objects seeded by `mix(seed, …)`, never from time or dict
order, so `--seed S` regenerates a paper exactly. Variants are drawn together so that no two share a fixed
item, and a template shared by two variants never has the same numbers in both.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from dataclasses import dataclass

from dlquiz.bank import Bank, schema
from dlquiz.bank.instance import Instance, instantiate
from dlquiz.bank.params import NoConfiguration
from dlquiz.errors import UsageError

# Sections in the order a paper shows them: quick items first, long answers last.
SECTION_ORDER = ("tf", "mcq", "multi", "fill", "numeric", "param", "table", "short")
LABELS = "ABCDEFGHIJKLMNOP"
TEMPLATE_TRIES = 12  # fresh seeds tried before a template counts as used up for this paper


def points_of(q: schema.QuestionBase) -> float:
    """The item's points: its own `points` when the bank sets one, else by type and size.

    The bank leaves `points` at its default almost everywhere, so a paper weights items by the work they
    ask for: a true/false item 1, a choice 2, a multiple choice 3, a blank 1, a calculation 3, a part of a
    parametric item 2, two table cells 1, a short answer 5.
    """
    if "points" in q.model_fields_set:
        return q.points
    if isinstance(q, schema.Fill):
        return float(len(q.blanks))
    if isinstance(q, schema.Table):
        cells = sum(isinstance(c, schema.BlankCell) for row in q.rows for c in row.cells)
        return float(max(2, math.ceil(cells / 2)))
    if isinstance(q, schema.Param):
        return 2.0 * len(q.parts)
    return {"tf": 1.0, "mcq": 2.0, "multi": 3.0, "numeric": 3.0, "short": 5.0}[q.type]


def mix(seed: int, *parts: object) -> int:
    """A 64-bit seed derived from `seed` and labels, the same on every machine and Python version."""
    text = "|".join(["dlquiz.sheet", str(seed), *map(str, parts)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


@dataclass(frozen=True)
class Selection:
    """Which items a paper or an export may use; empty tuples mean no restriction."""

    topics: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    difficulties: tuple[int, ...] = ()


def select(bank: Bank, selection: Selection) -> list[schema.QuestionBase]:
    """The bank's usable items matching `selection`, sorted by id (so load order never matters).

    Raises:
        UsageError: an unknown topic, or nothing matches.
    """
    known = {t.slug for t in bank.syllabus.topics} if bank.syllabus else set()
    unknown = sorted(set(selection.topics) - known)
    if unknown:
        raise UsageError(f"unknown topic(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    pool = sorted(
        (q for q in bank.questions if q.status != "retired"
         and (not selection.topics or q.topic in selection.topics)
         and (not selection.types or q.type in selection.types)
         and (not selection.difficulties or q.difficulty in selection.difficulties)),
        key=lambda q: q.id,
    )  # fmt: skip
    if not pool:
        raise UsageError("no items match the selection (topics, types, difficulties)")
    return pool


@dataclass(frozen=True)
class Choice:
    """An option as printed: its label on this paper (options may be shuffled) and the bank's option."""

    label: str
    option: schema.Option


@dataclass(frozen=True)
class DrawnItem:
    """One item on a paper."""

    number: int
    question: schema.QuestionBase
    points: float
    instance: Instance | None = None
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Paper:
    """One variant: its items in section order, numbered from 1."""

    seed: int
    variant: int
    variants: int
    items: tuple[DrawnItem, ...]

    @property
    def total_points(self) -> float:
        return sum(item.points for item in self.items)

    def sections(self) -> list[tuple[str, list[DrawnItem]]]:
        """(type, items) in SECTION_ORDER, empty sections left out."""
        return [(kind, [i for i in self.items if i.question.type == kind]) for kind in SECTION_ORDER
                if any(i.question.type == kind for i in self.items)]


def _choices(q: schema.QuestionBase, rng: random.Random) -> tuple[Choice, ...]:
    if not isinstance(q, schema.Mcq):
        return ()
    if not q.shuffle:  # an option may name another ("A 和 B 都对"): keep the bank's order and keys
        return tuple(Choice(o.key, o) for o in q.options)
    options = list(q.options)
    rng.shuffle(options)
    return tuple(Choice(LABELS[i], o) for i, o in enumerate(options))


class _Drawer:
    """Shared state while drawing all variants: which template numbers are taken, how often each is used."""

    def __init__(self, pool: list[schema.QuestionBase], seed: int, variants: int) -> None:
        """`pool` must be in a fixed order (draw_papers sorts it by id) for the deal to be reproducible."""
        fixed = [q for q in pool if not isinstance(q, schema.Param)]
        self.templates = [q for q in pool if isinstance(q, schema.Param)]
        random.Random(mix(seed, "deal")).shuffle(fixed)
        # Fixed items are dealt into disjoint hands, one per variant.
        self.hands = [fixed[v::variants] for v in range(variants)]
        self.natural = len(fixed) / len(pool)
        self.taken: set[tuple[str, str]] = set()
        self.usage: Counter[str] = Counter()
        self.used_up: set[str] = set()

    def instance(self, template: schema.Param, rng: random.Random) -> Instance | None:
        """A draw of `template` whose numbers no other variant has; None when none is found.

        A template that yields no fresh numbers in TEMPLATE_TRIES draws is set aside for the later variants
        too, so a small template does not cost every variant the same futile tries.
        """
        if template.id in self.used_up:
            return None
        for _ in range(TEMPLATE_TRIES):
            try:
                drawn = instantiate(template, rng.getrandbits(32))
            except NoConfiguration:
                break
            key = (template.id, json.dumps(drawn.params, sort_keys=True, default=str))
            if key not in self.taken:
                self.taken.add(key)
                self.usage[template.id] += 1
                return drawn
        self.used_up.add(template.id)
        return None

    def template_order(self, rng: random.Random) -> list[schema.Param]:
        """Templates least used so far first, ties in random order, so variants spread over them."""
        keyed = [(self.usage[t.id], rng.random(), t) for t in self.templates]  # type: ignore[misc]
        return [t for _, _, t in sorted(keyed, key=lambda k: (k[0], k[1]))]  # type: ignore[misc]


def _by_count(drawer: _Drawer, hand: list[schema.QuestionBase], count: int, rng: random.Random,
              variants: int) -> list[tuple[schema.QuestionBase, Instance | None]]:
    fixed = min(round(count * drawer.natural), len(hand))
    fixed = max(fixed, count - len(drawer.templates))
    if fixed > len(hand):
        per = f" per variant ({variants} variants share none)" if variants > 1 else ""
        raise UsageError(f"the selection has {len(hand) + len(drawer.templates)} items{per}; "
                         f"asked for {count}: lower --count or --variants, or widen the selection")
    chosen: list[tuple[schema.QuestionBase, Instance | None]] = [(q, None) for q in hand[:fixed]]
    for template in drawer.template_order(rng):
        if len(chosen) == count:
            break
        drawn = drawer.instance(template, rng)
        if drawn is not None:
            chosen.append((template, drawn))
    if len(chosen) < count:
        raise UsageError(f"only {len(chosen)} items with fresh numbers are left for a variant; asked for {count}: "
                         "lower --count or --variants, or widen the selection")
    return chosen


def _by_points(drawer: _Drawer, hand: list[schema.QuestionBase], target: float, rng: random.Random,
               ) -> list[tuple[schema.QuestionBase, Instance | None]]:
    candidates: list[schema.QuestionBase] = [*hand, *drawer.template_order(rng)]
    rng.shuffle(candidates)
    chosen: list[tuple[schema.QuestionBase, Instance | None]] = []
    total = 0.0
    for q in candidates:
        worth = points_of(q)
        if total + worth > target + 1e-9:
            continue
        drawn = drawer.instance(q, rng) if isinstance(q, schema.Param) else None
        if isinstance(q, schema.Param) and drawn is None:
            continue
        chosen.append((q, drawn))
        total += worth
        if abs(total - target) < 1e-9:
            return chosen
    raise UsageError(f"cannot make exactly {target:g} points from the selection (reached {total:g}): "
                     "change --points or widen the selection")


def draw_papers(pool: list[schema.QuestionBase], seed: int, variants: int = 1, count: int | None = None,
                points: float | None = None) -> list[Paper]:
    """Draws `variants` papers of `count` items (or worth `points`) from `pool`.

    Args:
        pool: the candidate items, as `select` returns them.
        seed: the paper seed; the same arguments always give the same papers.
        variants: how many papers; no two share a fixed item or a template's numbers.
        count: items per paper (exclusive with `points`).
        points: total points per paper.

    Raises:
        UsageError: the pool cannot fill the papers.
    """
    if (count is None) == (points is None):
        raise ValueError("give exactly one of count and points")
    drawer = _Drawer(sorted(pool, key=lambda q: q.id), seed, variants)
    papers = []
    for v in range(variants):
        rng = random.Random(mix(seed, "variant", v))
        if count is not None:
            chosen = _by_count(drawer, drawer.hands[v], count, rng, variants)
        else:
            assert points is not None
            chosen = _by_points(drawer, drawer.hands[v], points, rng)
        rng.shuffle(chosen)
        chosen.sort(key=lambda pair: SECTION_ORDER.index(pair[0].type))
        items = tuple(
            DrawnItem(n, q, points_of(q), drawn, _choices(q, rng)) for n, (q, drawn) in enumerate(chosen, start=1)
        )
        papers.append(Paper(seed, v + 1, variants, items))
    return papers
