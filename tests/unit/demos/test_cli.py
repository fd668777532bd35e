"""`dlquiz demo`: the list, drawn output, --json, flags made from the option specifications, and errors."""

from __future__ import annotations

import json

import pytest

from dlquiz.cli import main
from dlquiz.demos.catalog import DEMOS


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["demo", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_name_lists_every_demonstration_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys)
    assert code == 0
    for name in DEMOS:
        assert name in out


def test_json_prints_the_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "receptive-field", "--k", "3,3,3", "--json")
    data = json.loads(out)
    assert code == 0 and data["name"] == "receptive-field" and data["facts"]["engine"] == [3, 5, 7]
    assert data["options"] == {"k": [3, 3, 3], "s": None, "d": None, "seed": 0}


def test_flags_take_lists_with_commas_or_spaces_and_yes_no_for_switches(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "vanishing-gradients", "--activation", "relu", "sigmoid", "--depth", "5",
                        "--init", "he", "--batchnorm", "no", "--seed", "4", "--json")
    data = json.loads(out)
    assert data["options"]["activation"] == ["relu", "sigmoid"] and data["options"]["batchnorm"] == [False]
    assert sorted(data["facts"]) == ["relu/he/no-bn", "sigmoid/he/no-bn"] and data["options"]["seed"] == 4
    _, out, _ = run_cli(capsys, "fitting", "--degree", "1,2", "--steps", "30", "--early-stopping", "--json")
    assert json.loads(out)["options"]["early_stopping"] is True


def test_the_drawn_output_has_plots_tables_and_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "vanishing-gradients", "--depth", "8", "--lang", "en")
    assert code == 0
    assert "Vanishing gradients" in out and "Weight-gradient norms" in out and "Course claim:" in out
    assert "┤" in out  # a plotext axis
    assert "课程结论" not in out


@pytest.mark.parametrize(("argv", "message"), [
    (["nosuch"], "unknown demo 'nosuch'"),
    (["conv", "--kernel-size", "3"], "unrecognized arguments: --kernel-size 3"),
    (["conv", "--k", "x"], "option k: 'x' is not an integer"),
    (["conv", "--n", "3", "--k", "9"], "conv: the kernel (9) is larger than the padded image"),
    (["pooling", "--ceil-mode", "maybe"], "option ceil_mode: 'maybe' is not yes/no"),
])
def test_mistakes_are_one_line_errors_with_exit_code_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                       message: str) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_flags_before_the_name_are_refused_by_the_command_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--json", "conv"])
    assert caught.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err
