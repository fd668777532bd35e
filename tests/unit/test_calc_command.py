"""`dlquiz calc`: flags named like the API, JSON and Rich output, one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dlquiz.cli import main
from dlquiz.commands.calc_args import build_parser, numbers
from solvers import catalog

CONV = ["calc", "conv2d", "--input", "3x32x32", "--out-channels", "6", "--kernel-size", "5"]


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_no_solver_lists_every_solver_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc"]) == 0
    out = capsys.readouterr().out
    for name in catalog.CALCULATORS:
        assert ("summary" if name == "summarize" else name) in out
    assert "--help" in out


def test_conv2d_json_has_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(capsys, CONV)
    assert d["output_shape"] == [6, 28, 28] and d["params"] == 456
    assert d["macs"] == 357_504 and d["flops"] == 715_008
    assert d["steps"][0]["value"] == "28"
    assert "bias adds counted" in d["convention"]


def test_conv2d_pretty_output_shows_figures_and_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*CONV, "--stride", "2"]) == 0
    out = capsys.readouterr().out
    assert "6×14×14" in out and "Worked steps" in out
    assert "⌊(32 + 2·0 − 5) / 2⌋ + 1 = 14" in out
    assert "= 14.5" in out and "not an integer" in out


def test_solving_for_padding_as_in_the_issue(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(capsys, [*CONV, "--padding", "?", "--output-size", "32"])
    assert d["solutions"] == [2] and d["check"]["output_shape"] == [6, 32, 32]
    assert main([*CONV, "--padding", "?", "--output-size", "32"]) == 0
    out = capsys.readouterr().out
    assert "padding = 2" in out and "31 ≤ 2·P + 27 < 32" in out


def test_solving_for_the_input_size(capsys: pytest.CaptureFixture[str]) -> None:
    d = run_json(
        capsys, ["calc", "max_pool2d", "--input", "1x?x?", "--kernel-size", "2", "--output-size", "14"]
    )
    assert d["solutions"] == [[28, 29], [28, 29]]


@pytest.mark.parametrize(
    ("argv", "key", "value"),
    [
        (
            ["conv1d", "--input", "4,100", "--out-channels", "8", "--kernel-size", "5", "--stride", "2"],
            "output_shape",
            [8, 48],
        ),
        (
            [
                "conv3d",
                "--input",
                "3x16x112x112",
                "--out-channels",
                "64",
                "--kernel-size",
                "3",
                "--padding",
                "1",
            ],
            "output_shape",
            [64, 16, 112, 112],
        ),
        (
            [
                "conv2d",
                "--input",
                "16x28x28",
                "--out-channels",
                "32",
                "--kernel-size",
                "3",
                "--groups",
                "4",
                "--batch",
                "7",
            ],
            "macs",
            5_602_688,
        ),
        (
            [
                "conv2d",
                "--input",
                "3x20x12",
                "--out-channels",
                "8",
                "--kernel-size",
                "5x3",
                "--padding",
                "same",
            ],
            "output_shape",
            [8, 20, 12],
        ),
        (
            [
                "conv_transpose2d",
                "--input",
                "64x16x16",
                "--out-channels",
                "32",
                "--kernel-size",
                "4",
                "--stride",
                "2",
                "--padding",
                "1",
            ],
            "output_shape",
            [32, 32, 32],
        ),
        (
            ["max_pool2d", "--input", "1x10x10", "--kernel-size", "3", "--stride", "2", "--ceil-mode"],
            "output_shape",
            [1, 5, 5],
        ),
        (["avg_pool2d", "--input", "6x28x28", "--kernel-size", "2"], "output_shape", [6, 14, 14]),
        (["adaptive_avg_pool2d", "--input", "512x7x7", "--output-size", "1"], "output_shape", [512, 1, 1]),
        (
            [
                "depthwise_separable",
                "--input",
                "32x56x56",
                "--out-channels",
                "64",
                "--kernel-size",
                "3",
                "--padding",
                "1",
                "--no-bias",
            ],
            "params",
            2336,
        ),
        (["linear", "--in-features", "400", "--out-features", "120"], "params", 48_120),
        (["lstm", "--input-size", "300", "--hidden-size", "512", "--num-layers", "2"], "params", 3_768_320),
        (["gru", "--input-size", "10", "--hidden-size", "20", "--bidirectional"], "params", 2 * 3 * 20 * 32),
        (["rnn", "--input-size", "10", "--hidden-size", "20", "--no-bias"], "params", 600),
        (["mha", "--embed-dim", "128", "--num-heads", "8"], "params", 66_048),
        (
            ["multihead_attention", "--embed-dim", "512", "--num-heads", "8", "--seq-len", "10"],
            "q_head_shape",
            [10, 64],
        ),
        (["transformer_encoder_layer", "--d-model", "512", "--nhead", "8"], "params", 3_152_384),
        (["transformer_decoder_layer", "--d-model", "512", "--nhead", "8"], "params", 4_204_032),
        (["batch_norm", "--num-features", "64"], "buffers", 129),
        (["layer_norm", "--normalized-shape", "4x5"], "params", 40),
        (["receptive_field", "--kernel-sizes", "3,3,3"], "rf", 7),
        (["summary", "lenet5"], "params", 61_706),
        (
            ["summary", "conv(6,5) relu maxpool(2) flatten fc(10)", "--input", "1x32x32"],
            "params",
            156 + 11_770,
        ),
    ],
)
def test_every_solver_through_its_flags(
    capsys: pytest.CaptureFixture[str], argv: list, key: str, value
) -> None:
    assert run_json(capsys, ["calc", *argv])[key] == value


@pytest.mark.parametrize("name", list(catalog.CALCULATORS))
def test_every_solver_has_a_parser_with_help_for_each_flag(name: str) -> None:
    parser = build_parser(name, catalog.load(name))
    for action in parser._actions:
        if action.dest not in ("help",):
            assert action.help, f"{name} {action.option_strings} has no help"


@pytest.mark.parametrize("name", ["conv2d", "lstm", "summary"])
def test_pretty_output_of_other_kinds(capsys: pytest.CaptureFixture[str], name: str) -> None:
    argv = {
        "conv2d": CONV[1:],
        "lstm": ["lstm", "--input-size", "3", "--hidden-size", "4"],
        "summary": ["summary", "resnet18"],
    }[name]
    assert main(["calc", *argv]) == 0
    out = capsys.readouterr().out
    assert {"conv2d": "6×28×28", "lstm": "Textbook count", "summary": "11,689,512"}[name] in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([*CONV, "--groups", "2"], "conv2d: groups=2 does not divide in_channels=3"),
        (["calc", "conv2d", "--input", "3x32x32", "--kernel-size", "5"], "required: --out-channels"),
        ([*CONV[:3], "3xAx32", *CONV[4:]], "'A' in '3xAx32' is not a whole number"),
        ([*CONV, "--stride", "2", "--padding", "same"], "'same' needs stride 1"),
        ([*CONV, "--padding", "?"], "a '?' needs --output-size"),
        ([*CONV, "--output-size", "32"], "--output-size is the size a '?' must produce"),
        ([*CONV, "--padding", "?", "--output-size", "33"], "no integer padding gives output size 33×33"),
        ([*CONV, "--wobble", "3"], "unrecognized arguments: --wobble"),
        (["calc", "conv2"], "unknown solver 'conv2'; did you mean conv2d?"),
        (["calc", "summary", "conv(6,5) fc(10)", "--input", "1x32x32"], "put flatten before it"),
        (
            ["calc", "lstm", "--input-size", "3", "--hidden-size", "4", "--proj-size", "4"],
            "proj_size must be",
        ),
        (["calc", "mha", "--embed-dim", "10", "--num-heads", "3"], "divisible by num_heads"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list, message: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_solver_help_lists_flags_named_like_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["calc", "conv2d", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for flag in (
        "--input",
        "--out-channels",
        "--kernel-size",
        "--stride",
        "--padding",
        "--dilation",
        "--groups",
        "--bias",
        "--no-bias",
        "--output-size",
        "--json",
    ):
        assert flag in out
    assert "zeros added on each side" in out


def test_size_parsing() -> None:
    assert numbers("3x32x32") == numbers("3,32,32") == numbers("3×32×32") == (3, 32, 32)
    assert numbers("32") == (32,)
    assert numbers("3x?x?", allow_unknown=True) == (3, "?", "?")


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60, check=False)


def test_installed_command_prints_json() -> None:
    script = Path(sys.executable).parent / "dlquiz"
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "dlquiz"]
    proc = subprocess.run([*argv, *CONV, "--json"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["params"] == 456
    bad = subprocess.run(
        [*argv, *CONV, "--groups", "2"], capture_output=True, text=True, timeout=60, check=False
    )
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr


_MODULES_AFTER = (
    "import sys\nfrom dlquiz.cli import main\n"
    "sys.stdout = open('/dev/null', 'w')\ncode = main(sys.argv[1:])\nsys.stdout = sys.__stdout__\n"
    "print(code, ' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
)


def test_the_calculator_path_imports_neither_textual_numpy_nor_sympy() -> None:
    proc = _python("-c", _MODULES_AFTER, *CONV, "--json")
    code, modules = proc.stdout.split(" ", 1)
    assert code == "0", proc.stderr
    loaded = set(modules.split())
    assert not loaded & {"textual", "numpy", "sympy", "rich", "torch"}


def test_a_question_mark_imports_sympy_but_still_not_textual_or_numpy() -> None:
    proc = _python("-c", _MODULES_AFTER, *CONV, "--padding", "?", "--output-size", "32")
    code, modules = proc.stdout.split(" ", 1)
    assert code == "0", proc.stderr
    loaded = set(modules.split())
    assert "sympy" in loaded and "rich" in loaded
    assert not loaded & {"textual", "numpy"}


def test_solvers_never_import_the_front_ends() -> None:
    mods = " ".join(
        f"solvers.{m}"
        for m in (
            "conv",
            "conv_transpose",
            "pooling",
            "recurrent",
            "attention",
            "transformer",
            "norms",
            "dense",
            "separable",
            "receptive",
            "network",
            "registry",
            "symbolic",
            "catalog",
        )
    )
    code = (
        f"import sys, importlib\nfor m in '{mods}'.split(): importlib.import_module(m)\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = set(_python("-c", code).stdout.split())
    assert "solvers" in loaded
    assert not loaded & {"dlquiz", "rich", "textual", "numpy", "sympy"}
