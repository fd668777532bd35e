"""The adapter to `dlquiz.demos` and the view of one demonstration's result: plots, tables, text.

Everything this app assumes about the demos API lives in this module, so it can be adjusted in one place:
`list_demos()` → items with name, title_zh, title_en, summary_zh, summary_en; `run(name, seed=, progress=,
**options)` → a result with `series` (name, x, y, optional kind, xlabel, ylabel, yscale, panel), `tables`
((title, columns, rows)), `text_zh`, `text_en`. `progress` is called as progress(fraction) or
progress(done, total), optionally with a note. Without the module the app says no demonstration is installed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from dlquiz.tui.i18n import block, pick


def available() -> list[Any] | None:
    """The installed demonstrations, or None when `dlquiz.demos` is not installed."""
    try:
        from dlquiz import demos
    except ImportError:
        return None
    return list(demos.list_demos())


def title(info: Any, lang: str) -> str:
    return pick(lang, _get(info, "title_zh", ""), _get(info, "title_en", "")) or _get(info, "name", "")


def summary(info: Any, lang: str) -> str:
    return pick(lang, _get(info, "summary_zh", ""), _get(info, "summary_en", ""))


def run(name: str, seed: int, progress: Callable[[float, str], None], options: dict[str, Any]) -> Any:
    """Runs a demonstration; `progress(fraction, note)` is called as it goes (from the worker thread)."""
    from dlquiz import demos

    def report(*args: Any, **kwargs: Any) -> None:
        numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
        note = next((a for a in args if isinstance(a, str)), kwargs.get("note", kwargs.get("message", "")))
        fraction = numbers[0] / numbers[1] if len(numbers) >= 2 and numbers[1] else numbers[0] if numbers else 0.0
        progress(max(0.0, min(1.0, float(fraction))), str(note or ""))

    return demos.run(name, seed=seed, progress=report, **options)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def panels(result: Any) -> dict[str, list[Any]]:
    """The result's series grouped by panel title, in order of appearance."""
    grouped: dict[str, list[Any]] = {}
    for series in _get(result, "series", None) or ():
        grouped.setdefault(_get(series, "panel", None) or "", []).append(series)
    return grouped


def draw(plot: PlotextPlot, title_text: str, series_list: list[Any]) -> None:
    """Draws one panel's series on a plotext plot (lines by default; bar and scatter when asked)."""
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    first = series_list[0]
    for series in series_list:
        label = _get(series, "name", "")
        # Overflowed points (inf, nan) are part of some demonstrations' story but plotext cannot scale them.
        points = [(a, b) for a, b in zip(_get(series, "x", []), _get(series, "y", []), strict=False)
                  if math.isfinite(a) and math.isfinite(b)]
        if not points:
            continue
        x, y = [a for a, _ in points], [b for _, b in points]
        kind = _get(series, "kind", None) or "line"
        if kind == "bar":
            plt.bar([str(v) for v in x], y, label=label)
        elif kind == "scatter":
            plt.scatter(x, y, label=label)
        else:
            plt.plot(x, y, label=label, marker="braille")
    if _get(first, "yscale", None) == "log":
        plt.yscale("log")
    plt.title(title_text)
    plt.xlabel(_get(first, "xlabel", "") or "")
    plt.ylabel(_get(first, "ylabel", "") or "")
    plot.refresh()


def table_renderable(table: Any) -> Table:
    """A result table as a Rich table: `dlquiz.demos.result.Table` (title, columns, rows) or a plain triple."""
    if isinstance(table, tuple | list):
        heading, columns, rows = table
    else:
        heading, columns, rows = _get(table, "title", ""), _get(table, "columns", []), _get(table, "rows", [])
    out = Table(title=heading, title_justify="left", title_style="bold")
    for column in columns:
        out.add_column(str(column))
    for row in rows:
        out.add_row(*(f"{v:.4g}" if isinstance(v, float) else str(v) for v in row))
    return out


class DemoView(Vertical):
    """A finished demonstration: its explanation, a plot per panel, its heat maps, then its tables."""

    DEFAULT_CSS = """
    DemoView { height: auto; }
    DemoView > PlotextPlot { height: 16; min-width: 40; }
    DemoView > .demo-text { margin-bottom: 1; }
    DemoView > .demo-table { margin-top: 1; height: auto; }
    DemoView > .demo-heatmap { margin-top: 1; height: auto; }
    """

    def __init__(self, result: Any, lang: str) -> None:
        super().__init__()
        self.result = result
        self.lang = lang

    def compose(self) -> ComposeResult:
        text = block(self.lang, _get(self.result, "text_zh", "") or "", _get(self.result, "text_en", "") or "")
        if text.strip():
            yield Static(Text(text.strip()), classes="demo-text")
        for index, _ in enumerate(panels(self.result)):
            yield PlotextPlot(id=f"demo-plot-{index}")
        heatmaps = _get(self.result, "heatmaps", None) or ()
        if heatmaps:  # the same coloured-cell renderable as `dlquiz demo` draws
            from rich.columns import Columns

            from dlquiz.render.demo import HeatmapView

            yield Static(Columns([HeatmapView(h) for h in heatmaps], padding=(1, 3)), classes="demo-heatmap")
        for table in _get(self.result, "tables", None) or ():
            yield Static(table_renderable(table), classes="demo-table")

    def on_mount(self) -> None:
        for index, (heading, series_list) in enumerate(panels(self.result).items()):
            draw(self.query_one(f"#demo-plot-{index}", PlotextPlot), heading, series_list)
