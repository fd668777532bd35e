"""Lapses are counted from attempts; leeches are flagged, explained before they are asked again, and listed."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from plan_helpers import T0, make_bank

from dlquiz.bank import load_bank
from dlquiz.cli import main
from dlquiz.commands.quiz import PlainLoop
from dlquiz.locations import packaged_bank_dir
from dlquiz.quiz import leeches as leech_module
from dlquiz.quiz.leeches import leech_note, leeches, mark_shown, related_items
from dlquiz.quiz.session import QuizSession
from dlquiz.store import Attempt, Store

DATA = Path(__file__).resolve().parents[2] / "data"
BANK = make_bank({"conv": 8, "loss": 3}, tags=True)


def answers(store: Store, question_id: str, pattern: str, start_minutes: int = 0) -> None:
    """Records answers at one item: `r` right (good), `w` wrong (again), `R`/`W` the same while cramming."""
    for n, mark in enumerate(pattern):
        right = mark in "rR"
        store.record_answer(Attempt(
            question_id=question_id, card_id=question_id, topic=question_id.split(".")[0], qtype="tf",
            answer="对", score=1.0 if right else 0.0, correct=right, duration_s=10.0,
            answered_at=T0 + timedelta(minutes=start_minutes + n), rating=3 if right else 1,
            mode="cram" if mark.isupper() else "practice"))  # fmt: skip


def test_a_lapse_is_an_again_right_after_a_right_answer(store: Store) -> None:
    answers(store, "conv.item-000", "wwrwwrrw")  # lapses at the 4th and 8th answers
    answers(store, "conv.item-001", "wwww")  # never known: no lapse
    answers(store, "conv.item-002", "rRWrWw")  # cram answers are not part of the schedule's history
    assert store.lapse_counts() == {"conv.item-000": 2, "conv.item-002": 1}


def test_an_item_is_a_leech_after_n_lapses(store: Store) -> None:
    answers(store, "conv.item-003", "rw" * 8)
    answers(store, "conv.item-004", "rw" * 3)
    assert leeches(BANK, store) == {"conv.item-003": 8}
    store.set_setting("leech_lapses", 3)
    assert leeches(BANK, store) == {"conv.item-003": 8, "conv.item-004": 3}
    answers(store, "gone.item-000", "rw" * 9)  # an item no longer in the bank is nobody's leech
    assert "gone.item-000" not in leeches(BANK, store)


def test_the_note_is_shown_once_per_lapse(store: Store) -> None:
    store.set_setting("leech_lapses", 2)
    question = BANK.by_id["conv.item-000"]
    answers(store, question.id, "rwr")
    assert leech_note(BANK, store, question) is None  # one lapse: not yet a leech
    answers(store, question.id, "w", start_minutes=10)
    note = leech_note(BANK, store, question)
    assert note is not None and note.lapses == 2
    assert note.explanation == question.explanation
    assert note.demo_command == "dlquiz demo losses --n 3"
    assert [q.id for q in note.related] == ["conv.item-004", "conv.item-001", "conv.item-002"]
    mark_shown(store, note)
    assert leech_note(BANK, store, question) is None
    answers(store, question.id, "rw", start_minutes=20)
    assert leech_note(BANK, store, question).lapses == 3


def test_related_items_share_the_topic_and_tags_first() -> None:
    related = related_items(BANK, BANK.by_id["conv.item-001"], limit=3)
    assert [q.id for q in related] == ["conv.item-005", "conv.item-000", "conv.item-002"]
    assert all(q.topic == "conv" for q in related)


def test_the_plain_loop_explains_a_leech_before_asking_it(store: Store) -> None:
    store.set_setting("leech_lapses", 2)
    answers(store, "conv.item-000", "rwrw")
    session = QuizSession(BANK, store, mode="practice", ids=["conv.item-000", "conv.item-001"], count=2, seed=1)
    out = io.StringIO()
    PlainLoop(session, "en", io.StringIO("t\nt\n"), out).run()
    text = out.getvalue()
    note_at, item_at = text.index("leech: conv.item-000"), text.index("conv.item-000 · tf")
    assert note_at < item_at
    assert "why conv 0" in text[note_at:item_at] and "dlquiz demo losses --n 3" in text[note_at:item_at]
    assert text[note_at:item_at].count("related: conv.") == 3
    assert text.count("leech:") == 1  # the other item is no leech
    out = io.StringIO()
    PlainLoop(QuizSession(BANK, store, ids=["conv.item-000"], count=1, seed=2), "en", io.StringIO("t\n"),
              out).run()
    assert "leech:" not in out.getvalue()  # read once; again only after another lapse


def test_exam_mode_shows_no_note(store: Store) -> None:
    store.set_setting("leech_lapses", 1)
    answers(store, "conv.item-000", "rw")
    out = io.StringIO()
    PlainLoop(QuizSession(BANK, store, mode="exam", ids=["conv.item-000"], count=1, seed=1), "en",
              io.StringIO("t\n"), out).run()
    assert "leech:" not in out.getvalue()
    assert store.get_setting(leech_module.SHOWN_KEY) is None


def test_cram_takes_leeches_then_the_least_recalled_then_unseen(store: Store) -> None:
    answers(store, "conv.item-002", "rw" * 3)
    answers(store, "conv.item-005", "rw")
    session = QuizSession(BANK, store, mode="practice", ids=["conv.item-006", "conv.item-007"], count=2, seed=1,
                          now=T0)
    for presented in session.items:
        session.record(presented, "对", duration_s=10)
    for cid in ("conv.item-002", "conv.item-005"):  # cards for the answered items, forgotten long ago
        card = store.get_card("conv.item-006")
        store.set_card(cid, {**card, "last_review": (T0 - timedelta(days=60)).isoformat()})
    cram = QuizSession(BANK, store, mode="cram", topics=["conv"], count=8, seed=3, now=T0 + timedelta(days=1))
    order = [p.question.id for p in cram.items]
    assert order[:2] == ["conv.item-002", "conv.item-005"]  # most lapses first
    assert set(order[2:4]) == {"conv.item-006", "conv.item-007"}  # then what was studied
    assert set(order[4:]) <= {f"conv.item-00{n}" for n in (0, 1, 3, 4)}  # unseen last


def test_stats_lists_leeches(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                             _isolated_home: Path) -> None:
    monkeypatch.setenv("DLQUIZ_BANK", str(DATA / "bank-valid"))
    bank = load_bank(DATA / "bank-valid", catalogues=packaged_bank_dir())
    item = "conv.output-size.001"
    assert item in bank.by_id
    with Store.open(_isolated_home / "dlquiz.db") as store:
        answers(store, item, "rw" * 8)
    assert main(["stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["leeches"] == [{"id": item, "topic": "conv", "lapses": 8}]
    assert main(["stats"]) == 0
    assert f"8× {item}" in capsys.readouterr().out
