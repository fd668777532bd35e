"""Makers for the plan tests: a synthetic bank (so bank edits never move these numbers) and review cards."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fsrs import Card, State

from dlquiz.bank import schema
from dlquiz.bank.loader import Bank

# A Tuesday evening in Shanghai (20:00 local), far from any DST change there or in New York.
T0 = datetime(2026, 3, 17, 12, 0, tzinfo=UTC)
TF_SECONDS = 15 * (0.75 + 0.25 * 2)  # a true/false item of difficulty 2 (pace.typical_seconds)


def make_bank(sizes: dict[str, int], weights: dict[str, int] | None = None, tags: bool = False) -> Bank:
    """A bank of true/false items, `sizes[topic]` per topic, with syllabus weights (default: the sizes)."""
    weights = weights or sizes
    topics = [schema.Topic(slug=t, zh=f"主题{t}", en=t, min_questions=weights[t], min_templates=0) for t in sizes]
    questions = []
    for topic, size in sizes.items():
        for n in range(size):
            questions.append(schema.TrueFalse(
                id=f"{topic}.item-{n:03d}", type="tf", topic=topic, difficulty=2,
                stem={"zh": f"{topic} 第{n}题", "en": f"{topic} item {n}"}, source=[{"ref": "synthetic test item"}],
                explanation={"zh": f"{topic} 第{n}题的解释", "en": f"why {topic} {n}"}, answer=True,
                tags=[f"group-{n % 4}"] if tags else [],
                demo={"name": "losses", "args": {"n": 3}} if tags and n == 0 else None,
            ))  # fmt: skip
    return Bank(root=Path("synthetic"), questions=questions, syllabus=schema.Syllabus(topics=topics))


def review_card(stability: float, last_review: datetime, due: datetime, difficulty: float = 5.0,
                number: int = 1) -> dict[str, Any]:
    """A card in the Review state, as the store keeps it."""
    return Card(card_id=number, state=State.Review, step=None, stability=stability, difficulty=difficulty,
                due=due, last_review=last_review).to_dict()
