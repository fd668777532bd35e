"""The live view of a slow demonstration: a progress bar and, when the demo reports a loss, the loss curve so far."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

REDRAW_SECONDS = 0.25  # building a plot costs ~10 ms; a few redraws a second look live and cost little


class LiveProgress:
    """A context manager whose `update(done, total, message)` is the demonstration's progress callback.

    A message that carries `values["loss"]` (a `dlquiz.demos.Progress`) adds a point to the live loss curve.
    """

    def __init__(self, console: Console, name: str) -> None:
        self.console = console
        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), TextColumn("{task.fields[message]}"), console=console)
        self.task = self.bar.add_task(name, total=None, message="starting …")
        self.losses: list[float] = []
        self.steps: list[float] = []
        self.plot = Text("")
        self.live = Live(Group(self.plot, self.bar), console=console, refresh_per_second=8, transient=True)
        self._drawn = 0.0

    def __enter__(self) -> LiveProgress:
        self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._redraw(force=True)
        self.live.__exit__(None, None, None)

    def update(self, done: int, total: int, message: str) -> None:
        """Moves the bar; records the loss if the message carries one."""
        values: dict[str, Any] = getattr(message, "values", {})
        if "loss" in values:
            self.losses.append(float(values["loss"]))
            self.steps.append(float(values.get("step", len(self.losses))))
        self.bar.update(self.task, completed=done, total=total, message=str(message))
        self._redraw()

    def _redraw(self, force: bool = False) -> None:
        now = time.perf_counter()
        if len(self.losses) < 2 or (not force and now - self._drawn < REDRAW_SECONDS):
            return
        from dlquiz.demos.result import Series
        from dlquiz.render.demo import plot

        series = [Series("training loss", self.steps, self.losses, xlabel="step", ylabel="loss")]
        text = Text.from_ansi(plot(series, "loss, live", self.console.width, height=14))
        self.live.update(Group(text, self.bar))
        self._drawn = now
