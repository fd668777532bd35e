"""The plan's new items include ones that target the learner's most frequent misconceptions (issue 12, item 6)."""

from __future__ import annotations

from pathlib import Path

from dlquiz.bank import load
from dlquiz.quiz.diagnose import items_for_misconceptions
from dlquiz.quiz.intake import new_item_order
from dlquiz.quiz.session import QuizSession
from dlquiz.store import Store

BANK = load()


def test_every_fourth_new_item_targets_a_frequent_misconception(tmp_path: Path) -> None:
    with Store.open(tmp_path / "dlquiz.db") as store:
        questions = {q.id: q for q in BANK.questions}
        before = new_item_order(BANK, store, questions, set())
        session = QuizSession(BANK, store, ids=["conv.output-and-params.p001"], count=1, seed=3)
        presented = session.items[0]
        session.record(presented, ";".join(str(p.answer - 1) for p in presented.instance.parts))
        top = list(store.misconception_counts())[:3]
        assert top
        after = new_item_order(BANK, store, questions, {"conv.output-and-params.p001"})
    targeted = {q.id for q in items_for_misconceptions(BANK, top)}
    assert after[0] in targeted and after[4] in targeted and after[8] in targeted
    assert sum(cid in targeted for cid in before[:12]) < sum(cid in targeted for cid in after[:12])
