"""A practice session: which items to ask, in what order, and what happens to each answer.

`QuizSession` knows nothing of any user interface; the plain CLI and the TUI both drive it. Every answer
is committed to the store (attempt and card state in one transaction) before the next item is shown.
"""

from __future__ import annotations

import dataclasses
import random
import string
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dlquiz.bank import schema
from dlquiz.bank.instance import Instance, instantiate
from dlquiz.bank.loader import Bank
from dlquiz.quiz import scheduling
from dlquiz.quiz.grading import Grade, Normaliser, grade, parse_keys
from dlquiz.quiz.intake import new_item_order
from dlquiz.quiz.plan import todays_reviews
from dlquiz.store import Attempt, Store

MODES = ("practice", "review", "exam", "cram")
# Practice gives this share of its items (at least one) to the learner's most frequent misconceptions.
TARGETED_SHARE = 0.25
TARGETED_MISCONCEPTIONS = 3
# Points per type in a mock exam, as Chinese university papers weigh them (an item's own `points` wins).
EXAM_POINTS = {"tf": 1, "mcq": 2, "multi": 3, "fill": 2, "numeric": 4, "param": 4, "table": 4, "short": 6}


@dataclass
class Presented:
    """One item as shown: its number, the drawn instance (param), the options in their shown order."""

    number: int
    question: schema.QuestionBase
    seed: int
    points: float
    instance: Instance | None = None
    options: list[tuple[str, schema.Option]] = field(default_factory=list)
    shown_at: float = field(default_factory=time.monotonic)

    @property
    def stem(self) -> schema.Text:
        return self.instance.stem if self.instance else self.question.stem

    def to_original_keys(self, answer: Any) -> Any:
        """Maps the shown option letters back to the bank's keys (options are shuffled on screen)."""
        if not self.options:
            return answer
        mapping = {shown: option.key for shown, option in self.options}
        keys = [mapping.get(k, f"?{k}") for k in parse_keys(answer)]
        return keys[0] if self.question.type == "mcq" and len(keys) == 1 else keys


@dataclass(frozen=True)
class Outcome:
    """A recorded answer; `previous_card` is the card before it, so the rating can still be changed."""

    presented: Presented
    grade: Grade
    rating: int
    attempt: Attempt
    auto_rating: int = 0
    previous_card: dict[str, Any] | None = None


