"""Export and import: a lossless JSON round trip, an idempotent merge, and one-line errors for bad files."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlquiz.store import Store, StoreError

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _export(attempts: list = (), cards: dict | None = None, settings: dict | None = None) -> dict:
    return {
        "format": "dlquiz-progress",
        "version": 1,
        "attempts": list(attempts),
        "cards": cards or {},
        "settings": settings or {},
    }


@pytest.fixture
def filled(store: Store, make_attempt, make_card) -> Store:
    for n in range(5):
        store.record_answer(
            make_attempt(
                question_id=f"q.{n}",
                answered_at=T0 + timedelta(minutes=n),
                misconceptions=("M-a",) * (n % 2),
                params={"n": n},
                seed=n,
                rating=1 + n % 4,
                answer={"答案": [n, "十六"]},
            ),
            card_id=f"q.{n}",
            card=make_card(f"2025-06-01T12:0{n}:00+00:00"),
        )
    store.set_setting("exam_date", "2025-07-01")
    return store


def test_export_then_import_into_an_empty_store_is_lossless(filled: Store, tmp_path: Path) -> None:
    exported = filled.export_data()
    assert exported["format"] == "dlquiz-progress" and exported["version"] == 1
    assert len(exported["attempts"]) == 5 and len(exported["cards"]) == 5
    through_json = json.loads(json.dumps(exported, ensure_ascii=False))
    with Store.open(tmp_path / "other" / "dlquiz.db") as other:
        assert other.import_data(through_json) == {"attempts": 5, "cards": 5, "settings": 1}
        assert other.attempts() == filled.attempts()
        assert other.cards() == filled.cards()
        assert other.export_data() == exported


def test_importing_twice_adds_nothing_the_second_time(filled: Store) -> None:
    exported = filled.export_data()
    assert filled.import_data(exported) == {"attempts": 0, "cards": 0, "settings": 0}
    assert filled.export_data() == exported


def test_a_merge_unions_attempts_by_their_uuid(filled: Store, make_attempt) -> None:
    extra = make_attempt(question_id="q.new", answered_at=T0 - timedelta(days=1))
    data = filled.export_data()
    data["attempts"] = [*data["attempts"][:2], extra.to_dict(), extra.to_dict()]
    assert filled.import_data(data)["attempts"] == 1
    assert filled.attempts()[0] == extra
    assert len(filled.attempts()) == 6


def test_cards_keep_the_state_reviewed_last(store: Store, make_card) -> None:
    store.set_card("older-here", make_card("2025-06-01T10:00:00+00:00", stability=1.0))
    store.set_card("newer-here", make_card("2025-06-01T10:00:00+00:00", stability=1.0))
    store.set_card("same", make_card("2025-06-01T10:00:00+00:00", stability=1.0))
    store.set_card("reviewed-here-only", make_card("2025-06-01T10:00:00+00:00", stability=1.0))
    store.set_card("never-reviewed-here", make_card(None, stability=1.0))
    incoming = {
        "older-here": make_card("2025-06-01T18:30:00+08:00", stability=2.0),  # 10:30 UTC: newer
        "newer-here": make_card("2025-06-01T09:59:59+00:00", stability=2.0),
        "same": make_card("2025-06-01T10:00:00+00:00", stability=2.0),
        "reviewed-here-only": make_card(None, stability=2.0),
        "never-reviewed-here": make_card("2025-05-01T00:00:00+00:00", stability=2.0),
        "brand-new": make_card(None, stability=2.0),
    }
    assert store.import_data(_export(cards=incoming))["cards"] == 3
    stability = {card_id: state["stability"] for card_id, state in store.cards().items()}
    assert stability == {
        "older-here": 2.0,
        "newer-here": 1.0,
        "same": 1.0,
        "reviewed-here-only": 1.0,
        "never-reviewed-here": 2.0,
        "brand-new": 2.0,
    }


def test_settings_chosen_here_win(store: Store) -> None:
    store.set_setting("exam_date", "2025-07-01")
    added = store.import_data(_export(settings={"exam_date": "2025-01-01", "minutes_per_day": 30}))
    assert added["settings"] == 1
    assert store.get_setting("exam_date") == "2025-07-01"
    assert store.get_setting("minutes_per_day") == 30


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a JSON object, not list"),
        ({"format": "anki"}, "not a dlquiz progress export (format is 'anki', expected 'dlquiz-progress')"),
        (_export() | {"version": 2}, "written by a newer dlquiz (format version 2; this one reads 1): upgrade dlquiz"),
        (_export() | {"version": "1"}, "version must be a positive integer, not '1'"),
        (_export() | {"comment": "hi"}, "unknown field 'comment'"),
        (_export() | {"attempts": {}}, "attempts must be a JSON array, not {}"),
        ({k: v for k, v in _export().items() if k != "cards"}, "cards must be a JSON object, not None"),
        (_export(["q1"]), "attempts[0]: expected an object, not str"),
        (_export(cards={"c": "new"}), "cards['c']: a card state must be a mapping, not str"),
        (_export(cards={"c": {"due": "soon"}}), "cards['c']: Invalid isoformat string: 'soon'"),
        (_export(cards={"c": {"last_review": 5}}), "cards['c']: last_review must be ISO 8601 text or null, not 5"),
        (_export(cards={"": {}}), "cards['']: empty card id"),
        (_export(settings={"x": {1, 2}}), "settings['x']: Object of type set is not JSON serializable"),
    ],
)
def test_bad_structure_is_one_line_naming_the_place(store: Store, data: object, message: str) -> None:
    with pytest.raises(StoreError) as caught:
        store.import_data(data)
    assert str(caught.value) == f"progress import: {message}"


def test_a_bad_record_anywhere_means_nothing_is_written(store: Store, make_attempt, make_card) -> None:
    good = make_attempt().to_dict()
    bad = make_attempt().to_dict() | {"score": 2}
    data = _export([good, bad], cards={"c": make_card(None)}, settings={"k": 1})
    with pytest.raises(StoreError, match=re.escape("progress import: attempts[1]: score must be a number from 0 to 1")):
        store.import_data(data)
    assert store.export_data() == _export()
