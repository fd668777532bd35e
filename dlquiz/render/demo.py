"""Demonstration results for the terminal: plotext plots drawn as text, heat maps of coloured cells, Rich tables.

The demos themselves return plain data (`dlquiz.demos.result`); this module is the only place that turns
it into Rich renderables, so the CLI (and any other Rich front end) draws every demonstration the same way.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator

from rich import box
from rich.cells import cell_len
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from dlquiz.demos.catalog import DemoInfo
from dlquiz.demos.result import DemoResult, Heatmap, Series
from dlquiz.demos.result import Table as DemoTable

PLOT_HEIGHT = 17
MAX_PLOT_WIDTH = 100


def header(demo: DemoInfo, options: dict[str, object]) -> RenderableType:
    """The title line and the options the demonstration runs with (shown before it computes)."""
    shown = ", ".join(f"{k}={_option_text(v)}" for k, v in options.items())
    return Group(Text.assemble((f"{demo.title_zh}  {demo.title_en}", "bold"), ("  ·  " + demo.name, "dim")),
                 Text(shown, style="dim"))


def render_result(result: DemoResult, lang: str = "both", width: int = 80) -> RenderableType:
    """The whole result: plots (one per panel), heat maps, tables, then the explanation."""
    parts: list[RenderableType] = []
    for panel in result.panels():
        parts.append(Text.from_ansi(plot([s for s in result.series if s.panel == panel], panel, width)))
    if result.heatmaps:
        parts.append(Columns([HeatmapView(h) for h in result.heatmaps], padding=(1, 3)))
    parts.extend(table(t) for t in result.tables)
    parts.append(explanation(result, lang))
    return Group(*parts)


def explanation(result: DemoResult, lang: str = "both") -> RenderableType:
    """The claim, what this run shows, the source and the seed, in a panel."""
    parts: list[RenderableType] = []
    if lang in ("zh", "both"):
        parts.append(CjkText(result.text_zh))
    if lang == "both":
        parts.append(Text(""))
    if lang in ("en", "both"):
        parts.append(Text(result.text_en))
    return Panel(Group(*parts), title="说明 explanation", title_align="left", border_style="cyan")


class CjkText:
    """Chinese text wrapped at any character (Rich wraps at spaces only, which leaves ragged half-empty lines
    around the Latin words and numbers inside Chinese sentences); a Latin word is never split."""

    TOKEN = re.compile(r"[A-Za-z0-9_.,:;'′‖∂/|<>=+\-−·%×^√()\[\]]+|\s|.", re.S)

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for paragraph in self.text.split("\n"):
            line, used = "", 0
            for token in self.TOKEN.findall(paragraph):
                size = cell_len(token)
                if used + size > width and line.strip():
                    yield Text(line.rstrip())
                    line, used = ("", 0) if token.isspace() else (token, size)
                    continue
                line, used = line + token, used + size
            yield Text(line.rstrip())


def plot(series: list[Series], title: str, width: int = 80, height: int = PLOT_HEIGHT) -> str:
    """One panel of series as a plotext plot, returned as text with ANSI colours."""
    import plotext as plt

    plt.clear_figure()
    plt.plotsize(max(40, min(width, MAX_PLOT_WIDTH)), height)
    plt.theme("pro")
    log = any(s.yscale == "log" for s in series)
    if log:
        plt.yscale("log")
        _log_ticks(plt, [y for s in series for y in _finite(s, True)[1]])
    for s in series:
        xs, ys = _finite(s, log)
        if not xs:
            continue
        if s.kind == "bar":
            plt.bar(xs, ys, label=s.name, width=0.6)
        elif s.kind == "scatter":
            plt.scatter(xs, ys, label=s.name, marker="dot")
        else:
            plt.plot(xs, ys, label=s.name, marker="braille")
    first = series[0]
    plt.title(title)
    if first.xlabel:
        plt.xlabel(first.xlabel)
    if first.ylabel:
        plt.ylabel(first.ylabel + (" (log)" if log else ""))
    return str(plt.build())


def _log_ticks(plt: object, ys: list[float]) -> None:
    """Powers of ten as y ticks (plotext would print long plain numbers on a log axis)."""
    if not ys:
        return
    low, high = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    step = max(1, math.ceil((high - low) / 6))
    exponents = list(range(low, high + 1, step))
    plt.yticks([10.0**e for e in exponents], [_power(e) for e in exponents])  # type: ignore[attr-defined]


def _power(e: int) -> str:
    return {0: "1", 1: "10", 2: "100", -1: "0.1", -2: "0.01"}.get(e, f"1e{e}")


def _finite(s: Series, log: bool) -> tuple[list[float], list[float]]:
    """The points that can be drawn: finite, and positive on a log scale."""
    pairs = [(x, y) for x, y in zip(s.x, s.y, strict=False)
             if math.isfinite(x) and math.isfinite(y) and (y > 0 or not log)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def table(t: DemoTable) -> Table:
    """A demo table as a Rich table; numbers are right-aligned and shortened."""
    out = Table(title=t.title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    numeric = [all(isinstance(row[i], int | float) for row in t.rows if i < len(row)) for i in range(len(t.columns))]
    for name, is_number in zip(t.columns, numeric, strict=True):
        out.add_column(name, justify="right" if is_number else "left")
    for row in t.rows:
        out.add_row(*(_cell(v) for v in row))
    return out


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e6):
            return f"{value:.2e}"
        return f"{value:.4g}" if abs(value) < 1e4 or value != int(value) else f"{value:.0f}"
    return str(value)


def _option_text(value: object) -> str:
    if isinstance(value, list):
        return ",".join(_option_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class HeatmapView:
    """A heat map as coloured cells: numbers inside when they fit, plain blocks when the matrix is large.

    Signed data use a blue-white-red scale centred on 0; non-negative data a dark-to-yellow scale; an exact
    zero is shown as "·" so that sparse maps (masks, receptive fields) read at a glance.
    """

    def __init__(self, heatmap: Heatmap) -> None:
        self.heatmap = heatmap
        values = [v for row in heatmap.rows for v in row if math.isfinite(v)]
        self.low, self.high = (min(values), max(values)) if values else (0.0, 1.0)
        integers = all(float(v).is_integer() for v in values)
        big = max((abs(v) for v in values), default=0) >= 100
        tenths = all(abs(v * 10 - round(v * 10)) < 1e-9 for v in values)  # one decimal is all there is
        self.texts = [[_heat_text(v, integers, big, tenths) for v in row] for row in heatmap.rows]
        self.label_width = max((len(label) for label in heatmap.row_labels), default=0)
        self.columns = max((len(row) for row in heatmap.rows), default=0)
        self.cell = max([3, *(len(t) + 1 for row in self.texts for t in row),
                         *(len(c) + 1 for c in heatmap.col_labels)])

    def _layout(self, max_width: int) -> tuple[bool, int]:
        """(numbers shown, cell width) for the space available."""
        compact = self.cell <= 4 or self.columns <= 12  # a wide matrix of long numbers reads better as colour
        if compact and self.columns * self.cell + self.label_width + 1 <= max_width:
            return True, self.cell
        return False, 2 if self.columns * 2 + self.label_width + 1 <= max_width else 1

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        _, cell = self._layout(options.max_width)
        width = self.columns * cell + self.label_width + 1
        return Measurement(width, max(width, min(len(self.heatmap.title), options.max_width, 48)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        h = self.heatmap
        numbers, cell = self._layout(options.max_width)
        yield Text(h.title, style="bold")
        if h.col_labels and numbers:
            yield Text(" " * (self.label_width + 1) + "".join(f"{c:>{cell - 1}} " for c in h.col_labels), style="dim")
        for index, row in enumerate(h.rows):
            label = h.row_labels[index] if index < len(h.row_labels) else ""
            line = Text(f"{label:>{self.label_width}} ", style="dim")
            for value, text in zip(row, self.texts[index], strict=True):
                line.append(f"{text:>{cell - 1}} " if numbers else " " * cell, _heat_style(value, self.low, self.high))
            yield line
        yield Text(f"{' ' * self.label_width} range {_cell(self.low)} … {_cell(self.high)}", style="dim")


def _heat_text(value: float, integers: bool, big: bool, tenths: bool = False) -> str:
    if not math.isfinite(value):
        return "-inf" if value < 0 else "inf" if value > 0 else "nan"
    if value == 0:
        return "·"
    if integers:
        return str(int(value))
    if big:
        return f"{value:.3g}"
    return f"{value:.1f}" if tenths else f"{value:.2f}"


def _heat_style(value: float, low: float, high: float) -> Style:
    if not math.isfinite(value):
        return Style(bgcolor="grey23", color="grey62")
    if low < 0 < high:
        m = max(-low, high)
        t = value / m
        fade = int(255 * (1 - abs(t)))
        r, g, b = (255, fade, fade) if t >= 0 else (fade, fade, 255)
    else:
        t = 0.0 if high == low else (value - low) / (high - low)
        r, g, b = _ramp(t)
    ink = "black" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "white"
    return Style(bgcolor=f"rgb({r},{g},{b})", color=ink)


def _ramp(t: float) -> tuple[int, int, int]:
    """Dark blue to yellow through purple and orange (a viridis-like scale readable on dark and light terminals)."""
    stops = [(13, 8, 135), (126, 3, 168), (204, 71, 120), (248, 149, 64), (240, 249, 33)]
    t = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(t), len(stops) - 2)
    f = t - i
    a, b = stops[i], stops[i + 1]
    return tuple(int(a[k] + (b[k] - a[k]) * f) for k in range(3))  # type: ignore[return-value]


def lines(renderable: RenderableType, width: int = 80) -> Iterator[str]:
    """The renderable as plain text lines (for tests and the plain output)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    yield from console.export_text().splitlines()
