"""Our solvers against PyTorch's answers frozen in golden/*.json (no torch needed).

Regenerate the files with `python tests/oracle/make_golden.py` after installing torch==2.13.0.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import oracle_cases
import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"


def _cases(group: str) -> list[dict]:
    return json.loads((GOLDEN / f"{group}.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("group", ["layers", "templates"])
def test_every_golden_case_agrees_with_pytorch(group: str) -> None:
    failures = []
    for case in _cases(group):
        why = oracle_cases.agree(oracle_cases.ours(case["kind"], case["args"]), case["expect"])
        if why:
            failures.append(f"{case['kind']} {case['args']}: {why}")
    assert not failures, "\n".join(failures[:20])


def test_golden_files_cover_every_solver_with_valid_and_invalid_configurations() -> None:
    layers = _cases("layers")
    kinds = Counter(c["kind"] for c in layers)
    assert set(kinds) == set(oracle_cases.LAYER_KINDS)
    assert set(Counter(c["kind"] for c in _cases("templates"))) == set(oracle_cases.TEMPLATE_KINDS)
    invalid = Counter(c["kind"] for c in layers if "error" in c["expect"])
    for kind in ("conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "multihead_attention"):
        assert 0 < invalid[kind] < kinds[kind], kind
