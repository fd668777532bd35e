"""One run per (demo, options, seed) for the whole session: several tests read the same result."""

from __future__ import annotations

import json
from functools import cache

from dlquiz import demos
from dlquiz.demos.result import DemoResult


@cache
def _run(name: str, seed: int, frozen: str) -> DemoResult:
    return demos.run(name, seed=seed, **json.loads(frozen))


def result(name: str, seed: int = 0, **options: object) -> DemoResult:
    """The demonstration's result, computed once per distinct call."""
    return _run(name, seed, json.dumps(options, sort_keys=True))
