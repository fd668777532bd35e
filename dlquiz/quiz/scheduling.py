"""Spaced repetition with FSRS: one card per question (per template for parametric ones).

`fsrs` implements the FSRS algorithm that Anki uses; we only decide the rating an answer earns and keep
card states as plain dicts in the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from fsrs import Card, Rating, Scheduler

# Seconds a learner typically needs per type; faster than a third of it reads as easy, slower than twice as hard.
TYPICAL_SECONDS = {"tf": 15, "mcq": 30, "multi": 45, "fill": 45, "numeric": 90, "table": 120, "short": 180,
                   "param": 120}
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def card_id(question_id: str) -> str:
    """The card of an item: its own id (a template's instances share the template's card)."""
    return question_id


class Scheduling:
    """An FSRS scheduler with dlquiz's rating rule."""

    def __init__(self, desired_retention: float = 0.9, fuzz: bool = True) -> None:
        self.scheduler = Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)

    @staticmethod
    def rating(score: float, correct: bool, duration_s: float, qtype: str, difficulty: int = 2) -> int:
        """The automatic rating (1–4) of an answer from its correctness and the time it took."""
        if score < 0.5:
            return int(Rating.Again)
        if not correct:
            return int(Rating.Hard)
        typical = TYPICAL_SECONDS.get(qtype, 60) * (0.75 + 0.25 * difficulty)
        if duration_s > 2 * typical:
            return int(Rating.Hard)
        if duration_s < typical / 3:
            return int(Rating.Easy)
        return int(Rating.Good)

    def review(self, card: Mapping[str, Any] | None, rating: int, when: datetime | None = None) -> dict[str, Any]:
        """The card's new state after a review with `rating` at `when` (UTC)."""
        current = Card.from_dict(dict(card)) if card else Card()
        updated, _log = self.scheduler.review_card(current, Rating(rating), review_datetime=when or now())
        return updated.to_dict()

    def retrievability(self, card: Mapping[str, Any] | None, when: datetime | None = None) -> float:
        """The predicted chance of recalling the card at `when` (0 for a card never reviewed)."""
        if not card:
            return 0.0
        return float(self.scheduler.get_card_retrievability(Card.from_dict(dict(card)), when or now()))


def now() -> datetime:
    return datetime.now(UTC)


def due_time(card: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(str(card["due"]))


def is_due(card: Mapping[str, Any], when: datetime | None = None) -> bool:
    return due_time(card) <= (when or now())


def forecast(cards: Mapping[str, Mapping[str, Any]], days: int = 14, when: datetime | None = None,
             tz: tzinfo | None = None) -> dict[date, int]:
    """Reviews falling due on each of the next `days` local days (overdue ones count today)."""
    when = when or now()
    tz = tz or datetime.now().astimezone().tzinfo
    today = when.astimezone(tz).date()
    counts: Counter[date] = Counter()
    for card in cards.values():
        day = max(due_time(card).astimezone(tz).date(), today)
        if day < today + timedelta(days=days):
            counts[day] += 1
    return {today + timedelta(days=i): counts.get(today + timedelta(days=i), 0) for i in range(days)}
