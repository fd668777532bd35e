"""Study days follow local time with a day-start hour; what is stored is UTC."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from plan_helpers import make_bank, review_card

from dlquiz.quiz import days, simulate
from dlquiz.quiz.plan import make_plan
from dlquiz.quiz.session import QuizSession
from dlquiz.store import Store

SHANGHAI, NEW_YORK = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("moment", "zone", "today"), [
    # Shanghai is UTC+8 all year.
    (utc(2026, 3, 10, 16, 30), SHANGHAI, date(2026, 3, 10)),  # 00:30 on the 11th: still the 10th
    (utc(2026, 3, 10, 19, 59), SHANGHAI, date(2026, 3, 10)),  # 03:59
    (utc(2026, 3, 10, 20, 0), SHANGHAI, date(2026, 3, 11)),   # 04:00: a new day
    # New York: EST (UTC-5) in January, EDT (UTC-4) after 8 March 2026.
    (utc(2026, 1, 15, 8, 30), NEW_YORK, date(2026, 1, 14)),   # 03:30 EST
    (utc(2026, 1, 15, 9, 30), NEW_YORK, date(2026, 1, 15)),   # 04:30 EST
    (utc(2026, 3, 10, 7, 30), NEW_YORK, date(2026, 3, 9)),    # 03:30 EDT
    (utc(2026, 3, 10, 8, 30), NEW_YORK, date(2026, 3, 10)),   # 04:30 EDT
    # The same UTC moment is a different study day in the two zones.
    (utc(2026, 3, 10, 4, 0), SHANGHAI, date(2026, 3, 10)),    # 12:00 in Shanghai
    (utc(2026, 3, 10, 4, 0), NEW_YORK, date(2026, 3, 9)),     # 00:00 in New York
])  # fmt: skip
def test_a_day_start_of_4_moves_today_around_midnight(moment: datetime, zone: ZoneInfo, today: date) -> None:
    assert days.study_day(moment, zone, 4) == today


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_the_plan_s_today_follows_the_setting(store: Store, zone: str) -> None:
    store.set_setting("timezone", zone)
    store.set_setting("day_start_hour", 4)
    bank = make_bank({"conv": 5})
    start = datetime.combine(date(2026, 3, 10), datetime.min.time(), tzinfo=ZoneInfo(zone))
    before = make_plan(bank, store, date(2026, 3, 20), 10, now=(start + timedelta(hours=27, minutes=59)))
    after = make_plan(bank, store, date(2026, 3, 20), 10, now=(start + timedelta(hours=28, minutes=1)))
    assert before.today == date(2026, 3, 10) and after.today == date(2026, 3, 11)  # 03:59 and 04:01 on the 11th
    assert len(before.days) == 10 and len(after.days) == 9
    store.set_setting("day_start_hour", 0)
    midnight = make_plan(bank, store, date(2026, 3, 20), 10, now=(start + timedelta(hours=24, minutes=1)))
    assert midnight.today == date(2026, 3, 11)


def test_days_are_23_or_25_hours_across_dst() -> None:
    spring = days.day_end(date(2026, 3, 7), NEW_YORK, 4) - days.day_start(date(2026, 3, 7), NEW_YORK, 4)
    autumn = days.day_end(date(2026, 10, 31), NEW_YORK, 4) - days.day_start(date(2026, 10, 31), NEW_YORK, 4)
    assert spring == timedelta(hours=23) and autumn == timedelta(hours=25)
    assert days.day_start(date(2026, 3, 8), NEW_YORK, 4) == utc(2026, 3, 8, 8)  # 04:00 EDT


def test_a_review_card_due_before_the_day_ends_is_due_today() -> None:
    evening = utc(2026, 3, 10, 15)  # 23:00 in Shanghai
    last = evening - timedelta(days=5)
    night = review_card(5.0, last, utc(2026, 3, 10, 18))  # due 02:00 on the 11th: before the 04:00 day start
    morning = review_card(5.0, last, utc(2026, 3, 10, 21))  # due 05:00 on the 11th: tomorrow
    assert days.is_due_today(night, evening, SHANGHAI, 4)
    assert not days.is_due_today(morning, evening, SHANGHAI, 4)
    assert not days.is_due_today(night, evening, SHANGHAI, 0)  # with midnight days it is tomorrow's
    # In New York the same evening moment is 11:00 on the 10th, whose day ends at 04:00 on the 11th (08:00 UTC).
    assert days.is_due_today(morning, evening, NEW_YORK, 4)
    learning = {"state": 1, "due": (evening + timedelta(minutes=10)).isoformat()}
    assert days.is_due_today(learning, evening, SHANGHAI, 4)
    assert not days.is_due_today({"state": 1, "due": (evening + timedelta(hours=1)).isoformat()}, evening,
                                 SHANGHAI, 4)


def test_a_review_session_at_23_00_offers_the_card_due_at_02_00(store: Store) -> None:
    bank = make_bank({"conv": 3})
    evening = utc(2026, 3, 10, 15)
    store.set_card("conv.item-000", review_card(5.0, evening - timedelta(days=5), utc(2026, 3, 10, 18)))
    store.set_card("conv.item-001", review_card(5.0, evening - timedelta(days=5), utc(2026, 3, 10, 21)))
    session = QuizSession(bank, store, mode="review", seed=1, now=evening)
    assert [p.question.id for p in session.items] == ["conv.item-000"]
    store.set_setting("timezone", "America/New_York")
    session = QuizSession(bank, store, mode="review", seed=1, now=evening)
    assert {p.question.id for p in session.items} == {"conv.item-000", "conv.item-001"}


def test_every_stored_timestamp_is_utc(store: Store) -> None:
    bank = make_bank({"conv": 4})
    local_evening = datetime(2026, 3, 10, 21, 0, tzinfo=SHANGHAI)
    plan = make_plan(bank, store, date(2026, 3, 20), 10, now=local_evening.astimezone(UTC))
    simulate.simulate_day(bank, store, simulate.Learner(1), plan.days[0], local_evening, 600, plan.pace)
    with sqlite3.connect(store.path) as db:
        stamps = [row[0] for row in db.execute("SELECT answered_at FROM attempts")]
        stamps += [t for row in db.execute("SELECT due, last_review, updated_at FROM cards") for t in row if t]
    assert stamps and all(s.endswith("+00:00") for s in stamps)
    assert min(stamps).startswith("2026-03-10T13:00")
