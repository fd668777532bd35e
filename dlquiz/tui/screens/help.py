"""Every key binding of the app, generated from the screens' own BINDINGS so it never goes stale."""

from __future__ import annotations

from importlib import import_module

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from dlquiz.tui.i18n import key_label, pick

# (module, class, zh, en): every screen with bindings, in the order a learner meets them.
SCREENS = (
    ("home", "HomeScreen", "主页", "Home"),
    ("question", "QuestionScreen", "答题", "Question"),
    ("exam", "ExamScreen", "模拟考试", "Mock exam"),
    ("exam", "ExamReport", "考试报告", "Exam report"),
    ("browse", "BrowseScreen", "题库浏览", "Browse"),
    ("calculator", "CalculatorScreen", "计算器", "Calculator"),
    ("demos", "DemosScreen", "演示", "Demos"),
    ("progress", "ProgressScreen", "进度", "Progress"),
    ("plan", "PlanScreen", "学习计划", "Plan"),
    ("settings", "SettingsScreen", "设置", "Settings"),
    ("setup", "SessionSetup", "练习范围", "Session setup"),
)
EXTRA = (
    ("1–9 / A–D", "选择选项（多选时切换）", "choose an option (toggle in multiple choice)"),
    ("Enter", "提交 / 下一空", "submit / next blank"),
    ("Tab", "切换焦点", "move focus"),
)


def _keys(binding: Binding, app: object) -> str:
    return binding.key_display or ", ".join(app.get_key_display(Binding(k, "")) for k in binding.key.split(","))


def bindings_table(cls: type, title: str, app: object, lang: str = "en") -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None, padding=(0, 2), show_header=False)
    table.add_column(style="bold", min_width=12, no_wrap=True)
    table.add_column()
    seen = set()
    for binding in cls.BINDINGS:
        if not isinstance(binding, Binding) or (binding.action in seen and not binding.description):
            continue
        seen.add(binding.action)
        description = binding.description or binding.action
        zh = key_label(description, "zh")
        shown = description if lang == "en" or zh == description else f"{zh}  {description}"
        table.add_row(_keys(binding, app), shown)
    return table


class HelpScreen(ModalScreen[None]):
    """`?` or F1: the keys of the screen below first, then everything else."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close")]

    def __init__(self, below: Screen | None = None) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        lang = self.app.lang  # type: ignore[attr-defined]
        with VerticalScroll(id="help", classes="dialog") as box:
            box.border_title = pick(lang, "按键", "Keys")
            box.border_subtitle = pick(lang, "Esc 关闭", "Esc closes")
            shown: list[type] = []
            if self.below is not None and type(self.below).BINDINGS:
                shown.append(type(self.below))
                yield Static(bindings_table(type(self.below), pick(lang, "当前页面", "This screen"), self.app, lang))
            yield Static(bindings_table(type(self.app), pick(lang, "任何地方", "Anywhere"), self.app, lang))
            extra = Table(box=None, padding=(0, 2), show_header=False, title=pick(lang, "作答", "Answering"),
                          title_justify="left", title_style="bold")
            extra.add_column(style="bold", min_width=12)
            extra.add_column()
            for keys, zh, en in EXTRA:
                extra.add_row(keys, pick(lang, zh, en))
            yield Static(extra)
            for module, name, zh, en in SCREENS:
                cls = getattr(import_module(f"dlquiz.tui.screens.{module}"), name)
                if cls not in shown:
                    yield Static(bindings_table(cls, pick(lang, zh, en), self.app, lang))
            yield Static(Text(pick(lang, "鼠标也可以：点击选项、按钮和表格行。",
                                   "The mouse works too: click options, buttons and rows."), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
