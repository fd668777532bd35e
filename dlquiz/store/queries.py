"""Reading and writing attempt rows, and the summaries `dlquiz stats` and the study plan are built from.

These are plain functions on a connection so the Store stays a thin, locked front; each summary is one
SQL query (or one query and a pass in Python where SQLite cannot do the work, such as local time zones).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from dlquiz.store.models import UTC, Attempt, parse_utc, to_json, utc_now, utc_text

_COLUMNS = (
    "id, question_id, card_id, topic, qtype, answer, score, correct, duration_s, answered_at, "
    "params, seed, rating, mode, misconceptions, exam_id"
)


def insert_attempt(conn: sqlite3.Connection, attempt: Attempt, *, skip_known: bool = False) -> bool:
    """Inserts one attempt row (inside the caller's transaction); returns whether it was new.

    Args:
        skip_known: leave an attempt whose id is already stored alone instead of failing (merging).

    Raises:
        ValueError: the answer or parameters are not JSON-able.
        sqlite3.IntegrityError: an attempt with this id is already stored and `skip_known` is false.
    """
    try:
        answer, params = to_json(attempt.answer), None if attempt.params is None else to_json(attempt.params)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"attempt {attempt.id} cannot be stored as JSON: {exc}") from None
    conflict = " ON CONFLICT (id) DO NOTHING" if skip_known else ""
    cursor = conn.execute(
        f"INSERT INTO attempts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?){conflict}",
        (
            attempt.id, attempt.question_id, attempt.card_id, attempt.topic, attempt.qtype, answer,
            attempt.score, int(attempt.correct), attempt.duration_s, utc_text(attempt.answered_at),
            params, attempt.seed, attempt.rating, attempt.mode, to_json(list(attempt.misconceptions)),
            attempt.exam_id,
        ),
    )  # fmt: skip
    return cursor.rowcount == 1


def card_times(card: dict[str, Any]) -> tuple[str | None, str | None]:
    """The card's `due` and `last_review` as stored UTC text (None where absent or null).

    Raises:
        ValueError: the card is not a mapping, or a time in it is not ISO 8601 with an offset.
    """
    if not isinstance(card, dict):
        raise ValueError(f"a card state must be a mapping, not {type(card).__name__}")
    times = []
    for key in ("due", "last_review"):
        value = card.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{key} must be ISO 8601 text or null, not {value!r}")
        times.append(None if value is None else utc_text(parse_utc(value)))
    return times[0], times[1]


def upsert_card(conn: sqlite3.Connection, card_id: str, card: dict[str, Any]) -> None:
    """Stores a card's state, replacing the one before (inside the caller's transaction).

    Raises:
        ValueError: the card is not a JSON-able mapping with valid times.
    """
    due, last_review = card_times(card)
    try:
        state = to_json(card)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"card {card_id} cannot be stored as JSON: {exc}") from None
    conn.execute(
        "INSERT INTO cards (card_id, state, due, last_review, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (card_id) DO UPDATE SET state = excluded.state, due = excluded.due, "
        "last_review = excluded.last_review, updated_at = excluded.updated_at",
        (card_id, state, due, last_review, utc_text(utc_now())),
    )


def _attempt(row: tuple[Any, ...]) -> Attempt:
    (id_, question_id, card_id, topic, qtype, answer, score, correct, duration_s, answered_at,
     params, seed, rating, mode, misconceptions, exam_id) = row  # fmt: skip
    return Attempt.trusted(
        id=id_, question_id=question_id, card_id=card_id, topic=topic, qtype=qtype, answer=json.loads(answer),
        score=score, correct=bool(correct), duration_s=duration_s, answered_at=parse_utc(answered_at),
        params=None if params is None else json.loads(params), seed=seed, rating=rating, mode=mode,
        misconceptions=tuple(json.loads(misconceptions)), exam_id=exam_id,
    )  # fmt: skip


def _where(since: datetime | None, **equal: str | None) -> tuple[str, list[Any]]:
    """A WHERE clause (possibly empty) for `answered_at >= since` and column equalities that are not None."""
    terms, args = [], []
    if since is not None:
        terms.append("answered_at >= ?")
        args.append(utc_text(since))
    for column, value in equal.items():
        if value is not None:
            terms.append(f"{column} = ?")
            args.append(value)
    return (" WHERE " + " AND ".join(terms)) if terms else "", args


def select_attempts(
    conn: sqlite3.Connection, question_id: str | None, since: datetime | None, mode: str | None
) -> list[Attempt]:
    """Attempts matching every given filter, oldest first (ties in insertion order)."""
    where, args = _where(since, question_id=question_id, mode=mode)
    rows = conn.execute(f"SELECT {_COLUMNS} FROM attempts{where} ORDER BY answered_at, rowid", args)
    return [_attempt(row) for row in rows]


def last_attempts(conn: sqlite3.Connection) -> dict[str, Attempt]:
    """The most recent attempt at each question id (the later-recorded one when two share a time)."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY question_id "
        "ORDER BY answered_at DESC, rowid DESC) AS newest FROM attempts) WHERE newest = 1 ORDER BY question_id"
    )
    return {attempt.question_id: attempt for attempt in map(_attempt, rows)}


