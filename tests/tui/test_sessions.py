"""Pilot tests of practice, review and the mock exam: every type answered, feedback, ratings, the report."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static, TextArea

from dlquiz.quiz import scheduling
from dlquiz.tui.screens.exam import ExamScreen
from dlquiz.tui.screens.exam_report import ExamReport, ReviewItem
from dlquiz.tui.screens.home import HomeScreen
from dlquiz.tui.screens.question import QuestionScreen
from dlquiz.tui.screens.summary import SummaryScreen
from dlquiz.tui.widgets.formula_input import FormulaInput


def feedback_text(screen: Any) -> str:
    """The after-answer panel as plain text, rendered at 100 columns."""
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=100, color_system=None)
    console.print(screen.query_one("#q-feedback", Static).content)
    return console.file.getvalue()


async def test_practice_answers_one_item_of_every_type(app_factory, loaded, right_answer) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.screen.start("practice", count=9)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        seen = []
        for _ in range(9):
            presented = screen.presented
            seen.append(presented.question.type)
            if presented.question.type == "short":
                screen.query_one(TextArea).text = "用子梯度，PyTorch 的 autograd 框架取 0"
                await pilot.press("ctrl+s")
                assert screen.phase == "self"
                await pilot.press("enter")  # keep the keyword score
            else:
                await pilot.press(*right_answer(presented))
            await pilot.pause()
            assert screen.phase == "done", presented.question.id
            assert screen.outcome.grade.correct, presented.question.id
            await pilot.press("n")
            await pilot.pause()
        assert sorted(set(seen)) == ["fill", "mcq", "multi", "numeric", "param", "short", "table", "tf"]
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert len(app.ctx.store.attempts()) == 9


async def test_a_wrong_param_answer_shows_key_explanation_worked_steps_and_the_rating_can_be_overridden(
        app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.screen.start("practice", types=["param"], count=1)
        await pilot.pause()
        screen = app.screen
        await pilot.press("1", "enter", "2", "enter")
        await pilot.pause()
        outcome = screen.outcome
        assert not outcome.grade.correct and outcome.rating == 1 == outcome.auto_rating
        text = feedback_text(screen)
        parts = screen.presented.instance.parts
        assert "错误" in text and str(parts[0].answer) in text
        assert "解析" in text and "求解步骤 · conv2d" in text and "Worked steps" in text
        assert "A04" in text  # the course material's error on this item is noted
        card_again = app.ctx.store.get_card(scheduling.card_id(screen.presented.question.id))
        await pilot.press("4")
        await pilot.pause()
        assert screen.outcome.rating == 4
        card_easy = app.ctx.store.get_card(scheduling.card_id(screen.presented.question.id))
        assert card_easy["due"] > card_again["due"]
        bar = app.screen.query_one("#q-after", Static).content
        highlighted = [bar.plain[span.start:span.end] for span in bar.spans if "reverse" in str(span.style)]
        assert highlighted == [" 4 简单 "]  # the chosen rating, highlighted in the bar


async def test_fields_validate_as_you_type_and_formulas_show_their_parsed_form(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.screen.start("practice", types=["fill"], count=1)
        await pilot.pause()
        await pilot.press(*"y(1-y)")
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = app.screen.query_one(FormulaInput).query_one(".formula-preview", Static)
        assert str(preview.content) == "= y*(1 - y)"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", *"import os")
        await pilot.pause()
        assert str(preview.content).startswith("✘") and preview.has_class("-error")
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.screen.start("practice", types=["numeric"], topics=["conv"], count=1)
        await pilot.pause()
        await pilot.press(*"3*3*64+64")
        await pilot.pause()
        preview = app.screen.query_one(".formula-preview", Static)
        assert str(preview.content) == "= 640"
        await pilot.press("enter")  # a wrong number is still an answer: it is graded, not refused
        await pilot.pause()
        assert app.screen.phase == "done" and not app.screen.outcome.grade.correct


async def test_a_short_answer_is_graded_by_the_learner_after_seeing_the_reference(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.screen.start("practice", types=["short"], count=1)
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+s")  # nothing typed: not submitted
        assert screen.phase == "answer"
        screen.query_one(TextArea).text = "不知道"
        await pilot.press("ctrl+s")
        assert screen.phase == "self" and "参考答案" in str(screen.query_one("#q-feedback", Static).content)
        await pilot.press("3")
        await pilot.pause()
        assert screen.phase == "done" and screen.outcome.grade.score == 0.75


async def test_review_without_due_cards_says_so_and_stays_home(app_factory, loaded) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("No reviews" in n.message or "没有到期" in n.message for n in app._notifications)


async def test_the_mock_exam_moves_between_items_hands_in_and_reports(app_factory, loaded, right_answer) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the setup's start: 20 items asked, the bank has 9
        await pilot.pause()
        exam = app.screen
        assert isinstance(exam, ExamScreen) and len(exam.session.items) == 9
        first = exam.session.items[0]
        await pilot.press(*right_answer(first))  # Enter saves and moves on
        await pilot.pause()
        assert exam.index == 1 and exam.answers[0] is not None
        await pilot.press("pageup")
        await pilot.pause()
        assert exam.index == 0
        assert exam.query_one("AnswerArea").answer == exam.answers[0]  # the answer is still there
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ExamReport)
        summary = exam.session.summary()
        assert summary["answered"] == 9 and summary["correct"] == 1
        attempts = app.ctx.store.attempts(mode="exam")
        assert len(attempts) == 9 and {a.exam_id for a in attempts} == {exam.session.exam_id}
        assert app.ctx.store.get_setting("tui.exams")[-1]["points"] == summary["points"]
        await pilot.press("enter")  # the first wrong answer opens in full
        await pilot.pause()
        assert isinstance(app.screen, ReviewItem)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_exam_hands_itself_in_when_time_runs_out(app_factory, loaded, clock) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        await loaded(pilot)
        app.screen.start("exam", count=3, minutes=5)
        await pilot.pause()
        exam = app.screen
        assert "05:00" in str(exam.query_one("#x-timer").content)
        clock.value += 5 * 60 + 1
        exam._tick()
        await pilot.pause()
        assert isinstance(app.screen, ExamReport)
        assert len(app.ctx.store.attempts(mode="exam")) == 3


async def test_cram_opens_from_home_records_answers_and_leaves_the_schedule_alone(app_factory, loaded,
                                                                                  right_answer) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert app.screen.query_one("#setup").border_title == "突击范围"
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.session.mode == "cram"
        assert "突击" in str(screen.query_one("#q-bar", Static).content)
        if screen.presented.question.type == "short":
            screen.query_one(TextArea).text = "子梯度"
            await pilot.press("ctrl+s", "enter")
        else:
            await pilot.press(*right_answer(screen.presented))
        await pilot.pause()
        assert screen.phase == "done"
        assert not screen.check_action("rate", (3,))  # a cram answer has no card to rate
        attempts = app.ctx.store.attempts()
        assert [a.mode for a in attempts] == ["cram"]
        assert app.ctx.store.cards() == {}


async def test_a_leech_shows_its_note_once_before_it_is_asked(app_factory, loaded, right_answer) -> None:
    from dlquiz.tui.screens.leech import LeechNoteScreen

    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.ctx.store.set_setting("leech_lapses", 1)
        qid = next(q.id for q in app.ctx.bank.questions if q.type == "tf")

        async def answer(right: bool) -> Any:
            app.screen.start("practice", ids=[qid], count=1)
            await pilot.pause()
            screen = app.screen
            if isinstance(screen, LeechNoteScreen):
                return screen
            keys = right_answer(screen.presented)
            await pilot.press(*(keys if right else ["2" if keys[0] == "1" else "1", "enter"]))
            await pilot.pause()
            assert screen.outcome.grade.correct is right
            await pilot.press("escape", "enter")  # end the session, close the summary
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            return None

        assert await answer(True) is None
        assert await answer(False) is None  # forgotten after being known: one lapse, a leech at 1
        note = await answer(True)
        assert isinstance(note, LeechNoteScreen)
        body = feedback_text_of(note.query_one("#leech-body", Static))
        assert qid in body and "忘记了 1 次" in body
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.presented.question.id == qid
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.start("practice", ids=[qid], count=1)  # read since the last lapse: not shown again
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


def feedback_text_of(widget: Static) -> str:
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=100, color_system=None)
    console.print(widget.content)
    return console.file.getvalue()
