"""The answer area of an item: the right widget for its type, and its value in the form the grader reads.

choices (mcq, multi, tf) → `ChoiceList`; numeric → a number field; fill → a field per blank (formula
blanks show their parsed form); table → `TableGrid`; short → a text area; param → a field per part.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static, TextArea

from dlquiz.tui.i18n import one_line, pick
from dlquiz.tui.messages import AnswerChanged, AnswerSubmitted
from dlquiz.tui.widgets.choice_list import ChoiceList
from dlquiz.tui.widgets.formula_input import FormulaInput, kind_for
from dlquiz.tui.widgets.table_grid import TableGrid


class AnswerArea(Vertical):
    """Holds one item's answer widget(s); posts `AnswerSubmitted` and `AnswerChanged` with `answer`."""

    DEFAULT_CSS = """
    AnswerArea { height: auto; }
    AnswerArea > ChoiceList { height: auto; max-height: 14; }
    AnswerArea > TextArea { height: 8; }
    AnswerArea > .part-stem { margin-top: 1; }
    AnswerArea > .answer-hint { color: $text-muted; }
    """

    def __init__(self, presented: Any, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.presented = presented
        self.lang = lang
        self.kind = presented.question.type

    def compose(self) -> ComposeResult:
        from dlquiz.quiz import mathparse

        p, q, lang = self.presented, self.presented.question, self.lang
        if self.kind in ("mcq", "multi"):
            yield ChoiceList([(letter, one_line(option.text, lang)) for letter, option in p.options],
                             multi=self.kind == "multi")
            if self.kind == "multi":
                yield Static(pick(lang, "多选：数字或字母切换，回车提交", "choose all that apply; Enter submits"),
                             classes="answer-hint")
        elif self.kind == "tf":
            yield ChoiceList([("T", pick(lang, "对", "True")), ("F", pick(lang, "错", "False"))])
        elif self.kind == "numeric":
            yield FormulaInput("answer", pick(lang, "答", "Answer"), "number", unit=q.unit,
                               placeholder=pick(lang, "数字或算式，如 3*3*64+64", "a number or sum, e.g. 3*3*64+64"))
        elif self.kind == "fill":
            for blank in q.blanks:
                kind = "formula" if blank.symbolic else "text"
                symbols = frozenset(mathparse.symbols_in(blank.accept[0])) if blank.symbolic else frozenset()
                hint = pick(lang, "公式，如 ", "a formula in ") + ", ".join(sorted(symbols)) if symbols else ""
                yield FormulaInput(blank.id, f"({blank.id})", kind, symbols, placeholder=hint)
        elif self.kind == "table":
            columns = [one_line(c, lang) for c in q.columns]
            rows = [[(c.blank, c.choices or []) if hasattr(c, "blank") else one_line(c, lang) for c in row.cells]
                    for row in q.rows]
            yield TableGrid(columns, rows)
            choices = list(dict.fromkeys(choice for row in q.rows for c in row.cells for choice in
                                         (getattr(c, "choices", None) or ())))
            if choices:
                yield Static(pick(lang, "可选（输入开头几个字，→ 补全）：", "Choices (type the start, → completes): ")
                             + " · ".join(choices), classes="answer-hint")
        elif self.kind == "short":
            yield TextArea(soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Static(pick(lang, "ctrl+s 提交", "ctrl+s submits"), classes="answer-hint")
        elif self.kind == "param" and p.instance is not None:
            for part in p.instance.parts:
                yield Static(f"({part.key}) {one_line(part.stem, lang)}", classes="part-stem")
                kind = kind_for(part.answer)
                hint = pick(lang, "形状，如 6×28×28", "a shape, e.g. 6×28×28") if kind == "shape" else ""
                yield FormulaInput(part.key, "", kind, unit=part.unit, placeholder=hint)

    def focus_first(self) -> None:
        """Puts the cursor where the learner starts answering."""
        for widget in self.query("ChoiceList, Input, TextArea"):
            if widget.focusable:
                widget.focus()
                return

    @property
    def answer(self) -> Any:
        """The answer for `QuizSession.grade`; None when nothing was entered."""
        if self.kind in ("mcq", "multi", "tf"):
            return self.query_one(ChoiceList).answer
        if self.kind == "table":
            return self.query_one(TableGrid).answer
        if self.kind == "short":
            text = self.query_one(TextArea).text
            return text if text.strip() else None
        fields = list(self.query(FormulaInput))
        if self.kind == "numeric":
            return fields[0].value if fields[0].value.strip() else None
        values = {f.key: f.value for f in fields}
        return values if any(v.strip() for v in values.values()) else None

    def set_answer(self, value: Any) -> None:
        """Restores an answer (the exam keeps answers while moving between items)."""
        if value is None:
            return
        if self.kind in ("mcq", "multi", "tf"):
            self.query_one(ChoiceList).set_answer(value)
        elif self.kind == "table":
            self.query_one(TableGrid).set_answer(value)
        elif self.kind == "short":
            self.query_one(TextArea).text = value
        elif self.kind == "numeric":
            self.query_one(FormulaInput).value = value
        else:
            for f in self.query(FormulaInput):
                f.value = value.get(f.key, "")

    def show_result(self, grade: Any) -> None:
        """Marks what was right and wrong in place, and locks the answer."""
        p, q = self.presented, self.presented.question
        parts = {part.key: (part.correct, part.expected) for part in grade.parts}
        if self.kind in ("mcq", "multi"):
            self.query_one(ChoiceList).show_result({letter for letter, option in p.options if option.correct})
        elif self.kind == "tf":
            self.query_one(ChoiceList).show_result({"T" if q.answer else "F"})
        elif self.kind == "table":
            self.query_one(TableGrid).show_result(parts)
        elif self.kind == "short":
            self.query_one(TextArea).read_only = True
        elif self.kind == "numeric":
            self.query_one(FormulaInput).show_result(grade.correct, grade.expected)
        else:
            for f in self.query(FormulaInput):
                f.show_result(*parts.get(f.key, (False, "")))

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last one it submits."""
        event.stop()
        inputs = [i for i in self.query(Input) if not i.disabled]
        index = inputs.index(event.input) if event.input in inputs else len(inputs) - 1
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.post_message(AnswerSubmitted(self.answer))

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        self.post_message(AnswerChanged(self.answer))