def topic_summary(conn: sqlite3.Connection, since: datetime | None) -> dict[str, dict[str, Any]]:
    """Per topic: attempts, how many were correct, accuracy (correct / attempts) and the mean score.

    The mean score credits partly right answers (multi, table) that accuracy counts as wrong.
    """
    where, args = _where(since)
    rows = conn.execute(
        f"SELECT topic, COUNT(*), SUM(correct), AVG(score) FROM attempts{where} GROUP BY topic ORDER BY topic", args
    )
    return {
        topic: {"attempts": count, "correct": right, "accuracy": right / count, "mean_score": mean}
        for topic, count, right, mean in rows
    }


def misconception_counts(conn: sqlite3.Connection, since: datetime | None) -> dict[str, int]:
    """How many attempts each misconception was diagnosed in, most frequent first (ties by id)."""
    where, args = _where(since)
    rows = conn.execute(
        "SELECT m.value, COUNT(DISTINCT a.id) AS n FROM attempts AS a, json_each(a.misconceptions) AS m"
        f"{where} GROUP BY m.value ORDER BY n DESC, m.value",
        args,
    )
    return dict(rows.fetchall())


def daily_counts(conn: sqlite3.Connection, days: int, tz: tzinfo | None, now: datetime | None) -> dict[date, int]:
    """Answers per local calendar day for the `days` days ending today, oldest first, zeros included.

    Days are cut at local midnight in `tz` (None: this machine's zone), DST included, which SQLite cannot
    do; so SQL selects the window's rows and Python buckets them.

    Raises:
        ValueError: `days` is below 1.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    today = (now or utc_now()).astimezone(tz).date()
    first = today - timedelta(days=days - 1)
    # A naive midnight is read as this machine's local time by astimezone(); an aware one in tz.
    start = datetime.combine(first, time()) if tz is None else datetime.combine(first, time(), tzinfo=tz)
    counts = {first + timedelta(days=n): 0 for n in range(days)}
    rows = conn.execute("SELECT answered_at FROM attempts WHERE answered_at >= ?", (utc_text(start.astimezone(UTC)),))
    for (answered_at,) in rows:
        day = parse_utc(answered_at).astimezone(tz).date()
        if day in counts:  # answers stamped after today (a clock set back since) are left out
            counts[day] += 1
    return counts


def lapse_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Per card, how often it was forgotten after being known: a non-cram answer rated 1 ("again") whose
    previous non-cram answer at the same card was correct. Cards never forgotten are left out.

    fsrs 6 cards keep no lapse count; counting from the attempts keeps one source of truth, survives an
    export and import, and leaves cram answers (which never touch a card) out as they should be.
    """
    rows = conn.execute(
        "SELECT card_id, SUM(lapse) FROM (SELECT card_id, rating = 1 AND LAG(correct) OVER "
        "(PARTITION BY card_id ORDER BY answered_at, rowid) = 1 AS lapse FROM attempts "
        "WHERE mode != 'cram' AND card_id IS NOT NULL) GROUP BY card_id HAVING SUM(lapse) > 0 ORDER BY card_id"
    )
    return {card_id: int(count) for card_id, count in rows}


def recent_durations(conn: sqlite3.Connection, limit: int) -> list[tuple[str, str, float]]:
    """(question id, type, seconds) of the latest `limit` answers, newest first, for the learner's pace."""
    rows = conn.execute(
        "SELECT question_id, qtype, duration_s FROM attempts ORDER BY answered_at DESC, rowid DESC LIMIT ?", (limit,)
    )
    return [(question_id, qtype, float(seconds)) for question_id, qtype, seconds in rows]
