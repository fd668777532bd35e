"""New items come topic by topic in proportion to the syllabus weights, more from the weakest topics."""

from __future__ import annotations

from collections import Counter

from plan_helpers import T0, make_bank

from dlquiz.quiz.intake import new_item_order, topic_weights
from dlquiz.store import Attempt, Store


def first(order: list[str], n: int) -> Counter[str]:
    return Counter(cid.split(".")[0] for cid in order[:n])


def test_weights_are_the_syllabus_minimums_with_mean_one() -> None:
    bank = make_bank({"conv": 5, "rnn": 5, "loss": 5}, weights={"conv": 30, "rnn": 20, "loss": 10})
    assert topic_weights(bank) == {"conv": 1.5, "rnn": 1.0, "loss": 0.5}


def test_new_items_follow_the_weights(store: Store) -> None:
    bank = make_bank({"conv": 30, "rnn": 30, "loss": 30}, weights={"conv": 30, "rnn": 20, "loss": 10})
    questions = {q.id: q for q in bank.questions}
    order = new_item_order(bank, store, questions, set())
    assert sorted(order) == sorted(questions)  # every item once
    assert first(order, 30) == {"conv": 15, "rnn": 10, "loss": 5}


def test_the_weakest_topic_gets_more(store: Store) -> None:
    bank = make_bank({"conv": 30, "rnn": 30})
    for topic, right in (("conv", False), ("rnn", True)):
        for n in range(10):
            store.record_answer(Attempt(question_id=f"{topic}.item-0{n:02d}", topic=topic, qtype="tf", answer="对",
                                        score=float(right), correct=right, duration_s=9, answered_at=T0,
                                        mode="practice"))
    questions = {q.id: q for q in bank.questions}
    order = new_item_order(bank, store, questions, set())
    assert first(order, 20) == {"conv": 15, "rnn": 5}  # shares 1.5 - 0 and 1.5 - 1


def test_items_already_studied_count_toward_their_topic(store: Store) -> None:
    bank = make_bank({"conv": 20, "rnn": 20})
    questions = {q.id: q for q in bank.questions}
    seen = {f"conv.item-{n:03d}" for n in range(10)}
    order = new_item_order(bank, store, questions, seen)
    assert not seen & set(order)
    assert first(order, 10) == {"rnn": 10}  # rnn catches up first
