"""Sessions choose, grade and record answers; every answer is committed before the next item."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from dlquiz.bank import load_bank
from dlquiz.locations import packaged_bank_dir
from dlquiz.quiz import scheduling
from dlquiz.quiz.progress import progress, streak
from dlquiz.quiz.session import QuizSession
from dlquiz.store import Store

DATA = Path(__file__).resolve().parents[2] / "data"
BANK = load_bank(DATA / "bank-valid", catalogues=packaged_bank_dir())


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "dlquiz.db") as opened:
        yield opened


def right_answer(presented) -> object:
    """The answer a learner who knows the key types for an item of the test bank."""
    q = presented.question
    if presented.instance:
        return ";".join(str(part.answer) for part in presented.instance.parts)
    if presented.options:
        return ",".join(shown for shown, o in presented.options if o.correct)
    if q.type == "tf":
        return "对" if q.answer else "错"
    if q.type == "numeric":
        return str(q.answer)
    if q.type == "fill":
        return {b.id: b.accept[0] for b in q.blanks}
    if q.type == "table":
        return {c.blank: c.accept[0] for row in q.rows for c in row.cells if hasattr(c, "blank")}
    return "子梯度 PyTorch"  # the short item's keywords


def test_same_seed_same_items_and_option_order(store: Store) -> None:
    a = QuizSession(BANK, store, count=5, seed=3)
    b = QuizSession(BANK, store, count=5, seed=3)
    assert [p.question.id for p in a.items] == [p.question.id for p in b.items]
    assert [[o.key for _, o in p.options] for p in a.items] == [[o.key for _, o in p.options] for p in b.items]


def test_right_answers_are_graded_right_through_shuffled_letters(store: Store) -> None:
    session = QuizSession(BANK, store, count=8, seed=11)
    for presented in session.items:
        outcome = session.record(presented, right_answer(presented), duration_s=20)
        assert outcome.grade.correct, presented.question.id
    assert len(store.attempts()) == 8 and len(store.cards()) == 8
    assert session.summary()["correct"] == 8


def test_each_answer_is_in_the_store_as_soon_as_it_is_recorded(store: Store, tmp_path: Path) -> None:
    session = QuizSession(BANK, store, count=3, seed=1)
    session.record(session.items[0], "wrong", duration_s=5)
    with Store.open(tmp_path / "dlquiz.db") as other:  # another connection sees it at once
        assert [a.question_id for a in other.attempts()] == [session.items[0].question.id]


def test_a_wrong_choice_records_its_misconception(store: Store) -> None:
    session = QuizSession(BANK, store, topics=["conv-variants"], count=1, seed=0)
    presented = session.items[0]
    wrong = next(shown for shown, o in presented.options if o.misconception)
    outcome = session.record(presented, wrong, duration_s=10)
    assert outcome.attempt.misconceptions == ("conv.padding-once",)
    assert store.misconception_counts() == {"conv.padding-once": 1}


def test_ratings_follow_correctness_and_time() -> None:
    rate = scheduling.Scheduling.rating
    assert rate(0.0, False, 10, "mcq") == 1
    assert rate(0.75, False, 10, "table") == 2
    assert rate(1.0, True, 200, "mcq") == 2
    assert rate(1.0, True, 25, "mcq") == 3
    assert rate(1.0, True, 3, "mcq") == 4


def test_review_mode_asks_only_due_cards(store: Store) -> None:
    first = QuizSession(BANK, store, count=8, seed=2)
    for presented in first.items[:2]:
        first.record(presented, "nonsense", duration_s=10)
    later = scheduling.now() + timedelta(days=3)
    review = QuizSession(BANK, store, mode="review", count=10, seed=2, now=later)
    assert {p.question.id for p in review.items} == {p.question.id for p in first.items[:2]}


def test_cram_records_attempts_but_leaves_cards_alone(store: Store) -> None:
    practice = QuizSession(BANK, store, count=2, seed=5)
    practice.record(practice.items[0], "x", duration_s=5)
    before = store.cards()
    cram = QuizSession(BANK, store, mode="cram", count=3, seed=5)
    for presented in cram.items:
        cram.record(presented, right_answer(presented), duration_s=5)
    assert store.cards() == before
    assert [a.mode for a in store.attempts(mode="cram")] == ["cram"] * 3


def test_exam_papers_have_points_and_an_id(store: Store) -> None:
    exam = QuizSession(BANK, store, mode="exam", count=8, seed=9)
    assert exam.exam_id and all(p.points >= 1 for p in exam.items)
    assert exam.items[0].question.type == "tf"  # papers open with true/false
    for presented in exam.items:
        exam.record(presented, right_answer(presented), duration_s=30)
    summary = exam.summary()
    assert summary["points"] == summary["possible"] > 7
    assert {a.exam_id for a in store.attempts(mode="exam")} == {exam.exam_id}


def test_progress_survives_items_removed_from_the_bank(store: Store) -> None:
    session = QuizSession(BANK, store, count=8, seed=4)
    for presented in session.items:
        session.record(presented, right_answer(presented), duration_s=20)
    smaller = load_bank(DATA / "bank-valid", catalogues=packaged_bank_dir())
    smaller.questions = [q for q in smaller.questions if q.type not in ("mcq", "tf")]
    figures = progress(smaller, store, now=scheduling.now() + timedelta(days=30))
    assert figures["attempts"] == 8
    assert figures["due"] == 6  # 8 answered; the mcq and the tf item left the bank
    QuizSession(smaller, store, mode="review", count=10, now=scheduling.now() + timedelta(days=30))


def test_streak_counts_days_back_from_today() -> None:
    from datetime import date

    days = {date(2026, 1, d): n for d, n in [(1, 0), (2, 3), (3, 1), (4, 2)]}
    assert streak(days) == 3
    assert streak({**days, date(2026, 1, 5): 0}) == 3
    assert streak({date(2026, 1, 1): 0}) == 0


def test_a_rating_override_recomputes_the_card_from_its_state_before_the_answer(store: Store) -> None:
    session = QuizSession(BANK, store, count=1, seed=5, scheduling=scheduling.Scheduling(fuzz=False))
    presented = session.items[0]
    outcome = session.record(presented, right_answer(presented), duration_s=20)
    cid = scheduling.card_id(presented.question.id)
    assert outcome.previous_card is None and outcome.auto_rating == outcome.rating
    easy = session.override_rating(outcome, 4)
    due_easy = store.get_card(cid)["due"]
    again = session.override_rating(easy, 1)
    due_again = store.get_card(cid)["due"]
    assert again.rating == 1 and session.outcomes == [again]
    assert due_again < due_easy  # "again" brings the review sooner than "easy"
    # Going back to easy gives the same card as rating easy in the first place: the answer is not counted twice.
    session.override_rating(again, 4)
    assert store.get_card(cid)["due"] == due_easy
    assert len(store.attempts()) == 1


def test_a_rating_override_rejects_bad_ratings_and_foreign_outcomes(store: Store) -> None:
    session = QuizSession(BANK, store, count=1, seed=5)
    outcome = session.record(session.items[0], "", duration_s=5)
    with pytest.raises(ValueError, match="1–4"):
        session.override_rating(outcome, 5)
    other = QuizSession(BANK, store, count=1, seed=5)
    with pytest.raises(ValueError, match="not recorded"):
        other.override_rating(outcome, 3)


def test_daily_accuracy_counts_answers_and_the_share_right_per_local_day(store: Store) -> None:
    from datetime import UTC, datetime

    from dlquiz.quiz.progress import daily_accuracy
    from dlquiz.store import Attempt

    now = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
    for days_ago, correct in ((0, True), (0, False), (0, True), (2, False), (40, True)):
        store.record_answer(Attempt(question_id="q.a.001", topic="conv", qtype="tf", answer="t", score=float(correct),
                                    correct=correct, duration_s=3, answered_at=now - timedelta(days=days_ago),
                                    mode="practice"))
    daily = daily_accuracy(store, 7, now=now, tz=UTC)
    assert len(daily) == 7 and list(daily)[-1] == now.date()
    assert daily[now.date()] == (3, pytest.approx(2 / 3))
    assert daily[(now - timedelta(days=2)).date()] == (1, 0.0)
    assert daily[(now - timedelta(days=1)).date()] == (0, None)
