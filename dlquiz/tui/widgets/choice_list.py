"""Numbered choices for single choice, multiple choice and true/false: press 1–9 or the letter, or click.

Enter submits. In a multiple-choice list each key toggles its option; in the others it selects one.
After grading, `show_result` marks the right options and the wrong picks.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from dlquiz.tui.messages import AnswerChanged, AnswerSubmitted


class ChoiceList(OptionList):
    """Options as `(shown letter, text)`; the answer is the chosen letter(s), as the session expects."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Submit", show=True),
        Binding("space", "select", "Choose", show=False),
    ]

    def __init__(self, choices: list[tuple[str, str]], multi: bool = False, *, id: str | None = None) -> None:
        self.choices = choices
        self.multi = multi
        self.chosen: set[str] = set()
        self.marks: dict[str, str] = {}
        super().__init__(*self._choice_options(), id=id)

    def _choice_options(self) -> list[Option]:
        options = []
        for number, (letter, label) in enumerate(self.choices, start=1):
            picked = letter in self.chosen
            box = ("☑" if picked else "☐") if self.multi else ("●" if picked else "○")
            line = Text.assemble((f"{number} ", "dim"), (box + " ", "bold" if picked else ""),
                                 (f"{letter}. ", "bold"), label)
            mark = self.marks.get(letter)
            if mark:
                line.append(f"  {mark}", style="bold")
            options.append(Option(line, id=letter))
        return options

    def _redraw(self) -> None:
        highlighted = self.highlighted
        for index, option in enumerate(self._choice_options()):
            self.replace_option_prompt_at_index(index, option.prompt)
        self.highlighted = highlighted

    @property
    def answer(self) -> str | None:
        """The chosen letter(s) in shown order, `A,C` for several; None when nothing is chosen."""
        if not self.chosen:
            return None
        return ",".join(letter for letter, _ in self.choices if letter in self.chosen)

    def set_answer(self, value: Any) -> None:
        from dlquiz.quiz.grading import parse_keys

        self.chosen = set(parse_keys(value)) & {letter for letter, _ in self.choices} if value else set()
        self._redraw()

    def choose(self, index: int) -> None:
        """Selects (or in a multiple-choice list toggles) the option at `index`."""
        if self.disabled or not 0 <= index < len(self.choices):
            return
        letter = self.choices[index][0]
        if self.multi:
            self.chosen ^= {letter}
        else:
            self.chosen = {letter}
        self.highlighted = index
        self._redraw()
        self.post_message(AnswerChanged(self.answer))

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.choose(self.highlighted)

    def action_submit(self) -> None:
        if not self.chosen and self.highlighted is not None and not self.multi:
            self.choose(self.highlighted)
        self.post_message(AnswerSubmitted(self.answer))

    def on_key(self, event: events.Key) -> None:
        key = event.character or ""
        if key.isdigit() and key != "0":
            self.choose(int(key) - 1)
            event.stop()
            return
        letters = [letter.upper() for letter, _ in self.choices]
        if key.upper() in letters and len(key) == 1:
            self.choose(letters.index(key.upper()))
            event.stop()

    def show_result(self, right: set[str]) -> None:
        """Marks the right options ✔ and wrong picks ✘, and locks the list."""
        self.marks = {letter: "✔" for letter in right}
        self.marks.update({letter: "✘" for letter in self.chosen - right})
        self._redraw()
        self.disabled = True
