"""`Store`: the student's progress (attempts, FSRS card states, settings) in one SQLite file.

The quiz session calls `record_answer` once per answer; it commits before returning, so whatever the
student sees as answered is on disk. Everything else reads. One lock serialises this object's use of its
connection, so the TUI may call it from a worker thread.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from pathlib import Path
from types import TracebackType
from typing import Any

from dlquiz.store import queries, transfer
from dlquiz.store.db import open_database, transaction, translate
from dlquiz.store.models import Attempt, to_json, utc_text

FILENAME = "dlquiz.db"


class Store:
    """An open progress database. Make one with `Store.open()`; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path, recovered: Path | None) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path
        #: Where a damaged file found at open was moved; the front end must tell the student.
        self.recovered = recovered

    @classmethod
    def open(cls, path: Path | None = None) -> Store:
        """Opens the progress file, creating, migrating or (if damaged) moving it aside as needed.

        Args:
            path: the database file; default `dlquiz.db` in `dlquiz.locations.data_dir()`, resolved now.

        Raises:
            StoreError: it cannot be written, is from a newer dlquiz, or stays locked by another process.
        """
        if path is None:
            from dlquiz.locations import data_dir

            path = data_dir() / FILENAME
        conn, recovered = open_database(Path(path))
        return cls(conn, Path(path), recovered)

    def close(self) -> None:
        """Closes the connection (WAL content is checkpointed into the main file by SQLite)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise translate(exc, self.path) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, transaction(self._conn, self.path) as conn:
            yield conn

    @property
    def schema_version(self) -> int:
        """The schema version of the open file (`PRAGMA user_version`)."""
        with self._read() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def record_answer(self, attempt: Attempt, card_id: str | None = None, card: dict[str, Any] | None = None) -> None:
        """Stores an attempt and, if given, the card's new FSRS state, in one committed transaction.

        Args:
            card_id: the card to update; default `attempt.card_id`.
            card: the card's state after this answer (`fsrs.Card.to_dict()`).

        Raises:
            ValueError: a card without a card id, or values that are not JSON-able.
            StoreError: the file cannot be written, or the attempt's id is already stored.
        """
        card_id = card_id if card_id is not None else attempt.card_id
        if card is not None and card_id is None:
            raise ValueError("a card state needs a card id (pass card_id or set attempt.card_id)")
        with self._write() as conn:
            queries.insert_attempt(conn, attempt)
            if card is not None:
                queries.upsert_card(conn, card_id, card)

    def attempts(
        self, question_id: str | None = None, since: datetime | None = None, mode: str | None = None
    ) -> list[Attempt]:
        """Stored attempts, oldest first, filtered by question, time (inclusive, aware datetime) and mode."""
        with self._read() as conn:
            return queries.select_attempts(conn, question_id, since, mode)

    def get_card(self, card_id: str) -> dict[str, Any] | None:
        """The stored state of one card, or None if it was never reviewed."""
        with self._read() as conn:
            row = conn.execute("SELECT state FROM cards WHERE card_id = ?", (card_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def cards(self) -> dict[str, dict[str, Any]]:
        """Every stored card state by card id."""
        with self._read() as conn:
            rows = conn.execute("SELECT card_id, state FROM cards ORDER BY card_id").fetchall()
        return {card_id: json.loads(state) for card_id, state in rows}

    def due_cards(self, now: datetime) -> dict[str, dict[str, Any]]:
        """The card states due at or before `now` (aware), soonest first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT card_id, state FROM cards WHERE due <= ? ORDER BY due, card_id", (utc_text(now),)
            ).fetchall()
        return {card_id: json.loads(state) for card_id, state in rows}

    def set_card(self, card_id: str, card: dict[str, Any]) -> None:
        """Stores a card state on its own (rescheduling; answers go through `record_answer`)."""
        with self._write() as conn:
            queries.upsert_card(conn, card_id, card)

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A stored setting (a JSON value), or `default` when it was never set."""
        with self._read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Stores a setting; `value` must be JSON-able (ValueError otherwise)."""
        try:
            text = to_json(value)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"setting {key!r} cannot be stored as JSON: {exc}") from None
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    def delete_setting(self, key: str) -> None:
        """Forgets a setting, so its default applies again."""
        with self._write() as conn:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    def export_data(self) -> dict[str, Any]:
        """Everything stored, as one JSON-able dict (see `dlquiz.store.transfer`)."""
        with self._lock, transaction(self._conn, self.path, write=False) as conn:  # one consistent snapshot
            return transfer.export_data(conn)

    def import_data(self, data: Any) -> dict[str, int]:
        """Merges an `export_data` dict into this store in one transaction; idempotent.

        Returns:
            How many attempts, cards and settings were added or replaced.

        Raises:
            StoreError: the data is not a valid export; one line naming the first bad place.
        """
        plan = transfer.validate(data)
        with self._write() as conn:
            return transfer.merge(conn, plan)

    def topic_summary(self, since: datetime | None = None) -> dict[str, dict[str, Any]]:
        """Per topic: `attempts`, `correct`, `accuracy` and `mean_score` (attempts since `since`, if given)."""
        with self._read() as conn:
            return queries.topic_summary(conn, since)

    def daily_counts(self, days: int, tz: tzinfo | None = None, now: datetime | None = None) -> dict[date, int]:
        """Answers per local day for the last `days` days, oldest first, zeros included (tz None: local)."""
        with self._read() as conn:
            return queries.daily_counts(conn, days, tz, now)

    def misconception_counts(self, since: datetime | None = None) -> dict[str, int]:
        """How many attempts diagnosed each misconception, most frequent first."""
        with self._read() as conn:
            return queries.misconception_counts(conn, since)

    def last_attempts(self) -> dict[str, Attempt]:
        """The latest attempt at each question id."""
        with self._read() as conn:
            return queries.last_attempts(conn)

    def lapse_counts(self) -> dict[str, int]:
        """Per card id, how often it was forgotten after being known (see `queries.lapse_counts`)."""
        with self._read() as conn:
            return queries.lapse_counts(conn)

    def recent_durations(self, limit: int = 200) -> list[tuple[str, str, float]]:
        """(question id, type, seconds) of the latest `limit` answers, newest first."""
        with self._read() as conn:
            return queries.recent_durations(conn, limit)
