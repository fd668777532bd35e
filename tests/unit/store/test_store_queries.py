"""The summaries the stats screen and the study plan read: per topic, per local day, per misconception, per question."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dlquiz.store import Store

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def test_topic_summary_counts_accuracy_and_mean_score(store: Store, make_attempt) -> None:
    for topic, score, correct, hour in [
        ("conv", 1.0, True, 0),
        ("conv", 0.5, False, 1),
        ("conv", 1.0, True, 2),
        ("rnn", 0.0, False, 3),
    ]:
        store.record_answer(
            make_attempt(topic=topic, score=score, correct=correct, answered_at=T0 + timedelta(hours=hour))
        )
    summary = store.topic_summary()
    assert list(summary) == ["conv", "rnn"]
    assert summary["conv"] == {"attempts": 3, "correct": 2, "accuracy": pytest.approx(2 / 3), "mean_score": 2.5 / 3}
    assert summary["rnn"] == {"attempts": 1, "correct": 0, "accuracy": 0.0, "mean_score": 0.0}
    recent = store.topic_summary(since=T0 + timedelta(hours=2))
    assert recent["conv"]["attempts"] == 1 and recent["conv"]["accuracy"] == 1.0
    assert store.topic_summary(since=T0 + timedelta(days=1)) == {}


def test_misconception_counts_count_attempts_most_frequent_first(store: Store, make_attempt) -> None:
    diagnosed = [("M-b", "M-a"), ("M-a",), (), ("M-c", "M-a", "M-a"), ("M-b",)]
    for hour, misconceptions in enumerate(diagnosed):
        store.record_answer(make_attempt(misconceptions=misconceptions, answered_at=T0 + timedelta(hours=hour)))
    counts = store.misconception_counts()
    assert counts == {"M-a": 3, "M-b": 2, "M-c": 1}
    assert list(counts) == ["M-a", "M-b", "M-c"]
    assert store.misconception_counts(since=T0 + timedelta(hours=3)) == {"M-a": 1, "M-b": 1, "M-c": 1}


def test_last_attempts_is_the_newest_per_question(store: Store, make_attempt) -> None:
    newest_q1 = make_attempt(question_id="q1", answered_at=T0 + timedelta(hours=5), score=0, correct=False)
    store.record_answer(newest_q1)
    store.record_answer(make_attempt(question_id="q1", answered_at=T0))  # recorded later, answered earlier
    tie_first = make_attempt(question_id="q2", answered_at=T0)
    tie_second = make_attempt(question_id="q2", answered_at=T0, answer="17")
    store.record_answer(tie_first)
    store.record_answer(tie_second)
    assert store.last_attempts() == {"q1": newest_q1, "q2": tie_second}


def _at(store: Store, make_attempt, *moments: str) -> None:
    for n, moment in enumerate(moments):
        store.record_answer(make_attempt(question_id=f"q{n}", answered_at=datetime.fromisoformat(moment)))


def test_daily_counts_cut_days_at_local_midnight(store: Store, make_attempt) -> None:
    _at(
        store,
        make_attempt,
        "2025-05-31T15:59:00+00:00",  # 31 May 23:59 in Shanghai: before the window
        "2025-06-01T15:59:00+00:00",  # 1 June 23:59 local
        "2025-06-01T16:00:00+00:00",  # 2 June 00:00 local
        "2025-06-02T23:00:00+00:00",  # 3 June 07:00 local
        "2025-06-03T01:00:00+00:00",  # 3 June 09:00 local
        "2025-06-03T17:00:00+00:00",  # 4 June local: after "now", left out
    )
    now = datetime(2025, 6, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    counts = store.daily_counts(3, ZoneInfo("Asia/Shanghai"), now=now)
    assert counts == {date(2025, 6, 1): 1, date(2025, 6, 2): 1, date(2025, 6, 3): 2}
    assert list(counts) == sorted(counts)
    assert store.daily_counts(1, ZoneInfo("Asia/Shanghai"), now=now) == {date(2025, 6, 3): 2}
    # The same answers in UTC days.
    assert store.daily_counts(3, UTC, now=now) == {date(2025, 6, 1): 2, date(2025, 6, 2): 1, date(2025, 6, 3): 2}


def test_daily_counts_follow_daylight_saving_changes(store: Store, make_attempt) -> None:
    new_york = ZoneInfo("America/New_York")  # clocks went forward on 9 March 2025: a 23-hour day
    _at(
        store,
        make_attempt,
        "2025-03-09T04:59:00+00:00",  # 8 March 23:59 EST
        "2025-03-09T05:00:00+00:00",  # 9 March 00:00 EST
        "2025-03-10T03:59:00+00:00",  # 9 March 23:59 EDT
        "2025-03-10T04:00:00+00:00",  # 10 March 00:00 EDT
    )
    now = datetime(2025, 3, 10, 12, 0, tzinfo=new_york)
    assert store.daily_counts(3, new_york, now=now) == {
        date(2025, 3, 8): 1,
        date(2025, 3, 9): 2,
        date(2025, 3, 10): 1,
    }


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Shanghai", {date(2025, 6, 1): 1, date(2025, 6, 2): 1}),
        ("UTC", {date(2025, 6, 1): 2, date(2025, 6, 2): 0}),
    ],
)
def test_daily_counts_default_to_this_machines_zone(store: Store, make_attempt, zone: str, expected: dict) -> None:
    _at(store, make_attempt, "2025-06-01T15:59:00+00:00", "2025-06-01T16:00:00+00:00")
    now = datetime(2025, 6, 2, 4, 0, tzinfo=UTC)  # 2 June in both zones
    saved = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        assert store.daily_counts(2, now=now) == expected
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()


def test_daily_counts_need_at_least_one_day(store: Store) -> None:
    with pytest.raises(ValueError, match="days must be at least 1, not 0"):
        store.daily_counts(0, UTC)
    assert store.daily_counts(2, UTC, now=T0) == {date(2025, 5, 31): 0, date(2025, 6, 1): 0}
