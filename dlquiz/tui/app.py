"""The dlquiz app: top-level areas as MODES, the bank loaded after the first paint, settings persisted.

`make_app()` is the one way to build the app, shared by the CLI, the tests and the benchmark. Only
textual and the home screen are imported at start; the bank, the store and the other screens come later.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from dlquiz.tui.context import Context
from dlquiz.tui.i18n import LANGS


def _lazy(module: str, name: str) -> Callable[[], Screen]:
    """A mode's screen, imported only when the mode is first opened (keeps the start path short)."""

    def make() -> Screen:
        return getattr(import_module(f"dlquiz.tui.screens.{module}"), name)()

    return make


def _home() -> Screen:
    from dlquiz.tui.screens.home import HomeScreen

    return HomeScreen()


class DlquizApp(App[int]):
    """Practise, review, mock exams, the calculator, demonstrations and progress."""

    CSS_PATH = "dlquiz.tcss"
    TITLE = "dlquiz"
    SUB_TITLE = "深度学习期末复习 · deep-learning exam practice"
    ENABLE_COMMAND_PALETTE = False
    DEFAULT_MODE = "home"  # start on the home screen directly, without composing a default screen first
    MODES = {
        "home": _home,
        "browse": _lazy("browse", "BrowseScreen"),
        "calculator": _lazy("calculator", "CalculatorScreen"),
        "demos": _lazy("demos", "DemosScreen"),
        "progress": _lazy("progress", "ProgressScreen"),
        "plan": _lazy("plan", "PlanScreen"),
        "settings": _lazy("settings", "SettingsScreen"),
    }
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("f1", "help", "Keys", show=False),
    ]

    #: The interface and content language: zh, en or both.
    lang: reactive[str] = reactive("zh")
    #: True once the bank and the store are loaded.
    ready: reactive[bool] = reactive(False)

    def __init__(self, context: Context | None = None, start: str | None = None,
                 start_options: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.ctx = context or Context()
        self._start = start
        self._start_options = start_options or {}

    def on_ready(self) -> None:
        # Load after the first paint, so the home screen shows at once and fills in when the bank is read.
        self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        ctx = self.ctx
        try:
            ctx.open_store()
            self.call_from_thread(self._apply_settings)
            ctx.load_bank()
        except Exception as exc:  # any failure is shown on the home screen, never a traceback
            ctx.error = f"{type(exc).__name__}: {exc}"
            self.call_from_thread(self.notify, ctx.error, severity="error", timeout=30)
            return
        self.call_from_thread(self._loaded)

    def _apply_settings(self) -> None:
        settings = self.ctx.settings
        if settings.get("lang") in LANGS:
            self.lang = settings["lang"]
        if settings.get("theme") in self.available_themes:
            self.theme = settings["theme"]
        store = self.ctx.store
        if store is not None and store.recovered:
            self.notify(f"The progress file was damaged and moved aside to {store.recovered}", severity="warning",
                        timeout=20)

    def _loaded(self) -> None:
        self.ready = True
        if self._start:
            self.start_session(self._start, **self._start_options)
            self._start = None

    def watch_theme(self, theme: str) -> None:
        if self.ready or self.ctx.store is not None:
            self.ctx.save_setting("theme", theme)

    def set_lang(self, lang: str) -> None:
        """Changes the language everywhere and remembers it."""
        if lang in LANGS:
            self.lang = lang
            self.ctx.save_setting("lang", lang)
            # Areas that build their labels once are rebuilt in the new language when next opened.
            for mode in ("browse", "calculator", "demos", "progress", "plan"):
                if mode != self.current_mode and mode in self._screen_stacks:
                    self.remove_mode(mode)
                    self.add_mode(mode, self.MODES[mode])

    def action_help(self) -> None:
        from dlquiz.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_home(self) -> None:
        self.switch_mode("home")

    def action_mode(self, mode: str) -> None:
        self.switch_mode(mode)

    def start_session(self, mode: str, **options: Any) -> None:
        """Starts review, practice or an exam from the home screen (after the bank is loaded)."""
        self.switch_mode("home")
        home = self.screen
        if hasattr(home, "start"):
            home.start(mode, **options)

    async def open_demo(self, name: str, args: dict[str, Any] | None = None) -> None:
        """Opens the demonstrations on `name` and runs it with `args`."""
        await self.switch_mode("demos")
        screen = self.screen
        if hasattr(screen, "run_demo"):
            screen.run_demo(name, args or {})

    async def action_quit(self) -> None:
        self.ctx.close()
        self.exit(0)


def make_app(bank: Path | str | None = None, seed: int | None = None, clock: Callable[[], float] | None = None,
             now: Callable[[], datetime] | None = None, start: str | None = None,
             start_options: dict[str, Any] | None = None) -> DlquizApp:
    """Builds the app.

    Args:
        bank: a bank directory (default `DLQUIZ_BANK` or the packaged bank).
        seed: seed of every session (default random); tests and `--seed` fix it.
        clock: monotonic seconds for the exam timer (tests freeze it).
        now: the current time for progress figures (tests fix it).
        start: open straight into "practice", "review" or "exam" once the bank is loaded.
        start_options: the session's options (topics, types, difficulties, count).
    """
    import time

    context = Context(bank_root=Path(bank) if bank else None, seed=seed, clock=clock or time.monotonic, now=now)
    return DlquizApp(context, start=start, start_options=start_options)


def run(start: str | None = None, **options: Any) -> int:
    """Runs the app in the terminal and returns its exit code (0 on ctrl+q)."""
    seed = options.pop("seed", None)
    app = make_app(seed=seed, start=start, start_options=options)
    result = app.run()
    app.ctx.close()
    return int(result or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
