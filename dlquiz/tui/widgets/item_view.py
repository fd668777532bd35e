"""One item on screen: header line, stem with its blanks, assumptions, and the answer area."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from dlquiz.tui.i18n import pick
from dlquiz.tui.i18n import text as text_in
from dlquiz.tui.widgets.answers import AnswerArea

BLANK = re.compile(r"\[\[([A-Za-z0-9_-]+)\]\]")
TYPE_NAMES = {
    "mcq": ("单选", "single choice"), "multi": ("多选", "multiple choice"), "tf": ("判断", "true/false"),
    "numeric": ("计算", "numeric"), "fill": ("填空", "fill in"), "table": ("填表", "table"),
    "short": ("简答", "short answer"), "param": ("计算", "calculation"),
}  # fmt: skip


def stem_text(presented: Any, lang: str) -> Text:
    """The stem with each `[[id]]` blank drawn as a reversed `(id) ____`, then the assumptions."""
    stem = text_in(presented.stem, lang)
    out = Text()
    last = 0
    for match in BLANK.finditer(stem):
        out.append(stem[last:match.start()])
        out.append(f" ({match.group(1)}) ____ ", style="bold reverse")
        last = match.end()
    out.append(stem[last:])
    for assumption in presented.question.assumptions:
        out.append(f"\n• {text_in(assumption, lang)}", style="italic dim")
    return out


def item_title(presented: Any, lang: str, total: int, exam: bool = False, with_id: bool = True) -> Text:
    """`3/10 · 单选 · conv · ★★ · conv.padding-role.001` (with the points in an exam)."""
    q = presented.question
    zh, en = TYPE_NAMES[q.type]
    title = Text.assemble((f"{presented.number}/{total}", "bold"), f" · {pick(lang, zh, en)} · {q.topic} · ",
                          ("★" * q.difficulty, "bold"))
    if exam:
        title.append(pick(lang, f" · {presented.points:g} 分", f" · {presented.points:g} pts"))
    if with_id:
        title.append(f"  {q.id}", style="dim")
    return title


class ItemView(Vertical):
    """The item and its answer widget; the screen adds the feedback below after submitting."""

    DEFAULT_CSS = """
    ItemView { height: auto; }
    ItemView > .item-stem { padding: 0 0 1 0; }
    """

    def __init__(self, presented: Any, lang: str) -> None:
        super().__init__()
        self.presented = presented
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Static(stem_text(self.presented, self.lang), classes="item-stem")
        yield AnswerArea(self.presented, self.lang)

    @property
    def area(self) -> AnswerArea:
        return self.query_one(AnswerArea)
