"""A right answer is graded right however it is written; a wrong one says why when the bank knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlquiz.bank import load_bank
from dlquiz.locations import packaged_bank_dir
from dlquiz.quiz import mathparse
from dlquiz.quiz.grading import Normaliser, grade, parse_keys

DATA = Path(__file__).resolve().parents[2] / "data"
BANK = load_bank(DATA / "bank-valid", catalogues=packaged_bank_dir())
ITEMS = BANK.by_id
NORMALISER = Normaliser(BANK.synonyms)


@pytest.mark.parametrize(
    ("text", "value"),
    [("2^10", 1024), ("3*3*64+64", 640), ("1/(1+e^-2)", 0.8807970779778823), ("0.5e-3", 0.0005),
     ("12,544", 12544), ("３×３×６４＋６４", 640), ("2²", 4), ("95%", 0.95), ("sqrt(64)", 8), ("-(-3)", 3),
     ("sigma(0)", 0.5), ("ln(e)", 1)],
)
def test_numbers_are_read_from_expressions(text: str, value: float) -> None:
    assert mathparse.number(text) == pytest.approx(value)


@pytest.mark.parametrize("answer", ["28", "28.0", " 28 ", "２８", "32-5+1", "(32-5)/1+1", "2.8e1"])
def test_numeric_right_answers_in_any_form(answer: str) -> None:
    assert grade(ITEMS["conv.output-size.001"], answer).correct


def test_numeric_wrong_answer_names_the_known_mistake() -> None:
    result = grade(ITEMS["conv.output-size.001"], "27")
    assert not result.correct and result.expected == "28"
    assert [t.zh for t in result.feedback] == ["忘了 +1。"]


def test_numeric_garbage_is_wrong_with_a_note_not_an_error() -> None:
    result = grade(ITEMS["conv.output-size.001"], "twenty-eight")
    assert not result.correct and result.note.startswith("not a number")


@pytest.mark.parametrize(("answer", "right"), [("A", True), ("a", True), (" A ", True), ("B", False), ("Z", False)])
def test_mcq(answer: str, right: bool) -> None:
    assert grade(ITEMS["conv.padding-role.001"], answer).correct is right


def test_mcq_wrong_choice_carries_its_misconception() -> None:
    result = grade(ITEMS["conv.padding-role.001"], "B")
    assert result.misconceptions == ("conv.padding-once",) and result.feedback[0].zh == "填充不改变感受野。"


@pytest.mark.parametrize(("answer", "score"), [("A,B", 1.0), ("ab", 1.0), (["B", "A"], 1.0), ("A", 0.5),
                                               ("A B C", 0.5), ("C", 0.0), ("", 0.0)])
def test_multi_partial_scoring(answer: object, score: float) -> None:
    assert grade(ITEMS["conv.cnn-properties.001"], answer).score == score


def test_parse_keys_accepts_common_separators() -> None:
    assert parse_keys("A，C、D") == ["A", "C", "D"] and parse_keys("acd") == ["A", "C", "D"]


@pytest.mark.parametrize(("answer", "right"), [(True, True), ("对", True), ("T", True), ("正确", True),
                                               ("false", False), ("×", False)])
def test_tf(answer: object, right: bool) -> None:
    assert grade(ITEMS["conv.pooling-params.001"], answer).correct is right


def test_tf_unreadable_answer_is_wrong_with_a_hint() -> None:
    assert grade(ITEMS["conv.pooling-params.001"], "maybe").note == "answer true or false (对/错, t/f)"


@pytest.mark.parametrize("answer", ["y(1-y)", "y*(1-y)", "y - y^2", "y-y**2", "(1-y)y", "ｙ（１－ｙ）", "-y²+y"])
def test_formula_blanks_are_equal_symbolically(answer: str) -> None:
    assert grade(ITEMS["activation.derivative-from-output.001"], {"b1": answer}).correct


def test_formula_blank_wrong_answer_names_its_mistake() -> None:
    result = grade(ITEMS["activation.derivative-from-output.001"], ["1-y^2"])
    assert not result.correct and result.feedback[0].zh == "那是 tanh 的导数。"


def test_table_is_scored_per_cell_with_synonyms() -> None:
    item = ITEMS["fitting.under-over-table.001"]
    assert grade(item, {"c1": "大", "c2": "large", "c3": "小", "c4": "高"}, NORMALISER).score == 1.0
    partial = grade(item, {"c1": "大", "c2": "小", "c3": "小", "c4": "大"}, NORMALISER)
    assert partial.score == 0.75 and not partial.correct
    assert [p.correct for p in partial.parts] == [True, False, True, True]


def test_synonyms_and_width_normalise() -> None:
    assert NORMALISER.same("ＢＮ", ["批量归一化"]) and NORMALISER.same("汇聚", ["池化"])
    assert NORMALISER.same("Max Pooling", ["最大池化"])


def test_short_answer_scores_keywords_and_asks_for_a_self_grade() -> None:
    text = "在不可导点用次梯度（subgradient），PyTorch 自动处理。"
    result = grade(ITEMS["discussion.mae-backprop.001"], text)
    assert result.score == 1.0 and result.needs_self_grade
    assert result.keywords == ("子梯度", "框架实现")
    assert [text.casefold()[a:b] for a, b in result.spans] == ["subgradient", "pytorch"]


def test_short_answer_without_keywords_scores_zero() -> None:
    assert grade(ITEMS["discussion.mae-backprop.001"], "不知道").score == 0.0


def test_absolute_value_bars_are_abs() -> None:
    assert mathparse.number("|-3| + 1") == 4
    assert mathparse.equivalent("|a| - 0.5", "abs(a) - 1/2", {"a"})


def test_one_line_answers_split_blanks_on_semicolons_only() -> None:
    from dlquiz.quiz.grading import _blank_answers

    assert _blank_answers("|a|-1; y(1-y)", ["b1", "b2"]) == {"b1": "|a|-1", "b2": "y(1-y)"}


def test_table_cells_with_choices_take_the_choice_number() -> None:
    item = ITEMS["fitting.under-over-table.001"]  # choices [大, 小] in every cell
    assert grade(item, "1; 1; 2; 1", NORMALISER).score == 1.0
    assert grade(item, "1; 2; 2; 9", NORMALISER).score == 0.5
