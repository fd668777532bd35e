"""A backlog larger than the daily budget: most at stake on exam day first, spread over the coming days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from fsrs import Card, Scheduler
from plan_helpers import T0, TF_SECONDS, make_bank

from dlquiz.quiz import days, simulate
from dlquiz.quiz.plan import make_plan, todays_reviews
from dlquiz.quiz.session import QuizSession
from dlquiz.quiz.settings import Settings
from dlquiz.store import Store

BUDGET_MIN = 20.0
PER_DAY = int(BUDGET_MIN * 60 // TF_SECONDS)  # 64 true/false reviews
BANK = make_bank({"conv": 150, "loss": 150}, weights={"conv": 30, "loss": 10})  # weights 1.5 and 0.5
EXAM = date(2026, 4, 20)
IDS = [q.id for q in BANK.questions]


def stability(n: int) -> float:
    return 4.0 + (n * 7) % 40  # recall now from about 0.6 to 0.95


def expected_order(store: Store, now: datetime, exam_moment: datetime) -> list[str]:
    """The priority the issue asks for, computed here from FSRS directly: topic weight × exam-day recall at
    stake, then the lowest recall now."""
    sched = Scheduler(enable_fuzzing=False)
    weight = {"conv": 1.5, "loss": 0.5}
    cards = {cid: Card.from_dict(card) for cid, card in store.cards().items()}

    def key(cid: str) -> tuple[float, float, str]:
        at_stake = weight[cid.split(".")[0]] * (1 - sched.get_card_retrievability(cards[cid], exam_moment))
        return (-at_stake, sched.get_card_retrievability(cards[cid], now), cid)

    return sorted(cards, key=key)


def exam_moment(store: Store) -> datetime:
    settings = Settings.load(store)
    return days.midday(EXAM, settings.tz, settings.day_start_hour)


def test_the_backlog_is_spread_over_the_coming_days_most_at_stake_first(store: Store, overdue: Callable[..., Any]
                                                                        ) -> None:
    overdue(store, IDS, stability)
    plan = make_plan(BANK, store, EXAM, BUDGET_MIN, now=T0)
    assert plan.backlog == 300
    assert [d.reviews for d in plan.days[:4]] == [PER_DAY] * 4
    first_five = [cid for d in plan.days[:5] for cid in d.review_ids]
    assert set(first_five) == set(IDS) and len(first_five) == 300  # each once, all within five days
    assert plan.backlog_days == 5
    assert all(d.seconds <= BUDGET_MIN * 60 + 1e-6 for d in plan.days)
    order = expected_order(store, T0, exam_moment(store))
    assert plan.days[0].review_ids == order[:PER_DAY]
    sched = Scheduler(enable_fuzzing=False)
    recall_only = sorted(IDS, key=lambda c: sched.get_card_retrievability(Card.from_dict(store.get_card(c)), T0))
    assert set(order[:PER_DAY]) != set(recall_only[:PER_DAY])  # the topic weights matter
    # The heavier topic's items dominate the first day; the lighter one's are not starved for ever.
    assert sum(cid.startswith("conv.") for cid in plan.days[0].review_ids) > PER_DAY * 0.75
    assert any(cid.startswith("loss.") for cid in first_five[:PER_DAY * 4])


def test_a_review_session_asks_today_s_share_in_that_order(store: Store, overdue: Callable[..., Any]) -> None:
    overdue(store, IDS, stability)
    store.set_setting("exam_date", EXAM.isoformat())
    store.set_setting("minutes_per_day", BUDGET_MIN)
    session = QuizSession(BANK, store, mode="review", count=500, seed=1, now=T0)
    assert [p.question.id for p in session.items] == expected_order(store, T0, exam_moment(store))[:PER_DAY]
    loss_only = QuizSession(BANK, store, mode="review", topics=["loss"], count=500, seed=1, now=T0)
    assert loss_only.items and all(p.question.topic == "loss" for p in loss_only.items)


def test_without_an_exam_date_the_due_reviews_are_capped_by_the_budget_lowest_recall_first(
        store: Store, overdue: Callable[..., Any]) -> None:
    overdue(store, IDS, stability)
    store.set_setting("minutes_per_day", BUDGET_MIN)
    queue = todays_reviews(BANK, store, now=T0)
    assert queue == expected_order(store, T0, T0)[:PER_DAY]


def test_answers_already_given_today_shrink_today_s_share(store: Store, overdue: Callable[..., Any]) -> None:
    overdue(store, IDS, stability)
    store.set_setting("minutes_per_day", BUDGET_MIN)
    learner = simulate.Learner(seed=1)
    question = BANK.questions[0]
    for _ in range(10):  # ten answers, 30 s each, earlier today
        attempt, _card = learner.answer(question, store.get_card(question.id), T0 - timedelta(hours=1), 30)
        store.record_answer(attempt)
    assert len(todays_reviews(BANK, store, now=T0)) == int((BUDGET_MIN * 60 - 300) // TF_SECONDS)


def test_a_simulated_learner_works_through_the_backlog_within_the_budget(store: Store,
                                                                         overdue: Callable[..., Any]) -> None:
    overdue(store, IDS, stability)
    learner = simulate.Learner(seed=3)
    left = set(IDS)
    cleared_on = None
    for offset in range(8):
        now = T0 + timedelta(days=offset)
        plan = make_plan(BANK, store, EXAM, BUDGET_MIN, now=now)
        assert plan.days[0].reviews <= PER_DAY
        spent = simulate.simulate_day(BANK, store, learner, plan.days[0], now, BUDGET_MIN * 60, plan.pace)
        assert spent <= BUDGET_MIN * 60
        answered = {a.question_id for a in store.attempts(since=now - timedelta(minutes=1))}
        assert len(answered & left) <= PER_DAY
        left -= answered
        if not left and cleared_on is None:
            cleared_on = offset
    # Five days at full pace; failures cost a relearning answer each, so a day or two more at most.
    assert cleared_on is not None and 4 <= cleared_on <= 6
