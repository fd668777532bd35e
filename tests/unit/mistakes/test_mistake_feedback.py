"""Where a diagnosis reaches the learner: `calc --check`, grading of every item type, the plain loop, stats,
practice sessions aimed at frequent mistakes, and the "common mistakes" of answer keys."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dlquiz.bank import load, schema
from dlquiz.bank.instance import build, instantiate, solve
from dlquiz.cli import main
from dlquiz.commands.quiz import PlainLoop
from dlquiz.quiz.diagnose import diagnose_value, items_for_misconceptions, known_mistakes
from dlquiz.quiz.grading import grade
from dlquiz.quiz.progress import progress
from dlquiz.quiz.session import QuizSession
from dlquiz.sheet.draw import DrawnItem
from dlquiz.sheet.key import build_key
from dlquiz.store import Store

BANK = load()
ITEMS = BANK.by_id
LENET = ["calc", "conv2d", "--input", "1x32x32", "--out-channels", "6", "--kernel-size", "5"]


def check_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*LENET, *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_check_a_right_value_exits_0_and_names_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check_json(capsys, "--check", "params=156")
    assert code == 0 and out["params"] == 156
    assert out["check"] == {"key": "params", "given": 156, "expected": 156, "correct": True, "misconceptions": []}


def test_check_a_wrong_value_exits_1_and_names_the_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check_json(capsys, "--check", "params=150")
    assert code == 1 and out["check"]["correct"] is False
    assert out["check"]["misconceptions"] == [
        {"id": "conv.bias-omitted", "zh": BANK.misconceptions["conv.bias-omitted"].name.zh,
         "en": BANK.misconceptions["conv.bias-omitted"].name.en}]


@pytest.mark.parametrize(("value", "correct"), [("28", True), ("28x28", True), ("6x28x28", True), ("6×28×28", True),
                                                ("27", False), ("6x27x27", False), ("28x27", False)])
def test_check_reads_a_shape_three_ways(capsys: pytest.CaptureFixture[str], value: str, correct: bool) -> None:
    code, out = check_json(capsys, "--check", f"output_shape={value}")
    assert out["check"]["correct"] is correct and code == (0 if correct else 1)


def test_two_mistakes_giving_one_number_are_both_named(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["calc", "conv2d", "--input", "1x32x32", "--out-channels", "1", "--kernel-size", "3",
                 "--padding", "1", "--check", "output_shape=31", "--json"])
    ids = [m["id"] for m in json.loads(capsys.readouterr().out)["check"]["misconceptions"]]
    assert code == 1 and set(ids) == {"conv.padding-once", "conv.plus-one-forgotten"}


def test_check_prints_the_right_steps_and_the_mistakes_own(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*LENET, "--check", "macs=244608"]) == 1
    out = capsys.readouterr().out
    assert "✘" in out and "Worked steps" in out and "Known mistakes that give 244,608" in out
    assert BANK.misconceptions["conv.flops-as-macs"].name.zh in out and "2 × 122,304" in out


@pytest.mark.parametrize("argv", [["--check", "params"], ["--check", "colour=3"], ["--check", "params=lots"],
                                  ["--check", "output_shape=1x2x3x4"], ["--padding", "?", "--output-size", "28",
                                                                       "--check", "params=1"]])
def test_bad_checks_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main([*LENET, *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_computed_numeric_item_names_the_mistake_it_did_not_list() -> None:
    q = ITEMS["conv.output-size.001"]  # 28×28, K=3, S=2: no-floor is listed; the dilation-free slips are not
    assert isinstance(q, schema.Numeric) and q.compute is not None
    result = grade(q, "12")
    assert "conv.plus-one-forgotten" in result.misconceptions
    assert result.diagnoses and result.diagnoses[0].steps


def test_every_wrong_option_and_false_reading_carries_an_id_or_a_why() -> None:
    bare = []
    for q in BANK.questions:
        if isinstance(q, schema.Mcq):
            bare += [(q.id, o.key) for o in q.options if not o.correct and not (o.misconception or o.feedback)]
        elif isinstance(q, schema.TrueFalse) and not (q.misconception or q.feedback):
            bare.append((q.id, "false reading"))
    assert bare == []


def test_diagnose_value_for_each_kind_of_item() -> None:
    mcq = next(q for q in BANK.questions if isinstance(q, schema.Mcq) and q.type == "mcq"
               and any(o.misconception for o in q.options))
    wrong = next(o for o in mcq.options if o.misconception)
    assert diagnose_value(mcq, None, None, wrong.key) == [wrong.misconception]
    assert diagnose_value(mcq, None, None, next(o.key for o in mcq.options if o.correct)) == []
    tf = next(q for q in BANK.questions if isinstance(q, schema.TrueFalse) and q.misconception)
    assert diagnose_value(tf, None, None, not tf.answer) == [tf.misconception]
    assert diagnose_value(tf, None, None, tf.answer) == []
    template = ITEMS["conv.output-and-params.p001"]
    assert isinstance(template, schema.Param)
    values = {"n": 32, "k": 5, "p": 0, "s": 1, "c_in": 1, "c_out": 6}
    instance = build(template, 0, values, solve(template, values))
    assert diagnose_value(template, instance, "a", "27") == ["conv.plus-one-forgotten"]
    assert diagnose_value(template, instance, "b", "156") == ["conv.bias-added"]
    assert diagnose_value(template, instance, "a", "28") == []


def test_known_mistakes_unpack_as_part_value_id() -> None:
    template = ITEMS["conv.output-and-params.p001"]
    instance = instantiate(template, 1)  # type: ignore[arg-type]
    found = known_mistakes(template, instance)
    assert found and all(len(tuple(k)) == 3 for k in found)
    keys = {p.key: p.answer for p in instance.parts}
    assert all(value != keys[part] for part, value, _ in found)
    assert {mid for _, _, mid in found} <= set(BANK.misconceptions)


def test_the_plain_loop_shows_the_mistake_and_its_steps(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        session = QuizSession(BANK, store, ids=["conv.output-and-params.p001"], count=1, seed=3)
        presented = session.items[0]
        parts = presented.instance.parts
        wrong = f"{parts[0].answer - 1};{parts[1].answer}"
        out = io.StringIO()
        PlainLoop(session, "en", io.StringIO(wrong + "\n"), out).run()
    text = out.getvalue()
    assert presented.question.id == "conv.output-and-params.p001"
    assert "易错 mistake:" in text and "conv.plus-one-forgotten" in text and "No +1" in text


def test_stats_shows_the_top_misconceptions_with_where_to_look_next(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite") as store:
        session = QuizSession(BANK, store, topics=["conv"], types=["param"], count=2, seed=3)
        for presented in session.items:  # every part one less: the forgotten +1 where it is a size
            session.record(presented, ";".join(str(p.answer - 1) for p in presented.instance.parts))
        figures = progress(BANK, store)
    top = figures["top_misconceptions"]
    assert top and list(figures["misconceptions"])[:len(top)] == [row["id"] for row in top]
    assert all(row["see"] and row["zh"] for row in top if row["id"] in BANK.misconceptions)


def test_practice_gives_extra_items_on_the_most_frequent_misconception(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    targeted = {i.id for i in items_for_misconceptions(BANK, ["rnn.lstm-three-gates-params"])}
    topics = ["attention", "conv", "rnn"]
    with Store.open(tmp_path / "db.sqlite") as store:
        first = QuizSession(BANK, store, types=["numeric"], topics=["rnn"], count=100, seed=2)
        presented = next(p for p in first.items if p.question.id == "rnn.lstm-params.001")
        first.record(presented, "2826240")  # LSTM counted with three blocks
        assert "rnn.lstm-three-gates-params" in store.misconception_counts()
        aimed = [p.question.id for p in QuizSession(BANK, store, topics=topics, count=8, seed=5).items]
        monkeypatch.setattr(QuizSession, "_targeted", lambda self, pool: [])
        monkeypatch.setattr("dlquiz.quiz.intake._target_misconceptions", lambda bank, store, order: order)
        plain = [p.question.id for p in QuizSession(BANK, store, topics=topics, count=8, seed=5).items]
    assert len(aimed) == len(set(aimed)) == 8
    assert sum(q in targeted for q in aimed) > sum(q in targeted for q in plain)


def test_items_for_misconceptions_ranks_by_the_ids_order() -> None:
    items = items_for_misconceptions(BANK, ["rnn.single-bias", "conv.padding-once"])
    topics = [q.topic for q in items]
    assert "rnn" in topics and "conv" in topics and topics.index("rnn") < topics.index("conv")


def test_an_answer_key_lists_the_computed_mistakes_of_a_drawn_item() -> None:
    template = ITEMS["conv.output-and-params.p001"]
    instance = instantiate(template, 4)  # type: ignore[arg-type]
    entry = build_key(DrawnItem(1, template, 4.0, instance), BANK.misconceptions)
    names = {m.name.zh for m in entry.mistakes if m.name}
    assert BANK.misconceptions["conv.plus-one-forgotten"].name.zh in names
    assert any(m.answer.zh.startswith("(a) ") for m in entry.mistakes)
