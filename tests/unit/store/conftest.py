"""Shared makers for the progress-store tests: attempts with sensible defaults and an open store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dlquiz.store import Attempt, Store

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def attempt(**overrides: Any) -> Attempt:
    """An attempt at `q.conv.1` (correct, practice mode) with any field replaced."""
    fields: dict[str, Any] = {
        "question_id": "q.conv.1",
        "topic": "conv",
        "qtype": "numeric",
        "answer": "16",
        "score": 1.0,
        "correct": True,
        "duration_s": 4.5,
        "answered_at": T0,
        "mode": "practice",
    }
    fields.update(overrides)
    return Attempt(**fields)


@pytest.fixture
def make_attempt() -> Callable[..., Attempt]:
    return attempt


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "dlquiz.db") as opened:
        yield opened


def card(last_review: str | None, due: str = "2025-06-02T12:00:00+00:00", **extra: Any) -> dict[str, Any]:
    """A card state shaped like fsrs.Card.to_dict()."""
    return {
        "card_id": 1,
        "state": 2,
        "step": None,
        "stability": 3.2,
        "difficulty": 5.1,
        "due": due,
        "last_review": last_review,
        **extra,
    }


@pytest.fixture
def make_card() -> Callable[..., dict[str, Any]]:
    return card
