"""Progress figures for `dlquiz stats` and the TUI: attempts, accuracy, mastery, due reviews, streak."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from dlquiz.bank.loader import Bank
from dlquiz.quiz import scheduling
from dlquiz.quiz.days import is_due_today
from dlquiz.quiz.leeches import leeches
from dlquiz.quiz.settings import Settings
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
    reviews due in today's local study day, the streak, the review forecast, the most frequent misconceptions
    and the leeches."""
    now = now or scheduling.now()
    sched = scheduling.Scheduling()
    settings = Settings.load(store)
    tz, hour = settings.tz, settings.day_start_hour

    def due(card: dict[str, Any]) -> bool:
        return is_due_today(card, now, tz, hour)

    cards = store.cards()
    summary = store.topic_summary()
    items: dict[str, list[str]] = {}
    for q in bank.questions:
        if q.status != "retired":
            items.setdefault(q.topic, []).append(scheduling.card_id(q.id))
    known = {cid for ids in items.values() for cid in ids}
    topic_of = {scheduling.card_id(q.id): q.topic for q in bank.questions}
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
            "due": sum(1 for cid in ids if cid in cards and due(cards[cid])),
            "seen": sum(1 for cid in ids if cid in cards),
        }
    daily = store.daily_counts(60, now=now)
    counts = store.misconception_counts()
    # Cards of items since removed from the bank are kept in the store but neither due nor counted.
    live_cards = {cid: c for cid, c in cards.items() if cid in known}
    return {
        "attempts": sum(r.get("attempts", 0) for r in summary.values()),
        "due": sum(1 for c in live_cards.values() if due(c)),
        "streak": streak(daily),
        "by_topic": by_topic,
        "forecast": {d.isoformat(): n for d, n in scheduling.forecast(live_cards, 14, now, tz).items()},
        "misconceptions": counts,
        "top_misconceptions": top_misconceptions(bank, counts),
        "leeches": [{"id": cid, "topic": topic_of[cid], "lapses": n}
                    for cid, n in leeches(bank, store, settings).items()],
    }


def top_misconceptions(bank: Bank, counts: dict[str, int], limit: int = 5) -> list[dict[str, Any]]:
    """The most frequent misconceptions with their names and where to look next (a demo, a topic, an item)."""
    rows = []
    for mid, count in list(counts.items())[:limit]:
        entry = bank.misconceptions.get(mid)
        see = []
        for link in entry.see if entry else ():
            if link.demo:
                see.append(f"the {link.demo} demonstration")
            elif link.topic:
                see.append(f"dlquiz quiz --plain --topic {link.topic}")
            elif link.question:
                see.append(f"dlquiz bank show {link.question}")
        rows.append({"id": mid, "count": count, "zh": entry.name.zh if entry else mid,
                     "en": (entry.name.en or entry.name.zh) if entry else mid, "see": see})
    return rows


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
