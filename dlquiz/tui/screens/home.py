"""Home: the modes with their keys, and the syllabus topics with mastery bars and due reviews."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from dlquiz.tui.i18n import pick
from dlquiz.tui.widgets.key_bar import KeyBar

# (key, action, zh, en)
MODES = (
    ("r", "review", "复习到期", "Review due"),
    ("p", "practice", "练习", "Practice"),
    ("e", "exam", "模拟考试", "Mock exam"),
    ("m", "cram", "突击", "Cram"),
    ("b", "browse", "题库浏览", "Browse"),
    ("c", "calculator", "计算器", "Calculator"),
    ("d", "demos", "演示", "Demos"),
    ("g", "progress", "进度", "Progress"),
    ("l", "plan", "学习计划", "Plan"),
    ("s", "settings", "设置", "Settings"),
)


class HomeScreen(Screen):
    """Where every session starts; Enter on a topic practises that topic."""

    BINDINGS = [
        Binding("r", "open('review')", "Review"),
        Binding("p", "open('practice')", "Practice"),
        Binding("e", "open('exam')", "Exam"),
        Binding("m", "open('cram')", "Cram", show=False),
        Binding("b", "open('browse')", "Browse", show=False),
        Binding("c", "open('calculator')", "Calc", show=False),
        Binding("d", "open('demos')", "Demos", show=False),
        Binding("g", "open('progress')", "Progress", show=False),
        Binding("l", "open('plan')", "Plan", show=False),
        Binding("s", "open('settings')", "Settings", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        with Horizontal(id="home-body"):
            with Vertical(id="home-menu-pane"):
                yield Static("", id="home-stats")
                yield OptionList(id="home-menu")
            # The topic table is mounted once the bank is loaded: the first paint has only what it can show.
            yield Vertical(id="home-topics-pane")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)
        self.watch(self.app, "ready", self._relabel)
        self.query_one("#home-menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        self._relabel()

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def _relabel(self, _value: Any = None) -> None:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        lang = self.lang
        figures = self._figures()
        due = figures["due"] if figures else None
        menu = self.query_one("#home-menu", OptionList)
        highlighted = menu.highlighted
        options = []
        for key, mode, zh, en in MODES:
            label = Text.assemble((f" {key} ", "reverse"), " ", pick(lang, zh, en))
            if mode == "review" and due is not None:
                label.append(f"  {due}", style="bold")
            options.append(Option(label, id=mode))
        menu.set_options(options)
        menu.highlighted = highlighted if highlighted is not None else 0
        stats = self.query_one("#home-stats", Static)
        if ctx.error:
            stats.update(Text(ctx.error))
        elif figures is None:
            stats.update(pick(lang, "正在载入题库…", "Loading the bank…"))
        else:
            stats.update(pick(lang, f"已答 {figures['attempts']} · 连续 {figures['streak']} 天",
                              f"{figures['attempts']} answered\n{figures['streak']}-day streak"))
        self._fill_topics(figures)

    def _figures(self) -> dict[str, Any] | None:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        if not self.app.ready or ctx.bank is None or ctx.store is None:  # type: ignore[attr-defined]
            return None
        from dlquiz.quiz.progress import progress

        return progress(ctx.bank, ctx.store, now=ctx.current_time())

    def _fill_topics(self, figures: dict[str, Any] | None) -> None:
        from dlquiz.tui.widgets.mastery_bar import bar

        lang = self.lang
        if figures is None:
            return
        if not self.query("#home-topics"):
            table = DataTable(id="home-topics", cursor_type="row", zebra_stripes=True)
            self.query_one("#home-topics-pane").mount(table)
            self.call_after_refresh(self._fill_topics, figures)
            return
        table = self.query_one("#home-topics", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(pick(lang, "主题", "Topic"), key="topic")
        table.add_column(pick(lang, "掌握度", "Mastery"), key="mastery")
        table.add_column(pick(lang, "到期", "Due"), key="due")
        table.add_column(pick(lang, "题数", "Items"), key="items")
        variables = self.app.theme_variables
        for slug, topic in figures["by_topic"].items():
            name = topic["zh"] if lang == "zh" else topic["en"] if lang == "en" else f"{topic['zh']} {topic['en']}"
            table.add_row(Text(name), bar(topic["mastery"], 6, variables),
                          Text(str(topic["due"] or "·"), justify="right"),
                          Text(str(topic["items"]), justify="right"), key=slug)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    @on(OptionList.OptionSelected, "#home-menu")
    def _menu_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_open(event.option.id)

    @on(DataTable.RowSelected, "#home-topics")
    def _topic_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.start("practice", topics=[event.row_key.value], count=10)

    def action_open(self, mode: str) -> None:
        if mode in ("review", "practice", "exam", "cram"):
            self.open_session_setup(mode)
        else:
            self.app.switch_mode(mode)

    def _need_bank(self) -> bool:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        if ctx.bank is None:
            self.notify(pick(self.lang, "题库还在载入，请稍候。", "The bank is still loading; a moment please."),
                        severity="warning")
            return False
        return True

    def open_session_setup(self, mode: str) -> None:
        """Review starts at once; practice, cram and exams ask for their scope first."""
        if not self._need_bank():
            return
        if mode == "review":
            self.start("review")
            return
        from dlquiz.tui.screens.setup import SessionSetup

        current = None
        table = self.query("#home-topics").first(DataTable) if self.query("#home-topics") else None
        if table is not None and self.focused is table and table.row_count:
            current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

        def chosen(options: dict[str, Any] | None) -> None:
            if options is not None:
                self.start(mode, **options)

        self.app.push_screen(SessionSetup(mode, [current] if current else None), chosen)

    def start(self, mode: str, **options: Any) -> None:
        """Builds the session and opens it: the question screen, or the exam screen for a mock exam."""
        if not self._need_bank():
            return
        from dlquiz.quiz.session import QuizSession

        ctx = self.app.ctx  # type: ignore[attr-defined]
        minutes = options.pop("minutes", None)
        if mode == "review":
            options.setdefault("count", 50)
        session = QuizSession(ctx.bank, ctx.store, mode=mode, seed=ctx.seed, now=ctx.current_time(), **options)
        if not session.items:
            self.notify(pick(self.lang, "没有到期的复习。" if mode == "review" else "没有符合条件的题目。",
                             "No reviews are due." if mode == "review" else "No items match."))
            return
        if mode == "exam":
            from dlquiz.tui.screens.exam import ExamScreen

            self.app.push_screen(ExamScreen(session, minutes))
        else:
            from dlquiz.tui.screens.question import QuestionScreen

            self.app.push_screen(QuestionScreen(session), lambda _: self._relabel())
