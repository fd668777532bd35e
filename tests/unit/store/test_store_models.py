"""An Attempt checks itself when made, keeps time in UTC, and survives a round trip through its dict."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from dlquiz.store.models import UTC, Attempt, parse_utc, utc_text


def test_defaults_give_a_fresh_uuid_and_the_current_utc_time(make_attempt) -> None:
    before = datetime.now(UTC)
    first = Attempt(
        question_id="q", topic="t", qtype="tf", answer=True, score=0, correct=False, duration_s=1, mode="plain"
    )
    second = Attempt(
        question_id="q", topic="t", qtype="tf", answer=True, score=0, correct=False, duration_s=1, mode="plain"
    )
    assert re.fullmatch(r"[0-9a-f]{32}", first.id) and first.id != second.id
    assert first.answered_at.tzinfo is UTC and before <= first.answered_at <= datetime.now(UTC)
    assert first.misconceptions == () and first.card_id is None and first.params is None


def test_fields_are_keyword_only_and_frozen(make_attempt) -> None:
    with pytest.raises(TypeError):
        Attempt("q", "t", "tf", True, 0, False, 1)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        make_attempt().score = 0.5  # type: ignore[misc]


def test_an_aware_time_is_converted_to_utc_and_misconceptions_to_a_tuple(make_attempt) -> None:
    beijing = timezone(timedelta(hours=8))
    made = make_attempt(answered_at=datetime(2025, 6, 1, 20, 0, tzinfo=beijing), misconceptions=["a", "b"])
    assert made.answered_at == datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    assert made.answered_at.utcoffset() == timedelta(0)
    assert made.misconceptions == ("a", "b")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score", 1.5, "score must be a number from 0 to 1"),
        ("score", float("nan"), "score must be a number from 0 to 1"),
        ("score", True, "score must be a number"),
        ("correct", 1, "correct must be true or false"),
        ("duration_s", -1, "duration_s must be a number of seconds"),
        ("mode", "drill", "mode must be one of practice, review, exam, cram, plain"),
        ("rating", 5, "rating must be 1, 2, 3, 4 or None"),
        ("rating", 2.0, "rating must be 1, 2, 3, 4 or None"),
        ("seed", 2**64, "seed must be a 64-bit integer"),
        ("question_id", "", "question_id must be a non-empty string"),
        ("card_id", 7, "card_id must be a string or None"),
        ("params", [1, 2], "params must be a mapping or None"),
        ("misconceptions", "M-conv-01", "misconceptions must be a list of ids"),
        ("answered_at", datetime(2025, 6, 1, 12, 0), "has no time zone"),
    ],
)
def test_bad_values_are_refused_when_made(make_attempt, field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        make_attempt(**{field: value})


def test_dict_round_trip_is_exact_and_json_shaped(make_attempt) -> None:
    made = make_attempt(
        card_id="q.conv.1",
        params={"k": 3, "n": 32},
        seed=7,
        rating=3,
        misconceptions=("M-conv-padding",),
        exam_id="mock-1",
        answer={"cells": [[1, 2], [3, 4]]},
    )
    data = made.to_dict()
    assert data["answered_at"] == "2025-06-01T12:00:00.000000+00:00"
    assert data["misconceptions"] == ["M-conv-padding"]
    assert Attempt.from_dict(data) == made


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"score": None}, "score must be a number"),
        ({"answered_at": "yesterday"}, "answered_at: Invalid isoformat string"),
        ({"answered_at": "2025-06-01T12:00:00"}, "has no UTC offset"),
        ({"answered_at": 1717243200}, "answered_at must be ISO 8601 text"),
        ({"misconceptions": "M1"}, "misconceptions must be a list of ids"),
    ],
)
def test_from_dict_names_the_bad_field(make_attempt, change: dict, message: str) -> None:
    data = make_attempt().to_dict() | change
    with pytest.raises(ValueError, match=re.escape(message)):
        Attempt.from_dict(data)


def test_from_dict_names_a_missing_field(make_attempt) -> None:
    data = make_attempt().to_dict()
    del data["topic"]
    with pytest.raises(ValueError, match="missing field 'topic'"):
        Attempt.from_dict(data)


def test_stored_time_text_has_a_fixed_width_so_text_order_is_time_order() -> None:
    times = [datetime(2025, 6, 1, 12, 0, 0, micro, tzinfo=UTC) for micro in (0, 5, 500000)]
    texts = [utc_text(moment) for moment in times]
    assert len({len(text) for text in texts}) == 1
    assert sorted(texts) == texts
    assert [parse_utc(text) for text in texts] == times
