"""Live demonstrations: the course's claims computed by the NumPy engine, returned as plain data to draw.

    from dlquiz import demos
    demos.list_demos()                                   # [DemoInfo(name, title_zh, ..., options), ...]
    result = demos.run("vanishing-gradients", seed=0, depth=10, activation=["sigmoid", "relu"])
    result.series, result.heatmaps, result.tables        # what to draw
    result.text_zh, result.text_en, result.facts         # the claim shown, and the numbers behind it

Importing this package is cheap (no NumPy): the computation modules load when a demonstration runs.
No Rich and no Textual here; `dlquiz/render/demo.py` draws results for the terminal.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

from dlquiz.demos.catalog import DEMOS, DemoInfo, info, validate
from dlquiz.demos.options import OptionSpec
from dlquiz.demos.result import DemoResult, Heatmap, Series, Table
from dlquiz.errors import UsageError

__all__ = [
    "DemoInfo", "DemoResult", "Heatmap", "OptionSpec", "Progress", "ProgressCallback", "Series", "Table",
    "list_demos", "run",
]

ProgressCallback = Callable[[int, int, str], Any]


class Progress(str):
    """A progress message that also carries the latest numbers (`values`), for live plots.

    It is a str, so a callback that only shows text needs to know nothing about it.
    """

    values: dict[str, Any]

    def __new__(cls, text: str, **values: Any) -> Progress:
        message = super().__new__(cls, text)
        message.values = values
        return message


def list_demos() -> list[DemoInfo]:
    """Every demonstration, in the catalogue's order."""
    return list(DEMOS.values())


def run(name: str, seed: int = 0, progress: ProgressCallback | None = None, **options: Any) -> DemoResult:
    """Runs a demonstration and returns what it computed.

    Args:
        name: a name from `list_demos()`.
        seed: every random draw derives from it, so the same seed gives the same numbers.
        progress: called as progress(done, total, message) while a long demonstration trains.
        **options: the demonstration's options (see its `DemoInfo.options`); the rest take their defaults.

    Returns:
        The result, whose `options` hold every option's value and the seed.

    Raises:
        UsageError: an unknown demonstration or option, or a bad value.
    """
    demo = info(name)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise UsageError(f"seed must be an integer from 0 to 2**32-1, not {seed!r}")
    values = validate(demo.name, options)
    if "numpy" not in sys.modules:
        # A second BLAS thread spin-waits on a busy 2-core machine and slows small products several times.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    module = importlib.import_module(f"dlquiz.demos.{demo.module}")
    result: DemoResult = module.run(demo.name, values, seed, progress or _ignore)
    result.options = {**values, "seed": seed}
    return result


def _ignore(done: int, total: int, message: str) -> None:
    """The progress callback when none is given."""
