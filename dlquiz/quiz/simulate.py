"""A simulated learner, to test and measure the planner: recalls an item with the probability FSRS predicts.

FSRS predicts recall 0 for an item never seen, so a new item is always missed at first sight and then
learnt through the learning steps, the same path the plan projects. Every draw comes from one seeded
`random.Random`, so a simulation is repeatable. Answers go through the store like real ones
(`simulate_day`), or are generated in memory as an export to import in one go (`history`), which is how a
year of history is made quickly for the benchmark.
"""

from __future__ import annotations

import random
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

from dlquiz.bank.loader import Bank
from dlquiz.quiz.pace import Pace
from dlquiz.quiz.plan import Day
from dlquiz.quiz.scheduling import Scheduling, card_id
from dlquiz.store import Attempt
from dlquiz.store.transfer import FORMAT, VERSION

REVIEW_STATE = 2


class Learner:
    """Answers right with the probability FSRS predicts at the moment of asking."""

    def __init__(self, seed: int, scheduling: Scheduling | None = None) -> None:
        self.rng = random.Random(seed)
        self.scheduling = scheduling or Scheduling(fuzz=False)

    def recalls(self, card: dict[str, Any] | None, when: datetime) -> bool:
        return self.rng.random() < self.scheduling.retrievability(card, when)

    def answer(self, question: Any, card: dict[str, Any] | None, when: datetime, seconds: float,
               mode: str = "practice") -> tuple[Attempt, dict[str, Any]]:
        """One answer: the attempt as it would be recorded and the card after it ("good" or "again")."""
        when = when.astimezone(UTC)  # fsrs and the store take UTC
        correct = self.recalls(card, when)
        rating = 3 if correct else 1
        cid = card_id(question.id)
        updated = self.scheduling.review(card, rating, when, name=cid)
        attempt = Attempt(question_id=question.id, card_id=cid, topic=question.topic, qtype=question.type,
                          answer="(simulated)", score=1.0 if correct else 0.0, correct=correct,
                          duration_s=round(seconds, 3), answered_at=when, rating=rating, mode=mode)
        return attempt, updated


def simulate_day(bank: Bank, store: Any, learner: Learner, day: Day, start: datetime, budget_s: float,
                 pace: Pace) -> float:
    """Studies one planned day from `start`: its reviews, then its new items, each learning step again later
    the same day, until the plan is done or the budget is spent. Returns the seconds spent."""
    by_id = bank.by_id
    queue = deque(day.review_ids + day.new_ids)
    clock, spent = start, 0.0
    while queue:
        cid = queue.popleft()
        question = by_id[cid]
        seconds = pace.seconds(question)
        if spent + seconds > budget_s:
            break
        attempt, card = learner.answer(question, store.get_card(cid), clock, seconds)
        store.record_answer(attempt, cid, card)
        clock += timedelta(seconds=seconds)
        spent += seconds
        if card["state"] != REVIEW_STATE:
            queue.append(cid)  # a learning step: asked again after the rest
    return spent


def history(bank: Bank, start: datetime, days: int, per_day: int, seed: int) -> dict[str, Any]:
    """`days` days of study from `start` as a progress export: each day every card FSRS says is due, then new
    items in bank order, `per_day` answers at most. Import it with `Store.import_data`."""
    learner = Learner(seed)
    pace = Pace()
    questions = [q for q in bank.questions if q.status != "retired"]
    new = deque(questions)
    cards: dict[str, dict[str, Any]] = {}
    attempts: list[dict[str, Any]] = []
    for offset in range(days):
        clock = start + timedelta(days=offset)
        end = clock + timedelta(days=1)
        due = [q for q in questions if card_id(q.id) in cards
               and datetime.fromisoformat(cards[card_id(q.id)]["due"]) < end]
        queue = deque(due)
        answered = 0
        while answered < per_day and (queue or new):
            question = queue.popleft() if queue else new.popleft()
            cid = card_id(question.id)
            seconds = pace.seconds(question)
            attempt, cards[cid] = learner.answer(question, cards.get(cid), clock, seconds)
            attempts.append(attempt.to_dict())
            clock += timedelta(seconds=seconds)
            answered += 1
            if cards[cid]["state"] != REVIEW_STATE:
                queue.append(question)
    return {"format": FORMAT, "version": VERSION, "attempts": attempts, "cards": cards, "settings": {}}
