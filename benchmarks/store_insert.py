"""Cost of recording answers through `Store.record_answer` against bare `sqlite3` writing the same rows.

Each of 1,000 answers is one transaction holding the attempt and its card state, as the quiz loop writes
them; the reference does the same inserts on a plain connection to an identical schema with the same
journal mode (WAL) and `synchronous=FULL`, with every row prepared before the clock starts. Both sides
therefore pay the same fsync per commit; the ratio is what the store adds on top (validation, JSON, the
lock, error handling). Wall time, because the fsync wait is the real cost and CPU time would not see it.
Blocks of 100 answers alternate between the two, so drift in disk load hits both alike.

Usage: python benchmarks/store_insert.py [DIRECTORY]   (default: a temporary directory; pass one on the
disk that holds the user data directory to measure that disk). Prints the ratio last.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dlquiz.store import Attempt, Store
from dlquiz.store.models import to_json, utc_text

ANSWERS = 1000
BLOCK = 100
_COLUMNS = (
    "id, question_id, card_id, topic, qtype, answer, score, correct, duration_s, answered_at, "
    "params, seed, rating, mode, misconceptions, exam_id"
)


def make_answers() -> list[tuple[Attempt, str, dict]]:
    """Answers shaped like the quiz loop's: a drawn-parameter question, a diagnosis, an FSRS card state."""
    start = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    answers = []
    for n in range(ANSWERS):
        when = start + timedelta(seconds=20 * n)
        card_id = f"conv.output-size.{n % 150:03d}"
        attempt = Attempt(
            question_id=card_id,
            card_id=card_id,
            topic="conv",
            qtype="param",
            answer={"value": str(14 + n % 5)},
            score=float(n % 3 != 0),
            correct=n % 3 != 0,
            duration_s=12.5,
            answered_at=when,
            params={"n": 32, "k": 3 + n % 3, "p": 1, "s": 2},
            seed=n,
            rating=3,
            mode="practice",
            misconceptions=("M-conv-forgot-padding",) if n % 3 == 0 else (),
        )
        card = {
            "card_id": n % 150,
            "state": 2,
            "step": None,
            "stability": 3.1,
            "difficulty": 5.2,
            "due": utc_text(when + timedelta(days=3)),
            "last_review": utc_text(when),
        }
        answers.append((attempt, card_id, card))
    return answers


def bare_rows(answers: list[tuple[Attempt, str, dict]]) -> list[tuple[tuple, tuple]]:
    """The exact rows the store writes, serialised in advance."""
    rows = []
    for a, card_id, card in answers:
        attempt_row = (
            a.id, a.question_id, a.card_id, a.topic, a.qtype, to_json(a.answer), a.score, int(a.correct),
            a.duration_s, utc_text(a.answered_at), to_json(a.params), a.seed, a.rating, a.mode,
            to_json(list(a.misconceptions)), a.exam_id,
        )  # fmt: skip
        card_row = (card_id, to_json(card), card["due"], card["last_review"], utc_text(a.answered_at))
        rows.append((attempt_row, card_row))
    return rows


def main() -> None:
    answers = make_answers()
    rows = bare_rows(answers)
    with tempfile.TemporaryDirectory(dir=sys.argv[1] if len(sys.argv) > 1 else None) as tmp:
        ours_path, bare_path = Path(tmp) / "ours" / "dlquiz.db", Path(tmp) / "bare" / "dlquiz.db"
        Store.open(bare_path).close()  # the same schema for the reference
        bare = sqlite3.connect(bare_path, isolation_level=None)
        assert bare.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
        bare.execute("PRAGMA synchronous = FULL")
        insert_attempt = f"INSERT INTO attempts ({_COLUMNS}) VALUES ({', '.join('?' * 16)})"
        upsert_card = (
            "INSERT INTO cards (card_id, state, due, last_review, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (card_id) DO UPDATE SET state = excluded.state, due = excluded.due, "
            "last_review = excluded.last_review, updated_at = excluded.updated_at"
        )
        ours_s = bare_s = 0.0
        with Store.open(ours_path) as store:
            for first in range(0, ANSWERS, BLOCK):
                start = time.perf_counter()
                for attempt, card_id, card in answers[first : first + BLOCK]:
                    store.record_answer(attempt, card_id=card_id, card=card)
                ours_s += time.perf_counter() - start
                start = time.perf_counter()
                for attempt_row, card_row in rows[first : first + BLOCK]:
                    bare.execute("BEGIN IMMEDIATE")
                    bare.execute(insert_attempt, attempt_row)
                    bare.execute(upsert_card, card_row)
                    bare.execute("COMMIT")
                bare_s += time.perf_counter() - start
            if len(store.attempts()) != ANSWERS:
                sys.exit("the store did not keep every answer")
        bare.close()
    print(f"answers: {ANSWERS}, one transaction each (attempt + card state), WAL, synchronous=FULL")
    print(f"bare sqlite3: {bare_s:.3f} s ({ANSWERS / bare_s:,.0f} answers/s)")
    print(f"Store.record_answer: {ours_s:.3f} s ({ANSWERS / ours_s:,.0f} answers/s)")
    print(f"ratio: {ours_s / bare_s:.2f} (store time / bare sqlite3 time)")


if __name__ == "__main__":
    main()
