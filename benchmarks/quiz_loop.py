"""Grading and committing 1,000 answers through the quiz session, against bare SQLite inserts of the same rows.

Each answer is graded (the real grader, on the shipped bank: formulas, synonyms, parametric instances),
rated, scheduled with FSRS and committed in one transaction, as `dlquiz quiz` does. The reference inserts
the very rows that were written, one transaction each, on a bare `sqlite3` connection with the same schema,
WAL and synchronous=FULL. Blocks of 100 alternate between the two. Target (issue 6): ratio ≤ 3. Ratio last.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from store_insert import _COLUMNS

from dlquiz.bank import load
from dlquiz.quiz.session import QuizSession
from dlquiz.store import Store
from dlquiz.store.models import to_json, utc_text

ANSWERS = 1000
BLOCK = 100
HOSTILE = ["__import__('os').system('true')", "().__class__.__bases__[0]", "(" * 5000 + "1" + ")" * 5000,
           "9**9**9**9", "2^99999999", "x" * 1_000_000, "y(" * 100 + "1" + ")" * 100, "sigma(" * 60,
           "1e308*1e308", "lambda: 0"]


def hostile_worst_ms(bank) -> float:
    """The slowest grading of a hostile answer against one item of every type (issue 6: ≤ 100 ms each)."""
    from dlquiz.bank.instance import instantiate
    from dlquiz.quiz.grading import Normaliser, grade

    normaliser = Normaliser(bank.synonyms)
    one_of_each = {q.type: q for q in bank.questions}
    worst = 0.0
    for q in one_of_each.values():
        instance = instantiate(q, 0) if q.type == "param" else None
        for answer in HOSTILE:
            start = time.perf_counter()
            grade(q, answer, normaliser, instance)
            worst = max(worst, time.perf_counter() - start)
    return worst * 1000


def typed_answer(presented, n: int) -> object:
    """Alternately a right and a wrong answer, written as a learner would."""
    q = presented.question
    if n % 2:
        return "nonsense"
    if presented.options:
        return ",".join(shown for shown, o in presented.options if o.correct)
    if presented.instance:
        return ";".join(str(p.answer) for p in presented.instance.parts)
    return {"tf": lambda: "对" if q.answer else "错", "numeric": lambda: str(q.answer),
            "fill": lambda: ";".join(b.accept[0] for b in q.blanks),
            "table": lambda: ";".join(c.accept[0] for r in q.rows for c in r.cells if hasattr(c, "blank")),
            "short": lambda: "梯度 反向传播 链式法则 激活函数"}[q.type]()


def main() -> None:
    bank = load()
    with tempfile.TemporaryDirectory() as tmp:
        bare_path = Path(tmp) / "bare" / "dlquiz.db"
        Store.open(bare_path).close()  # the same schema for the reference
        bare = sqlite3.connect(bare_path, isolation_level=None)
        bare.execute("PRAGMA journal_mode = WAL")
        bare.execute("PRAGMA synchronous = FULL")
        insert_attempt = f"INSERT INTO attempts ({_COLUMNS}) VALUES ({', '.join('?' * 16)})"
        upsert_card = ("INSERT INTO cards (card_id, state, due, last_review, updated_at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (card_id) DO UPDATE SET state = excluded.state, due = excluded.due, "
                       "last_review = excluded.last_review, updated_at = excluded.updated_at")
        ours_s = bare_s = grading_s = 0.0
        done = 0
        with Store.open(Path(tmp) / "ours" / "dlquiz.db") as store:
            session_seed = 0
            while done < ANSWERS:
                session = QuizSession(bank, store, count=BLOCK, seed=session_seed)
                session_seed += 1
                start = time.perf_counter()
                for n, presented in enumerate(session.items):
                    began = time.perf_counter()
                    result = session.grade(presented, typed_answer(presented, n))
                    grading_s += time.perf_counter() - began
                    session.record(presented, typed_answer(presented, n), result, duration_s=30)
                ours_s += time.perf_counter() - start
                rows = []
                for outcome in session.outcomes:
                    a = outcome.attempt
                    card = store.get_card(a.card_id)
                    rows.append(((a.id + "-bare", a.question_id, a.card_id, a.topic, a.qtype, to_json(a.answer),
                                  a.score, int(a.correct), a.duration_s, utc_text(a.answered_at), to_json(a.params),
                                  a.seed, a.rating, a.mode, to_json(list(a.misconceptions)), a.exam_id),
                                 (a.card_id, to_json(card), card["due"], card.get("last_review"),
                                  utc_text(a.answered_at))))
                start = time.perf_counter()
                for attempt_row, card_row in rows:
                    bare.execute("BEGIN IMMEDIATE")
                    bare.execute(insert_attempt, attempt_row)
                    bare.execute(upsert_card, card_row)
                    bare.execute("COMMIT")
                bare_s += time.perf_counter() - start
                done += len(session.outcomes)
            if len(store.attempts()) != done:
                sys.exit("the store did not keep every answer")
        bare.close()
    print(f"answers: {done} (graded, rated, scheduled, committed one transaction each)")
    print(f"grading alone: {grading_s:.3f} s ({grading_s / done * 1000:.2f} ms per answer)")
    print(f"slowest hostile answer (megabyte strings, nesting, power towers): {hostile_worst_ms(bank):.1f} ms "
          "(target ≤ 100 ms)")
    print(f"quiz loop: {ours_s:.3f} s ({done / ours_s:,.0f} answers/s)")
    print(f"bare sqlite3 inserts of the same rows: {bare_s:.3f} s ({done / bare_s:,.0f} answers/s)")
    print(f"ratio: {ours_s / bare_s:.2f} (target ≤ 3)")


if __name__ == "__main__":
    main()
