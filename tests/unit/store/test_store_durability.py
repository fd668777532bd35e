"""Real processes: two writers at once corrupt nothing, and a kill -9 loses no answer already recorded."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from dlquiz.store import Store

_ATTEMPT = (
    "Attempt(question_id=f'{name}.{n}', topic='conv', qtype='mcq', answer=n, score=1.0, correct=True,"
    " duration_s=0.1, mode='practice', misconceptions=('M-a',))"
)

# Both writers open the same new file at once (racing to create the schema), say they are ready, and
# start recording when told to, so their 200 transactions each overlap.
_WRITER = f"""
import sys
from pathlib import Path
from dlquiz.store import Attempt, Store
path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with Store.open(path) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(count):
        store.record_answer({_ATTEMPT}, card_id=f"shared.{{n % 7}}", card={{"writer": name, "n": n}})
print("done", flush=True)
"""

# Records answers until killed, printing each id only after record_answer has returned.
_LOOP = f"""
import sys
from pathlib import Path
from dlquiz.store import Attempt, Store
store = Store.open(Path(sys.argv[1]))
name, n = "loop", 0
while True:
    attempt = {_ATTEMPT}
    store.record_answer(attempt, card_id=f"c{{n % 5}}", card={{"n": n}})
    print(attempt.id, flush=True)
    n += 1
"""


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_two_processes_writing_at_once_lose_and_corrupt_nothing(tmp_path: Path) -> None:
    path = tmp_path / "dlquiz.db"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), name, "200"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    for writer in writers:
        assert writer.stdout.readline() == "ready\n", writer.stderr.read()
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert (writer.returncode, out, err) == (0, "done\n", "")
    assert _integrity(path) == "ok"
    with Store.open(path) as store:
        stored = {attempt.question_id for attempt in store.attempts()}
        assert stored == {f"{name}.{n}" for name in ("left", "right") for n in range(200)}
        assert store.misconception_counts() == {"M-a": 400}
        assert sorted(store.cards()) == [f"shared.{n}" for n in range(7)]


def test_kill_9_mid_writing_loses_no_recorded_answer(tmp_path: Path) -> None:
    path = tmp_path / "dlquiz.db"
    loop = subprocess.Popen(
        [sys.executable, "-c", _LOOP, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        printed = [loop.stdout.readline().strip() for _ in range(60)]
    finally:
        os.kill(loop.pid, signal.SIGKILL)
        loop.communicate(timeout=60)
    assert loop.returncode == -signal.SIGKILL
    assert all(len(line) == 32 for line in printed), printed[-1]
    assert Path(f"{path}-wal").exists()  # killed with answers only in the write-ahead log
    with Store.open(path) as store:
        assert store.recovered is None
        stored = [attempt.id for attempt in store.attempts()]
        assert set(printed) <= set(stored)
        assert stored[: len(printed)] == printed  # nothing lost, nothing reordered
        newest = {card_id: state["n"] for card_id, state in store.cards().items()}
        assert min(newest.values()) >= len(printed) - 5  # each card holds one of the last five answers
    assert _integrity(path) == "ok"
