"""The exam report: the score, points by topic, and the wrong answers, each of which opens in full."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from dlquiz.tui.i18n import one_line, pick
from dlquiz.tui.widgets.item_view import BLANK
from dlquiz.tui.widgets.key_bar import KeyBar


def points_by_topic(outcomes: list[Any]) -> dict[str, tuple[int, float, float]]:
    """{topic: (items, points earned, points possible)} in the order topics first appear."""
    table: dict[str, tuple[int, float, float]] = {}
    for o in outcomes:
        items, earned, possible = table.get(o.presented.question.topic, (0, 0.0, 0.0))
        table[o.presented.question.topic] = (items + 1, earned + o.grade.score * o.presented.points,
                                             possible + o.presented.points)
    return table


def _cut(text: str, cells: int) -> Text:
    """`text` on one line, at most `cells` terminal cells wide (a Chinese character takes two)."""
    out = Text(text.replace("\n", " "), no_wrap=True)
    out.truncate(cells, overflow="ellipsis")
    return out


class ExamReport(Screen[None]):
    """Shown after handing in; Enter on a wrong answer shows it with its feedback. Esc returns home."""

    BINDINGS = [Binding("escape,q", "close", "Home")]

    def __init__(self, session: Any, seconds: float) -> None:
        super().__init__()
        self.session = session
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        from dlquiz.tui.screens.exam import clock_text
        from dlquiz.tui.widgets.mastery_bar import bar

        lang = self.app.lang  # type: ignore[attr-defined]
        s = self.session.summary()
        share = s["points"] / s["possible"] if s["possible"] else 0.0
        yield Static(Text.assemble((f" {pick(lang, '考试报告', 'Exam report')} ", "reverse bold")), id="x-bar")
        with VerticalScroll(id="x-report-body"):
            yield Static(Text.assemble(
                (pick(lang, f"得分 {s['points']:g} / {s['possible']:g}", f"Score {s['points']:g} / {s['possible']:g}"),
                 "bold"), f"  ({share:.0%})  · ",
                pick(lang, f"答对 {s['correct']}/{s['asked']} · 用时 {clock_text(self.seconds)}",
                     f"{s['correct']}/{s['asked']} right · time {clock_text(self.seconds)}")), id="x-score")
            yield Static(pick(lang, "按主题", "By topic"), classes="section-title")
            topics = DataTable(id="x-topics", cursor_type="none", show_cursor=False)
            topics.add_columns(pick(lang, "主题", "Topic"), pick(lang, "题数", "Items"),
                               pick(lang, "得分", "Points"), pick(lang, "比例", "Share"))
            for slug, (items, earned, possible) in points_by_topic(self.session.outcomes).items():
                topic = self.session.bank.topic(slug)
                name = slug if topic is None else topic.zh if lang == "zh" else topic.en if lang == "en" else \
                    f"{topic.zh} {topic.en}"
                topics.add_row(Text(name), Text(str(items), justify="right"),
                               Text(f"{earned:g}/{possible:g}", justify="right"),
                               bar(earned / possible if possible else 0, 10, self.app.theme_variables))
            yield topics
            wrong = [(i, o) for i, o in enumerate(self.session.outcomes) if not o.grade.correct]
            yield Static(pick(lang, f"错题（{len(wrong)}）· 回车查看", f"Wrong answers ({len(wrong)}) · Enter opens"),
                         classes="section-title")
            table = DataTable(id="x-wrong", cursor_type="row")
            table.add_columns("#", pick(lang, "题目", "Item"), pick(lang, "你的答案", "Your answer"),
                              pick(lang, "答案", "Key"))
            from dlquiz.tui.widgets.feedback import key_text

            for i, o in wrong:
                given = o.attempt.answer
                shown = "—" if given in ("", None) else given if isinstance(given, str) else \
                    "; ".join(f"{k}: {v}" for k, v in given.items()) if isinstance(given, dict) else str(given)
                table.add_row(str(i + 1), _cut(BLANK.sub("____", one_line(o.presented.stem, lang)), 30),
                              _cut(shown, 16), _cut(key_text(o.presented, o.grade, lang), 24), key=str(i))
            yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#x-wrong", DataTable).focus()

    @on(DataTable.RowSelected, "#x-wrong")
    def _open(self, event: DataTable.RowSelected) -> None:
        outcome = self.session.outcomes[int(event.row_key.value or 0)]
        self.app.push_screen(ReviewItem(outcome, self.session.bank))

    def action_close(self) -> None:
        self.dismiss(None)


class ReviewItem(ModalScreen[None]):
    """One answered item with its full feedback (read only)."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, outcome: Any, bank: Any) -> None:
        super().__init__()
        self.outcome = outcome
        self.bank = bank

    def compose(self) -> ComposeResult:
        from dlquiz.tui.widgets.feedback import render_feedback
        from dlquiz.tui.widgets.item_view import stem_text

        lang = self.app.lang  # type: ignore[attr-defined]
        p = self.outcome.presented
        with VerticalScroll(id="review-item", classes="dialog") as box:
            box.border_title = f"{p.number} · {p.question.id}"
            yield Static(stem_text(p, lang))
            for letter, option in p.options:
                yield Static(f"  {letter}. {one_line(option.text, lang)}")
            yield Static(Text(pick(lang, "你的答案：", "Your answer: ") + str(self.outcome.attempt.answer or "—"),
                              style="bold"))
            yield Static(render_feedback(p, self.outcome.grade, self.bank, lang, self.app.theme_variables))

    def action_close(self) -> None:
        self.dismiss(None)
