"""A yes/no question over the current screen; returns True for yes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dlquiz.tui.i18n import pick


class Confirm(ModalScreen[bool]):
    """y / Enter confirms, n / Esc declines."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        lang = self.app.lang  # type: ignore[attr-defined]
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button(pick(lang, "是 (y)", "Yes (y)"), id="yes", variant="primary")
                yield Button(pick(lang, "否 (n)", "No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