@dataclass
class QuizSession:
    """Builds the item list for a mode and scope, grades answers and records them."""

    bank: Bank
    store: Store
    mode: str = "practice"
    topics: Sequence[str] | None = None
    types: Sequence[str] | None = None
    difficulties: Sequence[int] | None = None
    ids: Sequence[str] | None = None  # only these items (a cram on chosen items)
    count: int = 10
    seed: int | None = None
    now: datetime | None = None
    scheduling: scheduling.Scheduling = field(default_factory=scheduling.Scheduling)
    items: list[Presented] = field(default_factory=list, init=False)
    outcomes: list[Outcome] = field(default_factory=list, init=False)
    exam_id: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        self.seed = self.seed if self.seed is not None else random.SystemRandom().randrange(1 << 31)
        self.normaliser = Normaliser(self.bank.synonyms)
        if self.mode == "exam":
            self.exam_id = uuid.uuid4().hex
        rng = random.Random(self.seed)
        chosen = self._choose(rng)
        self.items = [self._present(i + 1, q, rng.randrange(1 << 31)) for i, q in enumerate(chosen)]

    def pool(self) -> list[schema.QuestionBase]:
        """Every item in the session's scope."""
        return [
            q for q in self.bank.questions
            if q.status != "retired" and (not self.topics or q.topic in self.topics)
            and (not self.types or q.type in self.types)
            and (not self.difficulties or q.difficulty in self.difficulties)
            and (not self.ids or q.id in self.ids)
        ]

    def _choose(self, rng: random.Random) -> list[schema.QuestionBase]:
        pool = self.pool()
        rng.shuffle(pool)
        if self.mode == "exam":
            return _spread_over_topics(pool, self.count)
        cards = self.store.cards()
        when = self.now or scheduling.now()
        if self.mode == "cram":
            return hardest_first(pool, cards, self.store.lapse_counts(), self.scheduling, when)[: self.count]
        # Today's reviews in the local study day, by exam-day priority, as many as today's budget holds.
        by_card = {scheduling.card_id(q.id): q for q in pool}
        due = [by_card[cid] for cid in todays_reviews(self.bank, self.store, when, within=set(by_card))]
        if self.mode == "review":
            return due[: self.count]
        # New items in the plan's order: topics by syllabus weight, the weakest first, easier items first
        # (ties in the session's shuffled order, so another seed starts elsewhere).
        seen = {cid for cid in by_card if cid in cards}
        unseen = [by_card[cid] for cid in new_item_order(self.bank, self.store, by_card, seen)]
        taken = {q.id for q in due} | {q.id for q in unseen}
        rest = [q for q in pool if q.id not in taken]
        targeted = self._targeted(pool)
        chosen = due[: self.count - len(targeted)]
        chosen += [q for q in targeted if q.id not in {c.id for c in chosen}]
        picked = {q.id for q in chosen}
        return chosen + [q for q in unseen + rest if q.id not in picked][: self.count - len(chosen)]

    def _targeted(self, pool: list[schema.QuestionBase]) -> list[schema.QuestionBase]:
        """Items on the learner's most frequent misconceptions: TARGETED_SHARE of the session, at least one."""
        top = list(self.store.misconception_counts())[:TARGETED_MISCONCEPTIONS]
        if not top or self.count < 2:
            return []
        from dlquiz.quiz.diagnose import items_for_misconceptions

        in_scope = {q.id for q in pool}
        share = max(1, int(self.count * TARGETED_SHARE))
        return [q for q in items_for_misconceptions(self.bank, top) if q.id in in_scope][:share]

    def _present(self, number: int, question: schema.QuestionBase, seed: int) -> Presented:
        points = question.points if question.points != 1 or self.mode != "exam" else EXAM_POINTS[question.type]
        presented = Presented(number, question, seed, float(points))
        if isinstance(question, schema.Param):
            presented.instance = instantiate(question, seed)
        if isinstance(question, schema.Mcq):
            options = list(question.options)
            if question.shuffle:
                random.Random(seed).shuffle(options)
            presented.options = list(zip(string.ascii_uppercase, options, strict=False))
        return presented

    def grade(self, presented: Presented, answer: Any) -> Grade:
        """Grades without recording (for showing a short answer's keywords before the self-grade)."""
        return grade(presented.question, presented.to_original_keys(answer), self.normaliser, presented.instance)

    def record(self, presented: Presented, answer: Any, result: Grade | None = None, *,
               duration_s: float | None = None, rating: int | None = None,
               self_score: float | None = None) -> Outcome:
        """Grades (unless given), rates and commits one answer; FSRS state is left alone when cramming."""
        result = result or self.grade(presented, answer)
        if self_score is not None:
            result = dataclasses.replace(result, score=self_score, correct=self_score >= 0.6, needs_self_grade=False)
        duration = duration_s if duration_s is not None else time.monotonic() - presented.shown_at
        q = presented.question
        auto = self.scheduling.rating(result.score, result.correct, duration, q.type, q.difficulty)
        final_rating = rating or auto
        cid = scheduling.card_id(q.id)
        when = scheduling.now()
        attempt = Attempt(
            question_id=q.id, card_id=cid, topic=q.topic, qtype=q.type, answer=_jsonable(answer),
            score=result.score, correct=result.correct, duration_s=round(duration, 3), answered_at=when,
            params=presented.instance.params if presented.instance else None,
            seed=presented.seed if presented.instance else None, rating=final_rating,
            mode=self.mode, misconceptions=tuple(result.misconceptions), exam_id=self.exam_id,
        )
        card = previous = None
        if self.mode != "cram":
            previous = self.store.get_card(cid)
            card = self.scheduling.review(previous, final_rating, when, name=cid)
        self.store.record_answer(attempt, cid if card else None, card)
        outcome = Outcome(presented, result, final_rating, attempt, auto, previous)
        self.outcomes.append(outcome)
        return outcome

    def override_rating(self, outcome: Outcome, rating: int) -> Outcome:
        """Reschedules a recorded answer with the learner's own rating (again/hard/good/easy), as Anki allows.

        The card is recomputed from its state before the answer, at the answer's time, so overriding twice
        is the same as rating once. The stored attempt keeps the rating it was recorded with; the card,
        which decides the next review, follows the override. A cram answer has no card to change.

        Raises:
            ValueError: a rating outside 1–4, or an outcome this session did not record.
        """
        if rating not in scheduling.RATING_NAMES:
            raise ValueError(f"a rating is 1–4 (again, hard, good, easy), got {rating!r}")
        index = next((i for i, o in enumerate(self.outcomes) if o.attempt.id == outcome.attempt.id),
                     None)
        if index is None:
            raise ValueError("this answer was not recorded by this session")
        current = self.outcomes[index]
        if self.mode != "cram":
            card = self.scheduling.review(current.previous_card, rating, current.attempt.answered_at,
                                          name=current.attempt.card_id or "")
            self.store.set_card(current.attempt.card_id or scheduling.card_id(current.presented.question.id), card)
        updated = Outcome(current.presented, current.grade, rating, current.attempt, current.auto_rating,
                          current.previous_card)
        self.outcomes[index] = updated
        return updated

    def summary(self) -> dict[str, Any]:
        """Score and per-topic results of the answers recorded so far."""
        by_topic: dict[str, list[float]] = {}
        for o in self.outcomes:
            by_topic.setdefault(o.presented.question.topic, []).append(o.grade.score)
        earned = sum(o.grade.score * o.presented.points for o in self.outcomes)
        possible = sum(o.presented.points for o in self.outcomes)
        return {
            "answered": len(self.outcomes), "asked": len(self.items),
            "correct": sum(o.grade.correct for o in self.outcomes),
            "points": round(earned, 2), "possible": possible,
            "by_topic": {t: round(sum(s) / len(s), 3) for t, s in sorted(by_topic.items())},
            "wrong": [o.presented.question.id for o in self.outcomes if not o.grade.correct],
        }


