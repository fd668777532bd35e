"""Time every demonstration as a user runs it: `dlquiz demo NAME`, to its first output and to the end.

Targets (issue 8): first output within 1 s; every demonstration but train-cnn done within 10 s.

    python benchmarks/demos.py [NAME ...]

Each demonstration runs in a fresh process with its default options, its output read from a pipe; the
first output is the header the command prints before NumPy loads. The last line is the maximum.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from dlquiz.demos.catalog import DEMOS  # noqa: E402 - after the path is set


def time_demo(name: str) -> tuple[float, float, int]:
    """Seconds to the first byte of output, seconds to exit, and the exit code."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "dlquiz", "demo", name], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    process.stdout.read(1)
    first = time.perf_counter() - start
    process.stdout.read()
    code = process.wait()
    return first, time.perf_counter() - start, code


def main() -> int:
    names = sys.argv[1:] or list(DEMOS)
    unknown = [n for n in names if n not in DEMOS]
    if unknown:
        print(f"error: unknown demonstration(s) {', '.join(unknown)}", file=sys.stderr)
        return 2
    print(f"{'demonstration':22} {'first output':>12} {'total':>8}")
    worst_first, worst_total = 0.0, 0.0
    for name in names:
        first, total, code = time_demo(name)
        flag = "" if code == 0 else f"  (exit {code})"
        print(f"{name:22} {first:10.2f} s {total:6.2f} s{flag}")
        worst_first = max(worst_first, first)
        if name != "train-cnn":
            worst_total = max(worst_total, total)
    print(f"max first output {worst_first:.2f} s (target 1 s); max total except train-cnn {worst_total:.2f} s "
          "(target 10 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
