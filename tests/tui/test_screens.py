"""Pilot tests of every other screen: home, browse, calculator, demos, progress, settings, help, quitting."""

from __future__ import annotations

import sys

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

import dlquiz
from dlquiz.tui.app import DlquizApp
from dlquiz.tui.screens.home import MODES, HomeScreen


async def test_home_lists_the_modes_and_every_topic_with_mastery_and_due(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await loaded(pilot)
        menu = app.screen.query_one("#home-menu", OptionList)
        assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == [m[1] for m in MODES]
        assert "plan" in {m[1] for m in MODES}
        topics = app.screen.query_one("#home-topics", DataTable)
        assert topics.row_count == len(app.ctx.bank.syllabus.topics)
        assert [str(c.label) for c in topics.columns.values()] == ["主题", "掌握度", "到期", "题数"]


async def test_every_mode_opens_from_home_and_escape_returns(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        for key, mode in (("b", "browse"), ("c", "calculator"), ("d", "demos"), ("g", "progress"), ("l", "plan"),
                          ("s", "settings")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            await pilot.press("escape")
            await pilot.pause()
            assert app.current_mode == "home"


async def test_enter_on_a_topic_practises_that_topic(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        table = app.screen.query_one("#home-topics", DataTable)
        table.focus()
        table.move_cursor(row=[t.slug for t in app.ctx.bank.syllabus.topics].index("conv"))
        await pilot.press("enter")
        await pilot.pause()
        assert {p.question.topic for p in app.screen.session.items} == {"conv"}


async def test_browse_searches_in_both_languages_and_turns_cards_over(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("b")
        await pilot.pause()
        screen = app.screen
        assert len(screen.found) == 9
        await pilot.press("slash", *"padding mainly")
        await pilot.pause()
        assert [q.id for q in screen.found] == ["conv.padding-role.001"]
        screen.query_one("#browse-search", Input).value = "池化"
        await pilot.pause()
        assert {q.topic for q in screen.found} == {"pooling"}
        await pilot.press("enter", "space")  # to the list, then turn the card over
        await pilot.pause()
        assert screen.flipped
        card = str(screen.query_one("#browse-front", Static).content.renderables[0].renderable)
        assert "Group" in card or card  # rendered
        await pilot.press("space")
        assert not screen.flipped


async def test_the_calculator_updates_as_you_type_and_marks_bad_values_inline(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        output = screen.query_one("#calc-output", Static)
        kernel = screen.query_one("#f-kernel_size", Input)
        assert screen.solver == "conv2d" and "6×28×28" in _plain(output.content)
        kernel.value = "3"
        await pilot.pause()
        assert "6×30×30" in _plain(output.content)
        kernel.value = "3y"
        await pilot.pause()
        assert kernel.has_class("-bad")
        assert "not a whole number" in str(screen.query_one("#n-kernel_size").content)
        kernel.value = "40"  # larger than the padded input: the solver's own message, on the field it names
        await pilot.pause()
        note = str(screen.query_one("#n-kernel_size").content)
        assert note.startswith("✘") and "kernel" in note.lower()
        kernel.value = "?"
        screen.query_one("#f-output_size", Input).value = "32"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "kernel size = 1" in _plain(output.content)
        listing = screen.query_one("#calc-solvers", OptionList)
        listing.highlighted = [listing.get_option_at_index(i).id for i in range(listing.option_count)].index("lstm")
        await pilot.pause()
        assert screen.solver == "lstm" and "parameters" in _plain(output.content)


def _plain(renderable) -> str:
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=120, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


async def test_demos_say_so_when_none_are_installed(app_factory, loaded, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dlquiz.demos", None)
    monkeypatch.delattr(dlquiz, "demos", raising=False)  # an earlier import leaves the package attribute
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert "No demonstrations installed" in str(app.screen.query_one("#demo-summary", Static).content) or \
            "没有安装" in str(app.screen.query_one("#demo-summary", Static).content)


async def test_a_demonstration_runs_with_progress_and_shows_plots_and_tables(app_factory, loaded, fake_demos) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # run the highlighted (first) demonstration
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert fake_demos.runs == [("activations", 0, {})]
        assert len(app.screen.query("PlotextPlot")) == 1 and len(app.screen.query(".demo-table")) == 1


async def _run_real_demo(app, pilot, name: str):
    """Opens the Demos screen, runs the named (real) demonstration from its list and returns the screen."""
    import dlquiz.demos as demos

    await pilot.press("d")
    await pilot.pause()
    screen = app.screen
    names = [d.name for d in demos.list_demos()]
    listing = screen.query_one("#demo-list", OptionList)
    listing.focus()
    listing.highlighted = 0
    await pilot.press(*["down"] * names.index(name), "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_a_real_demonstration_runs_from_the_demos_screen_and_shows_its_plots_and_table(app_factory,
                                                                                           loaded) -> None:
    from textual.widgets import ProgressBar

    import dlquiz.demos as demos

    expected = demos.run("softmax-overflow", seed=0)
    panels = {s.panel for s in expected.series}
    app = app_factory()
    async with app.run_test(size=(120, 48)) as pilot:
        await loaded(pilot)
        screen = await _run_real_demo(app, pilot, "softmax-overflow")
        assert screen.current == "softmax-overflow"
        assert not _plain(screen.query_one("#demo-status", Static).content).strip()  # no error
        assert not screen.query_one("#demo-progress", ProgressBar).display
        assert len(panels) >= 2 and len(screen.query("PlotextPlot")) == len(panels)
        tables = screen.query(".demo-table")
        assert len(tables) == len(expected.tables) == 1
        shown = _plain(tables.first().content)
        assert "stable p" in shown and "1000" in shown


async def test_a_real_demonstration_shows_its_heat_maps(app_factory, loaded) -> None:
    import dlquiz.demos as demos

    expected = demos.run("attention", seed=0)
    app = app_factory()
    async with app.run_test(size=(160, 48)) as pilot:
        await loaded(pilot)
        screen = await _run_real_demo(app, pilot, "attention")
        assert screen.current == "attention" and expected.heatmaps
        shown = _plain(screen.query_one(".demo-heatmap", Static).content)
        assert shown.count(" range ") == len(expected.heatmaps)  # each map ends with its value range


async def test_a_question_runs_its_linked_demonstration(app_factory, loaded, fake_demos) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.screen.start("practice", types=["param"], count=1)
        await pilot.pause()
        await pilot.press("1", "enter", "1", "enter")
        await pilot.pause()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.current_mode == "demos"
        assert fake_demos.runs[-1][0] == "conv"  # the item's demo link, with its arguments
        assert fake_demos.runs[-1][2] == {"n": 7, "k": 3, "p": 1, "s": 2}


async def test_progress_shows_mastery_accuracy_and_forecast(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot)
        app.screen.start("practice", types=["tf"], count=1)
        await pilot.pause()
        await pilot.press("1", "enter", "n", "enter")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#progress-topics", DataTable)
        assert table.row_count == len(app.ctx.bank.syllabus.topics)
        for tab in ("2", "3", "4", "1"):
            await pilot.press(tab)
            await pilot.pause()
        assert screen.query_one("#progress-tabs").active == "mastery"


async def test_the_plan_asks_for_the_exam_date_rejects_bad_ones_and_shows_days_and_recall(app_factory,
                                                                                           loaded) -> None:
    from dlquiz.tui.screens.plan import PlanScreen

    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        field = screen.query_one("#plan-date", Input)
        assert field.display and field.has_focus and not screen.query_one("#plan-body").display
        for bad, message in (("2025-13-40", "is not a date"), ("2025-06-01", "")):  # malformed, then past
            field.value = bad
            await pilot.press("enter")
            await pilot.pause()
            error = _plain(screen.query_one("#plan-error", Static).content)
            assert error and "\n" not in error.strip() and message in error
            assert app.ctx.store.get_setting("exam_date") is None
        field.value = "2025-06-20"
        await pilot.press("enter")
        await pilot.pause()
        assert app.ctx.store.get_setting("exam_date") == "2025-06-20"
        assert not field.display and not screen.query_one("#plan-error").display
        days = _plain(screen.query_one("#plan-days", Static).content)
        assert "2025-06-10" in days and "2025-06-19" in days and "2025-06-20" not in days
        topics = _plain(screen.query_one("#plan-topics", Static).content)
        with_items = {q.topic for q in app.ctx.bank.questions}
        assert all(app.ctx.bank.topic(slug).zh in topics for slug in with_items) and "%" in topics
        # Recomputed each time it is shown: answers given meanwhile change today's row.
        before = days
        await pilot.press("escape")
        await pilot.pause()
        app.screen.start("practice", types=["tf"], count=1)
        await pilot.pause()
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.press("escape", "enter")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert _plain(app.screen.query_one("#plan-days", Static).content) != before


async def test_the_language_and_theme_persist(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.lang == "zh"
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # 中文 → English → both
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        assert app.lang in ("en", "both")
        chosen = app.lang
    again = app_factory()
    async with again.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert again.lang == chosen and again.theme == "nord"
        menu = again.screen.query_one("#home-menu", OptionList)
        assert "Practice" in str(menu.get_option_at_index(1).prompt)


async def test_question_mark_lists_every_binding(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(_plain(s.content) for s in app.screen.query(Static))
        for words in ("Review", "Hand in", "Flip", "Solvers", "Self-grade", "Quit"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("where", ["home", "dialog", "typing"])
async def test_ctrl_q_quits_from_anywhere_with_exit_code_0(app_factory, loaded, where) -> None:
    app: DlquizApp = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        if where == "dialog":
            await pilot.press("p")
        elif where == "typing":
            app.screen.start("practice", types=["numeric"], count=1)
            await pilot.pause()
            await pilot.press("4")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 and app.return_value == 0


def test_dlquiz_without_a_terminal_prints_help_instead_of_opening_the_app(capsys) -> None:
    from dlquiz.cli import main

    assert main([]) == 0
    assert "usage: dlquiz" in capsys.readouterr().out


async def test_a_language_change_reaches_screens_opened_before_it(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert "掌握度" in str(app.screen.query_one("#progress-tabs").query("Tab").first().label)
        app.switch_mode("settings")
        await pilot.pause()
        app.set_lang("en")
        await pilot.pause()
        app.switch_mode("progress")
        await pilot.pause()
        assert "Mastery" in str(app.screen.query_one("#progress-tabs").query("Tab").first().label)
