"""The progress schema, as an ordered list of migrations numbered by `PRAGMA user_version`.

Migration N takes a version N-1 database to version N. A new schema is one more function appended to
`MIGRATIONS`; never edit a released one, because databases in the field have already run it. All pending
migrations run in one write transaction, so a crash part-way leaves the old version intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from dlquiz.store.errors import StoreError


def _v1(conn: sqlite3.Connection) -> None:
    """Attempts, FSRS card states and settings.

    Question ids are plain text with no foreign key: items removed from the bank keep their history.
    Timestamps are ISO 8601 UTC text of fixed width, so text order is time order. JSON columns (answer,
    params, misconceptions) hold what the grader gave; SQLite's json_each reads them for the statistics.
    """
    conn.execute(
        """CREATE TABLE attempts (
            id TEXT PRIMARY KEY,
            question_id TEXT NOT NULL,
            card_id TEXT,
            topic TEXT NOT NULL,
            qtype TEXT NOT NULL,
            answer TEXT NOT NULL,
            score REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            duration_s REAL NOT NULL CHECK (duration_s >= 0),
            answered_at TEXT NOT NULL,
            params TEXT,
            seed INTEGER,
            rating INTEGER CHECK (rating BETWEEN 1 AND 4),
            mode TEXT NOT NULL,
            misconceptions TEXT NOT NULL DEFAULT '[]',
            exam_id TEXT
        )"""
    )
    conn.execute("CREATE INDEX attempts_by_time ON attempts (answered_at)")
    conn.execute("CREATE INDEX attempts_by_question ON attempts (question_id, answered_at)")
    # The card as fsrs.Card.to_dict() gives it; due and last_review copied out for queries and merging.
    conn.execute(
        """CREATE TABLE cards (
            card_id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            due TEXT,
            last_review TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX cards_by_due ON cards (due)")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]


def latest() -> int:
    """The newest schema version this dlquiz knows: the number of migrations."""
    return len(MIGRATIONS)


def too_new(version: int, path: object) -> StoreError:
    """The error for a database written by a newer dlquiz, which this one must not touch."""
    return StoreError(
        f"{path} was written by a newer dlquiz (progress schema v{version}; this one knows v{latest()}): "
        "upgrade dlquiz to use it"
    )


def migrate(conn: sqlite3.Connection, path: object) -> int:
    """Brings the database up to `latest()`; returns the version it was at.

    Runs inside one `BEGIN IMMEDIATE` transaction even when nothing is pending: setting `user_version`
    is then a write probe that fails at open on a read-only file (and is rolled back, so costs nothing),
    and two processes opening a new file at once cannot both create the tables.

    Raises:
        StoreError: the database is newer than this dlquiz.
        sqlite3.Error: the file cannot be written (the caller turns it into a StoreError).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found > latest():
            raise too_new(found, path)
        for version in range(found + 1, latest() + 1):
            MIGRATIONS[version - 1](conn)
        conn.execute(f"PRAGMA user_version = {max(found, latest())}")
    except BaseException:
        if conn.in_transaction:  # some errors end the transaction themselves
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT" if found < latest() else "ROLLBACK")
    return found
