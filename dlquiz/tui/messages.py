"""Messages the app's widgets post to their screens: small dataclasses, handled with `@on`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class AnswerSubmitted(Message):
    """An answer widget was confirmed (Enter, or ctrl+s in a text area)."""

    answer: Any


@dataclass
class AnswerChanged(Message):
    """An answer widget's value changed (the exam keeps every answer as it is typed)."""

    answer: Any


@dataclass
class DemoProgress(Message):
    """A running demonstration reported progress (0–1) with an optional line of text."""

    fraction: float
    note: str = ""


@dataclass
class DemoFinished(Message):
    """A demonstration finished; `result` is its DemoResult, or None with `error` set."""

    name: str
    result: Any = None
    error: str = ""


@dataclass
class OpenDemo(Message):
    """Run a demonstration linked from a question."""

    name: str
    args: dict[str, Any]


@dataclass
class FormChanged(Message):
    """A field of the calculator's solver form changed."""
