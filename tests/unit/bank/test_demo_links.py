"""`bank check` validates each question's `demo:` link against the demonstrations' own option specifications."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dlquiz.bank import load, schema
from dlquiz.bank.check import check_bank
from dlquiz.bank.loader import load_bank
from dlquiz.demos.catalog import DEMOS, validate
from dlquiz.errors import UsageError
from dlquiz.locations import bank_dir

DATA = Path(__file__).resolve().parents[2] / "data"
BASICS = DATA / "bank-valid/conv/basics.yaml"
ANCHOR = "    audit: [A04]\n"


def problems_with_link(tmp_path: Path, link: str) -> list[str]:
    path = tmp_path / "linked.yaml"
    path.write_text(BASICS.read_text("utf-8").replace(ANCHOR, ANCHOR + f"    demo: {link}\n", 1), "utf-8")
    return [str(p) for p in check_bank(load_bank(bank_dir(), files=[path])) if "demo" in str(p)]


def test_a_valid_link_is_no_problem(tmp_path: Path) -> None:
    assert problems_with_link(tmp_path, "{name: conv, args: {n: 32, k: 5, p: 2, s: 1}}") == []


@pytest.mark.parametrize(("link", "message"), [
    ("{name: init, args: {sigma: 1.0, seed: 0}}", "demo args: unknown option 'seed' for demo init; options: schemes, "
     "sigma, activation, depth, width"),
    ("{name: vanishing-gradients, args: {activation: softplus}}",
     "demo args: option activation: 'softplus' is not one of sigmoid, tanh, relu"),
    ("{name: conv, args: {n: 3.5}}", "demo args: option n: 3.5 is not an integer"),
    ("{name: pooling, args: {k: 2, p: 2}}", "demo args: pooling: padding 2 is more than half the window 2"),
    ("{name: receptive-field, args: {k: [3, 3], s: [1]}}", "demo args: receptive-field: s has 1 value(s) but k has 2"),
    ("{name: batchnorm, args: {batch_size: 1}}", "demo args: option batch_size: 1 is below the minimum 2"),
])
def test_a_link_with_bad_args_is_a_problem_on_its_line(tmp_path: Path, link: str, message: str) -> None:
    problems = problems_with_link(tmp_path, link)
    assert len(problems) == 1, problems
    assert ":26: conv.output-size.001: " in problems[0]  # the `demo:` line, just after `audit:` on line 25
    assert message in problems[0]


def test_every_link_in_the_shipped_bank_is_valid() -> None:
    bank = load()
    links = [(q.id, q.demo) for q in bank.questions if q.demo is not None]
    assert len(links) >= 150
    bad = []
    for item, link in links:
        try:
            validate(link.name, dict(link.args))
        except UsageError as exc:  # collect every failure, then show them all
            bad.append(f"{item}: {exc}")
    assert bad == []


def test_the_catalogue_and_the_schema_name_the_same_demonstrations() -> None:
    assert tuple(DEMOS) == schema.DEMO_NAMES


def test_checking_links_does_not_load_numpy() -> None:
    code = ("import sys; from dlquiz.demos.catalog import validate; validate('conv', {'n': 8}); "
            "print('numpy' in sys.modules, 'solvers.engine' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"
