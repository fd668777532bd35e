"""Thirty simulated days with a learner who recalls with the probability FSRS predicts, following the plan.

One simulation (seeded) is shared by the tests of this module: each day the plan is recomputed from the
store, the learner studies its first day within the budget, and the answers are committed like real ones.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from plan_helpers import T0, make_bank

from dlquiz.quiz import days, simulate
from dlquiz.quiz.plan import Plan, make_plan
from dlquiz.quiz.scheduling import Scheduling
from dlquiz.quiz.session import QuizSession
from dlquiz.quiz.settings import Settings
from dlquiz.store import Store

BUDGET_MIN = 12.0
SIM_DAYS = 30
BANK = make_bank({"conv": 60, "rnn": 40, "loss": 30}, weights={"conv": 30, "rnn": 20, "loss": 10})


@dataclass
class Run:
    store: Store
    path: Path
    exam: date
    plans: list[Plan]
    spent: list[float]
    settings: Settings


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("sim") / "dlquiz.db"
    store = Store.open(path)
    store.set_setting("timezone", "Asia/Shanghai")
    settings = Settings.load(store)
    exam = days.study_day(T0 + timedelta(days=SIM_DAYS), settings.tz, settings.day_start_hour)
    learner = simulate.Learner(seed=20260317)
    plans, spent = [], []
    for offset in range(SIM_DAYS):
        now = T0 + timedelta(days=offset)
        plan = make_plan(BANK, store, exam, BUDGET_MIN, now=now)
        plans.append(plan)
        spent.append(simulate.simulate_day(BANK, store, learner, plan.days[0], now, BUDGET_MIN * 60, plan.pace))
    yield Run(store, path, exam, plans, spent, settings)
    store.close()


def test_every_planned_day_keeps_within_the_budget(run: Run) -> None:
    assert len(run.plans) == SIM_DAYS
    for plan in run.plans:
        assert plan.days[0].date == plan.today and plan.days[-1].date == run.exam - timedelta(days=1)
        for day in plan.days:
            assert day.seconds <= BUDGET_MIN * 60 + 1e-6, (plan.today, day)
    assert max(run.spent) <= BUDGET_MIN * 60
    assert sum(run.spent) > 0.8 * SIM_DAYS * BUDGET_MIN * 60 * 0.5  # the learner really studied


def test_answers_per_local_day_stay_within_the_budget(run: Run) -> None:
    by_day: dict[date, float] = defaultdict(float)
    for attempt in run.store.attempts():
        by_day[days.study_day(attempt.answered_at, run.settings.tz, run.settings.day_start_hour)] += attempt.duration_s
    assert len(by_day) == SIM_DAYS
    assert max(by_day.values()) <= BUDGET_MIN * 60 + 1e-6


def test_items_studied_reach_the_target_on_exam_day(run: Run) -> None:
    exam_moment = days.midday(run.exam, run.settings.tz, run.settings.day_start_hour)
    sched = Scheduling(fuzz=False)
    cards = run.store.cards()
    assert len(cards) >= 0.5 * len(BANK.questions)  # the plan introduced most of the bank
    recall = {cid: sched.retrievability(card, exam_moment) for cid, card in cards.items()}
    below = {cid: round(r, 3) for cid, r in recall.items() if r < 0.9}
    assert not below
    # Some items were forgotten on the way (the learner is not perfect), and were brought back in time.
    assert run.store.lapse_counts()


def test_the_plan_is_recomputed_from_each_day_s_answers(run: Run) -> None:
    first, second = run.plans[0], run.plans[1]
    assert first.days[0].new > 0 and first.days[0].reviews == 0
    # What was learnt on day one is reviewed on day two, as the first plan said it would be.
    assert set(second.days[0].review_ids) >= set(first.days[1].review_ids) & set(first.days[0].new_ids)
    last = run.plans[-1]
    assert len(last.days) == 1 and not last.short
    assert all(value >= 0.5 for value in last.predicted_retention.values())


def test_new_items_follow_the_syllabus_weights(run: Run) -> None:
    introduced: dict[str, int] = defaultdict(int)
    for plan in run.plans[:5]:
        for cid in plan.days[0].new_ids:
            introduced[cid.split(".")[0]] += 1
    assert introduced["conv"] > introduced["rnn"] > introduced["loss"] > 0


def test_no_new_items_in_the_last_three_days(run: Run) -> None:
    for plan in run.plans:
        for day in plan.days:
            if (run.exam - day.date).days <= 3:
                assert day.new == 0, day


def test_cram_leaves_card_states_byte_identical(run: Run) -> None:
    def rows() -> list[tuple[Any, ...]]:
        with sqlite3.connect(run.path) as db:
            return db.execute("SELECT card_id, state, due, last_review, updated_at FROM cards ORDER BY 1").fetchall()

    before = rows()
    lapses = run.store.lapse_counts()
    cram = QuizSession(BANK, run.store, mode="cram", count=40, seed=1, now=T0 + timedelta(days=SIM_DAYS))
    for n, presented in enumerate(cram.items):  # right and wrong answers alike
        cram.record(presented, "对" if n % 2 else "错", duration_s=5)
    assert rows() == before
    assert len(run.store.attempts(mode="cram")) == 40
    assert run.store.lapse_counts() == lapses  # a cram "again" is no lapse


def test_the_learner_recalls_with_the_probability_fsrs_predicts() -> None:
    learner = simulate.Learner(seed=5)
    sched = learner.scheduling
    card = sched.review(None, 3, T0, name="x")
    card = sched.review(card, 3, T0 + timedelta(minutes=10), name="x")
    later = T0 + timedelta(days=20)
    expected = sched.retrievability(card, later)
    hits = sum(learner.recalls(card, later) for _ in range(4000))
    assert 0.55 < expected < 0.85
    assert abs(hits / 4000 - expected) < 0.03
    assert not any(learner.recalls(None, later) for _ in range(100))  # never seen: FSRS predicts 0


def test_the_simulation_is_repeatable(tmp_path: Path) -> None:
    def three_days(path: Path) -> list[tuple[str, bool]]:
        with Store.open(path) as store:
            store.set_setting("timezone", "Asia/Shanghai")
            learner = simulate.Learner(seed=9)
            bank = make_bank({"conv": 10})
            for offset in range(3):
                now: datetime = T0 + timedelta(days=offset)
                plan = make_plan(bank, store, date(2026, 4, 1), 5, now=now)
                simulate.simulate_day(bank, store, learner, plan.days[0], now, 300, plan.pace)
            return [(a.question_id, a.correct) for a in store.attempts()]

    assert three_days(tmp_path / "a.db") == three_days(tmp_path / "b.db")
