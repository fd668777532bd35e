"""Demonstrations: choose one, set its seed, run it in a worker with a progress bar, see plots and tables."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.validation import Integer
from textual.widgets import Button, Header, Input, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from dlquiz.tui.i18n import pick
from dlquiz.tui.messages import DemoFinished, DemoProgress
from dlquiz.tui.widgets import demo_view
from dlquiz.tui.widgets.key_bar import KeyBar


class DemosScreen(Screen):
    """The list of demonstrations and the one being shown."""

    BINDINGS = [
        Binding("escape", "app.home", "Home"),
        Binding("ctrl+r", "run", "Run", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.infos: list[Any] | None = None
        self.current: str | None = None
        self.options: dict[str, Any] = {}

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        with Horizontal():
            yield OptionList(id="demo-list")
            with VerticalScroll(id="demo-main"):
                yield Static("", id="demo-summary")
                with Horizontal(id="demo-controls"):
                    yield Label("seed")
                    yield Input("0", id="demo-seed", compact=True, validators=[Integer(0, 2**31 - 1)], type="integer")
                    yield Button(pick(self.lang, "运行", "Run"), id="demo-run", compact=True, variant="primary")
                yield ProgressBar(id="demo-progress", show_eta=False)
                yield Static("", id="demo-status")
                yield Vertical(id="demo-output")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = pick(self.lang, "演示", "Demonstrations")
        self.infos = demo_view.available()
        listing = self.query_one("#demo-list", OptionList)
        self.query_one("#demo-progress").display = False
        if self.infos is None or not self.infos:
            self.query_one("#demo-controls").display = False
            self.query_one("#demo-summary", Static).update(
                pick(self.lang, "没有安装演示模块（dlquiz.demos）。", "No demonstrations installed (dlquiz.demos)."))
            return
        listing.add_options(Option(demo_view.title(info, self.lang), id=demo_view._get(info, "name"))
                            for info in self.infos)
        listing.focus()
        if self.current is None:
            listing.highlighted = 0

    @on(OptionList.OptionHighlighted, "#demo-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe(event.option.id or "")

    @on(OptionList.OptionSelected, "#demo-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._describe(event.option.id or "")
        self.action_run()

    def _describe(self, name: str) -> None:
        if name != self.current:
            self.options = {}
        self.current = name
        info = next((i for i in self.infos or () if demo_view._get(i, "name") == name), None)
        if info is None:
            return
        line = Text(demo_view.title(info, self.lang), style="bold")
        line.append("\n" + demo_view.summary(info, self.lang))
        if self.options:
            line.append("\n" + ", ".join(f"{k}={v}" for k, v in self.options.items()), style="dim")
        self.query_one("#demo-summary", Static).update(line)

    def run_demo(self, name: str, options: dict[str, Any]) -> None:
        """Runs `name` with `options` (a question's demo link), selecting it in the list."""
        if self.infos is None:
            self.notify(pick(self.lang, "没有安装演示模块。", "No demonstrations are installed."), severity="warning")
            return
        names = [demo_view._get(i, "name") for i in self.infos]
        if name not in names:
            self.notify(pick(self.lang, f"没有名为 {name} 的演示。", f"There is no demonstration called {name}."),
                        severity="warning")
            return
        self.query_one("#demo-list", OptionList).highlighted = names.index(name)
        self._describe(name)
        self.options = dict(options)
        self._describe(name)
        self.action_run()

    def action_run(self) -> None:
        if not self.current or self.infos is None:
            return
        seed_field = self.query_one("#demo-seed", Input)
        seed = int(seed_field.value) if seed_field.is_valid and seed_field.value else 0
        bar = self.query_one("#demo-progress", ProgressBar)
        bar.display = True
        bar.update(total=100, progress=0)
        self.query_one("#demo-status", Static).update(pick(self.lang, "运行中…", "Running…"))
        self._run(self.current, seed, dict(self.options))

    @on(Button.Pressed, "#demo-run")
    def _run_pressed(self) -> None:
        self.action_run()

    @work(thread=True, exclusive=True, group="demo")
    def _run(self, name: str, seed: int, options: dict[str, Any]) -> None:
        def progress(fraction: float, note: str) -> None:
            self.post_message(DemoProgress(fraction, note))

        try:
            result = demo_view.run(name, seed, progress, options)
        except Exception as exc:  # a failing demonstration is reported, not a crash
            self.post_message(DemoFinished(name, error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(DemoFinished(name, result))

    @on(DemoProgress)
    def _progress(self, event: DemoProgress) -> None:
        self.query_one("#demo-progress", ProgressBar).update(progress=round(event.fraction * 100))
        if event.note:
            self.query_one("#demo-status", Static).update(event.note)

    @on(DemoFinished)
    async def _finished(self, event: DemoFinished) -> None:
        self.query_one("#demo-progress").display = False
        status = self.query_one("#demo-status", Static)
        output = self.query_one("#demo-output", Vertical)
        await output.remove_children()
        if event.error:
            status.update(Text(f"✘ {event.error}", style=self.app.theme_variables.get("error", "")))
            return
        status.update("")
        await output.mount(demo_view.DemoView(event.result, self.lang))
