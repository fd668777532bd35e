"""Snapshot tests: what the main screens look like. Each docstring says what the picture must show.

Run `pytest tests/tui/test_snapshots.py --snapshot-update` after an intended change, and look at the new
pictures (tests/tui/__snapshots__/) before committing them. Pictures use the TUI bank, seed 7, a frozen clock
and a fixed 'now', so they are the same on every run. (SVG squeezes Chinese glyphs: judge CJK alignment in
a real terminal, not from these pictures.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import TextArea

SIZE = (100, 36)


@pytest.fixture
def answered(app_factory, loaded, snap_compare) -> Callable[..., bool]:
    """Compares the picture of one item of `kind` (and `topic`) after pressing `keys` to submit it."""

    def compare(kind: str, keys: list[str], topic: str | None = None, short_text: str | None = None) -> bool:
        async def run_before(pilot: Any) -> None:
            await loaded(pilot)
            options: dict[str, Any] = {"types": [kind], "count": 1}
            if topic:
                options["topics"] = [topic]
            pilot.app.screen.start("practice", **options)
            await pilot.pause()
            if short_text is not None:
                pilot.app.screen.query_one(TextArea).text = short_text
            await pilot.press(*keys)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.2)

        return snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)

    return compare


def test_home(app_factory, loaded, snap_compare) -> None:
    """Home at 80×24 once the bank is loaded: the mode menu with its keys (r p e b c d g s) and the answered
    count on the left; every syllabus topic (Chinese names) with a 0 % mastery bar, '·' due and its item
    count on the right, columns aligned; the key line shows r 复习, p 练习, e 考试, ^q 退出 and ? 按键."""
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=loaded)


def test_answered_mcq(answered) -> None:
    """A single-choice item answered wrongly (C, 增大感受野, picked ● and marked ✘; B marked ✔); below,
    '✘ 错误 0%', the key 'B. 控制输出尺寸、保留边缘信息', the misconception 填充只算了一侧 with its explanation,
    the option's feedback, the explanation panel and the audit note (A06); the bar under it shows the
    automatic rating (重来) highlighted among 1–4 and 'next'."""
    assert answered("mcq", ["3", "enter"])


def test_answered_multi(answered) -> None:
    """A multiple-choice item answered fully right (B 局部连接 and C 权值共享 ticked ☑ and marked ✔, A not):
    '✔ 正确', the key with both options' texts, and the explanation."""
    assert answered("multi", ["2", "3", "enter"])


def test_answered_tf(answered) -> None:
    """A true/false item answered right (对 ● ✔): '✔ 正确', key 对, the explanation."""
    assert answered("tf", ["1", "enter"])


def test_answered_numeric_with_worked_steps(answered) -> None:
    """A numeric item with a compute block, answered right (27), scrolled to the feedback: '✔ 正确', key 27,
    the explanation, and the worked steps panel (solver pool2d) holding max_pool2d's result as `dlquiz calc`
    prints it: inputs, output shape 1×27×27, 0 parameters, then the output-size formula with 55, 3, 2 put in."""
    assert answered("numeric", [*"27", "enter"], topic="pooling")


def test_answered_fill(answered) -> None:
    """A formula blank answered as y-y^2: the field shows ✔ (algebraically equal to y(1-y)), the feedback
    '✔ 正确', the key 'b1: y(1-y)' and the explanation."""
    assert answered("fill", [*"y-y^2", "enter"])


def test_answered_table(answered) -> None:
    """The table item with the last cell wrong (小 instead of 大): a three-column grid (现象 · 训练误差 ·
    测试误差) with the Chinese cells aligned, three blanks shown '✔ 大/小' and the last '✘ 小 → 大' in the
    error colour, the choices line (大 · 小) below, then '✘ 部分正确 75%' and the key per cell."""
    assert answered("table", ["大", "enter", "大", "enter", "小", "enter", "小", "enter"])


def test_answered_short_after_self_grade(answered) -> None:
    """A short answer after the learner graded it 3 (75 %): the text area (read only) with the answer,
    then '✔ 正确 75%', the key points found (子梯度), the reference answer panel and the explanation."""
    assert answered("short", ["ctrl+s", "3"], short_text="在 0 处取子梯度即可")


