"""How long one answer takes this learner: the typical time per type, scaled by their measured pace.

Durations vary by type and difficulty far more than by learner, and a new learner has no history; so the
estimate is the typical time of the item (`scheduling.TYPICAL_SECONDS`, scaled by difficulty as the rating
rule scales it) times one personal factor: the median ratio of measured to typical time over recent answers,
once there are enough of them. The median ignores the answer left open over lunch.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

from dlquiz.quiz.scheduling import TYPICAL_SECONDS

MIN_MEASURED = 20  # answers before the measured pace replaces the typical one
RECENT = 200  # answers the pace is measured over
FACTOR_RANGE = (0.25, 4.0)  # a pace outside this is more likely a broken clock than a learner


def typical_seconds(qtype: str, difficulty: int) -> float:
    """The typical time for an item of this type and difficulty (1-3)."""
    return TYPICAL_SECONDS.get(qtype, 60) * (0.75 + 0.25 * difficulty)


@dataclass(frozen=True)
class Pace:
    """Seconds per answer: typical times scaled by `factor` (1 until measured)."""

    factor: float = 1.0
    measured: int = 0

    @classmethod
    def from_store(cls, bank: Any, store: Any) -> Pace:
        """The learner's pace from their latest answers (typical pace with fewer than MIN_MEASURED)."""
        by_id = bank.by_id
        ratios = []
        for question_id, qtype, seconds in store.recent_durations(RECENT):
            question = by_id.get(question_id)
            difficulty = question.difficulty if question is not None else 2
            ratios.append(seconds / typical_seconds(qtype, difficulty))
        if len(ratios) < MIN_MEASURED:
            return cls(1.0, len(ratios))
        low, high = FACTOR_RANGE
        return cls(min(high, max(low, median(ratios))), len(ratios))

    def seconds(self, question: Any) -> float:
        """Expected seconds for one answer to `question`."""
        return typical_seconds(question.type, question.difficulty) * self.factor
