"""Which new items to study first: topics in proportion to their exam weight, more where the learner is weak.

The syllabus gives each topic a minimum number of questions, the course's own measure of how much a topic
counts; that is the topic's weight. A topic the learner answers badly gets a larger share, so the weakest
topics fill up first without the light ones being starved.
"""

from __future__ import annotations

import heapq
from typing import Any

from dlquiz.bank.loader import Bank


def topic_weights(bank: Bank) -> dict[str, float]:
    """Each topic's weight in the exam: its share of the syllabus's minimum question counts, mean 1."""
    topics = bank.syllabus.topics if bank.syllabus else []
    raw = {t.slug: float(max(t.min_questions, 1)) for t in topics}
    if not raw:
        return {}
    mean = sum(raw.values()) / len(raw)
    return {slug: value / mean for slug, value in raw.items()}


def new_item_order(bank: Bank, store: Any, questions: dict[str, Any], seen: set[str]) -> list[str]:
    """Unseen items in the order to introduce them: topics interleaved in proportion to their weight times
    how weak the learner is in them (1.5 − accuracy; a topic never practised counts as half known), easier
    items first within a topic, ties in the order of `questions`."""
    weights = topic_weights(bank)
    accuracy = {t: s["accuracy"] for t, s in store.topic_summary().items()}
    unseen: dict[str, list[str]] = {}
    studied: dict[str, int] = {}
    for cid, q in questions.items():
        if cid in seen:
            studied[q.topic] = studied.get(q.topic, 0) + 1
        else:
            unseen.setdefault(q.topic, []).append(cid)
    for ids in unseen.values():
        ids.sort(key=lambda c: questions[c].difficulty)  # stable: ties keep the order `questions` gives
        ids.reverse()  # popped from the end
    share = {t: weights.get(t, 1.0) * (1.5 - accuracy.get(t, 0.5)) for t in unseen}
    # Weighted fair queue: the next item comes from the topic whose (items so far + 1) / share is least.
    heap = [((studied.get(t, 0) + 1) / share[t], t) for t in unseen]
    heapq.heapify(heap)
    order = []
    while heap:
        _, topic = heapq.heappop(heap)
        order.append(unseen[topic].pop())
        studied[topic] = studied.get(topic, 0) + 1
        if unseen[topic]:
            heapq.heappush(heap, ((studied[topic] + 1) / share[topic], topic))
    return _target_misconceptions(bank, store, order)


def _target_misconceptions(bank: Bank, store: Any, order: list[str]) -> list[str]:
    """Every fourth new item exercises one of the learner's three most frequent misconceptions (as practice
    sessions do), so the plan brings the mistakes a learner actually makes back early."""
    from dlquiz.quiz.diagnose import items_for_misconceptions

    top = list(store.misconception_counts())[:3]
    if not top:
        return order
    pending = set(order)
    targeted = [q.id for q in items_for_misconceptions(bank, top) if q.id in pending]
    if not targeted:
        return order
    rest = [cid for cid in order if cid not in set(targeted)]
    merged: list[str] = []
    while rest or targeted:
        if targeted and (len(merged) % 4 == 0 or not rest):
            merged.append(targeted.pop(0))
        elif rest:
            merged.append(rest.pop(0))
    return merged
