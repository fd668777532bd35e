"""Choosing a session's scope: topics, question types, difficulty, length (and minutes for an exam)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, SelectionList

from dlquiz.tui.i18n import pick

TYPE_LABELS = {
    "mcq": ("单选", "single choice"), "multi": ("多选", "multiple choice"), "tf": ("判断", "true/false"),
    "numeric": ("计算", "numeric"), "fill": ("填空", "fill in"), "table": ("填表", "table"),
    "short": ("简答", "short answer"), "param": ("参数化计算", "parametric"),
}  # fmt: skip
DIFFICULTY = {1: ("★ 基础", "★ basic"), 2: ("★★ 中等", "★★ medium"), 3: ("★★★ 较难", "★★★ hard")}


def exam_minutes(count: int) -> int:
    """A paper's default time: about 1.5 minutes an item, as the course's papers allow."""
    return max(5, round(count * 1.5))


class SessionSetup(ModalScreen[dict[str, Any] | None]):
    """Returns the session options, or None when cancelled. Nothing selected means everything."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "start", "Start", priority=True),
    ]

    def __init__(self, mode: str, topics: list[str] | None = None) -> None:
        super().__init__()
        self.mode = mode
        self.initial_topics = set(topics or ())

    def compose(self) -> ComposeResult:
        lang = self.app.lang  # type: ignore[attr-defined]
        bank = self.app.ctx.bank  # type: ignore[attr-defined]
        exam = self.mode == "exam"
        title = pick(lang, "模拟考试", "Mock exam") if exam else pick(lang, "突击范围", "Cram scope") \
            if self.mode == "cram" else pick(lang, "练习范围", "Practice scope")
        with Vertical(id="setup", classes="dialog") as dialog:
            dialog.border_title = title
            dialog.border_subtitle = pick(lang, "空格选择 · ctrl+s 开始 · esc 取消",
                                          "space selects · ctrl+s starts · esc cancels")
            with Horizontal(id="setup-columns"):
                topics = SelectionList[str](id="setup-topics")
                topics.border_title = pick(lang, "主题（不选即全部）", "Topics (none = all)")
                for topic in bank.syllabus.topics if bank.syllabus else ():
                    name = topic.zh if lang == "zh" else topic.en if lang == "en" else f"{topic.zh} {topic.en}"
                    topics.add_option((name, topic.slug, topic.slug in self.initial_topics))
                yield topics
                with Vertical(id="setup-side"):
                    with Horizontal(classes="setup-field"):
                        yield Label(pick(lang, "题数", "Items"))
                        yield Input("20" if exam else "10", id="setup-count", compact=True,
                                    validators=[Integer(1, 200)], type="integer")
                    if exam:
                        with Horizontal(classes="setup-field"):
                            yield Label(pick(lang, "分钟", "Minutes"))
                            yield Input(str(exam_minutes(20)), id="setup-minutes", compact=True,
                                        validators=[Integer(1, 600)], type="integer")
                    if not exam:
                        types = SelectionList[str](
                            *((pick(lang, zh, en), kind) for kind, (zh, en) in TYPE_LABELS.items()), id="setup-types")
                        types.border_title = pick(lang, "题型", "Types")
                        yield types
                        levels = SelectionList[int](
                            *((pick(lang, zh, en), level) for level, (zh, en) in DIFFICULTY.items()),
                            id="setup-difficulty")
                        levels.border_title = pick(lang, "难度", "Difficulty")
                        yield levels
            with Horizontal(classes="buttons"):
                yield Button(pick(lang, "开始", "Start"), id="setup-start", variant="primary", compact=True)
                yield Button(pick(lang, "取消", "Cancel"), id="setup-cancel", compact=True)

    @on(Input.Changed, "#setup-count")
    def _count_changed(self, event: Input.Changed) -> None:
        if self.mode == "exam" and event.validation_result and event.validation_result.is_valid:
            self.query_one("#setup-minutes", Input).value = str(exam_minutes(int(event.value)))

    @on(Button.Pressed, "#setup-start")
    @on(Input.Submitted)
    def action_start(self) -> None:
        count = self.query_one("#setup-count", Input)
        if not count.is_valid:
            count.focus()
            self.notify(pick(self.app.lang, "题数应为 1–200。", "Items: a number from 1 to 200."),  # type: ignore[attr-defined]
                        severity="warning")
            return
        options: dict[str, Any] = {"count": int(count.value)}
        topics = self.query_one("#setup-topics", SelectionList).selected
        if topics:
            options["topics"] = list(topics)
        if self.mode == "exam":
            minutes = self.query_one("#setup-minutes", Input)
            options["minutes"] = int(minutes.value) if minutes.is_valid else exam_minutes(options["count"])
        else:
            types = self.query_one("#setup-types", SelectionList).selected
            levels = self.query_one("#setup-difficulty", SelectionList).selected
            if types:
                options["types"] = list(types)
            if levels:
                options["difficulties"] = list(levels)
        self.dismiss(options)

    @on(Button.Pressed, "#setup-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
