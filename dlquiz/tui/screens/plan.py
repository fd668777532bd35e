"""Plan: the study plan up to the exam day, day by day, and the recall it predicts per topic on exam day.

The plan is a pure function of the store (`dlquiz.quiz.plan.make_plan`), so it is recomputed each time the
screen is shown: after a session it already counts the answers just given. Without an exam date an input
asks for one; it is saved only once a plan could be made for it, so a past or malformed date is never stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from dlquiz.tui.i18n import pick
from dlquiz.tui.widgets.key_bar import KeyBar


class PlanScreen(Screen):
    """The days table (date, new, reviews, minutes) and the predicted exam-day recall per topic."""

    BINDINGS = [
        Binding("escape", "app.home", "Home"),
        Binding("ctrl+e", "change_date", "Exam date"),
    ]

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        yield Static("", id="plan-prompt")
        yield Input(placeholder="YYYY-MM-DD", id="plan-date")
        yield Static("", id="plan-error", classes="field-error")
        with VerticalScroll(id="plan-body"):
            yield Static("", id="plan-days")
            yield Static("", id="plan-topics")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "ready", self.refresh_plan)

    def on_screen_resume(self) -> None:
        self.refresh_plan()

    def _exam_date(self) -> date | None:
        from dlquiz.quiz.settings import Settings

        return Settings.load(self.app.ctx.store).exam  # type: ignore[attr-defined]

    def refresh_plan(self, _value: Any = None) -> None:
        """Recomputes the plan from the store, or asks for the exam date when none is set."""
        lang = self.lang
        self.sub_title = pick(lang, "学习计划", "Study plan")
        ctx = self.app.ctx  # type: ignore[attr-defined]
        prompt = self.query_one("#plan-prompt", Static)
        if ctx.bank is None or ctx.store is None:
            prompt.update(pick(lang, "正在载入…", "Loading…"))
            self._ask(False)
            return
        exam = self._exam_date()
        if exam is None:
            self._ask(True)
            return
        self._show(exam)

    def _ask(self, show: bool, error: str = "") -> None:
        lang = self.lang
        field = self.query_one("#plan-date", Input)
        field.display = show
        self.query_one("#plan-body").display = not show
        self.query_one("#plan-error", Static).update(error)
        self.query_one("#plan-error").display = bool(error)
        if show:
            self.query_one("#plan-prompt", Static).update(
                pick(lang, "考试日期（YYYY-MM-DD），回车保存：", "The exam date (YYYY-MM-DD); Enter saves it:"))
            field.focus()

    def _make(self, exam: date) -> Any:
        """The plan for `exam`; raises UsageError for a past date or a bad budget."""
        from dlquiz.quiz.plan import make_plan
        from dlquiz.quiz.settings import Settings

        ctx = self.app.ctx  # type: ignore[attr-defined]
        settings = Settings.load(ctx.store)
        return make_plan(ctx.bank, ctx.store, exam, settings.minutes_per_day, now=ctx.current_time(),
                         settings=settings)

    def _show(self, exam: date) -> None:
        from dlquiz.errors import UsageError

        try:
            plan = self._make(exam)
        except UsageError as exc:  # e.g. the saved exam day has passed: ask for a new one
            self._ask(True, str(exc))
            return
        self._ask(False)
        lang = self.lang
        self.query_one("#plan-prompt", Static).update(pick(
            lang, f"考试 {plan.exam_date.isoformat()} · 每天 {plan.minutes_per_day:g} 分钟 · 目标 {plan.target:.0%}"
                  " · ctrl+e 改日期",
            f"Exam {plan.exam_date.isoformat()} · {plan.minutes_per_day:g} min/day · target {plan.target:.0%}"
            " · ctrl+e changes the date"))
        days = Table(title=pick(lang, "每天", "Days"), title_justify="left", title_style="bold", box=None,
                     padding=(0, 2))
        for zh, en, justify in (("日期", "Date", "left"), ("新题", "New", "right"), ("复习", "Reviews", "right"),
                                ("分钟", "Minutes", "right")):
            days.add_column(pick(lang, zh, en), justify=justify)  # type: ignore[arg-type]
        for day in plan.days:
            label = day.date.isoformat() + (pick(lang, "（今天）", " (today)") if day.date == plan.today else "")
            days.add_row(label, str(day.new), str(day.reviews), f"{day.minutes:g}")
        self.query_one("#plan-days", Static).update(days)
        self.query_one("#plan-topics", Static).update(self._topics(plan))

    def _topics(self, plan: Any) -> Group:
        from dlquiz.tui.widgets.mastery_bar import bar

        lang = self.lang
        bank = self.app.ctx.bank  # type: ignore[attr-defined]
        table = Table(title=pick(lang, "考试日预计记忆", "Predicted recall on exam day"), title_justify="left",
                      title_style="bold", box=None, padding=(0, 2))
        table.add_column(pick(lang, "主题", "Topic"), no_wrap=True)
        table.add_column(pick(lang, "预计", "Predicted"), no_wrap=True)
        variables = self.app.theme_variables
        for slug, value in plan.predicted_retention.items():
            entry = bank.topic(slug)
            name = slug if entry is None else entry.zh if lang == "zh" else entry.en if lang == "en" \
                else f"{entry.zh} {entry.en}"
            table.add_row(Text(name), bar(value, 10, variables))
        note = Text(pick(lang, "未学过的题目按 0 计；已学的题目按计划达到目标。",
                         "Items never studied count as 0; studied items are planned to reach the target."),
                    style="dim")
        return Group(Text(""), table, note)

    @on(Input.Submitted, "#plan-date")
    def _date_entered(self, event: Input.Submitted) -> None:
        from dlquiz.errors import UsageError
        from dlquiz.quiz.settings import KEYS

        try:
            exam = date.fromisoformat(KEYS["exam_date"].parse(event.value))
            self._make(exam)
        except (ValueError, UsageError) as exc:
            self._ask(True, str(exc))
            return
        self.app.ctx.store.set_setting("exam_date", exam.isoformat())  # type: ignore[attr-defined]
        event.input.value = ""
        self._show(exam)

    def action_change_date(self) -> None:
        if self.app.ctx.store is not None:  # type: ignore[attr-defined]
            self._ask(True)
