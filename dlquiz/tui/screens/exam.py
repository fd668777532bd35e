"""A mock exam: a timed paper with points, free movement between items, handing in, and the report.

Answers are kept (UI state) until the paper is handed in; then every item is graded and recorded under
one exam id, unanswered ones as empty answers worth nothing, so the stored exam is the whole paper.
Time running out hands the paper in.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from dlquiz.tui.i18n import pick
from dlquiz.tui.messages import AnswerChanged, AnswerSubmitted
from dlquiz.tui.screens.confirm import Confirm
from dlquiz.tui.screens.exam_report import ExamReport
from dlquiz.tui.widgets.item_view import ItemView, item_title
from dlquiz.tui.widgets.key_bar import KeyBar


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ExamScreen(Screen[None]):
    """The paper; `minutes` is its time limit (default 1.5 minutes an item)."""

    BINDINGS = [
        Binding("pagedown,ctrl+n", "move(1)", "Next", priority=True),
        Binding("pageup,ctrl+b", "move(-1)", "Previous", priority=True),
        Binding("ctrl+s", "hand_in", "Hand in", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, session: Any, minutes: int | None = None) -> None:
        super().__init__()
        from dlquiz.tui.screens.setup import exam_minutes

        self.session = session
        self.limit = 60 * (minutes or exam_minutes(len(session.items)))
        self.answers: dict[int, Any] = {}
        self.spent: dict[int, float] = {}
        self.started = 0.0
        self.entered = 0.0
        self.handed_in = False

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    @property
    def clock(self) -> Any:
        return self.app.ctx.clock  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Horizontal(id="x-bar"):
            yield Static("", id="x-title")
            yield Label("", id="x-timer")
        with Horizontal(id="x-main"):
            yield OptionList(id="x-list")
            with VerticalScroll(id="x-body"):
                yield ItemView(self.session.items[0], self.lang)
        yield KeyBar()

    def on_mount(self) -> None:
        self.started = self.entered = self.clock()
        self._fill_list()
        self._show_bar()
        self._tick()
        self.set_interval(1.0, self._tick)
        self.query_one(ItemView).area.focus_first()

    def remaining(self) -> float:
        return self.limit - (self.clock() - self.started)

    def _tick(self) -> None:
        if self.handed_in:
            return
        left = self.remaining()
        timer = self.query_one("#x-timer", Label)
        timer.update(pick(self.lang, f"剩余 {clock_text(left)}", f"{clock_text(left)} left"))
        timer.set_class(left < 60, "-low")
        if left <= 0:
            self.notify(pick(self.lang, "时间到，自动交卷。", "Time is up; the paper is handed in."))
            self._hand_in()

    def _fill_list(self) -> None:
        options = []
        for i, presented in enumerate(self.session.items):
            done = self.answers.get(i) is not None
            options.append(Option(Text.assemble(f"{i + 1:>2} ", ("●" if done else "○", "bold" if done else "dim"),
                                                f" {presented.points:g}"), id=str(i)))
        listing = self.query_one("#x-list", OptionList)
        listing.set_options(options)
        listing.highlighted = self.index

    def _show_bar(self) -> None:
        answered = sum(1 for a in self.answers.values() if a is not None)
        title = Text.assemble((f" {pick(self.lang, '模拟考试', 'Mock exam')} ", "reverse bold"), " ")
        title.append_text(item_title(self.session.items[self.index], self.lang, len(self.session.items), exam=True,
                                     with_id=False))
        title.append(pick(self.lang, f"  已答 {answered}/{len(self.session.items)}",
                          f"  answered {answered}/{len(self.session.items)}"), style="bold")
        self.query_one("#x-title", Static).update(title)

    @on(AnswerChanged)
    def _answer_changed(self, event: AnswerChanged) -> None:
        event.stop()
        before = self.answers.get(self.index) is not None
        self.answers[self.index] = event.answer
        if before != (event.answer is not None):
            self._fill_list()
            self._show_bar()

    @on(AnswerSubmitted)
    def _answer_submitted(self, event: AnswerSubmitted) -> None:
        event.stop()
        self.answers[self.index] = event.answer
        if self.index + 1 < len(self.session.items):
            self.action_move(1)
        else:
            self._fill_list()
            self.notify(pick(self.lang, "最后一题。ctrl+s 交卷。", "That was the last item. ctrl+s hands in."))

    @on(OptionList.OptionSelected, "#x-list")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.index = int(event.option.id or 0)

    def action_move(self, step: int) -> None:
        target = self.index + step
        if 0 <= target < len(self.session.items):
            self.index = target

    async def watch_index(self, old: int, new: int) -> None:
        now = self.clock()
        self.spent[old] = self.spent.get(old, 0.0) + now - self.entered
        self.entered = now
        await self.query_one(ItemView).remove()
        view = ItemView(self.session.items[new], self.lang)
        await self.query_one("#x-body").mount(view)
        view.area.set_answer(self.answers.get(new))
        view.area.focus_first()
        self._fill_list()
        self._show_bar()

    def action_hand_in(self) -> None:
        missing = sum(1 for i in range(len(self.session.items)) if self.answers.get(i) is None)
        question = pick(self.lang, "交卷？", "Hand in the paper?")
        if missing:
            question += pick(self.lang, f" 还有 {missing} 题未答，按 0 分计。",
                             f" {missing} unanswered item(s) will score 0.")

        def decided(yes: bool | None) -> None:
            if yes:
                self._hand_in()

        self.app.push_screen(Confirm(question), decided)

    def _hand_in(self) -> None:
        if self.handed_in:
            return
        self.handed_in = True
        now = self.clock()
        self.spent[self.index] = self.spent.get(self.index, 0.0) + now - self.entered
        for i, presented in enumerate(self.session.items):
            answer = self.answers.get(i)
            self.session.record(presented, answer if answer is not None else "", duration_s=self.spent.get(i, 0.0))
        ctx = self.app.ctx  # type: ignore[attr-defined]
        summary = self.session.summary()
        history = list(ctx.settings.get("exams") or [])
        history.append({"exam_id": self.session.exam_id, "at": ctx.current_time().isoformat(timespec="minutes"),
                        "points": summary["points"], "possible": summary["possible"],
                        "items": len(self.session.items), "seconds": round(now - self.started)})
        ctx.save_setting("exams", history[-50:])
        self.app.switch_screen(ExamReport(self.session, now - self.started))

    def action_leave(self) -> None:
        def decided(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(Confirm(pick(self.lang, "放弃本次考试？答案不会保存。",
                                          "Abandon this exam? Nothing will be saved.")), decided)
