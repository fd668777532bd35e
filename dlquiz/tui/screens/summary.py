"""The end of a practice or review session: score, per-topic results, the items to look at again."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dlquiz.tui.i18n import pick


def summary_table(session: Any, lang: str, variables: dict[str, str]) -> Table:
    """Per-topic scores of a session as a table with bars."""
    from dlquiz.tui.widgets.mastery_bar import bar

    summary = session.summary()
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column(pick(lang, "主题", "Topic"))
    table.add_column(pick(lang, "得分", "Score"))
    for topic, score in summary["by_topic"].items():
        table.add_row(_topic_name(session.bank, topic, lang), bar(score, 12, variables))
    return table


def _topic_name(bank: Any, slug: str, lang: str) -> str:
    topic = bank.topic(slug)
    if topic is None:
        return slug
    return topic.zh if lang == "zh" else topic.en if lang == "en" else f"{topic.zh} {topic.en}"


class SummaryScreen(ModalScreen[None]):
    """Shows `QuizSession.summary()`; Enter or Esc closes it."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        lang = self.app.lang  # type: ignore[attr-defined]
        s = self.session.summary()
        with VerticalScroll(id="summary", classes="dialog") as box:
            box.border_title = pick(lang, "本次小结", "Session summary")
            box.border_subtitle = pick(lang, "回车关闭", "Enter closes")
            yield Static(Text(pick(lang, f"答题 {s['answered']}/{s['asked']} · 正确 {s['correct']} · "
                                         f"得分 {s['points']:g}/{s['possible']:g}",
                                   f"Answered {s['answered']}/{s['asked']} · correct {s['correct']} · "
                                   f"points {s['points']:g}/{s['possible']:g}"), style="bold"))
            yield Static(summary_table(self.session, lang, self.app.theme_variables))
            if s["wrong"]:
                yield Static(Text(pick(lang, "待复习：", "To review: ") + ", ".join(s["wrong"]), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