def hardest_first(pool: list[schema.QuestionBase], cards: dict[str, dict[str, Any]], lapses: dict[str, int],
                  sched: scheduling.Scheduling, when: datetime) -> list[schema.QuestionBase]:
    """Items to cram: studied ones, most often forgotten and then least likely recalled now first; items
    never studied after them."""
    def key(q: schema.QuestionBase) -> tuple[bool, int, float]:
        cid = scheduling.card_id(q.id)
        return (cid not in cards, -lapses.get(cid, 0), sched.retrievability(cards.get(cid), when))

    return sorted(pool, key=key)


def _spread_over_topics(pool: list[schema.QuestionBase], count: int) -> list[schema.QuestionBase]:
    """Round-robin over topics so a mock exam covers the syllabus, then ordered by type as papers are."""
    by_topic: dict[str, list[schema.QuestionBase]] = {}
    for q in pool:
        by_topic.setdefault(q.topic, []).append(q)
    chosen: list[schema.QuestionBase] = []
    while len(chosen) < count and any(by_topic.values()):
        for items in by_topic.values():
            if items and len(chosen) < count:
                chosen.append(items.pop())
    order = {kind: i for i, kind in enumerate(("tf", "mcq", "multi", "fill", "numeric", "param", "table", "short"))}
    return sorted(chosen, key=lambda q: order[q.type])


def _jsonable(answer: Any) -> Any:
    if isinstance(answer, str | int | float | bool) or answer is None:
        return answer
    if isinstance(answer, dict):
        return {str(k): _jsonable(v) for k, v in answer.items()}
    return [_jsonable(a) for a in answer]
