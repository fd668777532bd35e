"""Worked steps replay the template solvers through the layer solvers, and agree with them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dlquiz.bank import Bank, params, schema
from dlquiz.bank.instance import instantiate
from dlquiz.commands.sheet import QUESTION_TYPES
from dlquiz.sheet.steps import BUILDERS, worked_steps
from solvers.registry import solve


def values(steps: list) -> set[str]:
    """Every number a step's value shows ("r = 9, j = 2" shows 9 and 2; "357,504" is one number)."""
    return {n for s in steps for n in re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d{3})", "", s.value))}


def test_every_builder_names_a_template_solver() -> None:
    from solvers.registry import TEMPLATE_SOLVERS

    assert set(BUILDERS) <= set(TEMPLATE_SOLVERS)


@pytest.mark.parametrize("solver, args, output", [
    ("conv2d", {"n": 32, "k": 5, "c_in": 3, "c_out": 6, "p": 1, "s": 2}, "n_params"),
    ("conv2d", {"n": 32, "k": 5, "c_in": 3, "c_out": 6, "p": 1, "s": 2}, "out_size"),
    ("conv2d", {"n": 28, "k": 3, "c_in": 4, "c_out": 8, "groups": 2, "bias": False}, "macs"),
    ("pool2d", {"n": 112, "k": 3, "s": 2, "p": 1}, "out_size"),
    ("conv_transpose2d", {"n": 7, "k": 4, "c_in": 8, "c_out": 4, "s": 2, "p": 1}, "out_size"),
    ("receptive_field", {"k": [3, 3, 3], "s": [1, 2, 1]}, "rf"),
    ("linear", {"in_features": 784, "out_features": 256}, "n_params"),
    ("rnn_params", {"cell": "lstm", "input_size": 100, "hidden_size": 200}, "params"),
    ("mha", {"n": 10, "d_model": 512, "h": 8}, "params"),
    ("depthwise_separable", {"k": 3, "c_in": 32, "c_out": 64}, "n_params"),
    ("bottleneck", {"c_in": 256, "c_mid": 64, "c_out": 256}, "params_bottleneck"),
    ("reduce_1x1", {"c_in": 192, "c_mid": 16, "c_out": 32, "k": 5}, "params_reduced"),
])  # fmt: skip
def test_the_steps_reach_the_template_solvers_answer(solver: str, args: dict, output: str) -> None:
    answer = solve(solver, **args)[output]
    assert params.format_value(answer) in values(worked_steps(solver, args))


def test_every_solver_backed_item_in_the_bank_gets_steps(real_bank: Bank) -> None:
    checked = 0
    for q in real_bank.questions:
        if isinstance(q, schema.Numeric) and q.compute and q.compute.solver in BUILDERS:
            assert worked_steps(q.compute.solver, q.compute.args), q.id
            checked += 1
        elif isinstance(q, schema.Param) and q.solver in BUILDERS:
            instance = instantiate(q, 3)
            assert worked_steps(q.solver, params.substitute(q.solver_args, instance.params)), q.id
            checked += 1
    assert checked > 50


def test_solvers_without_a_layer_give_no_steps_and_bad_calls_none() -> None:
    assert worked_steps("softmax", {"z": [1, 2, 3]}) == []
    assert worked_steps("conv2d", {"n": 3, "k": 5, "c_in": 1, "c_out": 1}) == []  # kernel larger than input
    assert worked_steps("conv2d", {"n": 3}) == []


def test_the_command_knows_every_question_type() -> None:
    assert QUESTION_TYPES == schema.QUESTION_TYPES


@pytest.mark.parametrize("module", [
    "dlquiz.sheet.draw", "dlquiz.sheet.key", "dlquiz.sheet.markdown", "dlquiz.sheet.html", "dlquiz.sheet.output",
    "dlquiz.sheet.pdf", "dlquiz.sheet.exportset", "dlquiz.sheet.anki", "dlquiz.sheet.moodle", "dlquiz.sheet.gift",
    "dlquiz.commands.sheet", "dlquiz.commands.export",
])  # fmt: skip
def test_sheet_modules_load_neither_textual_nor_rich(module: str) -> None:
    code = (f"import sys, {module}; "
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
