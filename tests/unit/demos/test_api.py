"""The `dlquiz.demos` API the TUI builds on: listing, options, errors, determinism, JSON, explanations."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dlquiz import demos
from dlquiz.demos.catalog import DEMOS
from dlquiz.demos.common import SOURCES
from dlquiz.errors import UsageError
from dlquiz.locations import seeds_dir
from tests.unit.demos.conftest import result

# small options, so that every demonstration runs twice in a few seconds
SMALL = {
    "activations": {}, "vanishing-gradients": {"depth": 6, "init": ["he"]}, "exploding-gradients": {"steps": 12},
    "init": {"depth": 4, "width": 32}, "softmax-overflow": {}, "losses": {},
    "fitting": {"degree": [1, 3], "steps": 200},
    "regularization": {"method": ["l2", "dropout"], "steps": 100}, "batchnorm": {"steps": 10}, "conv": {},
    "pooling": {}, "receptive-field": {"k": [3, 3]}, "attention": {}, "lstm": {"iterations": 20},
    "optimizers": {"steps": 20}, "train-cnn": {"epochs": 1, "train": 128, "test": 50},
}


def test_list_demos_gives_every_demonstration_with_titles_and_options() -> None:
    listed = demos.list_demos()
    assert [d.name for d in listed] == list(DEMOS) and len(listed) == 16
    for demo in listed:
        assert demo.title_zh and demo.title_en and demo.summary_zh and demo.summary_en
        for name, spec in demo.options.items():
            assert spec.name == name and spec.help and spec.help_zh
            if spec.default is not None:
                assert spec.coerce(spec.default) == spec.default


@pytest.mark.parametrize("name", list(DEMOS))
def test_each_demonstration_is_deterministic_under_its_seed_and_json_clean(name: str) -> None:
    first = demos.run(name, seed=3, **SMALL[name]).to_dict()
    again = demos.run(name, seed=3, **SMALL[name]).to_dict()
    assert first == again
    text = json.dumps(first, allow_nan=False)  # NaN and infinities are spelled out, so this is strict JSON
    assert json.loads(text)["options"]["seed"] == 3
    assert first["series"] or first["heatmaps"]
    assert first["tables"] and first["facts"]


@pytest.mark.parametrize("name", ["vanishing-gradients", "init", "fitting", "regularization", "attention", "lstm",
                                  "pooling", "losses"])
def test_a_different_seed_gives_different_numbers(name: str) -> None:
    assert demos.run(name, seed=1, **SMALL[name]).facts != demos.run(name, seed=2, **SMALL[name]).facts


@pytest.mark.parametrize("name", list(DEMOS))
def test_the_explanation_names_the_claim_cites_the_seed_file_and_the_random_seed(name: str) -> None:
    out = demos.run(name, seed=5, **SMALL[name]) if name in ("train-cnn", "lstm", "regularization", "fitting") \
        else result(name, seed=5)
    seed_file, _, quote = SOURCES[name]
    for text in (out.text_zh, out.text_en):
        assert seed_file in text and quote in text and "seed=5" in text
    assert out.text_zh.startswith("课程结论：") and out.text_en.startswith("Course claim: ")


@pytest.mark.skipif(seeds_dir() is None, reason="the course material (../shared/seeds) is not here")
def test_every_quoted_claim_is_verbatim_in_its_seed_file() -> None:
    from dlquiz.bank.check import normalise

    for name, (seed_file, _, quote) in SOURCES.items():
        assert normalise(quote) in normalise((seeds_dir() / seed_file).read_text("utf-8")), name


@pytest.mark.parametrize(("call", "message"), [
    (lambda: demos.run("vanishing"), "unknown demo 'vanishing'; did you mean vanishing-gradients?"),
    (lambda: demos.run("conv", kernel_size=3), "unknown option 'kernel_size' for demo conv; options: n, k, p, s"),
    (lambda: demos.run("conv", k=0), "option k: 0 is below the minimum 1"),
    (lambda: demos.run("conv", n=3, k=9), "conv: the kernel (9) is larger than the padded image (3+2·0)"),
    (lambda: demos.run("fitting", degree="three"), "option degree: 'three' is not an integer"),
    (lambda: demos.run("activations", functions=["swish"]), "option functions: 'swish' is not one of sigmoid"),
    (lambda: demos.run("losses", y=[1.0], yhat=[1.0, 2.0]), "losses: y has 1 values but yhat has 2"),
    (lambda: demos.run("attention", seed=-1), "seed must be an integer from 0 to 2**32-1"),
    (lambda: demos.run("fitting", early_stopping="yes"), "option early_stopping: 'yes' is not true/false"),
])
def test_bad_names_options_and_values_are_one_line_usage_errors(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as caught:
        call()
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_single_value_is_taken_as_a_list_where_a_list_is_expected() -> None:
    out = demos.run("fitting", degree=2, steps=50)
    assert out.options["degree"] == [2] and list(out.facts) == ["2"]


def test_progress_is_reported_with_the_loss_for_live_curves() -> None:
    calls = []
    demos.run("train-cnn", progress=lambda done, total, message: calls.append((done, total, message)),
              **SMALL["train-cnn"])
    assert [c[0] for c in calls] == list(range(1, len(calls) + 1)) and calls[-1][0] == calls[-1][1] == 2
    assert isinstance(calls[0][2], str) and "loss" in calls[0][2].values  # a demos.Progress


def test_importing_the_demos_package_loads_neither_numpy_nor_the_ui() -> None:
    code = ("import sys, dlquiz.demos; dlquiz.demos.list_demos(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'rich', 'textual', 'plotext'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_running_a_demo_loads_neither_rich_nor_textual() -> None:
    code = ("import sys, dlquiz.demos; dlquiz.demos.run('conv'); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'textual', 'plotext'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
