"""Recording answers, card states and settings: what goes in comes out, and a failed write leaves nothing."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dlquiz.store import Store, StoreError, db

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def test_an_answer_and_its_card_survive_reopening(tmp_path: Path, make_attempt, make_card) -> None:
    path = tmp_path / "dlquiz.db"
    answer = make_attempt(
        card_id="q.conv.1",
        answer={"选项": ["A", "C"]},
        params={"n": 32, "k": 3},
        seed=2**62,
        rating=4,
        misconceptions=("M-conv-padding", "M-conv-stride"),
        mode="exam",
        exam_id="mock-1",
    )
    with Store.open(path) as store:
        store.record_answer(answer, card=make_card("2025-06-01T12:00:00+00:00"))
    with Store.open(path) as store:
        assert store.attempts() == [answer]
        assert store.get_card("q.conv.1") == make_card("2025-06-01T12:00:00+00:00")
        assert store.cards() == {"q.conv.1": make_card("2025-06-01T12:00:00+00:00")}


def test_an_explicit_card_id_wins_and_the_card_is_replaced_not_added(store: Store, make_attempt, make_card) -> None:
    store.record_answer(make_attempt(), card_id="c1", card=make_card(None))
    store.record_answer(make_attempt(), card_id="c1", card=make_card("2025-06-01T12:00:00+00:00"))
    assert store.cards() == {"c1": make_card("2025-06-01T12:00:00+00:00")}
    assert len(store.attempts()) == 2


def test_a_card_state_needs_a_card_id(store: Store, make_attempt, make_card) -> None:
    with pytest.raises(ValueError, match="a card state needs a card id"):
        store.record_answer(make_attempt(), card=make_card(None))
    assert store.attempts() == []


def test_the_attempt_and_card_are_one_transaction(store: Store, make_attempt, make_card) -> None:
    bad_card = make_card("not a time")
    with pytest.raises(ValueError, match="Invalid isoformat string"):
        store.record_answer(make_attempt(), card_id="c1", card=bad_card)
    unjsonable = make_card(None, extra=object())
    with pytest.raises(ValueError, match="card c1 cannot be stored as JSON"):
        store.record_answer(make_attempt(), card_id="c1", card=unjsonable)
    assert store.attempts() == [] and store.cards() == {}


def test_an_answer_that_is_not_json_is_refused(store: Store, make_attempt) -> None:
    with pytest.raises(ValueError, match="cannot be stored as JSON"):
        store.record_answer(make_attempt(answer={1, 2}))
    assert store.attempts() == []


def test_the_same_attempt_twice_is_a_store_error_and_keeps_the_first(store: Store, make_attempt) -> None:
    first = make_attempt(id="f" * 32, answer="16")
    store.record_answer(first)
    with pytest.raises(StoreError, match=r"UNIQUE constraint failed: attempts\.id"):
        store.record_answer(make_attempt(id="f" * 32, answer="17"))
    assert store.attempts() == [first]


def test_attempt_filters_and_order(store: Store, make_attempt) -> None:
    late = make_attempt(question_id="q2", answered_at=T0 + timedelta(hours=2), mode="review")
    early = make_attempt(question_id="q1", answered_at=T0)
    middle = make_attempt(question_id="q1", answered_at=T0 + timedelta(hours=1), mode="cram")
    for attempt in (late, early, middle):
        store.record_answer(attempt)
    assert store.attempts() == [early, middle, late]
    assert store.attempts(question_id="q1") == [early, middle]
    assert store.attempts(since=T0 + timedelta(hours=1)) == [middle, late]  # inclusive
    assert store.attempts(mode="review") == [late]
    assert store.attempts(question_id="q1", mode="review") == []
    beijing = T0.astimezone(ZoneInfo("Asia/Shanghai"))
    assert store.attempts(since=beijing + timedelta(minutes=30)) == [middle, late]


def test_removed_bank_items_keep_their_history(store: Store, make_attempt) -> None:
    gone = make_attempt(question_id="q.deleted.from.bank", topic="retired-topic")
    store.record_answer(gone)
    assert store.last_attempts() == {"q.deleted.from.bank": gone}
    assert store.topic_summary()["retired-topic"]["attempts"] == 1


def test_settings_hold_json_values(store: Store) -> None:
    assert store.get_setting("exam_date") is None
    assert store.get_setting("exam_date", "2025-07-01") == "2025-07-01"
    store.set_setting("topics", ["conv", "rnn"])
    store.set_setting("minutes_per_day", 45)
    store.set_setting("minutes_per_day", 60)
    store.set_setting("名字", {"语言": "中文"})
    assert store.get_setting("topics") == ["conv", "rnn"]
    assert store.get_setting("minutes_per_day") == 60
    assert store.get_setting("名字") == {"语言": "中文"}
    with pytest.raises(ValueError, match="setting 'when' cannot be stored as JSON"):
        store.set_setting("when", T0)


def test_set_card_and_due_cards(store: Store, make_card) -> None:
    store.set_card("later", make_card(None, due="2025-06-03T00:00:00+00:00"))
    store.set_card("soon", make_card(None, due="2025-06-02T00:00:00+08:00"))  # 2025-06-01T16:00Z
    store.set_card("new", make_card(None, due="2025-06-01T12:00:00+00:00"))
    assert list(store.due_cards(T0 + timedelta(hours=4))) == ["new", "soon"]
    assert list(store.due_cards(T0 - timedelta(seconds=1))) == []
    assert store.get_card("never") is None


def test_a_writer_locked_out_too_long_gets_a_store_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_attempt
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.05)
    path = tmp_path / "dlquiz.db"
    with Store.open(path) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        with pytest.raises(StoreError, match=r"stayed locked by another program for 0.05 s; close it and retry$"):
            store.record_answer(make_attempt())
        other.execute("ROLLBACK")
        other.close()
        assert store.attempts() == []
        store.record_answer(make_attempt())
        assert len(store.attempts()) == 1


def test_threads_may_share_one_store(store: Store, make_attempt) -> None:
    def record(worker: int) -> None:
        for n in range(25):
            store.record_answer(make_attempt(question_id=f"q.{worker}.{n}"), card_id=f"c{n}", card={"n": n})

    threads = [threading.Thread(target=record, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.attempts()) == 100
    assert len(store.cards()) == 25
