"""Settings: the language (zh, en or both) and the colour theme, remembered in the progress store."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from dlquiz.tui.i18n import LANG_NAMES, LANGS, pick
from dlquiz.tui.widgets.key_bar import KeyBar


class SettingsScreen(Screen):
    """Changes apply at once and are saved as `tui.lang` and `tui.theme`."""

    BINDINGS = [Binding("escape", "app.home", "Home")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        with VerticalScroll(id="settings"):
            yield Label("", id="settings-lang-title", classes="section-title")
            with RadioSet(id="settings-lang"):
                for lang in LANGS:
                    yield RadioButton(LANG_NAMES[lang], value=lang == self.app.lang, name=lang)  # type: ignore[attr-defined]
            yield Label("", id="settings-theme-title", classes="section-title")
            yield OptionList(*(Option(name, id=name) for name in sorted(self.app.available_themes)),
                             id="settings-theme")
            yield Static("", id="settings-info", classes="settings-info")
        yield KeyBar()

    def on_mount(self) -> None:
        themes = sorted(self.app.available_themes)
        listing = self.query_one("#settings-theme", OptionList)
        if self.app.theme in themes:
            listing.highlighted = themes.index(self.app.theme)
        self.watch(self.app, "lang", self._relabel)
        self.query_one("#settings-lang", RadioSet).focus()

    def _relabel(self, lang: str) -> None:
        from dlquiz.locations import bank_dir, data_dir

        self.sub_title = pick(lang, "设置", "Settings")
        self.query_one("#settings-lang-title", Label).update(pick(lang, "语言（题目与界面）", "Language"))
        self.query_one("#settings-theme-title", Label).update(pick(lang, "配色", "Theme"))
        bank = self.app.ctx.bank_root or bank_dir()  # type: ignore[attr-defined]
        self.query_one("#settings-info", Static).update(
            pick(lang, f"进度数据：{data_dir()}\n题库：{bank}", f"Progress data: {data_dir()}\nBank: {bank}"))

    @on(RadioSet.Changed, "#settings-lang")
    def _lang(self, event: RadioSet.Changed) -> None:
        if event.pressed.name:
            self.app.set_lang(event.pressed.name)  # type: ignore[attr-defined]

    @on(OptionList.OptionHighlighted, "#settings-theme")
    def _preview_theme(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and self.query_one("#settings-theme").has_focus:
            self.app.theme = event.option.id

    @on(OptionList.OptionSelected, "#settings-theme")
    def _theme(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.theme = event.option.id
