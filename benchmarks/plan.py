"""Time to plan a 500-item bank over 60 days after a year of simulated history. Target (issue 10): ≤ 1 s.

The history is a simulated learner (recalls with the probability FSRS predicts) studying 350 of the shipped
bank's items for 355 days, 40 answers a day, then taking a 10-day break: so the plan has a backlog to spread,
150 new items to introduce and the attempts to read lapses and pace from. Timed: `make_plan` as the command
calls it, store reads included (median of 5, wall time). For comparison it also times the heaviest plan of
a 500-item bank, a learner with no history and two hours a day (every item introduced and projected).
Prints the figures, the seconds of the year-of-history plan last.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dlquiz.bank import load
from dlquiz.quiz import simulate
from dlquiz.quiz.plan import Plan, make_plan
from dlquiz.store import Store

ITEMS, STUDIED, HISTORY_DAYS, BREAK_DAYS, PLAN_DAYS, PER_DAY, RUNS = 500, 350, 355, 10, 60, 40, 5


def timed(make: Callable[[], Plan]) -> tuple[list[float], Plan]:
    """Wall times of RUNS calls, and the last plan."""
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        plan = make()
        times.append(time.perf_counter() - began)
    return times, plan


def main() -> None:
    bank = load()
    bank.questions = [q for q in bank.questions if q.status != "retired"][:ITEMS]
    start = datetime(2025, 3, 1, 12, tzinfo=UTC)
    studied = load()
    studied.questions = bank.questions[:STUDIED]
    data = simulate.history(studied, start, HISTORY_DAYS, PER_DAY, seed=10)
    now = start + timedelta(days=HISTORY_DAYS + BREAK_DAYS)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "dlquiz.db") as store:
        store.import_data(data)
        store.set_setting("timezone", "Asia/Shanghai")
        exam = (now + timedelta(days=PLAN_DAYS)).date()
        times, plan = timed(lambda: make_plan(bank, store, exam, 40, now=now))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "dlquiz.db") as empty:
        fresh_times, fresh = timed(lambda: make_plan(bank, empty, exam, 120, now=now))
    print(f"bank: {len(bank.questions)} items; history: {len(data['attempts'])} attempts over {HISTORY_DAYS} days, "
          f"{len(data['cards'])} cards, then {BREAK_DAYS} days off")
    print(f"plan: {len(plan.days)} days, {sum(d.reviews for d in plan.days)} reviews, "
          f"{sum(d.new for d in plan.days)} new items, backlog {plan.backlog} over {plan.backlog_days} days, "
          f"{len(plan.short)} items short of the target, {plan.unplanned_new} new items left out")
    print(f"no history, 120 min/day: {sum(d.new for d in fresh.days)} new items, "
          f"{sum(d.reviews for d in fresh.days)} reviews planned in {statistics.median(fresh_times):.3f} s")
    print(f"runs: {', '.join(f'{t:.3f}' for t in times)}")
    print(f"seconds: {statistics.median(times):.3f} (target ≤ 1)")


if __name__ == "__main__":
    main()
