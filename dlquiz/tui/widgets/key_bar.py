"""A one-line footer of the keys that work now, redrawn in place when they change; click a key to press it.

Textual's Footer rebuilds a widget per key whenever the bindings change, which the question screen does
on every answer; this bar redraws one line of text instead (the answer-to-next-item path is timed in
benchmarks/tui_startup.py). `ClickBar` is the same idea for any row of clickable labels.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import Static

from dlquiz.tui.i18n import key_label


class ClickBar(Static):
    """One line of `(label, key)` segments; clicking a segment simulates its key."""

    DEFAULT_CSS = """
    ClickBar { height: 1; width: 1fr; background: $panel; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.segments: list[tuple[int, int, str]] = []

    def show_segments(self, prefix: Text, items: list[tuple[Text, str]]) -> None:
        """Draws `prefix` then each item's text; remembers where each is, for clicks."""
        line = prefix.copy()
        self.segments = []
        for label, key in items:
            start = line.cell_len
            line.append_text(label)
            self.segments.append((start, line.cell_len, key))
            line.append("  ")
        self.update(line)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self.segments:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return


class KeyBar(ClickBar):
    """The footer: every enabled binding with `show=True`, key then description."""

    _pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._schedule)
        self.watch(self.app, "lang", self._schedule, init=False)
        self._schedule()

    def _schedule(self, _screen: Any = None) -> None:
        # Bindings change several times per keypress (focus, phase, disabled widgets): draw once after them.
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        self._pending = False
        if not self.is_attached:  # the screen was closed before the redraw came round
            return
        items = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            description = key_label(binding.description, getattr(self.app, "lang", "en"))
            label = Text.assemble((f" {display} ", "bold reverse"), f" {description}")
            items.append((label, key))
        self.show_segments(Text(""), items)
