"""How fast `dlquiz calc` answers: its wall time against `python -c "import rich.console"` (target ≤ 1.5).

Runs both commands alternately (interleaved, so machine load hits both alike) and compares the medians.
The last line printed is the ratio.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 21
CALC = ["calc", "conv2d", "--input", "3x32x32", "--out-channels", "6", "--kernel-size", "5", "--json"]


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    script = Path(sys.executable).parent / "dlquiz"
    dlquiz = [str(script)] if script.exists() else [sys.executable, "-m", "dlquiz"]
    reference = [sys.executable, "-c", "import rich.console"]
    calc, ref = [], []
    wall([*dlquiz, *CALC])  # warm the file cache for both
    wall(reference)
    for _ in range(RUNS):
        calc.append(wall([*dlquiz, *CALC]))
        ref.append(wall(reference))
    c, r = statistics.median(calc), statistics.median(ref)
    print(f"dlquiz {' '.join(CALC)}: median {c * 1000:.1f} ms over {RUNS} runs")
    print(f"python -c 'import rich.console': median {r * 1000:.1f} ms")
    print(f"ratio {c / r:.2f} (target ≤ 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
