"""`dlquiz quiz --plain`, `stats` and `progress` as a user runs them, including crashes and bad data."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dlquiz.cli import main


def quiz(home: Path, answers: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DLQUIZ_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "dlquiz", "quiz", "--plain", *flags], input=answers, text=True,
                          capture_output=True, env=env, timeout=120)


def test_a_session_over_a_pipe_ends_with_a_summary_at_end_of_input(tmp_path: Path) -> None:
    result = quiz(tmp_path, "A\n", "--topic", "pooling", "--type", "mcq", "--count", "3", "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("[1/3]") == 1 and "[2/3]" in result.stdout
    assert "answered 1/3" in result.stdout
    with sqlite3.connect(tmp_path / "dlquiz.db") as db:
        assert db.execute("select count(*) from attempts").fetchone()[0] == 1


def test_q_quits_and_keeps_what_was_answered(tmp_path: Path) -> None:
    result = quiz(tmp_path, "t\nf\nq\nA\n", "--type", "tf", "--count", "5", "--seed", "1")
    assert result.returncode == 0 and "answered 2/5" in result.stdout


def test_the_same_seed_asks_the_same_items(tmp_path: Path) -> None:
    first = quiz(tmp_path / "a", "", "--count", "4", "--seed", "42")
    second = quiz(tmp_path / "b", "", "--count", "4", "--seed", "42")
    assert first.stdout == second.stdout


def test_kill_9_mid_session_loses_no_committed_answer(tmp_path: Path) -> None:
    env = {**os.environ, "DLQUIZ_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "dlquiz", "quiz", "--plain", "--type", "tf", "--count", "30",
                                "--seed", "3"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdin and process.stdout
    verdicts = 0
    for _ in range(6):
        process.stdin.write("t\n")
        process.stdin.flush()
        while True:  # the verdict line is printed only after the answer was committed
            line = process.stdout.readline()
            if "key:" in line:
                verdicts += 1
                break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with sqlite3.connect(tmp_path / "dlquiz.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert db.execute("select count(*) from attempts").fetchone()[0] == verdicts == 6


def test_a_garbage_database_is_moved_aside_and_reported(tmp_path: Path) -> None:
    (tmp_path / "dlquiz.db").write_bytes(b"this is not a database" * 100)
    result = quiz(tmp_path, "t\n", "--type", "tf", "--count", "1", "--seed", "1")
    assert result.returncode == 0
    assert result.stderr.count("\n") == 1 and "damaged; moved aside to" in result.stderr
    assert len(list(tmp_path.glob("dlquiz.db.corrupt-*"))) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_a_read_only_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        result = quiz(tmp_path, "t\n", "--count", "1")
    finally:
        tmp_path.chmod(0o700)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "read-only" in result.stderr


def test_bad_flags_are_one_line(tmp_path: Path) -> None:
    result = quiz(tmp_path, "", "--topic", "astrology")
    assert result.returncode == 2 and result.stderr.startswith("dlquiz: error: unknown topic 'astrology'")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_stats_json_after_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    quiz(tmp_path, "t\nt\n", "--type", "tf", "--count", "2", "--seed", "2")
    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path))
    assert main(["stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["attempts"] == 2 and figures["due"] >= 0 and figures["streak"] == 1
    assert sum(t["attempts"] for t in figures["by_topic"].values()) == 2


def test_progress_export_then_import_elsewhere(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    quiz(tmp_path / "one", "t\nf\n", "--type", "tf", "--count", "2", "--seed", "2")
    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path / "one"))
    out = tmp_path / "progress.json"
    assert main(["progress", "export", "-o", str(out)]) == 0
    assert main(["progress", "export", "-o", str(out)]) == 2  # never overwrites without --force
    assert "exists; add --force" in capsys.readouterr().err
    monkeypatch.setenv("DLQUIZ_HOME", str(tmp_path / "two"))
    assert main(["progress", "import", str(out)]) == 0
    assert main(["progress", "import", str(out)]) == 0
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 2)[-1])["attempts"] == 2


def test_progress_import_of_garbage_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    assert main(["progress", "import", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"dlquiz: error: {bad} is not JSON")


def test_rate_lets_the_learner_override_the_automatic_rating(tmp_path: Path) -> None:
    result = quiz(tmp_path, "t\n1\nf\n\n", "--type", "tf", "--count", "2", "--seed", "4", "--rate")
    assert result.returncode == 0 and result.stdout.count("rating (1 again") == 2
    with sqlite3.connect(tmp_path / "dlquiz.db") as db:
        ratings = [r for (r,) in db.execute("select rating from attempts order by answered_at")]
    assert ratings[0] == 1 and ratings[1] in (1, 2, 3, 4)


def test_data_dir_flag_moves_all_user_data(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DLQUIZ_HOME"}
    target = tmp_path / "elsewhere"
    result = subprocess.run([sys.executable, "-m", "dlquiz", "--data-dir", str(target), "quiz", "--plain",
                             "--type", "tf", "--count", "1", "--seed", "1"], input="t\n", text=True,
                            capture_output=True, env={**env, "HOME": str(tmp_path / "home")}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (target / "dlquiz.db").is_file()
    assert not (tmp_path / "home").exists()


def test_matrices_in_stems_are_printed_as_written(tmp_path: Path) -> None:
    result = quiz(tmp_path, "", "--topic", "pooling", "--type", "table", "--count", "3", "--seed", "3")
    assert "[[1, 3, 2, 4]," in result.stdout and "(m1) ____" in result.stdout
