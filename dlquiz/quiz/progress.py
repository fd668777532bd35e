"""Progress figures for `dlquiz stats` and the TUI: attempts, accuracy, mastery, due reviews, streak."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from dlquiz.bank.loader import Bank
from dlquiz.quiz import scheduling
from dlquiz.store import Store


def streak(daily: dict[Any, int]) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday, if today has none yet)."""
    days = sorted(daily, reverse=True)
    count = 0
    for index, day in enumerate(days):
        if daily[day] > 0:
            count += 1
        elif index > 0 or count:
            break
    return count


def progress(bank: Bank, store: Store, now: datetime | None = None) -> dict[str, Any]:
    """Per-topic attempts, accuracy and mastery (mean predicted recall over the topic's items, unseen = 0),
    reviews due now, the streak, the review forecast and the most frequent misconceptions."""
    now = now or scheduling.now()
    sched = scheduling.Scheduling()
    cards = store.cards()
    summary = store.topic_summary()
    items: dict[str, list[str]] = {}
    for q in bank.questions:
        if q.status != "retired":
            items.setdefault(q.topic, []).append(scheduling.card_id(q.id))
    known = {cid for ids in items.values() for cid in ids}
    by_topic = {}
    for topic in bank.syllabus.topics if bank.syllabus else ():
        ids = items.get(topic.slug, [])
        recall = [sched.retrievability(cards.get(cid), now) for cid in ids]
        row = summary.get(topic.slug, {})
        by_topic[topic.slug] = {
            "zh": topic.zh, "en": topic.en, "items": len(ids),
            "attempts": row.get("attempts", 0), "correct": row.get("correct", 0),
            "accuracy": round(row.get("accuracy", 0.0) or 0.0, 4),
            "mastery": round(sum(recall) / len(recall), 4) if recall else 0.0,
            "due": sum(1 for cid in ids if cid in cards and scheduling.is_due(cards[cid], now)),
            "seen": sum(1 for cid in ids if cid in cards),
        }
    daily = store.daily_counts(60, now=now)
    # Cards of items since removed from the bank are kept in the store but neither due nor counted.
    live_cards = {cid: c for cid, c in cards.items() if cid in known}
    return {
        "attempts": sum(r.get("attempts", 0) for r in summary.values()),
        "due": sum(1 for c in live_cards.values() if scheduling.is_due(c, now)),
        "streak": streak(daily),
        "by_topic": by_topic,
        "forecast": {d.isoformat(): n for d, n in scheduling.forecast(live_cards, 14, now).items()},
        "misconceptions": store.misconception_counts(),
    }


def daily_accuracy(store: Store, days: int = 30, now: datetime | None = None,
                   tz: tzinfo | None = None) -> dict[date, tuple[int, float | None]]:
    """(answers, share correct) for each of the last `days` local days, oldest first; None on days without any.

    Practice, review and exam answers count; cramming does not change the schedule but shows what is known,
    so it counts too.
    """
    now = now or scheduling.now()
    tz = tz or datetime.now().astimezone().tzinfo
    today = now.astimezone(tz).date()
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    totals: dict[date, list[int]] = {first + timedelta(days=i): [0, 0] for i in range(days)}
    for attempt in store.attempts(since=start):
        day = attempt.answered_at.astimezone(tz).date()
        if day in totals:
            totals[day][0] += 1
            totals[day][1] += attempt.correct
    return {day: (n, right / n if n else None) for day, (n, right) in totals.items()}
