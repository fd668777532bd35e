"""`dlquiz bank …` as a user runs it: output, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dlquiz.bank.schema import json_schema
from dlquiz.cli import main
from dlquiz.locations import bank_dir

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def valid_bank(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test bank, with the real syllabus and synonyms beside it."""
    root = DATA / "bank-valid"
    monkeypatch.setenv("DLQUIZ_BANK", str(root))
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_exits_1_and_prints_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bank", "check", str(DATA / "bank-invalid" / "mcq-two-correct.yaml"),
                       str(DATA / "bank-invalid" / "unknown-topic.yaml"))
    assert code == 1
    assert "an mcq needs exactly one correct option" in out and "unknown topic `convolution`" in out
    assert out.strip().endswith("2 problems found (2 items loaded)")


def test_check_of_a_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "bank", "check", "no/such/file.yaml")
    assert (code, out) == (2, "")
    assert err == "dlquiz: error: no such file or directory: no/such/file.yaml\n"


def test_stats_json_has_the_promised_shape(capsys: pytest.CaptureFixture[str], valid_bank: Path) -> None:
    code, out, _ = run(capsys, "bank", "stats", "--json")
    figures = json.loads(out)
    assert code == 0
    assert figures["questions"] == 7 and figures["templates"] == 1
    assert figures["by_type"] == {"mcq": 1, "multi": 1, "tf": 1, "numeric": 1, "fill": 1, "table": 1, "short": 1,
                                  "param": 1}
    assert figures["by_topic"]["conv"] == 3 and figures["by_topic"]["history"] == 0
    assert figures["bilingual"] == 1.0
    assert figures["explained_distractors"] == 1.0


def test_stats_table_shows_coverage(capsys: pytest.CaptureFixture[str], valid_bank: Path) -> None:
    code, out, _ = run(capsys, "bank", "stats")
    assert code == 0
    assert "卷积计算与参数量" in out and "2/15" in out and "1/6" in out


def test_show_prints_key_explanation_and_source(capsys: pytest.CaptureFixture[str], valid_bank: Path) -> None:
    code, out, _ = run(capsys, "bank", "show", "conv.padding-role.001")
    assert code == 0
    assert "✔ A. 控制输出尺寸、保留边缘信息" in out
    assert "[conv.padding-once]" in out and "A06" in out and "001_cb29d83191276011.txt" in out


def test_show_of_an_unknown_id_suggests_the_closest(capsys: pytest.CaptureFixture[str], valid_bank: Path) -> None:
    code, _, err = run(capsys, "bank", "show", "conv.padding-role.01")
    assert code == 2
    assert err == "dlquiz: error: no item with id 'conv.padding-role.01'; did you mean conv.padding-role.001?\n"


@pytest.mark.parametrize("query", ["填充", "PADDING", "receptive field"])
def test_search_finds_chinese_and_english(capsys: pytest.CaptureFixture[str], valid_bank: Path, query: str) -> None:
    code, out, _ = run(capsys, "bank", "search", query)
    assert code == 0 and "conv.padding-role.001" in out


def test_list_filters_by_topic_and_type(capsys: pytest.CaptureFixture[str], valid_bank: Path) -> None:
    code, out, _ = run(capsys, "bank", "list", "--topic", "conv", "--type", "numeric")
    assert code == 0
    assert "conv.output-size.001" in out and "conv.cnn-properties.001" not in out


def test_list_of_an_unknown_type_is_a_usage_error(capsys: pytest.CaptureFixture[str], valid_bank: Path) -> None:
    code, _, err = run(capsys, "bank", "list", "--type", "essay")
    assert code == 2 and err.startswith("dlquiz: error: unknown type 'essay'")
    assert err.count("\n") == 1


def test_bad_flags_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["bank", "stats", "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unrecognized arguments: --bogus" in err


def test_help_lists_only_built_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "bank" in out


def test_the_committed_json_schema_matches_the_models() -> None:
    committed = json.loads((bank_dir() / "question.schema.json").read_text("utf-8"))
    assert committed == json_schema(), "regenerate it: dlquiz bank schema > quizbank/question.schema.json"
