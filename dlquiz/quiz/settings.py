"""The learner's scheduling settings: target retention, the local day, leech threshold, daily budget, exam date.

Settings are kept in the progress store (`Store.set_setting`), so they travel with `dlquiz progress export`.
Each key has a default, a parser for text typed at `dlquiz config set`, and a range check; a stored value that
no longer passes the check (written by hand, or by an older dlquiz) falls back to the default rather than
breaking every command.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dlquiz.errors import UsageError


def _number(text: Any) -> float:
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text!r} is not a number")
    return value


def _retention(text: Any) -> float:
    value = _number(text)
    if not 0.7 <= value <= 0.99:
        raise ValueError("must be from 0.7 to 0.99")
    return value


def _hour(text: Any) -> int:
    value = _integer(text)
    if not 0 <= value <= 23:
        raise ValueError("must be a whole hour from 0 to 23")
    return value


def _integer(text: Any) -> int:
    value = _number(text)
    if not value.is_integer():
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)


def _lapses(text: Any) -> int:
    value = _integer(text)
    if value < 1:
        raise ValueError("must be at least 1")
    return value


def _minutes(text: Any) -> float:
    value = _number(text)
    if not 0 < value <= 1440:
        raise ValueError("must be more than 0 and at most 1440")
    return value


def _zone(text: Any) -> str:
    name = str(text).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}; use an IANA name such as Asia/Shanghai") from None
    return name


def _date(text: Any) -> str:
    try:
        return date.fromisoformat(str(text).strip()).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD") from None


@dataclass(frozen=True)
class Key:
    """One setting: its default, how to read a value, and what it is for."""

    default: Any
    parse: Callable[[Any], Any]
    help: str


KEYS: dict[str, Key] = {
    "desired_retention": Key(0.9, _retention, "recall probability FSRS schedules for and the plan aims at (0.7-0.99)"),
    "day_start_hour": Key(4, _hour, "local hour a study day starts; answers before it count for the day before"),
    "timezone": Key(None, _zone, "IANA time zone of the study day (default: this machine's)"),
    "leech_lapses": Key(8, _lapses, "times an item may be forgotten after being known before it is a leech"),
    "minutes_per_day": Key(30.0, _minutes, "daily study budget of the plan and of review sessions"),
    "exam_date": Key(None, _date, "the exam day (YYYY-MM-DD) the plan aims at"),
}


@dataclass(frozen=True)
class Settings:
    """The values in force; read them with `Settings.load(store)`."""

    desired_retention: float = 0.9
    day_start_hour: int = 4
    timezone: str | None = None
    leech_lapses: int = 8
    minutes_per_day: float = 30.0
    exam_date: str | None = None

    @classmethod
    def load(cls, store: Any) -> Settings:
        """The stored settings, each falling back to its default when unset or no longer valid."""
        values = {}
        for name, key in KEYS.items():
            stored = store.get_setting(name)
            try:
                values[name] = key.default if stored is None else key.parse(stored)
            except (TypeError, ValueError):
                values[name] = key.default
        return cls(**values)

    @property
    def tz(self) -> tzinfo:
        """The study day's time zone: the setting, else this machine's."""
        return ZoneInfo(self.timezone) if self.timezone else local_zone()

    @property
    def exam(self) -> date | None:
        return date.fromisoformat(self.exam_date) if self.exam_date else None


def parse_value(name: str, text: Any) -> Any:
    """The stored form of `text` for setting `name`.

    Raises:
        UsageError: an unknown key or a value out of range; one line saying what is allowed.
    """
    if name not in KEYS:
        raise UsageError(f"unknown setting {name!r}; settings: {', '.join(KEYS)}")
    try:
        return KEYS[name].parse(text)
    except ValueError as exc:  # every parser words its own message
        raise UsageError(f"{name}: {exc}") from None


def local_zone() -> tzinfo:
    """This machine's time zone, by IANA name where it can be found, so DST changes are followed.

    `datetime.now().astimezone().tzinfo` is only today's fixed offset; a plan weeks long crosses DST changes.
    """
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    with contextlib.suppress(OSError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name and not name.startswith("/"):
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")
