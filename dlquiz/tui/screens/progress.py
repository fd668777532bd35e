"""Progress: mastery per topic, accuracy over time and the review forecast as charts, mistakes and exams."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from dlquiz.tui.i18n import pick
from dlquiz.tui.widgets.key_bar import KeyBar

DAYS = 30


class ProgressScreen(Screen):
    """Four tabs: mastery (table with bars), accuracy (chart), forecast (chart), mistakes and exams."""

    BINDINGS = [
        Binding("escape", "app.home", "Home"),
        Binding("1", "tab('mastery')", "Mastery", show=False),
        Binding("2", "tab('accuracy')", "Accuracy", show=False),
        Binding("3", "tab('forecast')", "Forecast", show=False),
        Binding("4", "tab('mistakes')", "Mistakes", show=False),
        Binding("left,h", "step(-1)", "Tab ←", show=False),
        Binding("right,l", "step(1)", "Tab →", show=False),
    ]

    @property
    def lang(self) -> str:
        return self.app.lang  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        lang = self.lang
        yield Header(show_clock=False, icon="◆")
        yield Static("", id="progress-stats")
        with TabbedContent(id="progress-tabs"):
            with TabPane(pick(lang, "1 掌握度", "1 Mastery"), id="mastery"):
                yield DataTable(id="progress-topics", cursor_type="row", zebra_stripes=True)
            with TabPane(pick(lang, "2 正确率", "2 Accuracy"), id="accuracy"):
                yield Static(pick(lang, f"近 {DAYS} 天每天的作答数（柱）与正确率 %（线）",
                                  f"Answers per day (bars) and accuracy % (line), last {DAYS} days"),
                             classes="chart-title", id="progress-accuracy-title")
                yield PlotextPlot(id="progress-accuracy", classes="chart")
            with TabPane(pick(lang, "3 复习预测", "3 Forecast"), id="forecast"):
                yield Static(pick(lang, "未来 14 天每天到期的复习数", "Reviews due on each of the next 14 days"),
                             classes="chart-title")
                yield PlotextPlot(id="progress-forecast", classes="chart")
            with TabPane(pick(lang, "4 易错与考试", "4 Mistakes & exams"), id="mistakes"), VerticalScroll():
                yield Static("", id="progress-mistakes")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = pick(self.lang, "进度", "Progress")
        self.watch(self.app, "ready", self.refresh_figures)

    def on_screen_resume(self) -> None:
        self.refresh_figures()

    def refresh_figures(self, _value: Any = None) -> None:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        stats = self.query_one("#progress-stats", Static)
        if ctx.bank is None or ctx.store is None:
            stats.update(pick(self.lang, "正在载入…", "Loading…"))
            return
        from dlquiz.quiz.progress import daily_accuracy, progress

        now = ctx.current_time()
        figures = progress(ctx.bank, ctx.store, now=now)
        lang = self.lang
        stats.update(pick(lang, f"已答 {figures['attempts']} · 连续 {figures['streak']} 天 · 到期 {figures['due']}",
                          f"{figures['attempts']} answered · {figures['streak']}-day streak · {figures['due']} due"))
        self._topics(figures)
        self._accuracy(daily_accuracy(ctx.store, DAYS, now=now))
        self._forecast(figures["forecast"])
        self._mistakes(figures, ctx)

    def _topics(self, figures: dict[str, Any]) -> None:
        from dlquiz.tui.widgets.mastery_bar import bar

        lang = self.lang
        table = self.query_one("#progress-topics", DataTable)
        table.clear()
        if not table.columns:
            for key, zh, en in (("topic", "主题", "Topic"), ("mastery", "掌握度", "Mastery"),
                                ("accuracy", "正确率", "Accuracy"), ("seen", "已见", "Seen"),
                                ("answers", "作答", "Answers"), ("due", "到期", "Due")):
                table.add_column(pick(lang, zh, en), key=key)
        variables = self.app.theme_variables
        for topic in figures["by_topic"].values():
            name = topic["zh"] if lang == "zh" else topic["en"] if lang == "en" else f"{topic['zh']} {topic['en']}"
            accuracy = Text(f"{topic['accuracy']:.0%}" if topic["attempts"] else "·", justify="right")
            table.add_row(Text(name), bar(topic["mastery"], 10, variables), accuracy,
                          Text(f"{topic['seen']}/{topic['items']}", justify="right"),
                          Text(str(topic["attempts"]), justify="right"),
                          Text(str(topic["due"] or "·"), justify="right"))

    def _accuracy(self, daily: dict[Any, tuple[int, float | None]]) -> None:
        plot = self.query_one("#progress-accuracy", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        days = list(daily)
        labels = [d.strftime("%m-%d") for d in days]
        xs = list(range(1, len(days) + 1))
        answered = [(x, 100 * share) for x, (_, share) in zip(xs, daily.values(), strict=True) if share is not None]
        counts = [n for n, _ in daily.values()]
        empty = not any(counts)
        plot.display = not empty
        self.query_one("#progress-accuracy-title", Static).update(
            pick(self.lang, f"近 {len(days)} 天还没有作答记录。", f"No answers in the last {len(days)} days yet.")
            if empty else pick(self.lang, f"近 {len(days)} 天每天的作答数（柱）与正确率 %（线）",
                               f"Answers per day (bars) and accuracy % (line), last {len(days)} days"))
        if empty:
            return
        # Plot text stays ASCII: plotext counts characters, not cells, so Chinese labels break its layout.
        plt.bar(xs, counts, label="answers (right axis)", color="blue", width=0.4, yside="right")
        if answered:
            plt.plot([x for x, _ in answered], [y for _, y in answered], label="accuracy %", marker="braille",
                     color="green")
        ticks = sorted({*xs[::max(1, len(xs) // 6)], xs[-1]})
        plt.xticks(ticks, [labels[x - 1] for x in ticks])
        plt.ylim(0, 100)
        plot.refresh()

    def _forecast(self, forecast: dict[str, int]) -> None:
        plot = self.query_one("#progress-forecast", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        labels = [day[5:] for day in forecast]
        plt.bar(labels, list(forecast.values()), color="orange")
        plot.refresh()

    def _mistakes(self, figures: dict[str, Any], ctx: Any) -> None:
        lang = self.lang
        table = Table(title=pick(lang, "最常见的易错点", "Most frequent misconceptions"), title_justify="left",
                      title_style="bold", box=None, padding=(0, 2))
        table.add_column(pick(lang, "次数", "Times"), justify="right")
        table.add_column(pick(lang, "易错点", "Misconception"))
        for mid, count in list(figures["misconceptions"].items())[:10]:
            entry = ctx.bank.misconceptions.get(mid)
            name = mid if entry is None else entry.name.zh if lang == "zh" else (entry.name.en or entry.name.zh) \
                if lang == "en" else f"{entry.name.zh} / {entry.name.en or ''}"
            table.add_row(str(count), name)
        exams = Table(title=pick(lang, "模拟考试记录", "Mock exams"), title_justify="left", title_style="bold",
                      box=None, padding=(0, 2))
        exams.add_column(pick(lang, "时间", "When"))
        exams.add_column(pick(lang, "得分", "Score"), justify="right")
        exams.add_column(pick(lang, "题数", "Items"), justify="right")
        for exam in reversed(ctx.settings.get("exams") or []):
            share = exam["points"] / exam["possible"] if exam.get("possible") else 0
            exams.add_row(str(exam.get("at", ""))[:16].replace("T", " "),
                          f"{exam['points']:g}/{exam['possible']:g} ({share:.0%})", str(exam.get("items", "")))
        from rich.console import Group

        empty = Text(pick(lang, "还没有记录。", "Nothing recorded yet."), style="dim")
        self.query_one("#progress-mistakes", Static).update(Group(
            table if figures["misconceptions"] else Group(Text(table.title or "", style="bold"), empty), Text(""),
            exams if ctx.settings.get("exams") else Group(Text(exams.title or "", style="bold"), empty)))

    def action_tab(self, tab: str) -> None:
        self.query_one("#progress-tabs", TabbedContent).active = tab

    def action_step(self, step: int) -> None:
        order = ["mastery", "accuracy", "forecast", "mistakes"]
        tabs = self.query_one("#progress-tabs", TabbedContent)
        tabs.active = order[(order.index(tabs.active or "mastery") + step) % len(order)]
