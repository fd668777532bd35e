"""End to end: the LeNet benchmark script learns the glyphs (a short, seeded run)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_train_cnn_script_learns_well_above_chance() -> None:
    script = REPO / "benchmarks" / "train_cnn.py"
    args = ["--epochs", "3", "--train", "2000", "--test", "500", "--seed", "0"]
    result = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=True)
    last = result.stdout.strip().splitlines()[-1]
    accuracy = float(re.match(r"test accuracy ([\d.]+)% in [\d.]+ s", last).group(1))
    assert accuracy > 70.0  # chance is 10%; the full run reaches 95%+


def test_train_cnn_script_rejects_bad_arguments_in_one_line() -> None:
    script = REPO / "benchmarks" / "train_cnn.py"
    result = subprocess.run([sys.executable, str(script), "--epochs", "0"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "must be positive" in result.stderr
