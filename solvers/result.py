"""The result and step records every solver returns: plain data that front ends render as they like."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAC_CONVENTION = "1 MAC = one multiply-accumulate; FLOPs = 2 × MACs"


@dataclass(frozen=True)
class Step:
    """One line of a worked derivation.

    Attributes:
        title: what is computed ("Output height").
        formula: the general formula, in Unicode maths.
        substitution: the formula with the numbers put in.
        value: the result, formatted for reading.
        note: a remark: where the course and PyTorch differ, a convention, a trap.
    """

    title: str
    formula: str = ""
    substitution: str = ""
    value: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "title": self.title,
            "formula": self.formula,
            "substitution": self.substitution,
            "value": self.value,
            "note": self.note,
        }


@dataclass
class Result:
    """What a layer solver found.

    Attributes:
        solver: the solver's name (`conv2d`).
        inputs: the arguments after normalisation (pairs expanded, defaults filled), so a later consumer
            (the misconception finder, a re-run with one value changed) can call the solver again.
        output_shape: the output's shape without the batch dimension, or None where a layer has none.
        params: learnable parameters, counted as PyTorch counts them.
        macs: multiply-accumulates of one forward pass for `batch` samples; None when they depend on a size
            that was not given (an attention layer without a sequence length).
        bias_in_macs: whether each bias add was counted as one MAC.
        steps: the worked derivation.
        quantities: further named values (weights, bias, buffers, per-head shapes …), JSON-able.
        notes: conventions, and where the course's formula and PyTorch differ.
        headline: for results that are not one layer (a receptive field), the quantities to show first
            instead of output shape, parameters and MACs.
    """

    solver: str
    inputs: dict[str, Any]
    output_shape: tuple[int, ...] | None
    params: int
    macs: int | None
    bias_in_macs: bool
    steps: list[Step]
    quantities: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    headline: tuple[str, ...] = ()

    @property
    def flops(self) -> int | None:
        """FLOPs under the common convention of two per MAC (one multiply, one add)."""
        return None if self.macs is None else 2 * self.macs

    @property
    def convention(self) -> str:
        bias = "bias adds counted as MACs" if self.bias_in_macs else "no bias adds counted"
        return f"{MAC_CONVENTION}; {bias}"

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-able data: lists for shapes, dicts for steps."""
        return {
            "solver": self.solver,
            "inputs": _jsonable(self.inputs),
            "output_shape": list(self.output_shape) if self.output_shape is not None else None,
            "params": self.params,
            "macs": self.macs,
            "flops": self.flops,
            "bias_in_macs": self.bias_in_macs,
            "convention": self.convention,
            **{key: _jsonable(value) for key, value in self.quantities.items()},
            "notes": list(self.notes),
            "steps": [step.to_dict() for step in self.steps],
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def fmt(n: int | float) -> str:
    """A number for reading: thousands separated, floats without float noise."""
    if isinstance(n, bool):
        return str(n)
    if isinstance(n, int):
        return f"{n:,}"
    if n == int(n) and abs(n) < 1e15:
        return f"{int(n):,}"
    return f"{n:.6g}"


def shape_str(shape: tuple[int, ...] | list[int]) -> str:
    """`(6, 28, 28)` → `6×28×28`, the way shapes are written on the exam."""
    return "×".join(str(n) for n in shape)
