"""Worked steps after numeric and parametric items: the calculator's result agrees with the item's solver."""

from __future__ import annotations

import pytest

from dlquiz.bank import load, params, schema
from dlquiz.bank.check import within
from dlquiz.bank.instance import instantiate
from dlquiz.quiz import worked

BANK = load()
TEMPLATES = [q for q in BANK.questions if isinstance(q, schema.Param)]
COMPUTED = [q for q in BANK.questions if isinstance(q, schema.Numeric) and q.compute is not None]


def _agree(w: worked.Worked) -> None:
    """The calculator's figures are the template solver's figures, wherever both name one."""
    r, out = w.result, w.outputs
    if "n_params" in out and w.solver not in ("depthwise_separable",):
        assert r.params == out["n_params"], w
    if "params" in out:
        assert r.params == out["params"], w
    if "out_shape" in out and r.output_shape is not None and w.solver != "mha":
        assert list(r.output_shape) == out["out_shape"], w
    if "rf" in out:
        assert r.quantities["rf"] == out["rf"], w
    assert r.steps, w


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda q: q.id)
def test_every_template_has_a_worked_computation(template: schema.Param) -> None:
    instance = instantiate(template, seed=7)
    w = worked.for_item(template, instance)
    assert w is not None and w.outputs == instance.outputs
    if template.solver in worked.CALCULATOR_OF:
        assert w.result is not None
        _agree(w)
    else:
        assert w.result is None


@pytest.mark.parametrize("question", COMPUTED, ids=lambda q: q.id)
def test_numeric_items_with_compute_show_the_solver_output(question: schema.Numeric) -> None:
    w = worked.for_item(question)
    assert w is not None
    assert within(float(params.lookup(question.compute.output, w.outputs)), question.answer, question.tolerance)
    if w.result is not None:
        _agree(w)


def test_items_without_a_computation_and_bad_calls_have_none() -> None:
    tf = next(q for q in BANK.questions if q.type == "tf")
    assert worked.for_item(tf) is None
    assert worked.worked("no-such-solver", {}) is None
    assert worked.worked("conv2d", {"n": 3, "k": 5, "c_in": 1, "c_out": 1}) is None  # kernel larger than input