def test_answered_param_with_worked_steps(answered) -> None:
    """A parametric conv item (numbers drawn with seed 7) answered 1 and 1, scrolled to the feedback: '✘ 错误
    0%', the keys per part '(a) 11; (b) 864', the explanation with the drawn numbers (21, 3, 2, 32), and the
    conv2d worked steps panel (output 32×11×11, 864 parameters, the formulas with the numbers put in)."""
    assert answered("param", ["1", "enter", "1", "enter"])


def test_exam_report(app_factory, loaded, right_answer, snap_compare) -> None:
    """The report of a nine-item mock exam with the first two items answered right: the score line
    (points out of the paper's total, percentage, right count, time 00:00 from the frozen clock), points by
    topic with bars, and the wrong answers table (item, your answer '—', key) with the first row selected."""

    async def run_before(pilot: Any) -> None:
        await loaded(pilot)
        pilot.app.screen.start("exam", count=9)
        await pilot.pause()
        exam = pilot.app.screen
        for _ in range(2):
            await pilot.press(*right_answer(exam.session.items[exam.index]))
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause(0.2)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_calculator(app_factory, loaded, snap_compare) -> None:
    """The calculator on conv2d with its example (3x32x32, 6 kernels of 5): the solver list with conv2d
    highlighted, the form (required fields starred, defaults as placeholders, bias ticked), and the result:
    output shape 6×28×28, 456 parameters, MACs and FLOPs, then the numbered worked steps."""

    async def run_before(pilot: Any) -> None:
        await loaded(pilot)
        await pilot.press("c")
        await pilot.pause(0.2)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_demonstration(app_factory, loaded, fake_demos, snap_compare) -> None:
    """The 'activations' demonstration (the test stand-in for dlquiz.demos) after running: its title and
    summary, the seed field and Run button, the explanation text, one plotext chart with the sigmoid and its
    derivative over x, and the 'max derivative' table; no progress bar (finished)."""

    async def run_before(pilot: Any) -> None:
        await loaded(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(app_factory(), terminal_size=(100, 40), run_before=run_before)


def _seed_history(app: Any, fixed_now: Any) -> None:
    """Stores answers over the last days (at noon UTC, fixed) and their cards, as a learner would have."""
    from dlquiz.quiz.scheduling import Scheduling
    from dlquiz.store import Attempt

    sched = Scheduling(fuzz=False)
    store = app.ctx.store
    plan = [(9, "conv.output-size.001", True), (7, "conv.padding-role.001", False), (5, "conv.padding-role.001", True),
            (3, "activation.derivative-from-output.001", True), (2, "fitting.under-over-table.001", False),
            (1, "conv.pooling-params.001", True), (0, "conv.cnn-properties.001", True)]
    for days_ago, qid, correct in plan:
        question = app.ctx.bank.by_id[qid]
        when = fixed_now - timedelta(days=days_ago)
        card = sched.review(store.get_card(qid), 3 if correct else 1, when, name=qid)
        store.record_answer(Attempt(question_id=qid, card_id=qid, topic=question.topic, qtype=question.type,
                                    answer="x", score=1.0 if correct else 0.0, correct=correct, duration_s=20,
                                    answered_at=when, mode="practice", rating=3 if correct else 1,
                                    misconceptions=() if correct else ("conv.padding-once",)), qid, card)


def test_progress_mastery(app_factory, loaded, fixed_now, snap_compare) -> None:
    """Progress after a week of answers (fixed dates): '已答 7 · 连续 …' on top, the four tabs, and the
    mastery table: conv, pooling, conv-variants, activation and fitting with non-zero mastery bars, accuracy
    percentages, seen/items and answer counts; untouched topics at 0 % with '·'."""

    async def run_before(pilot: Any) -> None:
        await loaded(pilot)
        _seed_history(pilot.app, fixed_now)
        await pilot.press("g")
        await pilot.pause(0.2)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_progress_charts(app_factory, loaded, fixed_now, snap_compare) -> None:
    """The accuracy tab of the same history: a plotext chart over the last 30 days with answer-count bars
    on 7 days and the accuracy line through those days, dates (MM-DD) on the x axis ending 06-10."""

    async def run_before(pilot: Any) -> None:
        await loaded(pilot)
        _seed_history(pilot.app, fixed_now)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause(0.2)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)
