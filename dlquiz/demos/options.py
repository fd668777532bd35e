"""Demonstration options: their specification, and turning YAML values or command-line text into checked values.

Pure Python (no NumPy), so `bank check` can validate a question's `demo:` link without loading the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from dlquiz.errors import UsageError

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class OptionSpec:
    """One option of a demonstration.

    Attributes:
        name: the option's name (`--name` on the command line, a key of a bank link's `args`).
        type: the type of each value.
        default: the value when not given (a list when `multiple`; None means "not set").
        help: one line in English; help_zh the same in Chinese.
        choices: the allowed values, if they are a fixed set.
        multiple: a list of values is accepted (a single value is taken as a list of one).
        min: the smallest allowed value (numbers only); max the largest.
    """

    name: str
    type: Literal["int", "float", "bool", "str"]
    default: Any
    help: str
    help_zh: str = ""
    choices: tuple[Any, ...] | None = None
    multiple: bool = False
    min: float | None = None
    max: float | None = None

    def describe(self) -> str:
        """A short form for messages: `depth (int ≥ 2)`, `activation (sigmoid|tanh|relu, list)`."""
        if self.choices:
            kind = "|".join(str(c) for c in self.choices)
        else:
            bounds = [f"≥ {_num(self.min)}" if self.min is not None else "",
                      f"≤ {_num(self.max)}" if self.max is not None else ""]
            kind = " ".join([self.type, *[b for b in bounds if b]])
        return f"{self.name} ({kind}{', list' if self.multiple else ''})"

    def coerce(self, value: Any) -> Any:
        """The value checked and converted (a list when `multiple`).

        Raises:
            UsageError: a value of the wrong type, outside the choices or bounds, or an empty list.
        """
        if self.multiple:
            values = list(value) if isinstance(value, list | tuple) else [value]
            if not values:
                raise UsageError(f"option {self.name}: give at least one value")
            return [self._one(v) for v in values]
        if isinstance(value, list | tuple):
            raise UsageError(f"option {self.name} takes one value, not a list")
        return self._one(value)

    def parse(self, text: str) -> Any:
        """Command-line text to a checked value; lists are comma-separated (`--degree 1,3,9`)."""
        parts = [p.strip() for p in text.split(",")] if self.multiple else [text.strip()]
        if self.multiple and any(not p for p in parts):
            raise UsageError(f"option {self.name}: empty item in {text!r}")
        return self.coerce([self._from_text(p) for p in parts] if self.multiple else self._from_text(parts[0]))

    def _from_text(self, text: str) -> Any:
        if self.type == "bool":
            low = text.lower()
            if low in _TRUE | _FALSE:
                return low in _TRUE
            raise UsageError(f"option {self.name}: {text!r} is not yes/no")
        if self.type in ("int", "float"):
            try:
                return int(text) if self.type == "int" else float(text)
            except ValueError:
                kind = "an integer" if self.type == "int" else "a number"
                raise UsageError(f"option {self.name}: {text!r} is not {kind}") from None
        return text

    def _one(self, value: Any) -> Any:
        if self.type == "bool":
            if not isinstance(value, bool):
                raise UsageError(f"option {self.name}: {value!r} is not true/false")
            out: Any = value
        elif self.type == "int":
            if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
                raise UsageError(f"option {self.name}: {value!r} is not an integer")
            out = int(value)
        elif self.type == "float":
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise UsageError(f"option {self.name}: {value!r} is not a number")
            out = float(value)
        else:
            if not isinstance(value, str):
                raise UsageError(f"option {self.name}: {value!r} is not text")
            out = value.strip().lower().replace("-", "_")
        if self.choices is not None and out not in self.choices:
            raise UsageError(f"option {self.name}: {value!r} is not one of {', '.join(map(str, self.choices))}")
        if self.min is not None and out < self.min:
            raise UsageError(f"option {self.name}: {value!r} is below the minimum {_num(self.min)}")
        if self.max is not None and out > self.max:
            raise UsageError(f"option {self.name}: {value!r} is above the maximum {_num(self.max)}")
        return out


def _num(value: float | None) -> str:
    return f"{value:g}" if value is not None else ""


def opt(name: str, type: Literal["int", "float", "bool", "str"], default: Any, help: str, help_zh: str = "",
        **kwargs: Any) -> tuple[str, OptionSpec]:
    """A (name, spec) pair, so a catalogue entry reads as a dict of options."""
    return name, OptionSpec(name, type, default, help, help_zh, **kwargs)
