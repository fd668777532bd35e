"""The record of one answered question, and the UTC timestamps every stored row uses.

An `Attempt` is immutable and checks itself on creation, so a bad value fails where it is made (in the
grader, or in an imported file) rather than as a broken row found weeks later by the statistics.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

MODES = ("practice", "review", "exam", "cram", "plain")


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def utc_text(moment: datetime) -> str:
    """ISO 8601 text in UTC with a fixed width, so stored timestamps sort as text in time order.

    Raises:
        ValueError: `moment` is naive; a naive time is ambiguous, and guessing would misplace answers by hours.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timestamp {moment.isoformat()} has no time zone; use an aware datetime (UTC)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc(text: str) -> datetime:
    """The aware UTC datetime that ISO 8601 `text` names.

    Raises:
        ValueError: `text` is not ISO 8601 or has no UTC offset.
    """
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {text!r} has no UTC offset")
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Attempt:
    """One answer to one question: what was asked (id, drawn parameters), what was given, how it scored.

    Question ids are plain text, never a reference into the bank, so removing an item from the bank later
    leaves its history readable.
    """

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    question_id: str
    card_id: str | None = None
    topic: str
    qtype: str
    answer: Any
    score: float
    correct: bool
    duration_s: float
    answered_at: datetime = field(default_factory=utc_now)
    params: dict[str, Any] | None = None
    seed: int | None = None
    rating: int | None = None
    mode: str
    misconceptions: tuple[str, ...] = ()
    exam_id: str | None = None

    def __post_init__(self) -> None:
        for name in ("id", "question_id", "topic", "qtype"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a non-empty string, not {value!r}")
        for name in ("card_id", "exam_id"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f"{name} must be a string or None, not {value!r}")
        if not _is_number(self.score) or not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be a number from 0 to 1, not {self.score!r}")
        if not isinstance(self.correct, bool):
            raise ValueError(f"correct must be true or false, not {self.correct!r}")
        if not _is_number(self.duration_s) or self.duration_s < 0:
            raise ValueError(f"duration_s must be a number of seconds ≥ 0, not {self.duration_s!r}")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.rating is not None and (type(self.rating) is not int or not 1 <= self.rating <= 4):
            raise ValueError(f"rating must be 1, 2, 3, 4 or None, not {self.rating!r}")
        if self.seed is not None and (type(self.seed) is not int or not -(2**63) <= self.seed < 2**63):
            raise ValueError(f"seed must be a 64-bit integer or None, not {self.seed!r}")
        if self.params is not None and not isinstance(self.params, dict):
            raise ValueError(f"params must be a mapping or None, not {self.params!r}")
        if not isinstance(self.answered_at, datetime):
            raise ValueError(f"answered_at must be a datetime, not {self.answered_at!r}")
        if isinstance(self.misconceptions, str) or not all(isinstance(m, str) for m in self.misconceptions):
            raise ValueError(f"misconceptions must be a list of ids, not {self.misconceptions!r}")
        # Frozen, so normalise through object.__setattr__: UTC time, a tuple, plain floats.
        object.__setattr__(self, "answered_at", parse_utc(utc_text(self.answered_at)))
        object.__setattr__(self, "misconceptions", tuple(self.misconceptions))
        object.__setattr__(self, "score", float(self.score))
        object.__setattr__(self, "duration_s", float(self.duration_s))

    @classmethod
    def trusted(cls, **values: Any) -> Attempt:
        """An attempt from values checked when they were stored (database rows), skipping the checks.

        The checks were about 40% of the time to read 20,000 stored attempts. Every field must be given,
        already normalised (UTC time, tuple of misconceptions, floats).
        """
        attempt = object.__new__(cls)
        for name in cls.__dataclass_fields__:
            object.__setattr__(attempt, name, values[name])
        return attempt

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of every field (the export format's attempt record)."""
        data = asdict(self)
        data["answered_at"] = utc_text(self.answered_at)
        data["misconceptions"] = list(self.misconceptions)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attempt:
        """The attempt a `to_dict` record describes.

        Raises:
            ValueError: a field is missing, unknown or out of range; the message names it.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r}")
        missing = sorted(name for name in known if name not in data)
        if missing:
            raise ValueError(f"missing field {missing[0]!r}")
        values = dict(data)
        if not isinstance(values["answered_at"], str):
            raise ValueError(f"answered_at must be ISO 8601 text, not {values['answered_at']!r}")
        try:
            values["answered_at"] = parse_utc(values["answered_at"])
        except ValueError as exc:
            raise ValueError(f"answered_at: {exc}") from None
        if not isinstance(values["misconceptions"], list | tuple):
            raise ValueError(f"misconceptions must be a list of ids, not {values['misconceptions']!r}")
        return cls(**values)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def to_json(value: Any) -> str:
    """Compact JSON text for a stored value; keeps Chinese readable in the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
