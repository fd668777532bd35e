"""What a demonstration returns: plain data (series, heat maps, tables, text, facts) that any front end can draw.

No NumPy here: the values are Python floats and lists, so a result is JSON as it stands (`to_dict()`),
and the TUI, the CLI and the tests read the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class Series:
    """One curve or set of points in a plot; series with the same `panel` share a plot."""

    name: str
    x: list[float]
    y: list[float]
    kind: Literal["line", "scatter", "bar"] = "line"
    xlabel: str = ""
    ylabel: str = ""
    yscale: Literal["linear", "log"] = "linear"
    panel: str = ""


@dataclass(frozen=True)
class Heatmap:
    """A matrix of values with labelled rows and columns (an image, a kernel, attention weights)."""

    title: str
    rows: list[list[float]]
    row_labels: list[str] = field(default_factory=list)
    col_labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Table:
    """A titled table; cells are numbers or short strings."""

    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class DemoResult:
    """Everything a demonstration computed.

    Attributes:
        name: the demonstration's name.
        series: curves and points, grouped into plots by `panel` (in order of first appearance).
        heatmaps: matrices to draw as heat maps.
        tables: tables of numbers.
        text_zh: the course claim shown, the seed file it comes from, and the run's random seed (Chinese).
        text_en: the same in English.
        facts: the key numbers, by name; the tests assert the phenomenon from these.
        options: the options the demonstration ran with (after defaults), and `seed`.
    """

    name: str
    series: list[Series] = field(default_factory=list)
    heatmaps: list[Heatmap] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text_zh: str = ""
    text_en: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def panels(self) -> list[str]:
        """The plot panels in order of first appearance."""
        return list(dict.fromkeys(s.panel for s in self.series))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict; NaN and infinities become the strings "nan", "inf", "-inf"."""
        return _clean(asdict(self))


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value
