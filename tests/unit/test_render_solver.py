"""The Rich renderables of solver results, rendered to an 80-column console and compared as text."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

import solvers
from dlquiz.render.solver import render, render_catalog, render_steps
from solvers.result import Step
from solvers.symbolic import solve_unknown


def text(renderable: RenderableType) -> str:
    """The renderable as plain text on an 80-column console, trailing spaces stripped."""
    console = Console(width=80, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


def test_a_step_aligns_the_substitution_under_the_formula() -> None:
    step = Step(
        "Output size H = W",
        "H_out = ⌊(H_in + 2P − K) / S⌋ + 1",
        "⌊(32 + 2·0 − 5) / 1⌋ + 1",
        "28",
        "Course form agrees.",
    )
    assert text(render_steps([step])) == (
        " 1. Output size H = W\n"
        "    H_out = ⌊(H_in + 2P − K) / S⌋ + 1\n"
        "          = ⌊(32 + 2·0 − 5) / 1⌋ + 1 = 28\n"
        "    Course form agrees.\n"
    )


def test_steps_without_substitution_or_with_inequalities() -> None:
    steps = [
        Step("Output channels", "C_out = number of kernels", "", "6"),
        Step("Equation (H = W)", "out − 1 ≤ x < out", "31 ≤ 2·P + 27 < 32", "2 ≤ P < 2.5"),
    ]
    assert text(render_steps(steps)) == (
        " 1. Output channels\n"
        "    C_out = number of kernels\n"
        "          = 6\n"
        "\n"
        " 2. Equation (H = W)\n"
        "    out − 1 ≤ x < out\n"
        "    = 31 ≤ 2·P + 27 < 32 ⇔ 2 ≤ P < 2.5\n"
    )


def test_a_layer_result_shows_the_key_figures_in_a_panel_then_the_steps() -> None:
    out = text(render(solvers.linear(400, 120)))
    assert out.splitlines()[:13] == [
        "╭─ linear ──────────────────────────────────────────────╮",
        "│ in_features=400, out_features=120, bias=True, batch=1 │",
        "│                                                       │",
        "│ output shape  120                                     │",
        "│ parameters    48,120  (weights 48,000 + bias 120)     │",
        "│ MACs          48,120                                  │",
        "│ FLOPs         96,240  (2 × MACs; bias adds counted)   │",
        "╰───────────────────────────────────────────────────────╯",
        "Worked steps",
        " 1. Weights",
        "    in·out",
        "    = 400·120 = 48,000",
        "    PyTorch stores W as (120, 400).",
    ]
    assert "= (400 + 1)·120 = 48,120" in out


def test_receptive_field_shows_its_headline_not_parameters() -> None:
    out = text(render(solvers.receptive_field([3, 3, 3])))
    assert "│ rf    7" in out and "│ jump  1" in out and "parameters" not in out
    assert "r = 5 + (3 − 1)·1,  j = 1·1 → r = 7, j = 1" in out


def test_network_summary_table_with_totals() -> None:
    out = text(render(solvers.summarize("conv(6,5) relu maxpool(2) flatten fc(10)", (1, 32, 32))))
    lines = out.splitlines()
    assert lines[0] == "network  input 1×32×32"
    assert any(
        line.split() == ["1", "conv(6,5)", "1×32×32", "6×28×28", "156", "122,304", "5"] for line in lines
    )
    assert any(line.split() == ["total", "10", "11,926", "134,074"] for line in lines)
    assert "FLOPs = 2 × MACs = 268,148" in out


def test_a_solution_then_the_layer_computed_with_it() -> None:
    s = solve_unknown(
        "conv2d", {"input_shape": (3, 32, 32), "out_channels": 6, "kernel_size": 5, "padding": "?"}, 32
    )
    out = text(render(s))
    assert out.splitlines()[:3] == [
        "╭─ conv2d: solving for padding ─╮",
        "│ padding = 2                   │",
        "╰───────────────────────────────╯",
    ]
    assert "With this value" in out and "output shape  6×32×32" in out


def test_catalog_lists_each_solver_on_a_line() -> None:
    out = text(render_catalog({"conv2d": "2-D convolution", "summary": "a whole network"}))
    assert out.splitlines()[:3] == ["Solvers", "  conv2d     2-D convolution", "  summary    a whole network"]
