"""Study days in local time: which day a moment belongs to, when a day starts, and what is due "today".

A study day starts at `day_start_hour` local time (as Anki's "next day starts at"), so an answer at 01:30
counts for the evening before. Moments are aware datetimes; everything stored is UTC, and a day is turned
into UTC only at its edges, so DST changes move the edges with the clock on the wall.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

# A learning step due within this many minutes is shown now rather than after the session (Anki does the same).
LEARN_AHEAD = timedelta(minutes=20)
# When the plan imagines a review on a future day, and when the exam is sat: the middle of the study day.
# Reviews and the exam at the same time of day make FSRS's whole-day elapsed time exactly the days between.
MIDDAY = timedelta(hours=12)
REVIEW_STATE = 2  # fsrs.State.Review


def study_day(moment: datetime, tz: tzinfo, day_start_hour: int) -> date:
    """The local study day `moment` (aware) falls in."""
    # Wall-clock arithmetic on the naive local time: 03:30 with a 04:00 start is 23:30 of the day before.
    return (moment.astimezone(tz).replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def day_start(day: date, tz: tzinfo, day_start_hour: int) -> datetime:
    """The UTC moment study day `day` begins (its day-start hour on the wall clock in `tz`)."""
    return datetime.combine(day, time(day_start_hour), tzinfo=tz).astimezone(UTC)


def day_end(day: date, tz: tzinfo, day_start_hour: int) -> datetime:
    """The UTC moment study day `day` ends: the start of the next one (23 or 25 hours later across DST)."""
    return day_start(day + timedelta(days=1), tz, day_start_hour)


def midday(day: date, tz: tzinfo, day_start_hour: int) -> datetime:
    """The moment the plan assumes a future day's study (and the exam) happens."""
    return day_start(day, tz, day_start_hour) + MIDDAY


def is_due_today(card: Mapping[str, Any], now: datetime, tz: tzinfo, day_start_hour: int) -> bool:
    """Whether a card is due in today's study day.

    A card in the Review state is due for the whole day its due time falls in (a card due at 15:00 can be
    reviewed in the morning); one in a learning step only once its minutes are (nearly) up.
    """
    due = datetime.fromisoformat(str(card["due"]))
    if card.get("state") == REVIEW_STATE:
        return due < day_end(study_day(now, tz, day_start_hour), tz, day_start_hour)
    return due <= now + LEARN_AHEAD
