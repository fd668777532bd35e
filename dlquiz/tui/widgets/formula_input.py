"""A one-line answer field that checks numbers, shapes and formulas as you type and shows what it read.

Numbers and shapes are checked at once (`mathparse.number`, `mathparse.shape`); a formula blank shows its
parsed form (`mathparse.pretty`, which needs sympy) from a worker, so typing never waits for the import.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label, Static

KINDS = ("number", "shape", "formula", "text")


class AnswerValidator(Validator):
    """Accepts what the grader can read; the failure message says what is wrong."""

    def __init__(self, kind: str, symbols: frozenset[str] = frozenset(), unit: str | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.symbols = symbols
        self.unit = unit

    def validate(self, value: str) -> ValidationResult:
        if not value.strip() or self.kind == "text":
            return self.success()
        from dlquiz.quiz import mathparse

        text = value.strip()
        if self.unit and text.casefold().endswith(self.unit.casefold()) and self.unit != "%":
            text = text[: -len(self.unit)].strip()
        try:
            if self.kind == "number":
                mathparse.number(text)
            elif self.kind == "shape":
                mathparse.shape(text)
            else:
                mathparse.parse(text, self.symbols)
        except mathparse.ParseError as exc:
            return self.failure(str(exc))
        return self.success()


def read_back(kind: str, text: str, symbols: frozenset[str] = frozenset(), unit: str | None = None) -> str:
    """What the grader will understand from `text`: `= 12544`, `3×32×32`, `y*(1 - y)`; "" when unreadable."""
    from dlquiz.quiz import mathparse

    text = text.strip()
    if not text or kind == "text":
        return ""
    if unit and text.casefold().endswith(unit.casefold()) and unit != "%":
        text = text[: -len(unit)].strip()
    try:
        if kind == "number":
            value = mathparse.number(text)
            shown = f"{int(value):,}" if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
            return f"= {shown}{' ' + unit if unit else ''}"
        if kind == "shape":
            return "= " + "×".join(map(str, mathparse.shape(text)))
        return "= " + mathparse.pretty(text, symbols)
    except Exception:  # a preview never breaks typing; the grader decides on submit
        return ""


class FormulaInput(Vertical):
    """A labelled input with the parsed value (or the problem) on the line below."""

    DEFAULT_CSS = """
    FormulaInput { height: auto; }
    FormulaInput > Horizontal { height: auto; }
    FormulaInput .formula-label { width: auto; padding: 0 1 0 0; }
    FormulaInput Input { width: 1fr; }
    FormulaInput .formula-preview { color: $text-muted; padding-left: 2; height: auto; }
    FormulaInput .formula-preview.-error { color: $error; }
    FormulaInput .formula-preview.-right { color: $success; }
    FormulaInput .formula-preview.-wrong { color: $error; }
    """

    def __init__(self, key: str, label: str, kind: str = "number", symbols: frozenset[str] = frozenset(),
                 unit: str | None = None, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.key = key
        self.label = label
        self.kind = kind
        self.symbols = symbols
        self.unit = unit
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Horizontal():
            if self.label:
                yield Label(self.label, classes="formula-label")
            yield Input(placeholder=self.placeholder, validators=[AnswerValidator(self.kind, self.symbols, self.unit)],
                        valid_empty=True)
        yield Static("", classes="formula-preview")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    @value.setter
    def value(self, text: str) -> None:
        self.input.value = text

    def focus(self, scroll_visible: bool = True) -> FormulaInput:
        self.input.focus(scroll_visible)
        return self

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        preview = self.query_one(".formula-preview", Static)
        result = event.validation_result
        if result is not None and not result.is_valid:
            preview.set_class(True, "-error")
            preview.update("✘ " + "; ".join(result.failure_descriptions))
            return
        preview.set_class(False, "-error")
        if self.kind == "formula" and event.value.strip():
            self._preview_formula(event.value)
        else:
            preview.update(read_back(self.kind, event.value, self.symbols, self.unit))

    @work(thread=True, exclusive=True, group="formula-preview")
    def _preview_formula(self, text: str) -> None:
        shown = read_back(self.kind, text, self.symbols, self.unit)
        self.app.call_from_thread(self._show_preview, text, shown)

    def _show_preview(self, text: str, shown: str) -> None:
        if self.is_mounted and self.value == text:
            self.query_one(".formula-preview", Static).update(shown)

    def show_result(self, correct: bool, expected: str) -> None:
        """Locks the field and shows the key beside a wrong answer."""
        preview = self.query_one(".formula-preview", Static)
        preview.set_class(False, "-error")
        preview.set_class(correct, "-right")
        preview.set_class(not correct, "-wrong")
        preview.update("✔" if correct else f"✘  → {expected}")
        self.input.disabled = True


def kind_for(answer: Any) -> str:
    """The field kind for a parametric part's key: a list is a shape, anything else a number."""
    return "shape" if isinstance(answer, list) else "number"
