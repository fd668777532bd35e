"""Load-and-validate time of a 5,000-item bank against bare `yaml.load(…, CSafeLoader)` of the same files.

Target (issue 2): ratio ≤ 2.0. Prints the figures, the ratio last. Times are CPU time of this process
(`time.process_time`), so other work on the machine disturbs the ratio less than wall time would.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from dlquiz.bank.check import check_bank
from dlquiz.bank.loader import load_bank
from dlquiz.locations import packaged_bank_dir

ITEMS = 5000
PER_FILE = 100
SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "bank-valid"


def make_bank(root: Path) -> None:
    """Writes ITEMS items, copied from the test bank's items of every type under fresh ids."""
    items: list[str] = []
    for path in sorted(SAMPLE.rglob("*.yaml")):
        if path.name == "misconceptions.yaml":
            (root / path.name).write_text(path.read_text("utf-8"), "utf-8")
            continue
        body = path.read_text("utf-8").split("questions:\n", 1)[1]
        items += ["  - id:" + chunk for chunk in re.split(r"^  - id:", body, flags=re.M)[1:]]
    for start in range(0, ITEMS, PER_FILE):
        lines = ["bank: dlquiz", "schema_version: 1", "questions:"]
        for n in range(start, min(start + PER_FILE, ITEMS)):
            template = items[n % len(items)]
            old_id = template.split("\n", 1)[0].split(":", 1)[1].strip()
            lines.append(template.replace(old_id, f"{old_id.rsplit('.', 1)[0]}.{n:05d}", 1).rstrip("\n"))
        folder = root / f"part{start // 1000}"
        folder.mkdir(exist_ok=True)
        (folder / f"items{start:05d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def bare(root: Path) -> None:
    for path in sorted(root.rglob("*.yaml")):
        yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)


def ours(root: Path) -> None:
    bank = load_bank(root, catalogues=packaged_bank_dir())
    problems = check_bank(bank)
    if problems or len(bank.questions) != ITEMS:
        sys.exit(f"the generated bank is not valid: {problems[:3]}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_bank(root)
        bare_times, our_times = [], []
        for _ in range(5):  # interleaved, so drift in machine load hits both alike
            start = time.process_time()
            bare(root)
            bare_times.append(time.process_time() - start)
            start = time.process_time()
            ours(root)
            our_times.append(time.process_time() - start)
    b, o = statistics.median(bare_times), statistics.median(our_times)
    print(f"items: {ITEMS} in {ITEMS // PER_FILE} files")
    print(f"bare yaml.load (CSafeLoader): {b:.3f} s")
    print(f"dlquiz load + validate + check: {o:.3f} s")
    print(f"ratio: {o / b:.2f} (target ≤ 2.0)")


if __name__ == "__main__":
    main()
