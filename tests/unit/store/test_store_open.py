"""Opening the progress file: where it lives, pragmas, migrations, newer files, damage, read-only places."""

from __future__ import annotations

import os
import random
import re
import sqlite3
from pathlib import Path

import pytest

from dlquiz.errors import DlquizError
from dlquiz.store import Store, StoreError, migrations
from dlquiz.store.db import move_aside


def test_default_path_is_resolved_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "elsewhere" / "home"
    monkeypatch.setenv("DLQUIZ_HOME", str(home))
    with Store.open() as store:
        assert store.path == home / "dlquiz.db"
        assert store.recovered is None
    assert (home / "dlquiz.db").is_file()


def test_pragmas_wal_full_sync_foreign_keys_and_busy_timeout(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert store.schema_version == migrations.latest() == 1


@pytest.mark.parametrize("start", ["missing", "empty-file", "v0-with-a-table"])
def test_v0_files_migrate_to_the_latest_schema(tmp_path: Path, start: str, make_attempt) -> None:
    path = tmp_path / "dlquiz.db"
    if start == "empty-file":
        path.write_bytes(b"")
    elif start == "v0-with-a-table":
        with sqlite3.connect(path) as raw:  # a v0 file: user_version 0, something else inside
            raw.execute("CREATE TABLE notes (text TEXT)")
    with Store.open(path) as store:
        assert store.recovered is None
        assert store.schema_version == 1
        store.record_answer(make_attempt())
        assert len(store.attempts()) == 1


def test_a_second_migration_is_one_function_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_attempt) -> None:
    path = tmp_path / "dlquiz.db"
    with Store.open(path) as store:
        store.record_answer(make_attempt(id="a" * 32))

    def v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE attempts ADD COLUMN device TEXT DEFAULT 'laptop'")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, v2])
    with Store.open(path) as store:
        assert store.schema_version == 2
        assert [a.id for a in store.attempts()] == ["a" * 32]
        assert store._conn.execute("SELECT device FROM attempts").fetchone() == ("laptop",)


def test_a_failing_migration_leaves_the_old_version_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dlquiz.db"
    Store.open(path).close()

    def broken_v2(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("THIS IS NOT SQL")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken_v2])
    with pytest.raises(StoreError, match="syntax error"):
        Store.open(path)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None


def test_a_file_from_a_newer_dlquiz_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "dlquiz.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE future (x)")
        raw.execute("PRAGMA user_version = 9")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert message == (
        f"{path} was written by a newer dlquiz (progress schema v9; this one knows v1): upgrade dlquiz to use it"
    )
    assert "\n" not in message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dlquiz.db"]


def _filled(path: Path, make_attempt, count: int = 200) -> bytes:
    """A healthy progress file of several pages (written in one transaction, to keep the tests fast)."""
    attempts = [make_attempt(question_id=f"q.{n}", answer="x" * 200).to_dict() for n in range(count)]
    with Store.open(path) as store:
        data = {"format": "dlquiz-progress", "version": 1, "attempts": attempts, "cards": {}, "settings": {}}
        store.import_data(data)
    return path.read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "truncated-header", "truncated-half", "zeroed-page", "text"])
def test_a_damaged_file_is_moved_aside_and_a_fresh_store_started(tmp_path: Path, damage: str, make_attempt) -> None:
    path = tmp_path / "dlquiz.db"
    good = _filled(path, make_attempt)
    assert len(good) > 4 * 4096
    damaged = {
        "garbage": random.Random(6).randbytes(len(good)),
        "truncated-header": good[:100],
        "truncated-half": good[: len(good) // 2],
        "zeroed-page": good[:4096] + bytes(4096) + good[8192:],
        "text": "我的进度\n".encode(),
    }[damage]
    path.write_bytes(damaged)
    with Store.open(path) as store:
        assert store.recovered is not None
        assert re.fullmatch(r"dlquiz\.db\.corrupt-\d{8}T\d{6}Z", store.recovered.name)
        assert store.recovered.read_bytes() == damaged  # moved, never rewritten
        assert store.attempts() == []
        assert store._conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_move_aside_takes_the_wal_and_shm_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "dlquiz.db"
    moved = []
    for round_ in range(3):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").write_text(f"{round_}{suffix}")
        moved.append(move_aside(path))
    assert len(set(moved)) == 3  # three damaged files within the same second or two
    for round_, target in enumerate(moved):
        for suffix in ("", "-wal", "-shm"):
            assert Path(f"{target}{suffix}").read_text() == f"{round_}{suffix}"
    assert not any(Path(f"{path}{suffix}").exists() for suffix in ("", "-wal", "-shm"))


def test_store_error_is_a_one_line_dlquiz_error() -> None:
    assert issubclass(StoreError, DlquizError) and StoreError.exit_code == 2


def test_a_data_directory_that_is_a_file_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match=r"^cannot write progress to .*home/sub: Not a directory$"):
        Store.open(blocker / "sub" / "dlquiz.db")


def _open_as_unprivileged(cwd: Path) -> str:
    """Opens `data/dlquiz.db` under `cwd` in a forked child that is `nobody` when the tests run as root.

    Root writes anywhere (CI containers run as root), so the read-only cases must drop privileges to mean
    anything. A fork, not a new interpreter: `nobody` may not reach the Python install. The child enters
    `cwd` before dropping privileges, so it needs no search permission on pytest's private temporary
    directories.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report one line through the pipe, never return into pytest
        try:
            os.close(read_end)
            os.chdir(cwd)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            try:
                Store.open(Path("data") / "dlquiz.db").close()
                message = "opened"
            except Exception as exc:  # anything but a StoreError fails the test with its name
                message = f"{type(exc).__name__} {exc}"
            os.write(write_end, message.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read().decode()
    os.waitpid(pid, 0)
    return output


def test_a_read_only_data_directory_is_one_clear_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    tmp_path.chmod(0o755)
    try:
        assert _open_as_unprivileged(tmp_path) == "StoreError cannot write progress to data/dlquiz.db: read-only"
    finally:
        data.chmod(0o755)
    assert list(data.iterdir()) == []


def test_a_read_only_progress_file_is_one_clear_line_and_stays_unchanged(tmp_path: Path, make_attempt) -> None:
    data = tmp_path / "data"
    before = _filled(data / "dlquiz.db", make_attempt, count=3)
    (data / "dlquiz.db").chmod(0o444)
    data.chmod(0o777)
    tmp_path.chmod(0o755)
    assert _open_as_unprivileged(tmp_path) == "StoreError cannot write progress to data/dlquiz.db: read-only"
    assert (data / "dlquiz.db").read_bytes() == before
