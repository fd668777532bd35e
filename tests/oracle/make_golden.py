"""Regenerates tests/oracle/golden/*.json from PyTorch: `python tests/oracle/make_golden.py` (needs torch).

Each file holds seeded configurations of one group of solvers with PyTorch's answers (shapes, parameter
counts, FLOP-counter MACs, or the error it raised). The tests compare our solvers against these files
without torch, so the comparison runs everywhere.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import computed_cases  # noqa: E402
import oracle_cases  # noqa: E402

SEED = 20240613
PER_KIND = 40


def main() -> int:
    import torch

    groups = {
        "layers": (oracle_cases, oracle_cases.LAYER_KINDS),
        "templates": (oracle_cases, oracle_cases.TEMPLATE_KINDS),
        "computed": (computed_cases, computed_cases.KINDS),
    }
    for group, (module, kinds) in groups.items():
        rng = random.Random(f"{SEED}-{group}")
        cases = []
        for kind in kinds:
            for _ in range(PER_KIND):
                case = module.draw(kind, rng)
                cases.append({"kind": kind, "args": case, "expect": module.theirs(kind, case)})
        path = HERE / "golden" / f"{group}.json"
        payload = {
            "generator": "tests/oracle/make_golden.py",
            "torch": torch.__version__,
            "seed": SEED,
            "cases": cases,
        }
        path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.relative_to(HERE.parent.parent)}: {len(cases)} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
