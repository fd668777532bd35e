"""100 variants × 30 items, as Markdown and as HTML, each with a separate key with worked solutions.

Target (issue 9): the whole run ≤ 5 s. Does what `dlquiz sheet --variants 100 --count 30 --solutions` does
for each format (load the bank, draw every variant, render and write papers and keys), and reports the
share spent drawing and instantiating items. Times are wall-clock seconds, the median of three runs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from dlquiz import bank
from dlquiz.sheet import output
from dlquiz.sheet.draw import Selection, draw_papers, select
from dlquiz.sheet.spec import SheetSpec

VARIANTS, COUNT, SEED, RUNS = 100, 30, 2024, 3


def one_run(folder: Path) -> tuple[float, float, float, int]:
    """(total, load, draw, files) for both formats."""
    start = time.perf_counter()
    loaded = bank.load()
    load = time.perf_counter() - start
    draw = 0.0
    files = 0
    for fmt in ("md", "html"):
        spec = SheetSpec(Selection(), COUNT, None, SEED, VARIANTS, "both", "separate", True, fmt)
        plans = output.targets(folder / f"paper.{fmt}", VARIANTS, spec.key)
        output.check_targets([p for plan in plans for p in plan.values()], force=True)
        began = time.perf_counter()
        papers = draw_papers(select(loaded, spec.selection), SEED, VARIANTS, COUNT)
        draw += time.perf_counter() - began
        for paper, plan in zip(papers, plans, strict=True):
            files += len(output.write(paper, spec, loaded.misconceptions, plan))
    return time.perf_counter() - start, load, draw, files


def main() -> None:
    results = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(one_run(Path(tmp)))
    total, load, draw, files = (statistics.median(r[i] for r in results) for i in range(4))
    print(f"{VARIANTS} variants × {COUNT} items, Markdown and HTML, keys with solutions: {int(files)} files")
    print(f"bank load        {load:6.2f} s")
    print(f"draw+instantiate {draw:6.2f} s  ({draw / total:.0%} of the run)")
    print(f"render+write     {total - load - draw:6.2f} s")
    print(f"whole run        {total:6.2f} s (target ≤ 5 s)")


if __name__ == "__main__":
    main()
