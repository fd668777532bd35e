"""Opening the progress database: pragmas, the damage check, moving a damaged file aside, clear errors.

Every answer must survive a crash or a kill the moment `record_answer` returns, and two dlquiz processes
(the TUI and a `dlquiz stats` in another terminal) must be able to write at once. Hence WAL, a busy timeout,
`synchronous=FULL` (each commit is fsynced; a few milliseconds per answer against seconds of thinking) and
short `BEGIN IMMEDIATE` transactions. A damaged file is never repaired or replaced in place: it is renamed
beside the new one and reported, so nothing the student did is lost without them knowing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from dlquiz.store.errors import StoreError
from dlquiz.store.migrations import latest, migrate, too_new

BUSY_TIMEOUT_S = 5.0
_OPEN_ATTEMPTS = 8
_CORRUPT, _NOTADB = sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB


def open_database(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Opens (creating or migrating as needed) the database at `path`.

    Returns:
        The connection, in autocommit mode (transactions are explicit), and the path a damaged file was
        moved to, or None.

    Raises:
        StoreError: the directory or file is not writable, the file is from a newer dlquiz, or it is
            locked for longer than the busy timeout.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot write progress to {path.parent}: {exc.strerror or exc}") from None
    # SQLite falls back to read-only without a word when it cannot write; ask first for a clear message.
    # WAL also needs to create dlquiz.db-wal and -shm beside the file.
    if not _writable(path):
        raise StoreError(f"cannot write progress to {path}: read-only")
    # Two processes opening a new file at once can both hold a shared lock and both want to upgrade it
    # (to switch to WAL or to migrate); SQLite then refuses one at once instead of waiting. Opening is
    # idempotent, so a refusal that came at once is retried after a short, growing pause; one that came
    # after the whole busy timeout is a real lock and is reported.
    for attempt in range(_OPEN_ATTEMPTS):
        started = time.monotonic()
        try:
            return _open_once(path)
        except StoreError as exc:
            waited = time.monotonic() - started
            if not exc.busy or waited > BUSY_TIMEOUT_S / 2 or attempt == _OPEN_ATTEMPTS - 1:
                raise
            time.sleep(min(0.05 * 2**attempt, 1.0))
    raise AssertionError("unreachable")


def _open_once(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    recovered = None
    conn = None
    try:
        conn = _connect(path)
        damage = _damage(conn)
        if damage is not None:
            conn.close()
            recovered = move_aside(path)
            conn = _connect(path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > latest():  # before anything below writes to the file
            raise too_new(version, path)
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise StoreError(f"cannot keep progress in {path}: its file system does not allow write-ahead logging")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn, path)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path) from None
        raise
    return conn, recovered


def _connect(path: Path) -> sqlite3.Connection:
    # check_same_thread=False: the TUI may record from a worker thread; the Store serialises access.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _damage(conn: sqlite3.Connection) -> str | None:
    """What is wrong with the file (SQLite's words), or None when `PRAGMA quick_check` finds it sound."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if _code(exc) in (_CORRUPT, _NOTADB):
            return str(exc)
        raise
    return None if rows == [("ok",)] else str(rows[0][0])


def move_aside(path: Path) -> Path:
    """Renames a damaged database, with its -wal and -shm, to `<name>.corrupt-<UTC time>`; returns the new path.

    Raises:
        StoreError: the rename failed.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    serial = 1
    while any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        serial += 1  # two damaged files within one second must not overwrite each other
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{serial}")
    try:
        for suffix in ("-wal", "-shm", ""):  # the main file last: while it exists, the move is retried whole
            side = Path(f"{path}{suffix}")
            if side.exists():
                side.rename(f"{target}{suffix}")
    except OSError as exc:
        raise StoreError(f"cannot move the damaged {path} aside: {exc.strerror or exc}") from None
    return target


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path, *, write: bool = True) -> Iterator[sqlite3.Connection]:
    """One transaction, committed on leaving; rolled back (and the error made a StoreError) on failure.

    A write transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front, so a second writer
    waits out the busy timeout instead of failing half-way through with a lock it cannot upgrade. A read
    transaction (`write=False`) sees one consistent snapshot and blocks no writer (WAL).
    """
    try:
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise translate(exc, path) from None


def translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """A one-line StoreError that says what happened to `path` in the user's terms."""
    code = _code(exc)
    if code == sqlite3.SQLITE_READONLY:
        return StoreError(f"cannot write progress to {path}: read-only")
    if code == sqlite3.SQLITE_CANTOPEN and not _writable(path):
        return StoreError(f"cannot write progress to {path}: read-only")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        error = StoreError(
            f"progress file {path} stayed locked by another program for {BUSY_TIMEOUT_S:g} s; close it and retry"
        )
        error.busy = True
        return error
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"cannot write progress to {path}: the disk is full")
    if code in (_CORRUPT, _NOTADB):
        return StoreError(f"progress file {path} is damaged ({exc}); start dlquiz again to move it aside")
    return StoreError(f"progress file {path}: {exc}")


def _writable(path: Path) -> bool:
    """Whether this process may write the database and create its -wal and -shm files beside it."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code (extended codes carry detail in the upper bits)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF
