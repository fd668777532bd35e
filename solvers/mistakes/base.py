"""The record of one computed mistake, and the small helpers every mistake module shares."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from solvers.result import Step, fmt, shape_str


@dataclass(frozen=True)
class Mistake:
    """What one known mistake produces for a configuration the correct solver also solved.

    Attributes:
        ids: catalogue ids (quizbank/misconceptions.yaml) of the misconception; more than one when the catalogue
            names the same slip twice (depthwise-only as separable, pointwise left out), so both are named.
        values: the mistaken value of every output field the mistake changes, by field name (`output_shape`,
            `params`, `macs`, a quantity's name; for template solvers their own output names).
        steps: the mistaken derivation, shown beside the correct one; its note says what went wrong.
    """

    ids: tuple[str, ...]
    values: dict[str, Any]
    steps: tuple[Step, ...]

    @property
    def id(self) -> str:
        return self.ids[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ids": list(self.ids),
            "values": {k: list(v) if isinstance(v, tuple) else v for k, v in self.values.items()},
            "steps": [s.to_dict() for s in self.steps],
        }


def mistake(ids: str | tuple[str, ...], values: dict[str, Any], *steps: Step) -> Mistake:
    """A Mistake from one id (or several) and its values and steps."""
    return Mistake((ids,) if isinstance(ids, str) else tuple(ids), values, tuple(steps))


def number(x: Fraction | float | int) -> int | float:
    """An exact fraction as an int when whole, else a float (the value a learner would write)."""
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else x.numerator / x.denominator
    return x


def show(value: Any) -> str:
    """A value for a step: shapes as 6×28×28, numbers with separators, floats without noise."""
    if isinstance(value, tuple | list):
        return shape_str([show(v) for v in value])
    if isinstance(value, float):
        return fmt(value) if abs(value) >= 1e-3 or value == 0 else f"{value:.6g}"
    return fmt(value)


def derived_macs(values: dict[str, Any], macs: int | None) -> dict[str, Any]:
    """Adds `macs` and `flops` (2 × MACs) to a mistake's values when the MACs are known."""
    if macs is None:
        return values
    return values | {"macs": macs, "flops": 2 * macs}
