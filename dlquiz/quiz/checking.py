"""Checking a learner's value against a calculator result: right or wrong, and the mistakes that give it.

`dlquiz calc SOLVER … --check params=150` uses it. A key is a field of the result (`output_shape`, `params`,
`macs`, `flops`, `rf`, any quantity); `output_shape` takes one number (every spatial size), the spatial sizes
(`28x28`) or the full shape (`6x28x28`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from dlquiz.errors import UsageError
from dlquiz.quiz import mathparse
from solvers.mistakes import Mistake, mistakes_of

ALIASES = {
    "receptive_field": "rf", "shape": "output_shape", "output": "output_shape", "out_shape": "output_shape",
    "parameters": "params", "n_params": "params", "mac": "macs", "flop": "flops", "weights_count": "weights",
}  # fmt: skip
NOT_CHECKED = {"solver", "inputs", "convention", "notes", "steps", "bias_in_macs", "preset", "spec", "rows"}
REL_TOL = 5e-3  # a learner's rounded float (0.127 for 0.12674) still counts


@dataclass
class Checked:
    """The verdict on one value.

    Attributes:
        key: the field checked.
        given: the value understood (a number, or a tuple of sizes).
        expected: the right value in the same form (for a shape, the part of it that was given).
        correct: whether they agree.
        mistakes: the computed mistakes that give the value (empty when right, or when none is known).
    """

    key: str
    given: Any
    expected: Any
    correct: bool
    mistakes: list[Mistake] = field(default_factory=list)

    @property
    def shown(self) -> tuple[Any, Any]:
        """(given, expected) as JSON-able values: a single size as a number, sizes as a list."""
        given = self.given[0] if isinstance(self.given, tuple) and len(self.given) == 1 else self.given
        return (list(given) if isinstance(given, tuple) else given,
                list(self.expected) if isinstance(self.expected, tuple) else self.expected)

    @property
    def ids(self) -> list[str]:
        return list(dict.fromkeys(i for m in self.mistakes for i in m.ids))


def parse_check(text: str) -> tuple[str, str]:
    """`KEY=VALUE` → (key, value text).

    Raises:
        UsageError: no `=`, or an empty side.
    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise UsageError(f"--check takes KEY=VALUE, such as params=456 or output_shape=28x28; got {text!r}")
    return key.strip(), value.strip()


def checkable(result: Any) -> dict[str, Any]:
    """The fields of a result that can be checked: numbers and lists of numbers."""
    data = result.to_dict()
    return {k: v for k, v in data.items() if k not in NOT_CHECKED and v is not None and _numeric(v)}


def _numeric(v: Any) -> bool:
    """A number, or a flat list of numbers (a shape, sizes per layer)."""
    if isinstance(v, list):
        return bool(v) and all(_scalar(x) for x in v)
    return _scalar(v)


def _scalar(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def check(result: Any, key: str, text: str, kwargs: dict[str, Any] | None = None) -> Checked:
    """Compares `text` with the result's `key` and finds the mistakes that give it.

    Args:
        result: a calculator result (`solvers.result.Result` or a network summary).
        kwargs: the arguments as given to the solver (for mistakes that depend on a default left in place).

    Raises:
        UsageError: an unknown key, a value that cannot be read, or a shape of the wrong length.
    """
    fields = checkable(result)
    name = ALIASES.get(key.lower().replace("-", "_"), key.lower().replace("-", "_"))
    if name not in fields:
        raise UsageError(f"--check: {result.to_dict().get('solver', 'this solver')} has no field {key!r} to "
                         f"check; fields: {', '.join(sorted(fields))}")
    expected = fields[name]
    if isinstance(expected, list):
        given = _sequence(text)
        shown = _project(name, expected, given)
        correct = _same(given, shown)
    else:
        given = _number(text)
        shown, correct = expected, _same(given, expected)
    found = [] if correct else _matching(result, kwargs, name, expected, given)
    return Checked(name, given, shown, correct, found)


def _number(text: str) -> float | int:
    try:
        value = mathparse.number(text)
    except mathparse.ParseError as exc:
        raise UsageError(f"--check: {text!r} is not a number ({exc})") from None
    return int(value) if math.isfinite(value) and value == int(value) else value


def _sequence(text: str) -> tuple[float | int, ...]:
    cleaned = unicodedata.normalize("NFKC", text).strip().strip("()[]{}")
    parts = [p for p in re.split(r"[\s,x*×X·]+", cleaned) if p]
    if not parts:
        raise UsageError(f"--check: {text!r} is not a size or a list of sizes")
    return tuple(_number(p) for p in parts)


def _project(name: str, expected: list[Any], given: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of an expected list the given one answers: all of it, or (for a shape) its spatial sizes."""
    if len(given) == len(expected):
        return tuple(expected)
    if name != "output_shape" and len(given) == 1:  # one value for a list whose values are all alike
        return tuple(expected) if len(set(expected)) == 1 else (None,)
    if name == "output_shape" and len(expected) > 1:
        spatial = tuple(expected[1:])
        if len(given) == len(spatial):
            return spatial
        if len(given) == 1:
            return spatial if len(set(spatial)) == 1 else (None,)
        raise UsageError(f"--check: the output shape {'×'.join(map(str, expected))} has {len(expected)} sizes; "
                         f"give one (every spatial size), {len(spatial)} (the spatial sizes) or all")
    raise UsageError(f"--check: {name} has {len(expected)} values, got {len(given)}")


def _same(given: Any, expected: Any) -> bool:
    if isinstance(given, tuple):
        if len(expected) != len(given) and len(given) == 1:
            return all(_same(given[0], e) for e in expected)
        return len(given) == len(expected) and all(_same(g, e) for g, e in zip(given, expected, strict=True))
    if expected is None or given is None:
        return False
    if isinstance(expected, int) and isinstance(given, int):
        return given == expected
    return math.isclose(float(given), float(expected), rel_tol=REL_TOL, abs_tol=1e-9)


def _matching(result: Any, kwargs: dict[str, Any] | None, name: str, expected: Any, given: Any) -> list[Mistake]:
    if not hasattr(result, "steps"):  # a network summary: no catalogued mistakes
        return []
    found = []
    for m in mistakes_of(result, kwargs):
        wrong = m.values.get(name)
        if wrong is None:
            continue
        if isinstance(expected, list):
            wrong = list(wrong)
            try:
                shown = _project(name, wrong, given) if len(wrong) == len(expected) else None
            except UsageError:
                shown = None
            if shown is not None and _same(given, shown):
                found.append(m)
        elif _same(given, wrong):
            found.append(m)
    return found
