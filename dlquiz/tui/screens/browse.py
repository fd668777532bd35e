"""Browse: the bank as flashcards. Type to search (zh or en, ids, tags); space turns the card over."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from dlquiz.tui.i18n import one_line, pick
from dlquiz.tui.widgets.item_view import BLANK, TYPE_NAMES
from dlquiz.tui.widgets.key_bar import KeyBar


class BrowseScreen(Screen):
    """A searchable list of items above the current card (front: the question; back: key and explanation)."""

    BINDINGS = [
        Binding("escape", "app.home", "Home"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("space", "flip", "Flip"),
        Binding("down,j", "move(1)", "Next card", show=False),
        Binding("up,k", "move(-1)", "Previous card", show=False),
    ]

    flipped: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Any] = []

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        yield Input(placeholder="", id="browse-search", compact=True)
        yield DataTable(id="browse-list", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="browse-card", can_focus=True):
            yield Static("", id="browse-front")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = pick(self.lang, "题库浏览", "Browse the bank")
        self.watch(self.app, "ready", self._search)
        self.watch(self.app, "lang", self._relabel)
        self.query_one("#browse-list", DataTable).focus()

    def _relabel(self, _value: Any = None) -> None:
        self.query_one("#browse-search", Input).placeholder = pick(
            self.lang, "/ 搜索：中文、英文、题号或标签", "/ search: Chinese, English, ids or tags")
        self._search()

    def _search(self, _value: Any = None) -> None:
        bank = self.app.ctx.bank  # type: ignore[attr-defined]
        if bank is None:
            return
        from dlquiz.bank.search import search

        query = self.query_one("#browse-search", Input).value.strip()
        live = [q for q in bank.questions if q.status != "retired"]
        self.found = search(live, query) if query else live
        table = self.query_one("#browse-list", DataTable)
        table.clear(columns=True)
        table.add_column(pick(self.lang, "题型", "Type"), key="type")
        table.add_column(pick(self.lang, "主题", "Topic"), key="topic")
        table.add_column(pick(self.lang, "题干", "Question"), key="stem")
        for q in self.found:
            stem = BLANK.sub("____", one_line(q.stem, "zh" if self.lang == "both" else self.lang)).replace("\n", " ")
            table.add_row(TYPE_NAMES[q.type][0 if self.lang != "en" else 1], q.topic, Text(stem[:70]), key=q.id)
        self.sub_title = pick(self.lang, f"题库浏览 · {len(self.found)} 题", f"Browse · {len(self.found)} items")
        self.flipped = False
        self._show_card()

    @on(Input.Changed, "#browse-search")
    def _typed(self) -> None:
        self._search()

    @on(Input.Submitted, "#browse-search")
    def _to_list(self) -> None:
        self.query_one("#browse-list", DataTable).focus()

    @on(DataTable.RowHighlighted, "#browse-list")
    def _highlighted(self) -> None:
        self.flipped = False
        self._show_card()

    @on(DataTable.RowSelected, "#browse-list")
    def _selected(self) -> None:
        self.action_flip()

    def current(self) -> Any | None:
        table = self.query_one("#browse-list", DataTable)
        if not self.found or table.cursor_row < 0 or table.cursor_row >= len(self.found):
            return None
        return self.found[table.cursor_row]

    def watch_flipped(self) -> None:
        self._show_card()

    def _show_card(self) -> None:
        from dlquiz.render.question import render_question

        question = self.current()
        card = self.query_one("#browse-front", Static)
        if question is None:
            card.update(pick(self.lang, "没有找到题目。", "No items found.") if self.app.ready else  # type: ignore[attr-defined]
                        pick(self.lang, "正在载入题库…", "Loading the bank…"))
            return
        hint = Text(pick(self.lang, "空格翻面看答案", "space turns the card over") if not self.flipped else
                    pick(self.lang, "空格翻回正面", "space turns it back"), style="dim")
        card.update(Group(render_question(question, self.lang, self.flipped), hint))

    def action_flip(self) -> None:
        self.flipped = not self.flipped

    def action_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_move(self, step: int) -> None:
        table = self.query_one("#browse-list", DataTable)
        if self.focused is not table and table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

